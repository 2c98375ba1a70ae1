"""What was carried out for a planned activity, told by the apps that carry activities out.

Planning sits below the activity apps (meetings, trainings, fieldwork), so it cannot ask them
directly. Each registers a provider from its `AppConfig.ready()`::

    register_carried_out("meeting", meetings_carried_out)

where `provider(activity_ids, year)` returns the records linked to those planned activities in that
year, one `CarriedOut` per event (and per desa when an event covers several). The calendar, the
"late" marks and the cost per output read them through `carried_out_for`.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class CarriedOut:
    """One event that carried out (part of) a planned activity."""

    kind: str  # the provider's kind, e.g. "meeting"
    activity_id: int
    on_date: dt.date
    label: str
    village_code: str = ""  # the desa it took place in, "" for a kecamatan-wide event
    url: str = ""
    object_id: int | None = None
    outputs: int = 1  # what it produced in the activity's unit: 1 meeting, 30 LINMAS trained ...

    @property
    def month(self) -> int:
        return self.on_date.month


Provider = Callable[[Sequence[int], int], Iterable[CarriedOut]]

# Output unit of each kind, for "cost per output" (shown in Bahasa Indonesia, translated there).
OUTPUT_UNITS = {
    "meeting": gettext_noop("rapat"),
    "training": gettext_noop("anggota LINMAS terlatih"),
    "accompaniment": gettext_noop("desa didampingi"),
    "monitoring": gettext_noop("desa dipantau"),
}

_PROVIDERS: dict[str, Provider] = {}


def register_carried_out(kind: str, provider: Provider) -> None:
    """Register the provider of one kind of event (call from AppConfig.ready(); once per kind)."""
    if kind in _PROVIDERS and _PROVIDERS[kind] is not provider:
        raise ValueError(f"A carried-out provider for {kind!r} is registered twice")
    _PROVIDERS[kind] = provider


def unregister_carried_out(kind: str) -> None:
    """Remove a provider (tests)."""
    _PROVIDERS.pop(kind, None)


def registered_kinds() -> list[str]:
    return sorted(_PROVIDERS)


def carried_out_for(activity_ids: Sequence[int], year: int) -> list[CarriedOut]:
    """Every registered provider's records for these planned activities in `year`, by date."""
    ids = sorted(set(activity_ids))
    if not ids:
        return []
    records = [
        record
        for provider in _PROVIDERS.values()
        for record in provider(ids, year)
        if record.activity_id in ids and record.on_date.year == year
    ]
    return sorted(records, key=lambda r: (r.on_date, r.kind, r.object_id or 0, r.village_code))
