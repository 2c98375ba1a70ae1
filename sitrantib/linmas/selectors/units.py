"""Squads and equipment: the scoped querysets, and the shortage tables of the equipment pages."""

from collections.abc import Sequence
from typing import Any

from django.db.models import F, QuerySet, Sum, Value
from django.db.models.functions import Greatest

from sitrantib.core.scoping import Scope, scope_of
from sitrantib.linmas.models import EquipmentIssue, EquipmentType, Squad, VillageEquipment
from sitrantib.linmas.selectors.access import can_read_members, can_write
from sitrantib.linmas.selectors.scope import LEVEL_REGENCY, restrict_village
from sitrantib.regions.models import Village


def squads_visible_to(*, user: Any) -> QuerySet[Squad]:
    scope = scope_of(user)
    if not can_read_members(scope):
        return Squad.objects.none()
    return restrict_village(Squad.objects.select_related("village", "leader"), scope)


def squads_writable_by(*, user: Any) -> QuerySet[Squad]:
    scope = scope_of(user)
    if not can_write(scope):
        return Squad.objects.none()
    return restrict_village(Squad.objects.select_related("village", "leader"), scope)


def equipment_in_scope(*, scope: Scope) -> QuerySet[VillageEquipment]:
    """Stock figures are not personal data: every role of the kecamatan reads them."""
    return restrict_village(VillageEquipment.objects.select_related("village", "item_type"), scope)


def equipment_visible_to(*, user: Any) -> QuerySet[VillageEquipment]:
    return equipment_in_scope(scope=scope_of(user))


def issues_visible_to(*, user: Any) -> QuerySet[EquipmentIssue]:
    scope = scope_of(user)
    if not can_read_members(scope):
        return EquipmentIssue.objects.none()
    return restrict_village(
        EquipmentIssue.objects.select_related("member__village", "item_type"), scope, "member__"
    )


def equipment_types() -> QuerySet[EquipmentType]:
    return EquipmentType.objects.filter(is_active=True).order_by("order", "name")


def shortage_summary(
    *, level: str, regions: Sequence[Any]
) -> tuple[list[EquipmentType], list[tuple[Any, list[dict[str, int] | None]]]]:
    """Kabupaten or kecamatan (one page of them) x item type: stock and shortage summed in SQL
    over their desa (one query for the types, one for the sums)."""
    types = list(equipment_types())
    key = "village__district__regency_id" if level == LEVEL_REGENCY else "village__district_id"
    sums = (
        VillageEquipment.objects.filter(**{f"{key}__in": [r.code for r in regions]})
        .values(key, "item_type_id")
        .annotate(
            good_sum=Sum("good"),
            damaged_sum=Sum("damaged"),
            required_sum=Sum("required"),
            shortage_sum=Sum(Greatest(F("required") - F("good"), Value(0))),
        )
        .order_by()
    )
    cells = {
        (row[key], row["item_type_id"]): {
            "good": row["good_sum"] or 0,
            "damaged": row["damaged_sum"] or 0,
            "required": row["required_sum"] or 0,
            "shortage": row["shortage_sum"] or 0,
        }
        for row in sums
    }
    return types, [(r, [cells.get((r.code, t.pk)) for t in types]) for r in regions]


def shortage_table(
    *, scope: Scope, villages: Sequence[Village]
) -> tuple[list[EquipmentType], list[tuple[Village, list[VillageEquipment | None]]]]:
    """Desa (one page of them) x item type: the stock row of each (None where none recorded)."""
    types = list(equipment_types())
    stocks = {
        (s.village_id, s.item_type_id): s
        for s in equipment_in_scope(scope=scope)
        .filter(village__in=[v.code for v in villages])
        .order_by("village_id", "item_type_id")
    }
    rows = [(v, [stocks.get((v.code, t.pk)) for t in types]) for v in villages]
    return types, rows
