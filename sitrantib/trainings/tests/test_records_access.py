"""Who opens the attendance, scores, completion and certificate pages, and whose rows they see."""

import pytest
from django.urls import reverse

from sitrantib.trainings.models import AttendanceMark, Enrolment
from sitrantib.trainings.tests.test_records_attendance import participants, running_training

pytestmark = pytest.mark.django_db

PAGES = ("attendance", "scores", "completion", "certificates")


def page_url(name, training, sessions):
    pk = sessions[0].pk if name == "attendance" else training.pk
    return reverse(f"trainings:{name}", kwargs={"pk": pk})


@pytest.mark.parametrize("name", PAGES)
def test_readers_of_the_kecamatan_see_every_participant(client, world, name):
    training, sessions = running_training(world)
    names = [e.member.name for e in participants(training)]
    for user in (world.admin, world.camat, world.staff):
        client.force_login(user)
        response = client.get(page_url(name, training, sessions))
        assert response.status_code == 200, user
        if name != "certificates":
            html = response.content.decode()
            assert all(n in html for n in names), user


@pytest.mark.parametrize("name", PAGES)
def test_a_village_operator_sees_only_their_desa(client, world, name):
    training, sessions = running_training(world)
    here = [e.member.name for e in participants(training) if e.village_id == world.village.pk]
    there = [e.member.name for e in participants(training) if e.village_id != world.village.pk]
    client.force_login(world.operator)

    response = client.get(page_url(name, training, sessions))

    assert response.status_code == 200
    html = response.content.decode()
    assert not any(n in html for n in there)
    if name != "certificates":
        assert all(n in html for n in here)


@pytest.mark.parametrize("name", PAGES)
def test_a_partner_and_an_outsider_get_404(client, world, name):
    training, sessions = running_training(world)
    for user in (world.partner, world.outsider):
        client.force_login(user)
        assert client.get(page_url(name, training, sessions)).status_code == 404, user


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_meets_the_login(client, world, name):
    training, sessions = running_training(world)

    response = client.get(page_url(name, training, sessions))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_readers_see_marks_and_scores_without_a_form(client, world):
    training, sessions = running_training(world)
    client.force_login(world.camat)

    attendance = client.get(page_url("attendance", training, sessions)).content.decode()
    scores = client.get(page_url("scores", training, sessions)).content.decode()

    assert 'id="attendance-form"' not in attendance
    assert "belum dicatat" in attendance
    assert 'id="scores-form"' not in scores


def test_a_reader_cannot_save_marks_or_scores(client, world):
    training, sessions = running_training(world)
    first, *_rest = participants(training)
    for user in (world.camat, world.staff, world.operator):
        client.force_login(user)
        assert (
            client.post(page_url("attendance", training, sessions), {f"mark-{first.pk}": "hadir"})
        ).status_code == 403
        assert (
            client.post(page_url("scores", training, sessions), {f"post-{first.pk}": "90"})
        ).status_code == 403
    assert not AttendanceMark.objects.exists()
    assert Enrolment.objects.get(pk=first.pk).post_score is None


def test_an_outsider_cannot_save_marks(client, world):
    training, sessions = running_training(world)
    first, *_rest = participants(training)
    client.force_login(world.outsider)

    response = client.post(
        page_url("attendance", training, sessions), {f"mark-{first.pk}": "hadir"}
    )

    assert response.status_code == 404
    assert not AttendanceMark.objects.exists()
