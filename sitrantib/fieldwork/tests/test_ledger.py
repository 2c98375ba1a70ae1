"""A visit's recommendation put in the follow-up ledger shows there with its visit as origin
(docs/adr/0083), to the users who see the item; the link to the visit only for its readers."""

import datetime as dt

import pytest
from django.urls import reverse

from sitrantib.fieldwork.services.visits import recommendation_to_action_item
from sitrantib.fieldwork.tests.factories import make_visit, moment
from sitrantib.meetings.models import FollowUpFigure
from sitrantib.meetings.tests.factories import koramil, koramil_partner

pytestmark = pytest.mark.django_db

VISIT_DAY = dt.date(2026, 3, 5)
LABEL = "Kunjungan lapangan — Darungan, 5 Maret 2026"


@pytest.fixture
def visit_item(world):
    visit = make_visit(
        world, when=moment(VISIT_DAY), recommendations=["Ganti kentongan Pos Kamling Krajan"]
    )
    recommendation = visit.recommendations.get()
    item = recommendation_to_action_item(
        recommendation=recommendation,
        owner_institution=world.polsek,
        due_date=VISIT_DAY + dt.timedelta(days=14),
        actor=world.admin,
    )
    return visit, item


# Who sees the item in the ledger, and whether its origin links to the visit.
EXPECTED = {
    "admin": (True, True),
    "camat": (True, True),
    "staff": (True, True),
    "national": (True, True),
    "partner": (True, False),  # owns the item, does not read visits
    "operator": (False, False),  # the item is the Polsek's, not the desa government's
    "sibling_operator": (False, False),
    "koramil": (False, False),
    "outsider": (False, False),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_recommendation_item_in_ledger_with_visit_origin_scoped(client, world, visit_item, role):
    visit, item = visit_item
    user = koramil_partner(world, koramil(world)) if role == "koramil" else getattr(world, role)
    client.force_login(user)

    # A wide scope first sees one row per kecamatan: it opens the visit's kecamatan.
    wide = {"kecamatan": world.district.code} if role == "national" else {}
    response = client.get(reverse("meetings:home"), wide)

    sees, linked = EXPECTED[role]
    html = response.content.decode()
    assert response.status_code == 200
    assert (item.pk in {row.pk for row in response.context["items"]}) is sees
    assert (LABEL in html) is sees
    visit_link = f'<a href="{reverse("fieldwork:visit_detail", args=[visit.pk])}">{LABEL}</a>'
    assert (visit_link in html) is linked


def test_recommendation_item_page_names_the_visit_and_stays_out_of_the_indicator(
    client, world, visit_item
):
    visit, item = visit_item
    client.force_login(world.admin)

    page = client.get(reverse("meetings:action_item_detail", args=[item.pk]))
    by_origin = client.get(reverse("meetings:home"), {"asal": "kunjungan"})
    meetings_only = client.get(reverse("meetings:home"), {"asal": "rapat"})

    assert page.context["origin"].label == LABEL
    assert page.context["origin"].url == reverse("fieldwork:visit_detail", args=[visit.pk])
    assert [row.pk for row in by_origin.context["items"]] == [item.pk]
    assert list(meetings_only.context["items"]) == []
    assert (item.meeting_id, item.district_id, item.origin_date) == (
        None,
        world.district.pk,
        VISIT_DAY,
    )
    assert not FollowUpFigure.objects.exists()
