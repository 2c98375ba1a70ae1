"""Reads of the indicators: a kecamatan's values per period, the records behind one value, every
kecamatan of a wide scope side by side, and what a kecamatan publishes (docs/adr/0091).

Stored values are read as they are; a stale one (a record it counts changed) or a missing one is
computed first (`services.refresh_values`). With every value fresh, each read below runs a fixed
number of queries whatever the number of desa, definitions or kecamatan; computing runs a fixed
number per calculator and period, never one per desa. A scope over several kabupaten first reads
one row per kabupaten (`across_regencies`): an aggregate over the values as stored, nothing
computed on the request.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Min, Q, QuerySet
from django.db.models.functions import Substr

from sitrantib.core.scoping import Scope
from sitrantib.indicators import access, services
from sitrantib.indicators.calculators import Computation, periods_of
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
from sitrantib.regions.models import District, Regency

# A kabupaten's code is the first five characters of its kecamatan's ("35.08" of "35.08.07").
REGENCY_CODE_LENGTH = 5
CENT = Decimal("0.01")


@dataclass
class Row:
    """One indicator of a kecamatan's year with its value for each period asked for."""

    definition: IndicatorDefinition
    periods: list[IndicatorValue]

    @property
    def value(self) -> IndicatorValue | None:
        """The first (for kind "year": the only) period's value."""
        return self.periods[0] if self.periods else None


@dataclass
class DistrictRow:
    """One kecamatan of a wide scope: its value of each indicator code for one period."""

    code: str
    name: str
    values: dict[str, IndicatorValue] = field(default_factory=dict)

    @property
    def average_achievement(self):  # type: ignore[no-untyped-def]
        """The mean capaian of the indicators that have one (None when none has)."""
        found = [v.achievement for v in self.values.values() if v.achievement is not None]
        if not found:
            return None
        return services.mean(found)


def definitions_of(*, district_code: str, year: int) -> QuerySet[IndicatorDefinition]:
    return IndicatorDefinition.objects.filter(district_id=district_code, year=year).order_by(
        "position", "pk"
    )


def _values(definition_ids: Iterable[int], keys: Iterable[str]) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(
        definition_id__in=list(definition_ids), period_key__in=list(keys)
    ).annotate(evidence_count=Count("evidence"))


def _rows(definitions: list[IndicatorDefinition], year: int, kind: str) -> list[Row]:
    """The rows of these definitions (one kecamatan) for the periods of `kind`."""
    if not definitions:
        return []
    periods = periods_of(year, kind)
    keys = [p.key for p in periods]
    by_pk = {d.pk: d for d in definitions}
    values = list(_values(by_pk, keys))
    have = {(v.definition_id, v.period_key) for v in values}
    missing = [(d, p) for d in definitions for p in periods if (d.pk, p.key) not in have]
    if missing:
        services.create_values(missing)
        values = list(_values(by_pk, keys))
    for v in values:
        v.definition = by_pk[v.definition_id]
    services.refresh_values(services.due_values(values))
    found: dict[int, dict[str, IndicatorValue]] = defaultdict(dict)
    for v in values:
        found[v.definition_id][v.period_key] = v
    return [Row(d, [found[d.pk][key] for key in keys]) for d in definitions]


def values_for(*, district_code: str, year: int, kind: str = "year") -> list[Row]:
    """Every definition of the kecamatan's year with its value for each period of `kind`
    ("year": 1, "quarter": 4, "month": 12), stale or missing values computed first."""
    definitions = list(definitions_of(district_code=district_code, year=year))
    return _rows(definitions, year, kind)


def published(*, district_code: str, year: int, kind: str = "year") -> list[Row]:
    """The definitions the section chose to publish, with their values (the public page)."""
    definitions = list(
        definitions_of(district_code=district_code, year=year).filter(published=True)
    )
    return _rows(definitions, year, kind)


def value_records(value: IndicatorValue) -> Computation:
    """What produced one value: the calculator's computation now, with the record lists behind
    its numerator and denominator (a manual value: its evidence files). A stale value is brought
    up to date from the same computation, so the page's numbers and lists agree."""
    return services.computation_of(value)


def districts_in(scope: Scope) -> QuerySet[District]:
    """The kecamatan a scope reads indicators of."""
    if not access.can_read(scope):
        return District.objects.none()
    if scope.national:
        return District.objects.all()
    return District.objects.filter(code__in=sorted(scope.district_codes))


