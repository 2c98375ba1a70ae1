"""Attendance of one session on its page: one tap per person, one Save, "semua hadir", refusals."""

import json

import pytest
from django.urls import reverse

from sitrantib.trainings import services
from sitrantib.trainings.models import AttendanceMark, Enrolment
from sitrantib.trainings.tests.factories import (
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db


def running_training(world, *, here=2, there=1, sessions=3, run=True, **overrides):
    """A training with `sessions` sessions, `here` participants from world.village and `there`
    from world.sibling_village; running unless run=False (then open)."""
    training = make_training(world, **overrides)
    made = make_sessions(world, training, count=sessions)
    make_members(world.village, here)
    if there:
        make_members(world.sibling_village, there)
    services.enrol_village(training=training, village=world.village, actor=world.admin)
    if there:
        services.enrol_village(training=training, village=world.sibling_village, actor=world.admin)
    if run:
        training = run_training(world, training)
    else:
        training = services.transition_training(
            training=training, to_status="open", actor=world.admin
        )
    return training, made


def participants(training):
    return list(
        Enrolment.objects.filter(training=training).order_by("village__name", "member__name")
    )


def url(session):
    return reverse("trainings:attendance", kwargs={"pk": session.pk})


def marks(session):
    return dict(
        AttendanceMark.objects.filter(session=session).values_list("enrolment_id", "status")
    )


def test_attendance_page_shows_every_participant_with_desa_and_four_choices(client, world):
    training, sessions = running_training(world)
    client.force_login(world.admin)

    response = client.get(url(sessions[0]))

    assert response.status_code == 200
    html = response.content.decode()
    for enrolment in participants(training):
        assert enrolment.member.name in html
        for status in ("hadir", "izin", "sakit", "alpa"):
            assert f'name="mark-{enrolment.pk}"' in html
            assert f'value="{status}"' in html
    assert "Darungan" in html
    assert "Kraton" in html
    assert reverse("trainings:attendance_sheet_pdf", kwargs={"pk": sessions[0].pk}) in html
    assert "trainings/attendance.js" in html
    assert 'id="all-present"' in html
    assert response.context["counts"]["total"] == 3


def test_saving_the_list_marks_each_participant_and_counts_hadir(client, world):
    training, sessions = running_training(world)
    first, second, _third = participants(training)
    client.force_login(world.admin)

    response = client.post(
        url(sessions[0]), {f"mark-{first.pk}": "hadir", f"mark-{second.pk}": "sakit"}
    )

    assert response.status_code == 302
    assert marks(sessions[0]) == {first.pk: "hadir", second.pk: "sakit"}
    page = client.get(url(sessions[0]))
    assert page.context["counts"] == {
        "hadir": 1,
        "izin": 0,
        "sakit": 1,
        "alpa": 0,
        "total": 3,
        "unmarked": 1,
    }
    html = page.content.decode()
    assert 'Hadir <span data-count="hadir">1</span> dari <span data-count="total">3</span>' in html
    assert "Kehadiran tersimpan: 2 catatan berubah." in html


def test_marking_again_replaces_the_mark(client, world):
    training, sessions = running_training(world)
    first, second, _third = participants(training)
    client.force_login(world.admin)
    client.post(url(sessions[1]), {f"mark-{first.pk}": "hadir", f"mark-{second.pk}": "hadir"})

    client.post(url(sessions[1]), {f"mark-{first.pk}": "alpa", f"mark-{second.pk}": "hadir"})

    assert marks(sessions[1]) == {first.pk: "alpa", second.pk: "hadir"}
    assert AttendanceMark.objects.filter(session=sessions[1]).count() == 2
    first.refresh_from_db()
    assert first.attended_sessions == 0


def test_semua_hadir_marks_the_unchosen_present_and_keeps_the_choices(client, world):
    training, sessions = running_training(world)
    first, second, third = participants(training)
    client.force_login(world.admin)

    response = client.post(url(sessions[0]), {f"mark-{first.pk}": "izin", "all_present": "1"})

    assert response.status_code == 302
    assert marks(sessions[0]) == {first.pk: "izin", second.pk: "hadir", third.pk: "hadir"}


def test_semua_hadir_on_an_empty_list_marks_everyone_present(client, world):
    _training, sessions = running_training(world)
    client.force_login(world.admin)

    client.post(url(sessions[2]), {"all_present": "1"})

    assert set(marks(sessions[2]).values()) == {"hadir"}
    assert len(marks(sessions[2])) == 3


def test_saved_marks_are_the_checked_buttons_on_the_page(client, world):
    training, sessions = running_training(world)
    first, *_rest = participants(training)
    client.force_login(world.admin)
    client.post(url(sessions[0]), {f"mark-{first.pk}": "sakit"})

    html = client.get(url(sessions[0])).content.decode()

    checked = html.split(f'id="id_mark-{first.pk}_2"')[1].split(">")[0]
    assert "checked" in checked
    assert "checked" not in html.split(f'id="id_mark-{first.pk}_0"')[1].split(">")[0]


def test_a_tap_saved_through_json_answers_the_counts(client, world):
    training, sessions = running_training(world)
    first, *_rest = participants(training)
    client.force_login(world.admin)

    response = client.post(
        url(sessions[0]), {f"mark-{first.pk}": "hadir"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["changed"] == 1
    assert body["counts"]["hadir"] == 1
    assert body["counts"]["unmarked"] == 2
    assert marks(sessions[0]) == {first.pk: "hadir"}


def test_an_unknown_status_is_refused_beside_its_row_and_nothing_is_saved(client, world):
    training, sessions = running_training(world)
    first, second, _third = participants(training)
    client.force_login(world.admin)

    response = client.post(
        url(sessions[0]), {f"mark-{first.pk}": "hadir", f"mark-{second.pk}": "bolos"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors[f"mark-{second.pk}"]
    assert f'id="id_mark-{second.pk}_error"' in response.content.decode()
    assert marks(sessions[0]) == {}
    json_response = client.post(
        url(sessions[0]), {f"mark-{second.pk}": "bolos"}, HTTP_ACCEPT="application/json"
    )
    assert json_response.status_code == 400
    assert json.loads(json_response.content)["errors"][f"mark-{second.pk}"]


def test_attendance_is_refused_while_the_training_is_not_running(client, world):
    training, sessions = running_training(world, run=False)
    first, *_rest = participants(training)
    client.force_login(world.admin)

    page = client.get(url(sessions[0]))
    response = client.post(url(sessions[0]), {f"mark-{first.pk}": "hadir"})

    assert page.status_code == 200
    assert 'id="attendance-form"' not in page.content.decode()
    assert "status sekarang: Pendaftaran dibuka" in page.content.decode()
    assert response.status_code == 400
    assert "hanya dapat dicatat ketika pelatihan berlangsung atau selesai" in (
        response.content.decode()
    )
    assert marks(sessions[0]) == {}


def test_attendance_may_still_be_entered_from_the_printed_list_after_the_training_finished(
    client, world
):
    training, sessions = running_training(world)
    services.transition_training(training=training, to_status="finished", actor=world.admin)
    first, *_rest = participants(training)
    client.force_login(world.admin)

    response = client.post(url(sessions[0]), {f"mark-{first.pk}": "hadir"})

    assert response.status_code == 302
    assert marks(sessions[0]) == {first.pk: "hadir"}


def test_attendance_is_refused_once_the_training_is_reported(client, world):
    training, sessions = running_training(world)
    training = services.transition_training(
        training=training, to_status="finished", actor=world.admin
    )
    services.transition_training(training=training, to_status="reported", actor=world.admin)
    first, *_rest = participants(training)
    client.force_login(world.admin)

    response = client.post(url(sessions[0]), {f"mark-{first.pk}": "hadir"})

    assert response.status_code == 400
    assert marks(sessions[0]) == {}


def test_saving_with_nothing_chosen_changes_nothing(client, world):
    _training, sessions = running_training(world)
    client.force_login(world.admin)

    response = client.post(url(sessions[0]), {}, follow=True)

    assert response.status_code == 200
    assert "Kehadiran tersimpan: 0 catatan berubah." in response.content.decode()
    assert marks(sessions[0]) == {}
