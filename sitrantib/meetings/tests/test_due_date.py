"""QA finding: a due date before the meeting date is refused, on create and on edit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from sitrantib.meetings import services
from sitrantib.meetings.models import ActionItem, Decision
from sitrantib.meetings.tests.factories import make_item, make_meeting

pytestmark = pytest.mark.django_db

MESSAGE = "Batas waktu tidak boleh sebelum tanggal rapat."
HELD_ON = dt.date(2026, 2, 10)  # make_meeting's default date


def test_create_action_item_due_before_meeting_refused(world):
    meeting = make_meeting(world)

    with pytest.raises(ValidationError) as caught:
        make_item(world, meeting, due=HELD_ON - dt.timedelta(days=1))

    assert caught.value.messages == [MESSAGE]
    assert ActionItem.objects.count() == 0


def test_create_action_item_due_on_meeting_day_accepted(world):
    item = make_item(world, make_meeting(world), due=HELD_ON)

    assert item.due_date == HELD_ON


def test_update_action_item_due_before_meeting_refused(world):
    item = make_item(world, make_meeting(world), due=HELD_ON)

    with pytest.raises(ValidationError) as caught:
        services.update_action_item(
            item=item,
            description=item.description,
            owner_institution=world.polsek,
            due_date=dt.date(2026, 2, 9),
            actor=world.admin,
        )

    item.refresh_from_db()
    assert (caught.value.messages, item.due_date) == ([MESSAGE], HELD_ON)


def test_decision_post_due_before_meeting_keeps_every_value_with_the_error_beside_the_date(
    client, world
):
    meeting = make_meeting(world)
    client.force_login(world.admin)
    typed = {
        "text": "Patroli gabungan malam Minggu",
        "owner_institution": str(world.polsek.pk),
        "due_date": "2026-02-09",
    }

    response = client.post(reverse("meetings:decision_add", args=[meeting.pk]), typed)

    form = response.context["decision_form"]
    assert (response.status_code, form.errors) == (400, {"due_date": [MESSAGE]})
    assert {name: form[name].value() for name in typed} == typed
    html = response.content.decode()
    assert "Patroli gabungan malam Minggu</textarea>" in html
    assert 'value="2026-02-09"' in html
    assert (Decision.objects.count(), ActionItem.objects.count()) == (0, 0)


def test_attendance_post_refused_keeps_the_typed_values(client, world):
    meeting = make_meeting(world)
    client.force_login(world.admin)

    response = client.post(
        reverse("meetings:attendance_add", args=[meeting.pk]),
        {"name": "", "position": "Kapolsek", "institution": str(world.polsek.pk)},
    )

    form = response.context["attendance_form"]
    assert response.status_code == 400
    assert list(form.errors) == ["name"]
    assert (form["position"].value(), form["institution"].value()) == (
        "Kapolsek",
        str(world.polsek.pk),
    )


def test_action_item_edit_post_due_before_meeting_shows_message(client, world):
    item = make_item(world, make_meeting(world), due=HELD_ON)
    client.force_login(world.admin)

    response = client.post(
        reverse("meetings:action_item_edit", args=[item.pk]),
        {"description": "Patroli", "owner_institution": world.polsek.pk, "due_date": "2026-02-01"},
    )

    item.refresh_from_db()
    assert (response.status_code, response.context["form"].errors) == (
        400,
        {"due_date": [MESSAGE]},
    )
    assert item.due_date == HELD_ON


def test_api_create_action_item_due_before_meeting_refused(world):
    meeting = make_meeting(world)
    api = APIClient()
    api.force_authenticate(world.admin)

    response = api.post(
        "/api/v1/action-items/",
        {
            "meeting": meeting.pk,
            "description": "Pasang spanduk",
            "owner_institution": world.polsek.pk,
            "due_date": "2026-02-09",
        },
        format="json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": MESSAGE, "errors": {"due_date": [MESSAGE]}},
    )
