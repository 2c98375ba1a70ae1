"""Issue 16 A2: the ledger's meeting choice is a search field backed by the scoped endpoint
(core.autocomplete, key `meetings.meetings`), never a list of every meeting."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sitrantib.meetings.registry import SEARCH_MEETINGS
from sitrantib.meetings.tests.factories import koramil, make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(world):
    other = koramil(world)
    ours = make_meeting(world, title="Rapat Koordinasi Maret")
    theirs = make_meeting(world, invited=[other], title="Rapat Koramil Maret")
    foreign = make_meeting(
        world,
        district=world.other_district,
        invited=[],
        title="Rapat Kecamatan Lain",
        actor=world.national,
    )
    make_item(world, ours)
    return {"ours": ours, "theirs": theirs, "foreign": foreign}


def _search(client, user, q):
    client.force_login(user)
    url = reverse("core:search", kwargs={"key": SEARCH_MEETINGS})
    return [row["id"] for row in client.get(url, {"q": q}).json()]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", {"ours", "theirs"}),
        ("partner", {"ours"}),
        ("sibling_operator", set()),
        ("outsider", {"foreign"}),
        ("national", {"ours", "theirs", "foreign"}),
    ],
)
def test_meeting_search_is_scoped(client, world, meetings, role, expected):
    found = _search(client, getattr(world, role), "Rapat")

    assert set(found) == {str(meetings[name].pk) for name in expected}


def test_ledger_renders_a_search_box_not_every_meeting(client, world, meetings):
    client.force_login(world.admin)

    page = client.get(reverse("meetings:home")).content.decode()

    assert 'role="combobox"' in page
    assert "Rapat Koramil Maret" not in page


def test_ledger_filter_by_meeting_shows_its_label(client, world, meetings):
    client.force_login(world.admin)

    response = client.get(reverse("meetings:home"), {"meeting": meetings["ours"].pk})

    assert [i.meeting_id for i in response.context["items"]] == [meetings["ours"].pk]
    assert "Rapat Koordinasi Maret" in response.content.decode()


@pytest.mark.parametrize("value", ["foreign", "theirs"])
def test_ledger_filter_meeting_outside_scope_refused_like_unknown(world, meetings, value):
    api = APIClient()
    api.force_authenticate(world.partner)

    outside = api.get("/api/v1/action-items/", {"meeting": meetings[value].pk})
    unknown = api.get("/api/v1/action-items/", {"meeting": 999999})

    assert outside.status_code == unknown.status_code == 400
    assert outside.json() == unknown.json()
