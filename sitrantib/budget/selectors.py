"""Reads of the budget. The scoping of this app lives here and nowhere else (docs/adr/0041).

Budget lines are kecamatan-wide: the Camat, the Trantib section and the kecamatan staff read them;
village operators and partners do not (same readers as the plan). The section manages them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from sitrantib.budget.codes import normalise_name
from sitrantib.budget.models import BudgetLine, BudgetTable, CeilingRevision, Spending
from sitrantib.core.scoping import Scope, restrict, scope_of
from sitrantib.planning.carried_out import OUTPUT_UNITS, carried_out_for
from sitrantib.planning.models import AnnualPlan, PlannedActivity
from sitrantib.planning.selectors import can_manage_plans, reads_plans

ZERO = Decimal(0)
_MONEY = DecimalField(max_digits=17, decimal_places=0)


def can_read_budget(*, user: Any) -> bool:
    return reads_plans(scope_of(user))


def can_manage_budget(*, user: Any) -> bool:
    return can_manage_plans(user=user)


def lines_in_scope(*, scope: Scope) -> QuerySet[BudgetLine]:
    if not reads_plans(scope):
        return BudgetLine.objects.none()
    return restrict(BudgetLine.objects.all(), scope, district_field="district", village_field=None)


def lines_visible_to(*, user: Any) -> QuerySet[BudgetLine]:
    return lines_in_scope(scope=scope_of(user))


def tables_visible_to(*, user: Any) -> QuerySet[BudgetTable]:
    scope = scope_of(user)
    if not reads_plans(scope):
        return BudgetTable.objects.none()
    return restrict(BudgetTable.objects.all(), scope, district_field="district", village_field=None)


def spending_visible_to(*, user: Any) -> QuerySet[Spending]:
    return Spending.objects.filter(line__in=lines_visible_to(user=user))


def with_spent(lines: QuerySet[BudgetLine]) -> QuerySet[BudgetLine]:
    """Lines annotated with `spent` (sum of their spending, 0 when none) in the same query."""
    return lines.annotate(spent=Coalesce(Sum("spending__amount"), Value(ZERO), output_field=_MONEY))


def spent_on(line: BudgetLine) -> Decimal:
    total = Spending.objects.filter(line=line).aggregate(total=Sum("amount"))["total"]
    return Decimal(total or 0)


def remaining_of(line: BudgetLine) -> Decimal:
    return line.ceiling - spent_on(line)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class YearSummary:
    year: int
    lines: list[BudgetLine]
    ceiling: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.spent

    @property
    def share_spent(self) -> Decimal | None:
        return percent(self.spent, self.ceiling)


def year_summary(*, user: Any, district_code: str, year: int) -> YearSummary:
    """The year's lines with what was spent on each (two queries whatever the number of lines)."""
    lines = list(
        with_spent(lines_visible_to(user=user).filter(district_id=district_code, year=year))
        .select_related("activity", "table")
        .order_by("position", "pk")
    )
    for line in lines:
        line.remaining = line.ceiling - line.spent  # type: ignore[attr-defined]
    return YearSummary(
        year=year,
        lines=lines,
        ceiling=sum((line.ceiling for line in lines), ZERO),
        spent=sum((line.spent for line in lines), ZERO),  # type: ignore[attr-defined]
    )


