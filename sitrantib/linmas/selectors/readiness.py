"""Readiness figures: counted now, stored per desa, and summed per kecamatan or kabupaten."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    F,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from sitrantib.core.scoping import Scope
from sitrantib.linmas.enums import MemberStatus, ReadinessLevel
from sitrantib.linmas.models import (
    Member,
    ReadinessSettings,
    ReadinessTarget,
    VillageEquipment,
    VillageReadiness,
)
from sitrantib.linmas.readiness_rule import (
    NEED_UNKNOWN,
    ReadinessRule,
    default_rule,
    level_of_score,
    need_of,
    readiness_level,
    readiness_score,
)
from sitrantib.linmas.selectors.scope import (
    LEVEL_REGENCY,
    regions_at,
    restrict_village,
    villages_in_scope,
)
from sitrantib.regions.models import District, Regency, Village, VillageStatistic
from sitrantib.regions.selectors import latest_statistic, latest_statistics_prefetch

READY = ReadinessLevel.SIAP.value
PARTLY_READY = ReadinessLevel.CUKUP.value
NOT_READY = ReadinessLevel.KURANG.value
NO_DATA = ReadinessLevel.KOSONG.value
UNKNOWN_NEED = ReadinessLevel.TAK_NILAI.value
FIGURES = (
    "active", "with_decree", "with_valid_card", "trained", "equipment_required", "equipment_good",
    "shortage",
)  # fmt: skip
SCORE_PLACES = Decimal("0.0001")
# "trained" is shown, not weighed (ADR 0015): the score keeps the users' rule.
SCORED = ("active", "with_decree", "with_valid_card", "equipment_required", "shortage")


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
    # Active members who completed a counted training (display only, not in the score).
    trained: int = 0
    rt_count: int | None = None
    need: int | None = None
    need_source: str = NEED_UNKNOWN
    equipment_required: int = 0
    equipment_good: int = 0
    shortage: int = 0
    shortages: dict[str, int] = field(default_factory=dict)
    # Summary rows: how many desa, and how many of them at each level.
    village_count: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    # Summary rows: the mean score of their desa that could be assessed (ADR 0015).
    summary: bool = False
    summary_score: Decimal | None = None

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
    def trained_share(self) -> Decimal | None:
        return self._share(self.trained, self.active)

    @property
    def equipment_share(self) -> Decimal | None:
        covered = self.equipment_required - self.shortage
        return self._share(covered, self.equipment_required)

    @property
    def need_share(self) -> Decimal | None:
        """Active members as a share of the need (may exceed 1); None when the need is unknown."""
        return self._share(self.active, self.need or 0)

    @property
    def score(self) -> Decimal | None:
        """The rule's score (readiness_rule); for a summary row, the mean of its desa's scores."""
        if self.summary:
            return self.summary_score
        return readiness_score(
            active=self.active,
            with_decree=self.with_decree,
            with_valid_card=self.with_valid_card,
            equipment_required=self.equipment_required,
            shortage=self.shortage,
            need=self.need,
        )

    @property
    def level(self) -> str:
        if self.summary:
            if self.summary_score is not None:
                return level_of_score(self.summary_score)
            return UNKNOWN_NEED if self.active else NO_DATA
        return readiness_level(active=self.active, need=self.need, score=self.score)

    @property
    def level_label(self) -> str:
        return str(ReadinessLevel(self.level).label)

    def set_need(self, *, target: int | None, rule: ReadinessRule) -> None:
        self.need, self.need_source = need_of(rt_count=self.rt_count, target=target, rule=rule)

    def figures(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIGURES}


def readiness_rules(district_codes: Sequence[str]) -> dict[str, ReadinessRule]:
    """The rule of each kecamatan (its settings, else the defaults): one query."""
    rules = {code: default_rule() for code in district_codes}
    for row in ReadinessSettings.objects.filter(district__in=list(district_codes)):
        rules[row.district_id] = ReadinessRule(
            members_per_rt=row.members_per_rt, default_target=row.default_target
        )
    return rules


def readiness_rule_for(district_code: str) -> ReadinessRule:
    return readiness_rules([district_code])[district_code]


def readiness_settings_of(district_code: str) -> ReadinessSettings | None:
    return ReadinessSettings.objects.filter(district=district_code).first()


def readiness_targets(village_codes: Sequence[str]) -> dict[str, int]:
    """The desa's own targets, by desa code: one query."""
    return dict(
        ReadinessTarget.objects.filter(village__in=list(village_codes)).values_list(
            "village_id", "members"
        )
    )


