"""The plan filterset: the list page and the API use the same one."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from sitrantib.planning.filters import PlanFilter
from sitrantib.planning.models import AnnualPlan

from .conftest import make_plan


def test_plan_filter_by_year_and_status(world):
    make_plan(world, year=2026, activities=0)
    wanted = make_plan(world, year=2027, activities=0)

    found = PlanFilter({"year": "2027", "status": "draft"}, queryset=AnnualPlan.objects.all()).qs

    assert list(found) == [wanted]


@pytest.mark.parametrize("year", ["9999", "1" * 25, "dua ribu"])
def test_plan_filter_refuses_an_impossible_year(world, year):
    filterset = PlanFilter({"year": year}, queryset=AnnualPlan.objects.all())

    assert not filterset.is_valid()
    assert list(filterset.errors) == ["year"]


def test_list_page_and_api_filter_alike(world):
    make_plan(world, year=2026, activities=0)
    make_plan(world, year=2027, activities=0)
    page, api = Client(), APIClient()
    page.force_login(world.admin)
    api.force_authenticate(world.admin)

    shown = page.get("/rencana/", {"year": "2027"})
    listed = api.get("/api/v1/plans/", {"year": "2027"})
    refused_page = page.get("/rencana/", {"year": "9999"})
    refused_api = api.get("/api/v1/plans/", {"year": "9999"})

    assert [p.year for p in shown.context["page"].rows] == [2027]
    assert [p["year"] for p in listed.json()["results"]] == [2027]
    assert (list(refused_page.context["page"].rows), refused_api.status_code) == ([], 400)