def spending_by_month(*, lines: QuerySet[BudgetLine]) -> list[tuple[int, Decimal]]:
    """Spending of the lines per month (1-12), zero for months without any."""
    rows = (
        Spending.objects.filter(line__in=lines)
        .annotate(month=ExtractMonth("on_date"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by("month")
    )
    totals = {row["month"]: Decimal(row["total"]) for row in rows}
    return [(month, totals.get(month, ZERO)) for month in range(1, 13)]


@dataclass
class TableCheck:
    table: BudgetTable
    lines_total: Decimal

    @property
    def difference(self) -> Decimal | None:
        if self.table.stated_total is None:
            return None
        return self.table.stated_total - self.lines_total

    @property
    def adds_up(self) -> bool:
        return self.difference in (None, ZERO)


def table_checks(tables: QuerySet[BudgetTable]) -> list[TableCheck]:
    """Each table's stated total beside the sum of its lines' ceilings."""
    annotated = tables.annotate(
        lines_total=Coalesce(Sum("lines__ceiling"), Value(ZERO), output_field=_MONEY)
    ).order_by("year", "pk")
    return [TableCheck(table=t, lines_total=t.lines_total) for t in annotated]


# ---------------------------------------------------------------- multi-year


@dataclass
class SeriesPoint:
    year: int
    amount: Decimal | None
    change: Decimal | None = None
    change_percent: Decimal | None = None


@dataclass
class Series:
    """One budget line across the years, matched by code (or by name where a line has none)."""

    key: str
    name: str
    code: str
    lines: dict[int, list[BudgetLine]] = field(default_factory=dict)
    points: list[SeriesPoint] = field(default_factory=list)

    def amount(self, year: int) -> Decimal | None:
        lines = self.lines.get(year)
        return sum((line.ceiling for line in lines), ZERO) if lines else None


def match_series(lines: list[BudgetLine]) -> list[Series]:
    """Group lines of several years into series.

    A line with a code joins the series of that (normalised) code. A line without a code joins a
    series holding a line of the same normalised name (a coded one first), else a series of its
    name. Order: by the first year and position in which a series appears.
    """
    ordered = sorted(lines, key=lambda line: (line.year, line.position, line.pk))
    series: dict[str, Series] = {}
    by_name: dict[str, str] = {}
    for line in [ln for ln in ordered if ln.code_key]:
        key = f"code:{line.code_key}"
        entry = series.setdefault(key, Series(key=key, name=line.name, code=line.code))
        entry.lines.setdefault(line.year, []).append(line)
        by_name.setdefault(line.name_key or normalise_name(line.name), key)
    for line in [ln for ln in ordered if not ln.code_key]:
        name_key = line.name_key or normalise_name(line.name)
        key = by_name.get(name_key) or f"name:{name_key}"
        by_name.setdefault(name_key, key)
        entry = series.setdefault(key, Series(key=key, name=line.name, code=""))
        entry.lines.setdefault(line.year, []).append(line)

    def first_seen(s: Series) -> tuple[int, int, int]:
        year = min(s.lines)
        first = s.lines[year][0]
        return (year, first.position, first.pk)

    return sorted(series.values(), key=first_seen)


def multi_year(
    *, user: Any, district_code: str, years: list[int]
) -> tuple[list[Series], list[int]]:
    """Series of the lines of `years`, each with its amount per year and the change year on year
    (Rupiah and % of the previous year's amount)."""
    lines = list(lines_visible_to(user=user).filter(district_id=district_code, year__in=years))
    all_series = match_series(lines)
    for entry in all_series:
        previous: Decimal | None = None
        for year in years:
            amount = entry.amount(year)
            point = SeriesPoint(year=year, amount=amount)
            if amount is not None and previous is not None:
                point.change = amount - previous
                point.change_percent = percent(amount - previous, previous)
            entry.points.append(point)
            previous = amount
    return all_series, years


def years_with_lines(*, user: Any, district_code: str) -> list[int]:
    return sorted(
        set(
            lines_visible_to(user=user)
            .filter(district_id=district_code)
            .values_list("year", flat=True)
        )
    )


# The KAK's "analisa time series" columns, in the order the source prints them: the year before
# last (N-1), the one before (N-2) and the current year (the year before the plan's year).
TIME_SERIES_COLUMNS = (
    ("Nilai Anggaran N-1", 2),
    ("Nilai Anggaran N-2", 3),
    ("Nilai Anggaran Tahun berjalan", 1),
)


@dataclass
class TimeSeriesTable:
    columns: list[tuple[str, int]]  # (label, year)
    rows: list[tuple[str, list[Decimal | None]]]


def time_series_for_plan(*, user: Any, plan: AnnualPlan) -> TimeSeriesTable:
    """The KAK's "analisa time series" table, generated from the budget lines of the three years
    before the plan's year."""
    columns = [(label, plan.year - back) for label, back in TIME_SERIES_COLUMNS]
    years = sorted(year for _label, year in columns)
    series, _years = multi_year(user=user, district_code=plan.district_id, years=years)
    rows = [(s.name, [s.amount(year) for _label, year in columns]) for s in series]
    return TimeSeriesTable(columns=columns, rows=rows)


# ---------------------------------------------------------------- cost per output


@dataclass
class CostPerOutput:
    activity: PlannedActivity
    spent: Decimal
    outputs: int
    unit: str

    @property
    def cost(self) -> Decimal | None:
        if not self.outputs:
            return None
        return (self.spent / self.outputs).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def cost_per_output(*, user: Any, plan: AnnualPlan) -> list[CostPerOutput]:
    """Per planned activity: what its lines spent, what was carried out, and the cost of one
    output (a meeting, a LINMAS trained, a desa accompanied). None until records exist."""
    activities = list(plan.activities.order_by("position", "pk"))
    rows = (
        Spending.objects.filter(line__in=lines_visible_to(user=user), line__activity__in=activities)
        .values("line__activity")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    spent = {row["line__activity"]: Decimal(row["total"] or 0) for row in rows}
    records = carried_out_for([a.pk for a in activities], plan.year)
    outputs: dict[int, int] = defaultdict(int)
    villages: dict[int, set[str]] = defaultdict(set)
    for record in records:
        outputs[record.activity_id] += record.outputs
        if record.village_code:
            villages[record.activity_id].add(record.village_code)
    result = []
    for activity in activities:
        count = outputs.get(activity.pk, 0)
        if activity.kind in ("accompaniment", "monitoring") and villages.get(activity.pk):
            count = len(villages[activity.pk])
        result.append(
            CostPerOutput(
                activity=activity,
                spent=spent.get(activity.pk, ZERO),
                outputs=count,
                unit=OUTPUT_UNITS.get(activity.kind, ""),
            )
        )
    return result


def revisions_of(line: BudgetLine) -> QuerySet[CeilingRevision]:
    return line.revisions.select_related("created_by").order_by("on_date", "pk")


def today_year() -> int:
    return timezone.localdate().year
