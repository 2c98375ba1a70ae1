"""`GET /api/v1/action-items/?kecamatan=<code>` (issue 16, part A point 2): one kecamatan's
follow-ups within the caller's scope; outside it an empty list, as for an unknown code."""

import pytest
import yaml
from django.test import Client
from rest_framework.test import APIClient

from sitrantib.meetings.tests.factories import make_item, make_meeting
from sitrantib.testing.factories import make_institution

pytestmark = pytest.mark.django_db

URL = "/api/v1/action-items/"


@pytest.fixture
def items(world):
    """Two follow-ups in world.district, one in the other kecamatan (same kabupaten)."""
    polres = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    here = make_meeting(world)
    there = make_meeting(
        world, district=world.other_district, invited=[polres], actor=world.national
    )
    make_item(world, here, description="Patroli Darungan")
    make_item(world, here, description="Ronda Kraton")
    make_item(world, there, owner=polres, description="Patroli Lain")


def _descriptions(user, query):
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content
    return sorted(row["description"] for row in response.json()["results"])


@pytest.mark.parametrize("viewer", ["national", "regency_admin"])
def test_kecamatan_filter_lists_only_that_kecamatans_items(world, items, viewer):
    user = getattr(world, viewer)

    assert _descriptions(user, "kecamatan=35.08.07") == ["Patroli Darungan", "Ronda Kraton"]
    assert _descriptions(user, "kecamatan=35.08.06") == ["Patroli Lain"]
    assert _descriptions(user, "") == ["Patroli Darungan", "Patroli Lain", "Ronda Kraton"]


def test_kecamatan_filter_combines_with_the_other_filters(world, items):
    assert _descriptions(world.national, "kecamatan=35.08.06&status=open") == ["Patroli Lain"]
    assert _descriptions(world.national, "kecamatan=35.08.06&status=done") == []


@pytest.mark.parametrize("viewer", ["admin", "staff", "partner", "operator"])
def test_kecamatan_outside_the_scope_is_an_empty_list_like_an_unknown_code(world, items, viewer):
    user = getattr(world, viewer)

    outside = _descriptions(user, "kecamatan=35.08.06")
    unknown = _descriptions(user, "kecamatan=99.99.99")
    own = _descriptions(user, "kecamatan=35.08.07")

    assert outside == unknown == []
    assert own == _descriptions(user, "")  # its own kecamatan: everything it sees
    assert "Patroli Lain" not in own


@pytest.mark.parametrize("code", ["35.08.07.2001.1", "35.08\x0007", "x" * 300])
def test_malformed_kecamatan_is_refused_beside_the_parameter(world, items, code):
    api = APIClient()
    api.force_authenticate(world.national)

    response = api.get(URL, {"kecamatan": code})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kecamatan"]


def test_kecamatan_filter_query_count_does_not_grow_with_rows(world, django_assert_num_queries):
    polres = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    meeting = make_meeting(
        world, district=world.other_district, invited=[polres], actor=world.national
    )
    api = APIClient()
    api.force_authenticate(world.national)
    counts = []
    for total in (1, 3):
        while meeting.action_items.count() < total:
            make_item(world, meeting, owner=polres, description=f"Butir {total}")
        with django_assert_num_queries(1) as captured:
            response = api.get(URL, {"kecamatan": "35.08.06"})
        assert len(response.json()["results"]) == total
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_kecamatan_parameter_is_documented_in_the_schema(world):
    client = Client()
    client.force_login(world.admin)

    schema = yaml.safe_load(client.get("/api/schema/").content)

    parameters = schema["paths"][URL]["get"]["parameters"]
    kecamatan = next(p for p in parameters if p["name"] == "kecamatan")
    assert (kecamatan["in"], kecamatan["schema"]["type"]) == ("query", "string")
    assert kecamatan["schema"].get("maxLength") == 8 or "35.08.07" in kecamatan.get(
        "description", ""
    )