def targets_visible_to(*, scope: Scope) -> QuerySet[ReadinessTarget]:
    return restrict_village(ReadinessTarget.objects.select_related("village"), scope)


def latest_rt_counts(village_codes: Sequence[str]) -> dict[str, int | None]:
    """The RT count of each desa's newest statistics (as `latest_statistic` picks): one query."""
    counts: dict[str, int | None] = {}
    rows = (
        VillageStatistic.objects.filter(village__in=list(village_codes))
        .order_by("village_id", "-year", "-source_id")
        .values_list("village_id", "rt_count")
    )
    for code, rt_count in rows:
        counts.setdefault(code, rt_count)
    return counts


def fresh_readiness(
    *, village_codes: Sequence[str] | None = None, district_code: str = "", today: dt.date
) -> dict[str, dict[str, Any]]:
    """Readiness figures counted now from the members, stock, RT counts, targets and rule (five
    queries), by desa code, each with its `need`, `need_source`, `rt_count`, `score` and `level`.

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
    result: dict[str, dict[str, Any]] = {code: dict.fromkeys(FIGURES, 0) for code in villages}
    counts = (
        members.filter(status=MemberStatus.AKTIF)
        .values("village_id")
        .annotate(
            n=Count("id"),
            decree=Count("id", filter=~Q(decree_number="")),
            card=Count("id", filter=Q(card_valid_until__gte=today) & ~Q(card_number="")),
            trained=Count("id", filter=Q(trained_on__isnull=False)),
        )
        .order_by()
    )
    for row in counts:
        item = result.setdefault(row["village_id"], dict.fromkeys(FIGURES, 0))
        item.update(
            active=row["n"],
            with_decree=row["decree"],
            with_valid_card=row["card"],
            trained=row["trained"],
        )
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
    codes = list(result)
    rt_counts = latest_rt_counts(codes)
    targets = readiness_targets(codes)
    rules = readiness_rules(sorted({code[:8] for code in codes}))
    for code, item in result.items():
        rt_count = rt_counts.get(code)
        need, source = need_of(rt_count=rt_count, target=targets.get(code), rule=rules[code[:8]])
        score = readiness_score(**{name: item[name] for name in SCORED}, need=need)
        item.update(
            rt_count=rt_count,
            need=need,
            need_source=source,
            score=score.quantize(SCORE_PLACES) if score is not None else None,
            level=readiness_level(active=item["active"], need=need, score=score),
        )
    return result


def readiness(*, scope: Scope, today: dt.date | None = None) -> list[Readiness]:
    """Readiness of every desa in the scope counted now, in code order (the export's summary
    sheet and the map of one kecamatan): six queries whatever the size."""
    today = today or timezone.localdate()
    villages = list(
        villages_in_scope(scope=scope)
        .prefetch_related(latest_statistics_prefetch())
        .order_by("code")
    )
    result = {v.code: Readiness(village=v) for v in villages}
    targets = readiness_targets(list(result))
    rules = readiness_rules(sorted({code[:8] for code in result}))
    for village in villages:
        stat = latest_statistic(village)
        item = result[village.code]
        item.rt_count = stat.rt_count if stat else None
        item.set_need(target=targets.get(village.code), rule=rules[village.code[:8]])
    active = Member.objects.filter(
        village__in=[v.code for v in villages], status=MemberStatus.AKTIF
    )
    counts = (
        active.values("village_id")
        .annotate(
            n=Count("id"),
            decree=Count("id", filter=~Q(decree_number="")),
            card=Count("id", filter=Q(card_valid_until__gte=today) & ~Q(card_number="")),
            trained=Count("id", filter=Q(trained_on__isnull=False)),
        )
        .order_by()
    )
    for row in counts:
        item = result[row["village_id"]]
        item.active, item.with_decree, item.with_valid_card = row["n"], row["decree"], row["card"]
        item.trained = row["trained"]
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
    the number of desa at each level: page it with `core.paging.page_by_key` by code, then
    `with_village_counts` the page (the desa of each region in one more query: a count per row
    inside the grouped query was evaluated once per stored desa row, 3.6 s at national scale)."""
    regions = regions_at(scope=scope, level=level, parent=parent)
    prefix = "districts__linmas_readiness__" if level == LEVEL_REGENCY else "linmas_readiness__"
    annotations: dict[str, Any] = {
        f"r_{name}": Coalesce(Sum(f"{prefix}{name}"), Value(0)) for name in FIGURES
    }
    for value in ReadinessLevel.values:
        annotations[f"n_{value}"] = Count(f"{prefix}village", filter=Q(**{f"{prefix}level": value}))
    return regions.annotate(
        oldest=Min(f"{prefix}computed_on"),
        mean_score=Avg(f"{prefix}score"),
        **annotations,
    )