def across(
    *, scope: Scope, year: int, period_key: str, regency_code: str | None = None
) -> list[DistrictRow]:
    """Every kecamatan the scope reads (of kabupaten `regency_code` when given), each with its
    value of every indicator code for one period ("2026", "2026-Q1", "2026-03"). A national scope
    lists the kecamatan that have definitions that year. Fixed queries with fresh values (stale
    ones are computed first)."""
    if not access.can_read(scope):
        return []
    definitions = IndicatorDefinition.objects.filter(year=year).select_related("district")
    if not scope.national:
        definitions = definitions.filter(district_id__in=sorted(scope.district_codes))
    if regency_code:
        definitions = definitions.filter(district__regency_id=regency_code)
    defs = list(definitions.order_by("district_id", "position", "pk"))
    by_pk = {d.pk: d for d in defs}
    period = services.period_of(period_key)
    if period.year != year:
        return []
    values = list(_values(by_pk, [period.key]))
    have = {v.definition_id for v in values}
    missing = [(d, period) for d in defs if d.pk not in have]
    if missing:
        services.create_values(missing)
        values = list(_values(by_pk, [period.key]))
    for v in values:
        v.definition = by_pk[v.definition_id]
    services.refresh_values(services.due_values(values))
    rows: dict[str, DistrictRow] = {}
    if not scope.national:
        districts = District.objects.filter(code__in=sorted(scope.district_codes))
        if regency_code:
            districts = districts.filter(regency_id=regency_code)
        for district in districts:
            rows[district.code] = DistrictRow(district.code, district.name)
    for d in defs:
        rows.setdefault(d.district_id, DistrictRow(d.district_id, d.district.name))
    by_definition = {v.definition_id: v for v in values}
    for d in defs:  # in the kecamatan's order of its indicators
        if d.pk in by_definition:
            rows[d.district_id].values[d.code] = by_definition[d.pk]
    return sorted(rows.values(), key=lambda r: r.code)


def regencies_in(scope: Scope) -> QuerySet[Regency]:
    """The kabupaten whose kecamatan a scope reads indicators of."""
    if not access.can_read(scope):
        return Regency.objects.none()
    if scope.national:
        return Regency.objects.all()
    codes = {code[:REGENCY_CODE_LENGTH] for code in scope.district_codes}
    return Regency.objects.filter(code__in=sorted(codes))


def is_wide(scope: Scope) -> bool:
    """A scope over more than one kabupaten first sees one row per kabupaten (issue 16 A1)."""
    if scope.national:
        return True
    return len({code[:REGENCY_CODE_LENGTH] for code in scope.district_codes}) > 1


@dataclass
class Summary:
    """What the kecamatan of a kabupaten stored for one indicator code and period."""

    reported: int  # kecamatan with a value
    average: Decimal | None  # mean capaian (%) of those with one


@dataclass
class RegencyRow:
    """One kabupaten of a wide scope: a summary per indicator code."""

    code: str
    name: str
    summaries: dict[str, Summary] = field(default_factory=dict)


def across_regencies(
    *, scope: Scope, year: int, period_key: str
) -> tuple[list[RegencyRow], list[tuple[str, str]]]:
    """One row per kabupaten of a wide scope with, per indicator code, the number of kecamatan
    with a value and their mean capaian for one period; and the codes with a name each.

    Reads the values as stored (as last computed): nothing is computed here, whatever the number
    of kecamatan. Two queries: one aggregate over the values grouped by the kabupaten prefix of
    the kecamatan code and the indicator code, and the kabupaten names."""
    if not access.can_read(scope):
        return [], []
    values = IndicatorValue.objects.filter(definition__year=year, period_key=period_key)
    if not scope.national:
        values = values.filter(definition__district_id__in=sorted(scope.district_codes))
    grouped = (
        values.annotate(regency=Substr("definition__district_id", 1, REGENCY_CODE_LENGTH))
        .values("regency", "definition__code")
        .annotate(
            reported=Count("pk", filter=Q(value__isnull=False)),
            average=Avg("achievement"),
            name=Min("definition__name"),
        )
        .values_list("regency", "definition__code", "reported", "average", "name")
        .order_by("regency", "definition__code")
    )
    found: dict[str, dict[str, Summary]] = defaultdict(dict)
    names: dict[str, str] = {}
    for regency, code, reported, average, name in grouped:
        mean = None if average is None else Decimal(average).quantize(CENT)
        found[regency][code] = Summary(reported, mean)
        names.setdefault(code, name)
    regencies = regencies_in(scope)
    if scope.national:
        regencies = regencies.filter(code__in=sorted(found))
    rows = [
        RegencyRow(r.code, r.name, found.get(r.code, {}))
        for r in regencies.only("code", "name").order_by("code")
    ]
    return rows, sorted(names.items())


def indicator_columns(rows: Iterable[DistrictRow]) -> list[tuple[str, str]]:
    """The indicator codes of `across` rows with a name each, in first-seen order."""
    seen: dict[str, str] = {}
    for row in rows:
        for code, value in row.values.items():
            seen.setdefault(code, value.definition.name)
    return list(seen.items())


def stale_count(*, district_code: str, year: int) -> int:
    return IndicatorValue.objects.filter(
        Q(stale=True), definition__district_id=district_code, definition__year=year
    ).count()
