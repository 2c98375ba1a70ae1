import datetime as dt
from decimal import Decimal

import pytest

from sitrantib.fieldwork.tests.factories import make_visit
from sitrantib.indicators import selectors
from sitrantib.indicators.tests.factories import make_definition, wib

pytestmark = pytest.mark.django_db


def test_values_for_computes_a_calculated_indicator(world):
    d = make_definition(world.district, "desa_peaceful_percent")
    make_visit(world, when=wib(dt.date(2025, 3, 5)))
    rows = selectors.values_for(district_code=world.district.code, year=2025, kind="quarter")
    assert [v.period_key for v in rows[0].periods] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert rows[0].definition == d
    assert rows[0].periods[0].value == Decimal("50.00")
