"""The one filterset per list: the same filters on the page and in the API, bounded input."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sitrantib.meetings import services
from sitrantib.meetings.filters import ActionItemFilter, MeetingFilter
from sitrantib.meetings.selectors import ledger_items, meeting_list
from sitrantib.meetings.tests.factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


def _filter(cls, user, queryset, **params):
    request = RequestFactory().get("/", params)
    request.user = user
    return cls(request.GET, queryset=queryset, request=request)


def test_action_item_filter_status_and_overdue(world):
    meeting = make_meeting(world)
    today = timezone.localdate()
    late = make_item(world, meeting, due=today - dt.timedelta(days=1), description="Terlambat")
    make_item(world, meeting, due=today + dt.timedelta(days=3), description="Belum")
    services.transition_action_item(item=late, to_status="in_progress", actor=world.admin)
    items = ledger_items(user=world.admin)

    by_status = _filter(ActionItemFilter, world.admin, items, status="in_progress").qs
    ticked = _filter(ActionItemFilter, world.admin, items, overdue="on").qs
    not_late = _filter(ActionItemFilter, world.admin, items, overdue="false").qs

    assert [i.description for i in by_status] == ["Terlambat"]
    assert [i.description for i in ticked] == ["Terlambat"]
    assert [i.description for i in not_late] == ["Belum"]


def test_action_item_filter_owner_choice_absent_for_partner(world):
    filterset = _filter(ActionItemFilter, world.partner, ledger_items(user=world.partner))

    assert "owner_institution" not in filterset.form.fields


@pytest.mark.parametrize(
    "params",
    [{"meeting": "1" * 25}, {"due_after": "9999-01-01"}, {"owner_institution": "1e5"}],
    ids=["25-digit-id", "year-9999", "not-an-id"],
)
def test_action_item_filter_out_of_range_is_a_form_error(world, params):
    filterset = _filter(ActionItemFilter, world.admin, ledger_items(user=world.admin), **params)

    assert (filterset.is_valid(), list(filterset.errors)) == (False, list(params))


@pytest.mark.parametrize(
    "query", ["meeting=" + "9" * 25, "due_before=9999-12-31", "overdue=maybe&meeting=x"]
)
def test_ledger_page_out_of_range_filter_shows_form_error(client, world, query):
    make_item(world, make_meeting(world))
    client.force_login(world.admin)

    response = client.get(f"{reverse('meetings:home')}?{query}")

    assert (response.status_code, bool(response.context["form"].errors)) == (200, True)
    assert list(response.context["items"]) == []


@pytest.mark.parametrize("query", ["meeting=" + "9" * 25, "due_after=9999-01-01"])
def test_api_action_items_out_of_range_filter_400(world, query):
    client = APIClient()
    client.force_authenticate(world.admin)

    response = client.get(f"/api/v1/action-items/?{query}")

    assert response.status_code == 400


def test_meeting_filter_kind_and_start(world):
    early = make_meeting(
        world, title="Januari", starts_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    )
    make_meeting(world, title="Maret", starts_at=dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC))
    meetings = meeting_list(user=world.admin)

    before = _filter(MeetingFilter, world.admin, meetings, starts_before="2026-02-01").qs
    by_kind = _filter(MeetingFilter, world.admin, meetings, kind=early.kind.code).qs

    assert [m.title for m in before] == ["Januari"]
    assert sorted(m.title for m in by_kind) == ["Januari", "Maret"]


@pytest.mark.parametrize("query", ["starts_after=9999-01-01T00:00:00%2B14:00", "kind=tidak_ada"])
def test_meeting_list_page_and_api_refuse_bad_filter(client, world, query):
    make_meeting(world)
    client.force_login(world.admin)
    api = APIClient()
    api.force_authenticate(world.admin)

    page = client.get(f"{reverse('meetings:meeting_list')}?{query}")
    answer = api.get(f"/api/v1/meetings/?{query}")

    assert (page.status_code, bool(page.context["form"].errors), answer.status_code) == (
        200,
        True,
        400,
    )
    assert list(page.context["meetings"]) == []


def test_meeting_list_pages_by_key_without_losing_rows(client, world, monkeypatch):
    from sitrantib.meetings.views import meetings as meeting_views

    monkeypatch.setattr(meeting_views, "MEETING_PAGE_SIZE", 2)
    for day in range(1, 6):
        make_meeting(
            world, title=f"Rapat {day}", starts_at=dt.datetime(2026, 1, day, 9, tzinfo=dt.UTC)
        )
    client.force_login(world.admin)

    seen = []
    url = reverse("meetings:meeting_list")
    while url:
        response = client.get(
            url if url.startswith("/") else reverse("meetings:meeting_list") + url
        )
        seen += [m.title for m in response.context["meetings"]]
        url = response.context["page"].next_url

    assert seen == [f"Rapat {day}" for day in range(5, 0, -1)]


def test_ledger_pages_by_key_overdue_first(client, world, monkeypatch):
    from sitrantib.meetings.views import ledger as ledger_views

    monkeypatch.setattr(ledger_views, "LEDGER_PAGE_SIZE", 2)
    meeting = make_meeting(world)
    today = timezone.localdate()
    for offset in (5, -2, 3, -1, 1):
        make_item(world, meeting, due=today + dt.timedelta(days=offset), description=str(offset))
    client.force_login(world.admin)

    seen = []
    url = reverse("meetings:home")
    while url:
        response = client.get(url if url.startswith("/") else reverse("meetings:home") + url)
        seen += [i.description for i in response.context["items"]]
        url = response.context["page"].next_url

    assert seen == ["-2", "-1", "1", "3", "5"]
