"""The batch form of every calculator gives, for each kecamatan and period, the same computation
as its per-kecamatan form (value, numerator, denominator, note and both record lists), with a
number of queries that does not grow with the number of kecamatan; a year recomputed in chunks
stores what a fresh computation gives."""

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.fieldwork.enums import PeriodKind, VisitKind
from sitrantib.indicators import services
from sitrantib.indicators.calculators import CALCULATORS, KAK_DEFAULTS, Computation, all_periods
from sitrantib.indicators.models import IndicatorValue
from sitrantib.indicators.services import storing
from sitrantib.indicators.tests.scene import YEAR, make_kecamatan_set

pytestmark = pytest.mark.django_db

KAK_CODES = [code for _name, code in KAK_DEFAULTS]


def as_tuple(c: Computation) -> tuple[Any, ...]:
    return (
        c.value,
        c.numerator,
        c.denominator,
        c.note,
        c.numerator_records(),
        c.denominator_records(),
    )


@pytest.fixture
def kecamatan(world: Any) -> list[str]:
    return make_kecamatan_set(world, 4)


def test_every_kak_calculator_has_a_batch_form() -> None:
    assert all(CALCULATORS[code].batch is not None for code in KAK_CODES)


@pytest.mark.parametrize("code", KAK_CODES)
def test_batch_equals_each_kecamatan_computed_alone(code: str, kecamatan: list[str]) -> None:
    calculator = CALCULATORS[code]
    assert calculator.batch is not None
    periods = all_periods(YEAR)
    batch = calculator.batch(kecamatan, periods, {}, {})
    assert set(batch) == {(c, p.key) for c in kecamatan for p in periods}
    for district_code in kecamatan:
        for period in periods:
            alone = calculator.compute(district_code, period, {})
            assert as_tuple(batch[(district_code, period.key)]) == as_tuple(alone), (
                district_code,
                period.key,
            )
    # The scene is not empty: the year has something to count in most kecamatan.
    counted = [batch[(c, str(YEAR))].numerator for c in kecamatan]
    assert sum((n or Decimal(0) for n in counted), Decimal(0)) > 0


def test_batch_with_parameters_and_a_few_periods(kecamatan: list[str]) -> None:
    calculator = CALCULATORS["accompaniment_visits"]
    assert calculator.batch is not None
    params = {"visit_kinds": [VisitKind.MONITORING, VisitKind.ACCOMPANIMENT]}
    periods = [p for p in all_periods(YEAR) if p.key in ("2025-03", "2025-Q2", "2025")]
    batch = calculator.batch(kecamatan[1:3], periods, params, {})
    assert len(batch) == 6
    for (district_code, key), computation in batch.items():
        period = next(p for p in periods if p.key == key)
        assert as_tuple(computation) == as_tuple(calculator.compute(district_code, period, params))


@pytest.mark.parametrize("code", KAK_CODES)
def test_batch_queries_do_not_grow_with_the_kecamatan(code: str, kecamatan: list[str]) -> None:
    calculator = CALCULATORS[code]
    assert calculator.batch is not None
    periods = all_periods(YEAR)
    with CaptureQueriesContext(connection) as one:
        calculator.batch(kecamatan[:1], periods, {}, {})
    with CaptureQueriesContext(connection) as four:
        calculator.batch(kecamatan, periods, {}, {})
    assert len(four.captured_queries) == len(one.captured_queries)


def test_a_year_recomputed_in_chunks_stores_fresh_computations(kecamatan: list[str]) -> None:
    counts = services.recompute_many(district_codes=kecamatan, year=YEAR, chunk=3)
    assert counts == {code: len(KAK_CODES) * 17 for code in kecamatan}
    values = IndicatorValue.objects.filter(definition__district_id__in=kecamatan).select_related(
        "definition"
    )
    assert values.count() == len(kecamatan) * len(KAK_CODES) * 17
    for value in values:
        assert not value.stale
        calculator = CALCULATORS[value.definition.calculator]
        fresh = calculator.compute(value.definition.district_id, value_period(value), {})
        assert (value.value, value.numerator, value.denominator) == (
            fresh.value,
            fresh.numerator,
            fresh.denominator,
        ), (value.definition.district_id, value.definition.calculator, value.period_key)


def test_queries_of_a_recompute_do_not_grow_with_the_kecamatan(kecamatan: list[str]) -> None:
    with CaptureQueriesContext(connection) as one:
        services.recompute_many(district_codes=kecamatan[:1], year=YEAR)
    with CaptureQueriesContext(connection) as four:
        services.recompute_many(district_codes=kecamatan, year=YEAR)
    assert len(four.captured_queries) == len(one.captured_queries)


def value_period(value: IndicatorValue) -> Any:
    return services.period_of(value.period_key)


def test_desa_situations_of_every_period_take_the_queries_of_one(kecamatan: list[str]) -> None:
    from sitrantib.fieldwork.situation import village_situations_by_period
    from sitrantib.regions.models import Village

    villages = Village.objects.filter(district_id__in=kecamatan)
    periods = all_periods(YEAR)
    with CaptureQueriesContext(connection) as one:
        village_situations_by_period(villages, periods[:1])
    with CaptureQueriesContext(connection) as seventeen:
        found = village_situations_by_period(villages, periods)
    assert len(seventeen.captured_queries) == len(one.captured_queries)
    assert set(found) == {p.key for p in periods}
    # Every desa in every period, and the months add up to the year.
    desa = villages.count()
    assert all(len(rows) == desa for rows in found.values())
    year_visits = sum(r.visits for r in found[str(YEAR)])
    month_visits = sum(
        r.visits for p in periods if p.kind == PeriodKind.MONTH for r in found[p.key]
    )
    assert year_visits == month_visits > 0


def test_values_written_in_several_statements_store_fresh_computations(
    kecamatan: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fewer values per statement than a year has, so the write takes several statements.
    monkeypatch.setattr(storing, "WRITE_ROWS", 7)
    services.recompute_many(district_codes=kecamatan[:2], year=YEAR)
    for value in IndicatorValue.objects.filter(
        definition__district_id__in=kecamatan[:2]
    ).select_related("definition"):
        fresh = CALCULATORS[value.definition.calculator].compute(
            value.definition.district_id, value_period(value), {}
        )
        assert (value.value, value.numerator, value.denominator, value.note) == (
            fresh.value,
            fresh.numerator,
            fresh.denominator,
            (fresh.note or "")[:500],
        )
        assert value.computed_at is not None
        assert not value.stale
