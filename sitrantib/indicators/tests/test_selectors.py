"""Reads of the indicators: fixed queries whatever the number of desa or definitions, drill-down
lists equal to the counted numbers, the kabupaten view and the published indicators."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.core.scoping import scope_of
from sitrantib.indicators import selectors
from sitrantib.indicators.calculators import KAK_DEFAULTS
from sitrantib.indicators.models import IndicatorValue
from sitrantib.indicators.tests.factories import make_definition, wib
from sitrantib.indicators.tests.test_calculators import visit
from sitrantib.regions.models import Village

pytestmark = pytest.mark.django_db

# The IKM first: its calculator adds one fixed query to every read (the latest survey answer).
ALL = sorted((code for _name, code in KAK_DEFAULTS), key=lambda code: code != "ikm")


def add_desa(world: Any, total: int) -> None:
    """Desa up to `total` in the kecamatan, each visited once in February 2025."""
    for n in range(3, total + 1):
        Village.objects.create(
            code=f"35.08.07.2{n:03d}", name=f"Desa {n}", district=world.district, kind="desa"
        )
    for village in Village.objects.filter(district=world.district):
        visit(village, wib(dt.date(2025, 2, 3)))


def define(world: Any, codes: list[str], district: Any = None) -> None:
    for position, code in enumerate(codes):
        make_definition(district or world.district, code, position=position)


def count_queries(fn: Any) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


def read(world: Any, kind: str = "quarter") -> Any:
    return lambda: selectors.values_for(district_code=world.district.code, year=2025, kind=kind)


@pytest.mark.parametrize("desa", [2, 20])
def test_values_for_fresh_reads_three_queries_whatever_desa_and_definitions(
    world: Any, desa: int
) -> None:
    add_desa(world, desa)
    define(world, ALL[:3])
    selectors.values_for(district_code=world.district.code, year=2025, kind="quarter")
    few, rows = count_queries(read(world))
    assert len(rows) == 3
    assert all(len(r.periods) == 4 for r in rows)
    define(world, ALL[3:])
    selectors.values_for(district_code=world.district.code, year=2025, kind="quarter")
    many, rows = count_queries(read(world))
    assert len(rows) == 9
    # the definitions, the values with their evidence count, the latest survey answer
    assert few == many == 3


def _stale_cost(world: Any, desa: int) -> tuple[int, Any]:
    add_desa(world, desa)
    define(world, ALL)
    selectors.values_for(district_code=world.district.code, year=2025, kind="quarter")
    IndicatorValue.objects.update(stale=True)
    return count_queries(read(world))


def test_values_for_recomputing_does_not_grow_with_desa(world: Any) -> None:
    small, rows = _stale_cost(world, 2)
    peaceful = next(r for r in rows if r.definition.calculator == "desa_peaceful_percent")
    assert peaceful.periods[0].value == Decimal("100.00")
    # Same calculators on 20 desa: a fresh world of the same shape.
    from sitrantib.indicators.models import IndicatorDefinition

    IndicatorDefinition.objects.all().delete()
    large, rows = _stale_cost(world, 20)
    peaceful = next(r for r in rows if r.definition.calculator == "desa_peaceful_percent")
    assert peaceful.periods[0].value == Decimal("100.00")
    assert peaceful.periods[0].denominator == 20
    assert small == large


def test_values_for_creates_missing_values_of_the_kind(world: Any) -> None:
    define(world, ALL[:2])
    rows = selectors.values_for(district_code=world.district.code, year=2025, kind="month")
    assert [len(r.periods) for r in rows] == [12, 12]
    assert IndicatorValue.objects.count() == 24
    assert not IndicatorValue.objects.filter(stale=True).exists()


def test_drill_down_lists_equal_the_counted_numbers(world: Any) -> None:
    add_desa(world, 5)
    visit(Village.objects.get(code="35.08.07.2003"), wib(dt.date(2025, 2, 4)), situation="rawan")
    define(world, ["desa_peaceful_percent", "desa_monitored", "accompaniment_visits"])
    for row in selectors.values_for(district_code=world.district.code, year=2025, kind="quarter"):
        for value in row.periods:
            computation = selectors.value_records(value)
            assert computation.value == value.value
            if value.numerator is not None:
                assert len(computation.numerator_records()) == value.numerator
            if row.definition.calculator != "accompaniment_visits":
                assert len(computation.denominator_records()) == value.denominator == 5
    q1 = selectors.values_for(district_code=world.district.code, year=2025, kind="quarter")[0]
    # 4 of 5 desa peaceful (one rawan, unresolved): 80.00
    assert (q1.definition.calculator, q1.periods[0].value) == (
        "desa_peaceful_percent",
        Decimal("80.00"),
    )


def test_value_records_brings_a_stale_value_up_to_date(world: Any) -> None:
    define(world, ["accompaniment_visits"])
    value = selectors.values_for(district_code=world.district.code, year=2025)[0].periods[0]
    visit(world.village, wib(dt.date(2025, 5, 5)), kind="accompaniment")
    value.refresh_from_db()
    assert value.stale
    assert value.value == 0
    computation = selectors.value_records(value)
    value.refresh_from_db()
    assert (value.stale, value.value, len(computation.numerator_records())) == (False, 1, 1)


# Across kecamatan ---------------------------------------------------------------------------------


def _across(user: Any) -> Any:
    return lambda: selectors.across(scope=scope_of(user), year=2025, period_key="2025-Q1")


def test_across_reads_fixed_queries_whatever_desa_and_definitions(world: Any) -> None:
    define(world, ALL[:3])
    define(world, ALL[:3], district=world.other_district)
    selectors.across(scope=scope_of(world.national), year=2025, period_key="2025-Q1")
    few, rows = count_queries(_across(world.national))
    assert [r.code for r in rows] == [world.other_district.code, world.district.code]
    assert all(len(r.values) == 3 for r in rows)
    add_desa(world, 20)
    define(world, ALL[3:])
    selectors.across(scope=scope_of(world.national), year=2025, period_key="2025-Q1")
    IndicatorValue.objects.update(stale=False)  # the visits marked them; read as stored
    many, rows = count_queries(_across(world.national))
    assert len(rows[1].values) == 9
    assert few == many
    columns = selectors.indicator_columns(rows)
    assert [code for code, _name in columns][:3] == ALL[:3]


def test_across_is_scoped(world: Any) -> None:
    define(world, ALL[:2])
    define(world, ALL[:2], district=world.other_district)
    regency = selectors.across(scope=scope_of(world.regency_admin), year=2025, period_key="2025")
    assert {r.code for r in regency} == {world.district.code, world.other_district.code}
    own = selectors.across(scope=scope_of(world.admin), year=2025, period_key="2025")
    assert [r.code for r in own] == [world.district.code]
    assert selectors.across(scope=scope_of(world.operator), year=2025, period_key="2025") == []
    assert selectors.across(scope=scope_of(world.superuser), year=2025, period_key="2025") == []
    assert selectors.across(scope=scope_of(world.admin), year=2025, period_key="2024-Q1") == []


def test_published_lists_only_what_the_section_publishes(world: Any) -> None:
    make_definition(world.district, "ikm", published=True)
    make_definition(world.district, "desa_monitored")
    rows = selectors.published(district_code=world.district.code, year=2025)
    assert [r.definition.calculator for r in rows] == ["ikm"]
    assert rows[0].value is not None
