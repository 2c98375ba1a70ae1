"""No lost update: two people on the same record, through the web forms and the API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sitrantib.core.models import AuditEntry
from sitrantib.meetings import services
from sitrantib.meetings.models import ActionItem, Attendance, Decision, Meeting
from sitrantib.meetings.tests.factories import make_item, make_meeting
from sitrantib.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_admin(world):
    return make_user(role=world.admin.role, district=world.district, username="admin2")


def _meeting_post(meeting, **changes):
    data = {
        "kind": meeting.kind_id,
        "title": meeting.title,
        "starts_at": "2026-02-10T09:00",
        "venue": meeting.venue,
        "chair": meeting.chair,
        "agenda": "",
        "version": meeting.version,
    }
    data.update(changes)
    return data


def test_meeting_edit_stale_form_refused_keeps_typed_values(client, world, second_admin):
    meeting = make_meeting(world)
    opened = _meeting_post(meeting)  # both open version 1
    client.force_login(second_admin)
    first = client.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]), {**opened, "venue": "Pendopo"}
    )
    client.force_login(world.admin)

    second = client.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]), {**opened, "venue": "Balai Desa"}
    )

    meeting.refresh_from_db()
    form = second.context["form"]
    assert (first.status_code, second.status_code, meeting.venue) == (302, 200, "Pendopo")
    assert "admin2" in form.non_field_errors()[0]
    assert "Pendopo" in form.non_field_errors()[0]
    assert form["venue"].value() == "Balai Desa"
    assert form["version"].value() == str(meeting.version)


def test_meeting_edit_after_refusal_saves_deliberately(client, world, second_admin):
    meeting = make_meeting(world)
    opened = _meeting_post(meeting)
    services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        venue="Pendopo",
        actor=second_admin,
    )
    client.force_login(world.admin)

    client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), {**opened, "venue": "Aula"})
    again = client.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        {**opened, "venue": "Aula", "version": Meeting.objects.get(pk=meeting.pk).version},
    )

    assert (again.status_code, Meeting.objects.get(pk=meeting.pk).venue) == (302, "Aula")


def test_action_item_edit_stale_form_refused(client, world, second_admin):
    item = make_item(world, make_meeting(world), description="Patroli")
    data = {
        "description": "Patroli malam",
        "owner_institution": item.owner_institution_id,
        "due_date": item.due_date.isoformat(),
        "version": item.version,
    }
    client.force_login(second_admin)
    client.post(reverse("meetings:action_item_edit", args=[item.pk]), data)
    client.force_login(world.admin)

    response = client.post(
        reverse("meetings:action_item_edit", args=[item.pk]),
        {**data, "description": "Patroli pagi"},
    )

    assert response.status_code == 400
    assert ActionItem.objects.get(pk=item.pk).description == "Patroli malam"
    assert response.context["form"]["description"].value() == "Patroli pagi"


def test_decision_and_attendance_edit_stale_refused(client, world, second_admin):
    meeting = make_meeting(world)
    decision = services.add_decision(meeting=meeting, text="Patroli", actor=world.admin)
    row = services.record_attendance(meeting=meeting, name="Budi", actor=world.admin)
    services.update_decision(decision=decision, text="Patroli gabungan", actor=second_admin)
    services.update_attendance(row=row, name="Budi S.", actor=second_admin)
    client.force_login(world.admin)

    d = client.post(
        reverse("meetings:decision_edit", args=[decision.pk]), {"text": "Ronda", "version": 1}
    )
    a = client.post(
        reverse("meetings:attendance_edit", args=[row.pk]), {"name": "Bud", "version": 1}
    )

    assert (d.status_code, a.status_code) == (400, 400)
    assert (Decision.objects.get().text, Attendance.objects.get().name) == (
        "Patroli gabungan",
        "Budi S.",
    )


def test_minutes_stale_agenda_row_refused_nothing_saved(client, world, second_admin):
    meeting = make_meeting(world)
    services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        agenda=["Pembukaan"],
        actor=world.admin,
    )
    meeting.refresh_from_db()
    row = meeting.agenda_items.get()
    opened = {
        "summary": "Ringkasan",
        "minute_taker": "",
        "version": meeting.version,
        f"discussion_{row.pk}": "Versi saya",
        f"version_{row.pk}": row.version,
    }
    services.save_minutes(
        meeting=meeting, summary="", discussions={row.pk: "Versi dia"}, actor=second_admin
    )
    client.force_login(world.admin)

    response = client.post(reverse("meetings:minutes_edit", args=[meeting.pk]), opened)

    row.refresh_from_db()
    meeting.refresh_from_db()
    assert (response.status_code, row.discussion, meeting.minutes_summary) == (
        200,
        "Versi dia",
        "",
    )
    assert response.context["form"][f"discussion_{row.pk}"].value() == "Versi saya"


def test_transition_form_stale_refused(client, world):
    item = make_item(world, make_meeting(world))
    services.update_action_item(
        item=item,
        description="Diubah",
        owner_institution=item.owner_institution,
        due_date=item.due_date,
        actor=world.admin,
    )
    client.force_login(world.partner)

    response = client.post(
        reverse("meetings:action_item_transition", args=[item.pk]),
        {"status": "in_progress", "note": "", "version": 1},
    )

    assert response.status_code == 400
    assert ActionItem.objects.get(pk=item.pk).status == "open"


# API ---------------------------------------------------------------------------------------------


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_meeting_get_carries_etag(world):
    meeting = make_meeting(world)

    response = _api(world.admin).get(f"/api/v1/meetings/{meeting.pk}/")

    assert (response.status_code, response["ETag"]) == (200, f'"{meeting.version}"')


def test_api_meeting_patch_stale_if_match_412_changes_nothing(world, second_admin):
    meeting = make_meeting(world)
    etag = _api(world.admin).get(f"/api/v1/meetings/{meeting.pk}/")["ETag"]
    first = _api(second_admin).patch(
        f"/api/v1/meetings/{meeting.pk}/", {"venue": "Pendopo"}, format="json", HTTP_IF_MATCH=etag
    )
    entries = AuditEntry.objects.count()

    second = _api(world.admin).patch(
        f"/api/v1/meetings/{meeting.pk}/", {"venue": "Aula"}, format="json", HTTP_IF_MATCH=etag
    )

    assert (first.status_code, second.status_code) == (200, 412)
    assert first["ETag"] == '"2"'
    assert second.json()["detail"].startswith("Data ini sudah diubah oleh admin2")
    assert (Meeting.objects.get(pk=meeting.pk).venue, AuditEntry.objects.count()) == (
        "Pendopo",
        entries,
    )


def test_api_meeting_put_without_if_match_goes_through(world):
    meeting = make_meeting(world)
    body = {
        "title": "Rapat baru",
        "starts_at": "2026-02-10T09:00:00+07:00",
        "venue": "Aula",
    }

    response = _api(world.admin).put(f"/api/v1/meetings/{meeting.pk}/", body, format="json")

    assert (response.status_code, Meeting.objects.get(pk=meeting.pk).title) == (200, "Rapat baru")


def test_api_transition_stale_if_match_412(world):
    item = make_item(world, make_meeting(world))
    services.transition_action_item(item=item, to_status="in_progress", actor=world.admin)

    response = _api(world.partner).post(
        f"/api/v1/action-items/{item.pk}/transition/",
        {"status": "open"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert response.status_code == 412
    assert ActionItem.objects.get(pk=item.pk).status == "in_progress"


def test_api_transition_cancel_without_reason_400_with_reason(world):
    item = make_item(world, make_meeting(world))

    response = _api(world.admin).post(
        f"/api/v1/action-items/{item.pk}/transition/", {"status": "cancelled"}, format="json"
    )

    message = "Alasan/catatan wajib diisi untuk perubahan ke Dibatalkan."
    assert (response.status_code, response.json()) == (
        400,
        {"detail": message, "errors": {"note": [message]}},
    )


def test_api_transition_answers_new_etag_and_history(world):
    item = make_item(world, make_meeting(world))

    response = _api(world.admin).post(
        f"/api/v1/action-items/{item.pk}/transition/",
        {"status": "cancelled", "note": "Digabung"},
        format="json",
    )

    item.refresh_from_db()
    assert (response.status_code, response["ETag"], response.json()["cancel_reason"]) == (
        200,
        f'"{item.version}"',
        "Digabung",
    )
    assert list(item.transitions.values_list("to_status", "note")) == [("cancelled", "Digabung")]
