"""Field visits as the origin of follow-ups in the meetings' ledger (docs/adr/0083).

A visit's recommendation becomes an action item without a meeting
(`services.visits.recommendation_to_action_item`). The ledger, the item's page and the reminders
name where such an item came from through `meetings.origins`; this module tells them, for a
whole page of items in one query: "Kunjungan lapangan — Darungan, 5 Maret 2026", linking to the
visit for the users who may read it (a partner owning the item reads the item, not the visit).
Registered when `FieldworkConfig.ready()` imports it.
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from sitrantib.core.localization import long_date
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import access
from sitrantib.fieldwork.models import Visit, VisitRecommendation
from sitrantib.meetings.models import ActionItem
from sitrantib.meetings.origins import Origin, register_origin

VISIT_ORIGIN = "kunjungan"
VISIT_ORIGIN_LABEL = gettext_noop("Kunjungan lapangan — %(village)s, %(date)s")


def visit_origins(items: Sequence[ActionItem], user: Any) -> dict[int, Origin]:
    """The visit each item came from, by item id (one query for the batch).

    The link is given when `user` is None (a reminder) or may read the visit; else "".
    """
    ids = [item.pk for item in items]
    if not ids:
        return {}
    rows = VisitRecommendation.objects.filter(action_item_id__in=ids).select_related(
        "visit__village"
    )
    scope = scope_of(user) if user is not None else None
    if scope is None:
        rows = rows.annotate(readable=Value(True, output_field=BooleanField()))
    elif not access.can_read(scope) or scope.is_empty:
        rows = rows.annotate(readable=Value(False, output_field=BooleanField()))
    else:
        readable = access.scoped(Visit.objects.filter(pk=OuterRef("visit_id")), scope)
        rows = rows.annotate(readable=Exists(readable))
    origins: dict[int, Origin] = {}
    for row in rows.order_by("pk"):
        visit = row.visit
        label = gettext(VISIT_ORIGIN_LABEL) % {
            "village": visit.village.name,
            "date": long_date(visit.visited_at),
        }
        url = reverse("fieldwork:visit_detail", kwargs={"pk": visit.pk}) if row.readable else ""
        assert row.action_item_id is not None
        origins[row.action_item_id] = Origin(label, url)
    return origins


# Registered when `FieldworkConfig.ready()` imports this module.
register_origin(
    VISIT_ORIGIN,
    label=gettext_lazy("Kunjungan lapangan"),
    provider=visit_origins,
    claims=Q(visit_recommendation__isnull=False),
)
