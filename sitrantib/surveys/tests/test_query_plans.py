"""Issue 16: the home page's latest IKM of a wide scope is the first row of an index on the
period's end, not a sort of every period of the country (129 -> 11 ms on the national dataset).

SQLite without statistics prefers the status index for the filtered query, so the index is
checked on the order alone, and the home page's query is checked to ask for that order."""

import pytest

from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.homepanels import closed_periods_latest_first
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.tests.conftest import make_period
from sitrantib.testing.plans import assert_indexed, assert_not_sorted, plan

pytestmark = pytest.mark.django_db


def test_periods_latest_end_first_are_read_from_an_index_without_sorting(world):
    make_period(world, status=PeriodStatus.CLOSED)

    lines = plan(SurveyPeriod.objects.order_by("-period_end", "-pk")[:1])

    assert_indexed(lines, "surveys_surveyperiod")
    assert_not_sorted(lines)


def test_home_latest_period_asks_for_the_indexed_order(world):
    latest = closed_periods_latest_first(world.national)

    assert latest.query.order_by == ("-period_end", "-pk")
