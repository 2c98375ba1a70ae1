"""The completion rule at its boundaries, stored completion equal to a fresh count, capacity."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sitrantib.linmas.models import Member, VillageReadiness
from sitrantib.trainings import selectors, services
from sitrantib.trainings.models import Enrolment
from sitrantib.trainings.selectors import CompletionRule, completion_of
from sitrantib.trainings.tests.factories import (
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db

RULE = CompletionRule(min_attendance_percent=80, min_post_score=60)


def test_four_of_five_sessions_is_eighty_percent_and_completes():
    completed, percent, reason = completion_of(attended=4, sessions=5, post_score=60, rule=RULE)
    assert completed is True
    assert str(percent) == "80.00"
    assert "memenuhi" in reason


def test_three_of_five_sessions_does_not_complete_and_says_why():
    completed, percent, reason = completion_of(attended=3, sessions=5, post_score=90, rule=RULE)
    assert completed is False
    assert str(percent) == "60.00"
    assert "kehadiran 3 dari 5 sesi (60%)" in reason


def test_post_test_59_does_not_complete_60_does():
    assert completion_of(attended=5, sessions=5, post_score=59, rule=RULE)[0] is False
    assert (
        "nilai post-test 59" in completion_of(attended=5, sessions=5, post_score=59, rule=RULE)[2]
    )
    assert completion_of(attended=5, sessions=5, post_score=60, rule=RULE)[0] is True


def test_two_of_three_sessions_is_below_eighty_though_rounding_would_not_matter():
    completed, percent, _reason = completion_of(attended=2, sessions=3, post_score=100, rule=RULE)
    assert completed is False
    assert str(percent) == "66.67"


def test_missing_post_test_is_a_reason():
    completed, _percent, reason = completion_of(attended=5, sessions=5, post_score=None, rule=RULE)
    assert completed is False
    assert "post-test belum diisi" in reason


def test_stored_completion_follows_marks_scores_and_rule(world):
    training = make_training(world)
    sessions = make_sessions(world, training, count=5)
    members = make_members(world.village, 2)
    for member in members:
        services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    first, second = Enrolment.objects.filter(training=training).order_by("member__name")
    for session in sessions[:4]:
        services.mark_attendance(
            session=session, marks={first.pk: "hadir", second.pk: "hadir"}, actor=world.admin
        )
    services.mark_attendance(
        session=sessions[4], marks={first.pk: "sakit", second.pk: "hadir"}, actor=world.admin
    )
    services.set_scores(
        training=training, scores={first.pk: (40, 60), second.pk: (50, 59)}, actor=world.admin
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.completed, str(first.attendance_percent)) == (True, "80.00")
    assert second.completed is False
    assert "nilai post-test 59" in second.completion_reason
    # Marking again replaces the mark: now 3 of 5.
    services.mark_attendance(session=sessions[0], marks={first.pk: "izin"}, actor=world.admin)
    first.refresh_from_db()
    assert first.completed is False
    assert first.attended_sessions == 3
    # A softer rule recomputes everyone.
    services.update_training(
        training=training,
        changes={"min_attendance_percent": 60, "min_post_score": 59},
        actor=world.admin,
    )
    fresh = selectors.fresh_completion(training)
    for row in Enrolment.objects.filter(training=training):
        assert (
            row.attended_sessions,
            row.completed,
            row.attendance_percent,
            row.completion_reason,
        ) == fresh[row.pk]
        assert row.completed is True


def test_capacity_and_inactive_member_are_refused(world):
    training = make_training(world, capacity=2)
    members = make_members(world.village, 3)
    services.enrol_member(training=training, member=members[0], actor=world.admin)
    services.enrol_member(training=training, member=members[1], actor=world.admin)
    with pytest.raises(ValidationError, match="Kapasitas"):
        services.enrol_member(training=training, member=members[2], actor=world.admin)
    Member.objects.filter(pk=members[2].pk).update(status="nonaktif")
    members[2].refresh_from_db()
    services.update_training(training=training, changes={"capacity": 3}, actor=world.admin)
    with pytest.raises(ValidationError, match="tidak berstatus aktif"):
        services.enrol_member(training=training, member=members[2], actor=world.admin)
    assert Enrolment.objects.filter(training=training).count() == 2


def test_finished_training_marks_members_trained_and_readiness_counts_them(world):
    training = make_training(world)
    sessions = make_sessions(world, training, count=1)
    member = make_members(world.village, 1)[0]
    services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    enrolment = Enrolment.objects.get(training=training)
    services.mark_attendance(session=sessions[0], marks={enrolment.pk: "hadir"}, actor=world.admin)
    services.set_scores(training=training, scores={enrolment.pk: (50, 75)}, actor=world.admin)
    member.refresh_from_db()
    assert member.trained_on is None  # not before the training is finished
    services.transition_training(training=training, to_status="finished", actor=world.admin)
    member.refresh_from_db()
    assert member.trained_on == dt.date(2026, 3, 12)
    assert VillageReadiness.objects.filter(village=world.village).exists()
    # Reopened with a reason: no longer counted.
    services.transition_training(
        training=training, to_status="running", actor=world.admin, note="nilai salah"
    )
    member.refresh_from_db()
    assert member.trained_on is None


def test_certificates_numbered_once_and_only_to_who_completed(world):
    training = make_training(world)
    sessions = make_sessions(world, training, count=1)
    members = make_members(world.village, 3)
    for member in members:
        services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    enrolments = list(Enrolment.objects.filter(training=training).order_by("member__name"))
    services.mark_attendance(
        session=sessions[0], marks={e.pk: "hadir" for e in enrolments}, actor=world.admin
    )
    services.set_scores(
        training=training,
        scores={enrolments[0].pk: (10, 70), enrolments[1].pk: (10, 80), enrolments[2].pk: (10, 20)},
        actor=world.admin,
    )
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.issue_certificates(training=training, actor=world.admin)
    services.transition_training(training=training, to_status="finished", actor=world.admin)
    issued = services.issue_certificates(
        training=training, actor=world.admin, on=dt.date(2026, 3, 13)
    )
    assert [c.serial for c in issued] == [1, 2]
    assert [c.number for c in issued] == ["1/SERT-LINMAS/2026", "2/SERT-LINMAS/2026"]
    assert services.issue_certificates(training=training, actor=world.admin) == []
    revoked = services.revoke_certificate(
        certificate=issued[0], reason="data peserta keliru", actor=world.admin
    )
    assert revoked.is_revoked
    again = services.issue_certificates(
        training=training, actor=world.admin, on=dt.date(2026, 3, 14)
    )
    assert [c.serial for c in again] == [3]
