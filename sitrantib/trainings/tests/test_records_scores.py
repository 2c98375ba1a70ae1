"""Pre/post scores saved together; the completion list at the rule's boundary, built on pages."""

import pytest
from django.urls import reverse

from sitrantib.trainings import services
from sitrantib.trainings.models import Enrolment
from sitrantib.trainings.tests.test_records_attendance import participants, running_training

pytestmark = pytest.mark.django_db


def scores_url(training):
    return reverse("trainings:scores", kwargs={"pk": training.pk})


def completion_url(training, status=""):
    url = reverse("trainings:completion", kwargs={"pk": training.pk})
    return f"{url}?status={status}" if status else url


def stored(training):
    return {e.pk: (e.pre_score, e.post_score) for e in Enrolment.objects.filter(training=training)}


def test_scores_page_has_numeric_inputs_for_every_participant(client, world):
    training, _sessions = running_training(world)
    client.force_login(world.admin)

    response = client.get(scores_url(training))

    html = response.content.decode()
    assert response.status_code == 200
    for enrolment in participants(training):
        assert f'name="pre-{enrolment.pk}"' in html
        assert f'name="post-{enrolment.pk}"' in html
        assert enrolment.member.name in html
    assert html.count('inputmode="numeric"') == 6


def test_scores_are_saved_together_and_empty_is_allowed(client, world):
    training, _sessions = running_training(world)
    first, second, third = participants(training)
    client.force_login(world.admin)

    response = client.post(
        scores_url(training),
        {
            f"pre-{first.pk}": "40",
            f"post-{first.pk}": "75",
            f"pre-{second.pk}": "0",
            f"post-{second.pk}": "100",
            f"pre-{third.pk}": "",
            f"post-{third.pk}": "",
        },
    )

    assert response.status_code == 302
    assert stored(training) == {first.pk: (40, 75), second.pk: (0, 100), third.pk: (None, None)}
    # Emptying a score again is allowed.
    client.post(scores_url(training), {f"pre-{first.pk}": "40", f"post-{first.pk}": ""})
    assert stored(training)[first.pk] == (40, None)


@pytest.mark.parametrize("bad", ["101", "abc", "-1", "7.5"])
def test_an_invalid_score_is_refused_beside_its_field_and_nothing_is_saved(client, world, bad):
    training, _sessions = running_training(world)
    first, second, _third = participants(training)
    client.force_login(world.admin)

    response = client.post(
        scores_url(training),
        {f"pre-{first.pk}": "50", f"post-{first.pk}": "80", f"post-{second.pk}": bad},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nilai harus bilangan bulat 0 sampai 100." in html
    assert f'id="id_post-{second.pk}_error"' in html
    assert f'aria-describedby="id_post-{second.pk}_error"' in html
    assert f'value="{bad}"' in html  # what was typed stays
    assert stored(training)[first.pk] == (None, None)


def test_scores_are_refused_while_the_training_is_not_running(client, world):
    training, _sessions = running_training(world, run=False)
    first, *_rest = participants(training)
    client.force_login(world.admin)

    response = client.post(scores_url(training), {f"post-{first.pk}": "80"})

    assert response.status_code == 400
    assert "hanya dapat dicatat ketika pelatihan berlangsung" in response.content.decode()
    assert stored(training)[first.pk] == (None, None)


def test_completion_page_at_the_rule_boundary(client, world):
    """5 sessions: 4 attended with post-test 60 completes; 4 attended with 59 does not; 3 of 5
    with 90 does not. Entered through the attendance and scores pages."""
    training, sessions = running_training(world, sessions=5)
    first, second, third = participants(training)
    client.force_login(world.admin)
    for index, session in enumerate(sessions):
        marks = {
            f"mark-{first.pk}": "hadir" if index < 4 else "sakit",
            f"mark-{second.pk}": "hadir" if index < 4 else "alpa",
            f"mark-{third.pk}": "hadir" if index < 3 else "izin",
        }
        assert (
            client.post(reverse("trainings:attendance", args=[session.pk]), marks).status_code
            == 302
        )
    client.post(
        scores_url(training),
        {
            f"pre-{first.pk}": "40",
            f"post-{first.pk}": "60",
            f"pre-{second.pk}": "45",
            f"post-{second.pk}": "59",
            f"post-{third.pk}": "90",
        },
    )

    response = client.get(completion_url(training))

    html = response.content.decode()
    assert "kehadiran paling sedikit 80% dari jumlah sesi" in html
    assert "nilai post-test paling sedikit 60" in html
    assert "<strong>1</strong> dari 3 peserta lulus; 2 belum lulus." in html
    rows = {row.pk: row for row in response.context["rows"]}
    assert rows[first.pk].completed is True
    assert rows[second.pk].completed is False
    assert rows[third.pk].completed is False
    assert "nilai post-test 59, kurang dari 60" in html
    assert "kehadiran 3 dari 5 sesi (60%), kurang dari 80%" in html
    assert "4/5" in html
    assert "80%" in html

    passed = client.get(completion_url(training, "lulus"))
    assert [row.pk for row in passed.context["rows"]] == [first.pk]
    failed = client.get(completion_url(training, "belum"))
    assert {row.pk for row in failed.context["rows"]} == {second.pk, third.pk}
    assert 'aria-current="page"' in failed.content.decode()


def test_completion_page_states_a_rule_set_on_the_event(client, world):
    training, _sessions = running_training(world, min_attendance_percent=75, min_post_score=70)
    client.force_login(world.admin)

    html = client.get(completion_url(training)).content.decode()

    assert "kehadiran paling sedikit 75% dari jumlah sesi" in html
    assert "nilai post-test paling sedikit 70" in html
    assert "nilai post-test belum diisi" in html


def test_a_stale_scores_page_is_refused_beside_the_participant_and_nothing_saved(client, world):
    training, _sessions = running_training(world, here=1, there=0)
    [enrolment] = participants(training)
    client.force_login(world.admin)
    url = reverse("trainings:scores", args=[training.pk])
    page = client.get(url)
    opened = page.context["form"][f"version-{enrolment.pk}"].value()
    services.set_scores(training=training, scores={enrolment.pk: (30, 65)}, actor=world.admin)
    response = client.post(
        url,
        {
            f"pre-{enrolment.pk}": "30",
            f"post-{enrolment.pk}": "99",
            f"version-{enrolment.pk}": opened,
        },
    )
    assert response.status_code == 400
    assert "telah diubah orang lain" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.post_score == 65
