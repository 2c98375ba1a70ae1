"""Readiness figures: counted now, stored per desa, and summed per kecamatan or kabupaten."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from sitrantib.core.scoping import Scope
from sitrantib.linmas.enums import MemberStatus, ReadinessLevel, readiness_level, readiness_score
from sitrantib.linmas.models import Member, VillageEquipment, VillageReadiness
from sitrantib.linmas.selectors.scope import (
    LEVEL_REGENCY,
    regions_at,
    restrict_village,
    villages_in_scope,
)
from sitrantib.regions.models import District, Regency, Village
from sitrantib.regions.selectors import latest_statistic, latest_statistics_prefetch

READY = ReadinessLevel.SIAP.value
PARTLY_READY = ReadinessLevel.CUKUP.value
NOT_READY = ReadinessLevel.KURANG.value
NO_DATA = ReadinessLevel.KOSONG.value
FIGURES = (
    "active", "with_decree", "with_valid_card", "equipment_required", "equipment_good", "shortage",
)  # fmt: skip


@dataclass
class Readiness:
    """The readiness figures of one desa, or summed over a kecamatan or kabupaten.

    `village` is the desa, or for a summary row the region (a District or Regency: both have
    `code` and `name`). Shares are Decimal fractions (0-1) or None.
    """

    village: Any
    active: int = 0
    with_decree: int = 0
    with_valid_card: int = 0
    rt_count: int | None = None
    equipment_required: int = 0
    equipment_good: int = 0
    shortage: int = 0
    shortages: dict[str, int] = field(default_factory=dict)
    # Summary rows: how many desa, and how many of them at each level.
    village_count: int = 0
    levels: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        return (Decimal(part) / Decimal(whole)) if whole else None

    @property
    def members_per_rt(self) -> Decimal | None:
        return self._share(self.active, self.rt_count or 0)

    @property
    def decree_share(self) -> Decimal | None:
        return self._share(self.with_decree, self.active)

    @property
    def card_share(self) -> Decimal | None:
        return self._share(self.with_valid_card, self.active)

    @property
    def equipment_share(self) -> Decimal | None:
        covered = self.equipment_required - self.shortage
        return self._share(covered, self.equipment_required)

    @property
    def score(self) -> Decimal | None:
        """Mean of the shares that are known (SK, valid KTA, equipment); None without members."""
        return readiness_score(
            active=self.active,
            with_decree=self.with_decree,
            with_valid_card=self.with_valid_card,
            equipment_required=self.equipment_required,
            shortage=self.shortage,
        )

    @property
    def level(self) -> str:
        return readiness_level(self.score)

    def figures(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIGURES}


def fresh_readiness(
    *, village_codes: Sequence[str] | None = None, district_code: str = "", today: dt.date
) -> dict[str, dict[str, int]]:
    """Readiness figures counted now from the members and stock (two queries), by desa code.

    For the desa `village_codes`, or every desa of `district_code`. This is the definition the
    stored figures (`VillageReadiness`) must always equal.
    """
    if village_codes is not None:
        members = Member.objects.filter(village__in=list(village_codes))
        stocks = VillageEquipment.objects.filter(village__in=list(village_codes))
        villages = list(village_codes)
    else:
        members = Member.objects.filter(village__district=district_code)
        stocks = VillageEquipment.objects.filter(village__district=district_code)
        villages = list(
            Village.objects.filter(district=district_code).values_list("code", flat=True)
        )
    result = {code: dict.fromkeys(FIGURES, 0) for code in villages}
    counts = (
        members.filter(status=MemberStatus.AKTIF)
        .values("village_id")
        .annotate(
            n=Count("id"),
            decree=Count("id", filter=~Q(decree_number="")),
            card=Count("id", filter=Q(card_valid_until__gte=today) & ~Q(card_number="")),
        )
        .order_by()
    )
    for row in counts:
        item = result.setdefault(row["village_id"], dict.fromkeys(FIGURES, 0))
        item.update(active=row["n"], with_decree=row["decree"], with_valid_card=row["card"])
    stock_totals = (
        stocks.values("village_id")
        .annotate(
            req=Sum("required"),
            gd=Sum("good"),
            short=Sum(Greatest(F("required") - F("good"), Value(0))),
        )
        .order_by()
    )
    for stock in stock_totals:
        item = result.setdefault(stock["village_id"], dict.fromkeys(FIGURES, 0))
        item.update(
            equipment_required=stock["req"] or 0,
            equipment_good=stock["gd"] or 0,
            shortage=stock["short"] or 0,
        )
    return result


def readiness(*, scope: Scope, today: dt.date | None = None) -> list[Readiness]:
    """Readiness of every desa in the scope counted now, in code order (the export's summary
    sheet and the map of one kecamatan): four queries whatever the size."""
    today = today or timezone.localdate()
    villages = list(
        villages_in_scope(scope=scope)
        .prefetch_related(latest_statistics_prefetch())
        .order_by("code")
    )
    result = {v.code: Readiness(village=v) for v in villages}
    for village in villages:
        stat = latest_statistic(village)
        result[village.code].rt_count = stat.rt_count if stat else None
    active = Member.objects.filter(
        village__in=[v.code for v in villages], status=MemberStatus.AKTIF
    )
    counts = (
        active.values("village_id")
        .annotate(
            n=Count("id"),
            decree=Count("id", filter=~Q(decree_number="")),
            card=Count("id", filter=Q(card_valid_until__gte=today) & ~Q(card_number="")),
        )
        .order_by()
    )
    for row in counts:
        item = result[row["village_id"]]
        item.active, item.with_decree, item.with_valid_card = row["n"], row["decree"], row["card"]
    stocks = VillageEquipment.objects.filter(village__in=list(result)).select_related("item_type")
    for stock in stocks.order_by("village_id", "item_type__order"):
        item = result[stock.village_id]
        item.equipment_required += stock.required
        item.equipment_good += stock.good
        item.shortage += stock.shortage
        if stock.shortage:
            item.shortages[stock.item_type.name] = stock.shortage
    return [result[v.code] for v in villages]


# ---------------------------------------------------------------- stored readiness, by level


def summary_rows(*, scope: Scope, level: str, parent: str = "") -> QuerySet[Any]:
    """Kabupaten (level LEVEL_REGENCY) or kecamatan (LEVEL_DISTRICT, of kabupaten `parent` when
    given) in the scope, each annotated in SQL with the sums of its desa's stored figures and
    the number of desa at each level: page it with `core.paging.page_by_key` by code."""
    regions = regions_at(scope=scope, level=level, parent=parent)
    if level == LEVEL_REGENCY:
        prefix, villages = "districts__linmas_readiness__", "district__regency"
    else:
        prefix, villages = "linmas_readiness__", "district"
    desa = (
        Village.objects.filter(**{villages: OuterRef("code")})
        .order_by()
        .values(villages)
        .annotate(n=Count("code"))
        .values("n")
    )
    annotations: dict[str, Any] = {
        f"r_{name}": Coalesce(Sum(f"{prefix}{name}"), Value(0)) for name in FIGURES
    }
    for value in ReadinessLevel.values:
        annotations[f"n_{value}"] = Count(f"{prefix}village", filter=Q(**{f"{prefix}level": value}))
    return regions.annotate(
        village_count=Coalesce(Subquery(desa, output_field=IntegerField()), Value(0)),
        oldest=Min(f"{prefix}computed_on"),
        **annotations,
    )


def as_readiness(region: Any) -> Readiness:
    """A summary row (annotated by `summary_rows`) as Readiness figures."""
    row = Readiness(village=region, village_count=region.village_count)
    for name in FIGURES:
        setattr(row, name, getattr(region, f"r_{name}"))
    row.levels = {value: getattr(region, f"n_{value}") for value in ReadinessLevel.values}
    counted = sum(row.levels.values())
    row.levels[NO_DATA] += max(region.village_count - counted, 0)
    return row


def stored_readiness(*, villages: Sequence[Village], today: dt.date) -> list[Readiness]:
    """The stored figures of these desa (one page of them), with their RT count.

    A desa with no stored row, or one computed before `today` (a card may have expired since), is
    computed and stored first, so the page always shows today's figures: at most one page of
    desa is refreshed, in three queries.
    """
    from sitrantib.linmas.services import refresh_readiness  # services import this package

    codes = [v.code for v in villages]
    stored = {r.village_id: r for r in VillageReadiness.objects.filter(village__in=codes)}
    stale = [code for code in codes if code not in stored or stored[code].computed_on < today]
    if stale:
        for row in refresh_readiness(village_codes=stale, today=today):
            stored[row.village_id] = row
    result = []
    for village in villages:
        stat = latest_statistic(village)
        item = Readiness(village=village, rt_count=stat.rt_count if stat else None)
        for name in FIGURES:
            setattr(item, name, getattr(stored[village.code], name))
        result.append(item)
    return result


def stored_totals(
    *, scope: Scope, regency: Regency | None = None, district: District | None = None
) -> Readiness:
    """The stored figures summed over the scope (or one kabupaten / kecamatan of it): one query."""
    stored = restrict_village(VillageReadiness.objects.all(), scope)
    if regency is not None:
        stored = stored.filter(district__regency=regency)
    if district is not None:
        stored = stored.filter(district=district)
    sums = stored.aggregate(**{name: Coalesce(Sum(name), Value(0)) for name in FIGURES})
    total = Readiness(village=Village(code="", name=""))
    for name in FIGURES:
        setattr(total, name, sums[name])
    return total


def readiness_totals(rows: list[Readiness]) -> Readiness:
    total = Readiness(village=Village(code="", name=""))
    for row in rows:
        total.active += row.active
        total.with_decree += row.with_decree
        total.with_valid_card += row.with_valid_card
        total.rt_count = (total.rt_count or 0) + (row.rt_count or 0)
        total.equipment_required += row.equipment_required
        total.equipment_good += row.equipment_good
        total.shortage += row.shortage
    return total
