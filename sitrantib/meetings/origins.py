"""Where a follow-up came from: its meeting, or an origin told by the app that made it.

The ledger, an item's page and the reminders name an item's origin (docs/adr/0083). An item of a
meeting names its meeting. Meetings sits below the apps that put other items in the ledger (field
work), so it cannot ask them; each registers an origin from its `AppConfig.ready()`::

    register_origin(
        "kunjungan",
        label=gettext_lazy("Kunjungan lapangan"),
        provider=visit_origins,
        claims=Q(visit_recommendation__isnull=False),
    )

`provider(items, user)` gets a batch of items without a meeting (a page of the ledger, the
reminders of a run) and returns `{item_id: Origin(label, url)}` for those it made, in one query
for the batch — never one per item. `url` is "" when `user` may not open the origin (an item's
owner may not read the visit it came from); with `user` None (a reminder) the label is what
counts. `claims` is the filter of the items of this origin, for the ledger's "asal" filter.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop, pgettext_lazy

from sitrantib.meetings.models import ActionItem

# The built-in origin: a meeting. Its key is also the ledger filter's value.
MEETING_ORIGIN = "rapat"
NO_ORIGIN = gettext_noop("Tanpa rapat")


class Origin(NamedTuple):
    """What an item came from, as shown: a label and the page of its origin ("" = no link)."""

    label: str
    url: str = ""


Provider = Callable[[Sequence[ActionItem], Any], Mapping[int, Origin]]


@dataclass(frozen=True)
class OriginKind:
    key: str
    label: str | Promise
    provider: Provider
    claims: Q


_KINDS: dict[str, OriginKind] = {}


def register_origin(key: str, *, label: str | Promise, provider: Provider, claims: Q) -> None:
    """Register an origin of items without a meeting (call from AppConfig.ready(); once)."""
    if key == MEETING_ORIGIN:
        raise ValueError(f"{key!r} is the meetings' own origin")
    known = _KINDS.get(key)
    if known is not None and known.provider is not provider:
        raise ValueError(f"An action-item origin {key!r} is registered twice")
    _KINDS[key] = OriginKind(key=key, label=label, provider=provider, claims=claims)


def unregister_origin(key: str) -> None:
    """Remove an origin (tests)."""
    _KINDS.pop(key, None)


def origin_choices() -> list[tuple[str, str | Promise]]:
    """The ledger's "asal" filter: meetings first, then every registered origin."""
    return [(MEETING_ORIGIN, pgettext_lazy("one meeting", "Rapat"))] + [
        (kind.key, kind.label) for kind in _KINDS.values()
    ]


def origin_filter(key: str) -> Q | None:
    """The items of one origin (None for an unknown key: no filter)."""
    if key == MEETING_ORIGIN:
        return Q(meeting__isnull=False)
    kind = _KINDS.get(key)
    return None if kind is None else Q(meeting__isnull=True) & kind.claims


def origins_of(items: Iterable[ActionItem], *, user: Any = None) -> dict[int, Origin]:
    """The origin of each item, by id: its meeting (select_related("meeting") avoids a query per
    item), else what a registered provider says (one call per origin for the whole batch)."""
    rows = list(items)
    found: dict[int, Origin] = {
        item.pk: Origin(meeting.title, meeting.get_absolute_url())
        for item in rows
        if item.meeting_id is not None and (meeting := item.meeting) is not None
    }
    rest = [item for item in rows if item.pk not in found]
    for kind in _KINDS.values():
        if not rest:
            break
        told = kind.provider(rest, user)
        found.update({pk: told[pk] for pk in told if pk not in found})
        rest = [item for item in rest if item.pk not in found]
    for item in rest:
        found[item.pk] = Origin(gettext(NO_ORIGIN))
    return found


def attach_origins[T: Iterable[ActionItem]](items: T, *, user: Any = None) -> T:
    """Set `item.origin` (an Origin) on every item of a page, for the templates."""
    rows = list(items)
    origins = origins_of(rows, user=user)
    for item in rows:
        item.origin = origins[item.pk]  # type: ignore[attr-defined]
    return items
