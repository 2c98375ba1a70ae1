"""The budget-line filterset of the API (`/api/v1/budget-lines/?year=&q=`)."""

import pytest
from rest_framework.test import APIClient

from sitrantib.budget.filters import LineFilter
from sitrantib.budget.models import BudgetLine

from .conftest import make_line


def test_line_filter_by_year_and_name(world):
    make_line(world, year=2026, name="Belanja Makanan dan Minuman Rapat")
    wanted = make_line(world, year=2027, name="Honorarium Narasumber")
    make_line(world, year=2027, name="Belanja Alat Tulis Kantor")

    found = LineFilter({"year": "2027", "q": "narasumber"}, queryset=BudgetLine.objects.all()).qs

    assert list(found) == [wanted]


@pytest.mark.parametrize(("data", "field"), [({"year": "9999"}, "year"), ({"q": "a\x07"}, "q")])
def test_line_filter_refuses_impossible_values(world, data, field):
    filterset = LineFilter(data, queryset=BudgetLine.objects.all())

    assert not filterset.is_valid()
    assert list(filterset.errors) == [field]


def test_api_answers_400_to_a_year_out_of_range(world):
    client = APIClient()
    client.force_authenticate(world.admin)

    reply = client.get("/api/v1/budget-lines/", {"year": "9999"})

    assert (reply.status_code, list(reply.json()["errors"])) == (400, ["year"])
