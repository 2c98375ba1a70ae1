"""The survey filterset: the same filters on the list page and the API, bounded input."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.filters import SurveyPeriodFilter
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.tests.conftest import make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(world: Any) -> list[SurveyPeriod]:
    return [
        make_period(world, status=PeriodStatus.OPEN, title="Pelayanan KTP"),
        make_period(
            world,
            status=PeriodStatus.DRAFT,
            title="Pelayanan surat",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 3, 31),
        ),
    ]


def titles(data: dict[str, str]) -> list[str]:
    found = SurveyPeriodFilter(data, queryset=SurveyPeriod.objects.order_by("title")).qs
    return list(found.values_list("title", flat=True))


def test_filter_by_status_year_and_word(periods: Any) -> None:
    assert titles({"status": "open"}) == ["Pelayanan KTP"]
    assert titles({"year": "2025"}) == ["Pelayanan surat"]
    assert titles({"q": "surat"}) == ["Pelayanan surat"]
    assert titles({}) == ["Pelayanan KTP", "Pelayanan surat"]


@pytest.mark.parametrize("data", [{"year": "9999"}, {"year": "1" * 25}, {"status": "x"}])
def test_out_of_range_filter_is_a_form_error(periods: Any, data: dict[str, str]) -> None:
    assert not SurveyPeriodFilter(data, queryset=SurveyPeriod.objects.all()).is_valid()


@pytest.mark.parametrize("query", ["year=9999", "year=" + "1" * 25])
def test_page_and_api_answer_bad_year_without_500(world: Any, periods: Any, query: str) -> None:
    client = Client()
    client.force_login(world.admin)
    page = client.get(f"/survei/?{query}")
    api = APIClient()
    api.force_authenticate(world.admin)
    reply = api.get(f"/api/v1/surveys/?{query}")
    assert (page.status_code, reply.status_code) == (200, 400)
    assert "Pelayanan KTP" not in page.content.decode()


def test_page_and_api_filter_alike(world: Any, periods: Any) -> None:
    client = Client()
    client.force_login(world.admin)
    html = client.get("/survei/?status=draft").content.decode()
    api = APIClient()
    api.force_authenticate(world.admin)
    results = api.get("/api/v1/surveys/?status=draft").json()["results"]
    assert ("Pelayanan surat" in html, "Pelayanan KTP" in html) == (True, False)
    assert [r["title"] for r in results] == ["Pelayanan surat"]
