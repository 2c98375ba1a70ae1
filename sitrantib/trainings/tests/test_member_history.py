"""Issue 10 point 9: the LINMAS member page shows the member's trainings (the section this module
registers on the register's page), to those who may read participants, in two queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.linmas.member_sections import registered_sections
from sitrantib.trainings import services
from sitrantib.trainings.member_history import SECTION_KEY
from sitrantib.trainings.models import Enrolment

from .factories import make_members, make_sessions, make_training, run_training


def completed_training(world, member, *, title, post=80, day=10, certify=True):
    """A finished one-session training of `member` who attended and scored `post`."""
    starts = dt.date(2026, 3, day)
    training = make_training(world, title=title, starts_on=starts, ends_on=starts)
    sessions = make_sessions(world, training, count=1)
    services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    enrolment = Enrolment.objects.get(training=training, member=member)
    services.mark_attendance(session=sessions[0], marks={enrolment.pk: "hadir"}, actor=world.admin)
    services.set_scores(training=training, scores={enrolment.pk: (40, post)}, actor=world.admin)
    services.transition_training(training=training, to_status="finished", actor=world.admin)
    issued = services.issue_certificates(training=training, actor=world.admin) if certify else []
    return training, issued


def page(client, member):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/linmas/anggota/{member.pk}/")
    return response, len(queries)


def test_the_section_is_registered_by_the_trainings_module():
    assert SECTION_KEY in registered_sections()


def test_member_page_shows_completed_training_with_its_certificate(client, world):
    member = make_members(world.village, 1)[0]
    training, issued = completed_training(world, member, title="Pelatihan Dasar LINMAS 2026")
    client.force_login(world.admin)
    response, _count = page(client, member)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Riwayat pelatihan" in body
    assert "Pelatihan Dasar LINMAS 2026" in body
    assert issued[0].number in body
    assert f'href="/verifikasi/sertifikat/{issued[0].verification_code}/"' in body
    assert f'href="/pelatihan/{training.pk}/"' in body
    # The summary of the member says when: the end date of the training.
    assert "Terlatih (10 Maret 2026)" in body
    assert ('badge text-bg-success">Lulus<' in body, "100%" in body) == (True, True)


def test_revoked_certificate_and_failed_training_are_shown_as_such(client, world):
    member = make_members(world.village, 1)[0]
    _training, issued = completed_training(world, member, title="Pelatihan Teknis A", day=10)
    services.revoke_certificate(
        certificate=issued[0], reason="data peserta keliru", actor=world.admin
    )
    completed_training(world, member, title="Pelatihan Teknis B", post=59, day=20, certify=False)
    client.force_login(world.admin)
    body = page(client, member)[0].content.decode()
    assert issued[0].number in body
    assert 'text-bg-danger">dicabut<' in body
    assert "Tidak lulus" in body
    assert "nilai post-test 59, kurang dari 60" in body


def test_village_operator_sees_own_desa_member_history_and_not_another_desa(client, world):
    member = make_members(world.village, 1)[0]
    _training, issued = completed_training(world, member, title="Pelatihan Dasar LINMAS 2026")
    client.force_login(world.operator)
    own = page(client, member)[0]
    client.force_login(world.sibling_operator)
    other = page(client, member)[0]
    assert (own.status_code, issued[0].number in own.content.decode()) == (200, True)
    assert other.status_code == 404


@pytest.mark.parametrize("who", ["camat", "staff"])
def test_office_readers_see_the_history(client, world, who):
    member = make_members(world.village, 1)[0]
    _training, issued = completed_training(world, member, title="Pelatihan Dasar LINMAS 2026")
    client.force_login(getattr(world, who))
    body = page(client, member)[0].content.decode()
    assert ("Riwayat pelatihan" in body, issued[0].number in body) == (True, True)


def test_member_without_training_says_so(client, world):
    member = make_members(world.village, 1)[0]
    client.force_login(world.admin)
    body = page(client, member)[0].content.decode()
    assert "Belum pernah mengikuti pelatihan." in body


def test_member_page_queries_do_not_grow_with_the_trainings(client, world):
    one, many = make_members(world.village, 2)
    completed_training(world, one, title="Pelatihan 1", day=1)
    for day in range(1, 6):
        completed_training(world, many, title=f"Pelatihan {day}", day=day)
    client.force_login(world.admin)
    page(client, one)  # warm the caches of the first request (session, content types)
    small, small_count = page(client, one)
    large, large_count = page(client, many)
    assert len(large.context["sections"]) == 1
    assert large.content.decode().count('data-training="') == 5
    assert small.content.decode().count('data-training="') == 1
    assert large_count == small_count
