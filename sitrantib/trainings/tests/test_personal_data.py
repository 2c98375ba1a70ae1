"""What the trainings module holds about a member, in the member's data download and its
anonymisation (issue 15 B5, docs/adr/0016): enrolments, attendance, scores, certificates."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.core.models import AuditEntry
from sitrantib.linmas import personal_data
from sitrantib.linmas.models import Member
from sitrantib.trainings import services
from sitrantib.trainings.models import Certificate, Enrolment
from sitrantib.trainings.personal_data import PROVIDER_KEY, trainings_of_member
from sitrantib.trainings.tests.factories import (
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db


def _finished(world, members, *, title="Pelatihan Dasar"):
    """A finished training of these members: every session attended, scores, certificates."""
    training = make_training(world, title=title)
    sessions = make_sessions(world, training, count=2)
    for member in members:
        services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    ids = list(Enrolment.objects.filter(training=training).values_list("pk", flat=True))
    for session in sessions:
        services.mark_attendance(
            session=session, marks=dict.fromkeys(ids, "hadir"), actor=world.admin
        )
    # A changed mark is audited under the mark's own id.
    services.mark_attendance(
        session=sessions[0], marks=dict.fromkeys(ids, "izin"), actor=world.admin
    )
    services.mark_attendance(
        session=sessions[0], marks=dict.fromkeys(ids, "hadir"), actor=world.admin
    )
    services.set_scores(training=training, scores=dict.fromkeys(ids, (55, 85)), actor=world.admin)
    training = services.transition_training(
        training=training, to_status="finished", actor=world.admin
    )
    services.issue_certificates(training=training, actor=world.admin)
    return training


def test_the_download_holds_trainings_marks_scores_certificates_and_their_audit(client, world):
    member = make_members(world.village, 1)[0]
    _finished(world, [member])
    client.force_login(world.admin)
    data = json.loads(client.get(f"/linmas/anggota/{member.pk}/data-pribadi.json").content)
    [row] = data[PROVIDER_KEY]
    audited = {e["object_type"] for e in data["audit"]}
    assert (
        row["training"]["title"],
        row["pre_score"],
        row["post_score"],
        row["completed"],
        [m["status"] for m in row["attendance"]],
        [c["number"] for c in row["certificates"]],
        {"trainings.enrolment", "trainings.certificate", "trainings.attendancemark"} <= audited,
    ) == (
        "Pelatihan Dasar",
        55,
        85,
        True,
        ["hadir", "hadir"],
        list(Certificate.objects.values_list("number", flat=True)),
        True,
    )


def test_the_provider_runs_the_same_queries_for_one_or_three_trainings(world):
    counts = []
    for trainings in (1, 3):
        member = make_members(world.village, 1)[0]
        for index in range(trainings):
            _finished(world, [member], title=f"Pelatihan {trainings}-{index}")
        with CaptureQueriesContext(connection) as queries:
            data = trainings_of_member(member)
        counts.append(len(queries))
        assert len(data.data) == trainings
    assert counts[0] == counts[1] == 3


def test_anonymise_waits_for_a_training_still_enrolling_or_running(world):
    member = make_members(world.village, 1)[0]
    training = make_training(world, title="Pelatihan Berjalan")
    make_sessions(world, training, count=1)
    services.enrol_member(training=training, member=member, actor=world.admin)
    with pytest.raises(ValidationError) as caught:
        personal_data.anonymise_member(member=member, reason="Permintaan", actor=world.admin)
    member.refresh_from_db()
    assert ("Pelatihan Berjalan" in caught.value.messages[0], member.is_anonymised) == (True, False)


def test_anonymise_keeps_the_training_records_and_erases_the_name_from_their_audit(client, world):
    member = make_members(world.village, 1)[0]
    name = member.name
    training = _finished(world, [member])
    certificate = Certificate.objects.get()
    personal_data.anonymise_member(member=member, reason="Permintaan", actor=world.admin)
    enrolment = Enrolment.objects.get(training=training)
    reprs = list(
        AuditEntry.objects.filter(object_type__startswith="trainings.").values_list(
            "object_repr", flat=True
        )
    )
    verify = client.get(certificate.get_absolute_url()).content.decode()
    assert (
        enrolment.member_id,
        (enrolment.pre_score, enrolment.post_score, enrolment.completed),
        Certificate.objects.get().number,
        [r for r in reprs if name in r],
        any(f"Anonim #{member.pk}" in r for r in reprs),
        name in verify,
        Member.objects.get(pk=member.pk).name in verify,
    ) == (
        member.pk,
        (55, 85, True),
        certificate.number,
        [],
        True,
        False,
        True,
    )