def with_village_counts(regions: Sequence[Any], level: str) -> list[Any]:
    """The regions of a page (from `summary_rows`), each given `village_count`: the number of
    its desa, one grouped query for the whole page."""
    group = "district__regency" if level == LEVEL_REGENCY else "district"
    counts = dict(
        Village.objects.filter(**{f"{group}__in": [r.code for r in regions]})
        .order_by()
        .values(group)
        .annotate(n=Count("code"))
        .values_list(group, "n")
    )
    for region in regions:
        region.village_count = counts.get(region.code, 0)
    return list(regions)


def as_readiness(region: Any) -> Readiness:
    """A summary row (annotated by `summary_rows`) as Readiness figures."""
    row = Readiness(village=region, village_count=region.village_count, summary=True)
    if region.mean_score is not None:
        row.summary_score = Decimal(region.mean_score).quantize(SCORE_PLACES)
    for name in FIGURES:
        setattr(row, name, getattr(region, f"r_{name}"))
    row.levels = {value: getattr(region, f"n_{value}") for value in ReadinessLevel.values}
    counted = sum(row.levels.values())
    row.levels[NO_DATA] += max(region.village_count - counted, 0)
    return row


READINESS_FIELDS = (
    *FIGURES, "rt_count", "need", "need_source", "score", "district", "level", "computed_on",
)  # fmt: skip


def refresh_readiness(
    *,
    village_codes: Sequence[str] | None = None,
    district_code: str = "",
    today: dt.date | None = None,
) -> list[VillageReadiness]:
    """Recount and store the readiness of these desa (or of every desa of `district_code`).

    Five counting queries and one upsert, whatever the number of desa; the stored row then equals
    `fresh_readiness` of `today` (the rule of ADR 0015). Not audited: the figures are
    derived, the changes that move them are.
    """
    today = today or timezone.localdate()
    figures = fresh_readiness(village_codes=village_codes, district_code=district_code, today=today)
    rows = [
        VillageReadiness(village_id=code, district_id=code[:8], computed_on=today, **values)
        for code, values in sorted(figures.items())
    ]
    if rows:
        VillageReadiness.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["village"],
            update_fields=[name for name in READINESS_FIELDS if name != "district"],
        )
    return rows


def stored_readiness(*, villages: Sequence[Village], today: dt.date) -> list[Readiness]:
    """The stored figures of these desa (one page of them), with their RT count.

    A desa with no stored row, one computed before `today` (a card may have expired since) or
    with another RT count than its statistics now hold is computed and stored first, so the page
    always shows today's figures: at most one page of desa is refreshed, in six queries.
    """
    codes = [v.code for v in villages]
    stored = {r.village_id: r for r in VillageReadiness.objects.filter(village__in=codes)}
    rt_counts = {}
    for village in villages:
        stat = latest_statistic(village)
        rt_counts[village.code] = stat.rt_count if stat else None
    stale = [
        code
        for code in codes
        if code not in stored
        or stored[code].computed_on < today
        # The RT count was corrected in the desa statistics since: the need moved with it.
        or stored[code].rt_count != rt_counts[code]
    ]
    if stale:
        for row in refresh_readiness(village_codes=stale, today=today):
            stored[row.village_id] = row
    result = []
    for village in villages:
        row = stored[village.code]
        item = Readiness(
            village=village,
            rt_count=rt_counts[village.code],
            need=row.need,
            need_source=row.need_source,
        )
        for name in FIGURES:
            setattr(item, name, getattr(row, name))
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
    sums = stored.aggregate(
        need_sum=Sum("need"), **{name: Coalesce(Sum(name), Value(0)) for name in FIGURES}
    )
    total = Readiness(village=Village(code="", name=""), need=sums["need_sum"])
    for name in FIGURES:
        setattr(total, name, sums[name])
    return total


def readiness_totals(rows: list[Readiness]) -> Readiness:
    total = Readiness(village=Village(code="", name=""))
    for row in rows:
        total.active += row.active
        total.with_decree += row.with_decree
        total.with_valid_card += row.with_valid_card
        total.trained += row.trained
        total.rt_count = (total.rt_count or 0) + (row.rt_count or 0)
        total.equipment_required += row.equipment_required
        total.equipment_good += row.equipment_good
        total.shortage += row.shortage
        if row.need:
            total.need = (total.need or 0) + row.need
    return total
