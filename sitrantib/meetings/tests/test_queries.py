"""List pages and API lists run a fixed number of queries, whatever the number of rows."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sitrantib.meetings import services
from sitrantib.meetings.tests.factories import finish, make_item, make_meeting, make_office

pytestmark = pytest.mark.django_db

PDF_QUERIES = 13


def _rows(world, n):
    for i in range(n):
        meeting = make_meeting(world, title=f"Rapat {i}")
        item = make_item(world, meeting, description=f"Tindak lanjut {i}")
        if i == 0:
            finish(world, item)


@pytest.mark.parametrize("n", [1, 3])
def test_ledger_query_count_constant(client, world, django_assert_num_queries, n):
    _rows(world, n)
    client.force_login(world.admin)

    # The meeting filter is a search field (issue 16 A2), no longer a list of every meeting.
    with django_assert_num_queries(9):
        response = client.get(reverse("meetings:home"))

    assert len(response.context["items"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_meeting_list_query_count_constant(client, world, django_assert_num_queries, n):
    _rows(world, n)
    client.force_login(world.admin)

    # 9: the page's filter form lists the meeting kinds (one query) since the list is filterable;
    # the counts are one query keyed by the page's ids, after the limit (issue 16 A7).
    with django_assert_num_queries(9):
        response = client.get(reverse("meetings:meeting_list"))

    assert len(response.context["meetings"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_indicator_query_count_constant(client, world, django_assert_num_queries, n):
    _rows(world, n)
    client.force_login(world.admin)

    # The counts and the per-institution table are read from the stored figures (2 queries);
    # one page of one list is rendered (issue 16 A3/A7), never every item twice.
    with django_assert_num_queries(9):
        response = client.get(
            reverse("meetings:indicator"), {"start": "2026-01-01", "end": "2026-12-31"}
        )

    assert response.context["counts"].due == n
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_meeting_detail_query_count_constant(client, world, django_assert_num_queries, n):
    meeting = make_meeting(world)
    for i in range(n):
        make_item(world, meeting, description=f"Tindak lanjut {i}")
    client.force_login(world.admin)

    with django_assert_num_queries(15):
        client.get(reverse("meetings:meeting_detail", args=[meeting.pk]))


@pytest.mark.parametrize("n", [1, 3])
def test_api_meetings_query_count_constant(world, django_assert_num_queries, n):
    _rows(world, n)
    api = APIClient()
    api.force_authenticate(world.admin)

    with django_assert_num_queries(4):
        response = api.get("/api/v1/meetings/")

    assert len(response.json()["results"]) == n


@pytest.mark.parametrize("n", [1, 3])
def test_api_action_items_query_count_constant(world, django_assert_num_queries, n):
    _rows(world, n)
    api = APIClient()
    api.force_authenticate(world.admin)

    with django_assert_num_queries(1):
        response = api.get("/api/v1/action-items/")

    assert len(response.json()["results"]) == n


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("document", ["undangan", "daftar-hadir", "notulen", "laporan"])
def test_meeting_pdf_query_count_constant(client, world, django_assert_num_queries, n, document):
    make_office(world.district)
    meeting = make_meeting(world)
    for i in range(n):
        services.record_attendance(meeting=meeting, name=f"Peserta {i}", actor=world.admin)
        services.record_decision(
            meeting=meeting,
            text=f"Keputusan {i}",
            owner_institution=world.polsek,
            due_date=meeting.starts_at.date(),
            actor=world.admin,
        )
    client.force_login(world.admin)

    with django_assert_num_queries(PDF_QUERIES):
        response = client.get(reverse("meetings:meeting_pdf", args=[meeting.pk, document]))

    assert response["Content-Type"] == "application/pdf"
