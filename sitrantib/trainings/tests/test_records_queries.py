"""The attendance, scores, completion and certificate pages run the same number of queries for 3
participants as for 180; saving 180 marks grows only by the audit entries (one per mark)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sitrantib.core.models import AuditEntry
from sitrantib.trainings import services
from sitrantib.trainings.models import AttendanceMark, Certificate
from sitrantib.trainings.tests.test_records_attendance import participants, running_training

pytestmark = pytest.mark.django_db

SIZES = [(2, 1), (120, 60)]  # 3 and 180 participants


def _with_marks_and_certificates(world, here, there):
    training, sessions = running_training(world, here=here, there=there)
    people = participants(training)
    everyone = {e.pk: "hadir" for e in people}
    for session in sessions:
        services.mark_attendance(session=session, marks=everyone, actor=world.admin)
    services.set_scores(
        training=training, scores={e.pk: (50, 80) for e in people}, actor=world.admin
    )
    training = services.transition_training(
        training=training, to_status="finished", actor=world.admin
    )
    services.issue_certificates(training=training, actor=world.admin)
    return training, sessions, people


@pytest.mark.parametrize(("here", "there"), SIZES)
def test_record_pages_run_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, here, there
):
    training, sessions, people = _with_marks_and_certificates(world, here, there)
    client.force_login(world.admin)
    pages = {
        # session, user, the object, its rows (+ the marks, + a count), the sessions for the
        # page's menu, the office letterhead; the attendance form also stores its CSRF token.
        reverse("trainings:attendance", args=[sessions[0].pk]): 10,
        reverse("trainings:scores", args=[training.pk]): 6,
        reverse("trainings:completion", args=[training.pk]): 7,
        reverse("trainings:certificates", args=[training.pk]): 7,
    }
    for url, expected in pages.items():
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count(people[-1].member.name) >= 1
    assert Certificate.objects.count() == here + there


@pytest.mark.parametrize(("here", "there"), SIZES)
def test_the_attendance_page_lists_everyone_in_the_same_queries(
    client, world, django_assert_num_queries, here, there
):
    _training, sessions = running_training(world, here=here, there=there)
    client.force_login(world.admin)

    with django_assert_num_queries(10):
        response = client.get(reverse("trainings:attendance", args=[sessions[0].pk]))

    assert len(response.context["rows"]) == here + there
    assert response.content.decode().count('value="hadir"') == here + there


def _save_all(client, world, here, there):
    # The second training also enrols the first one's members (capacity 300 leaves room).
    training, sessions = running_training(world, here=here, there=there, capacity=300)
    people = participants(training)
    client.force_login(world.admin)
    url = reverse("trainings:attendance", args=[sessions[0].pk])
    client.get(url)  # the form as a user opens it (its CSRF token stored in the session)
    audit_before = AuditEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            url,
            {f"mark-{e.pk}": "hadir" for e in people},
        )
    assert response.status_code == 302
    assert AttendanceMark.objects.filter(session=sessions[0]).count() == len(people)
    return len(queries), AuditEntry.objects.count() - audit_before, len(people)


def test_saving_180_marks_grows_only_by_the_audit_entries(client, world):
    small_queries, small_audit, small = _save_all(client, world, 2, 1)
    large_queries, large_audit, large = _save_all(client, world, 118, 59)

    print(f"{small} marks: {small_queries} queries, {small_audit} audit entries")
    print(f"{large} marks: {large_queries} queries, {large_audit} audit entries")
    assert (small, large) == (3, 180)
    assert (small_audit, large_audit) == (3, 180)  # one audit entry per mark
    assert large_queries - large_audit == small_queries - small_audit
