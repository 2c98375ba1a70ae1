"""Services of the trainings module: who may write, enrolment rules, sessions, letters, the audit
log, certificate numbers under concurrency, and queries that do not grow with participants."""

import datetime as dt
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from sitrantib.core.models import AuditEntry
from sitrantib.trainings import selectors, services
from sitrantib.trainings.models import AttendanceMark, Certificate, Enrolment, Training
from sitrantib.trainings.tests.factories import (
    make_instructor,
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db


def test_only_the_kecamatan_administrator_runs_trainings(world):
    for user in (world.camat, world.staff, world.operator, world.partner, world.outsider):
        with pytest.raises(PermissionDenied):
            make_training(world, actor=user)
    training = make_training(world)
    assert training.status == "draft"
    assert (
        AuditEntry.objects.filter(
            object_type="trainings.training", object_id=str(training.pk)
        ).count()
        == 1
    )


def test_readers_see_trainings_of_their_kecamatan_partner_only_where_it_teaches(world):
    training = make_training(world)
    assert list(selectors.trainings_visible_to(user=world.camat)) == [training]
    assert list(selectors.trainings_visible_to(user=world.operator)) == [training]
    assert list(selectors.trainings_visible_to(user=world.outsider)) == []
    assert list(selectors.trainings_visible_to(user=world.partner)) == []
    make_sessions(world, training, count=1, instructor=make_instructor(world))
    assert list(selectors.trainings_visible_to(user=world.partner)) == [training]


def test_village_operator_sees_only_its_desa_participants(world):
    training = make_training(world)
    for member in make_members(world.village, 2) + make_members(world.sibling_village, 3):
        services.enrol_member(training=training, member=member, actor=world.admin)
    from sitrantib.core.scoping import scope_of

    seen = selectors.enrolments_in_scope(training=training, scope=scope_of(world.operator))
    assert {e.village_id for e in seen} == {world.village.pk}
    assert seen.count() == 2
    assert (
        selectors.enrolments_in_scope(training=training, scope=scope_of(world.partner)).count() == 0
    )


def test_member_of_another_kecamatan_and_double_enrolment_are_refused(world):
    training = make_training(world)
    foreign = make_members(world.foreign_village, 1)[0]
    with pytest.raises(ValidationError, match="bukan anggota LINMAS kecamatan"):
        services.enrol_member(training=training, member=foreign, actor=world.admin)
    member = make_members(world.village, 1)[0]
    services.enrol_member(training=training, member=member, actor=world.admin)
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        services.enrol_member(training=training, member=member, actor=world.admin)


def test_village_quota_limits_each_desa(world):
    training = make_training(world, village_quota=2)
    members = make_members(world.village, 3)
    services.enrol_member(training=training, member=members[0], actor=world.admin)
    services.enrol_member(training=training, member=members[1], actor=world.admin)
    with pytest.raises(ValidationError, match="Kuota desa Darungan"):
        services.enrol_member(training=training, member=members[2], actor=world.admin)


def test_enrol_by_quota_fills_each_desa_and_is_all_or_nothing(world):
    make_members(world.village, 20)
    make_members(world.sibling_village, 5)
    training = make_training(world, capacity=20)
    result = services.enrol_by_quota(training=training, per_village=15, actor=world.admin)
    counts = dict(
        Enrolment.objects.filter(training=training)
        .values("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    assert counts == {world.village.pk: 15, world.sibling_village.pk: 5}
    assert len(result.added) == 20
    small = make_training(world, capacity=10, title="Kecil")
    with pytest.raises(ValidationError, match="Kapasitas"):
        services.enrol_by_quota(training=small, per_village=15, actor=world.admin)
    assert Enrolment.objects.filter(training=small).count() == 0


def test_enrol_village_takes_active_members_not_yet_trained_in_this_kind(world):
    members = make_members(world.village, 4)
    members[3].status = "nonaktif"
    members[3].save()
    first = make_training(world, title="Dasar I")
    sessions = make_sessions(world, first, count=1)
    services.enrol_member(training=first, member=members[0], actor=world.admin)
    first = run_training(world, first)
    enrolment = Enrolment.objects.get(training=first)
    services.mark_attendance(session=sessions[0], marks={enrolment.pk: "hadir"}, actor=world.admin)
    services.set_scores(training=first, scores={enrolment.pk: (60, 90)}, actor=world.admin)
    services.transition_training(training=first, to_status="finished", actor=world.admin)

    second = make_training(
        world, title="Dasar II", starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 6, 2)
    )
    result = services.enrol_village(training=second, village=world.village, actor=world.admin)
    assert sorted(e.member_id for e in result.added) == sorted([members[1].pk, members[2].pk])
    # By hand the trained member may still be enrolled, with a warning.
    again = services.enrol_member(training=second, member=members[0], actor=world.admin)
    assert again.warnings == [f"{members[0].name} sudah lulus Pelatihan Dasar tahun 2026."]


def test_enrolment_closes_once_finished(world):
    training = make_training(world)
    make_sessions(world, training, count=1)
    training = run_training(world, training)
    services.transition_training(training=training, to_status="finished", actor=world.admin)
    member = make_members(world.village, 1)[0]
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.enrol_member(training=training, member=member, actor=world.admin)


def test_attendance_refused_before_the_training_runs_and_for_strangers(world):
    training = make_training(world)
    sessions = make_sessions(world, training, count=1)
    member = make_members(world.village, 1)[0]
    services.enrol_member(training=training, member=member, actor=world.admin)
    enrolment = Enrolment.objects.get(training=training)
    with pytest.raises(ValidationError, match="berlangsung atau selesai"):
        services.mark_attendance(
            session=sessions[0], marks={enrolment.pk: "hadir"}, actor=world.admin
        )
    training = run_training(world, training)
    with pytest.raises(ValidationError, match="bukan peserta"):
        services.mark_attendance(
            session=sessions[0], marks={enrolment.pk + 999: "hadir"}, actor=world.admin
        )
    with pytest.raises(ValidationError, match="tidak dikenal"):
        services.mark_attendance(
            session=sessions[0], marks={enrolment.pk: "terlambat"}, actor=world.admin
        )
    assert AttendanceMark.objects.count() == 0


@pytest.mark.parametrize("bad", [101, -1, "abc", "7.5", True])
def test_scores_outside_0_to_100_are_refused_and_nothing_saved(world, bad):
    training = make_training(world)
    make_sessions(world, training, count=1)
    members = make_members(world.village, 2)
    for member in members:
        services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    first, second = Enrolment.objects.filter(training=training).order_by("pk")
    with pytest.raises(ValidationError):
        services.set_scores(
            training=training, scores={first.pk: (50, 70), second.pk: (50, bad)}, actor=world.admin
        )
    assert list(
        Enrolment.objects.filter(training=training).values_list("post_score", flat=True)
    ) == [None, None]


def test_sessions_stay_within_the_training_dates_and_keep_marks(world):
    training = make_training(world)
    with pytest.raises(ValidationError, match="Tanggal sesi harus di antara"):
        make_sessions(world, training, count=1, date=dt.date(2026, 3, 20))
    sessions = make_sessions(world, training, count=1)
    with pytest.raises(ValidationError):
        services.update_training(
            training=training, changes={"starts_on": dt.date(2026, 3, 11)}, actor=world.admin
        )
    member = make_members(world.village, 1)[0]
    services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    enrolment = Enrolment.objects.get(training=training)
    services.mark_attendance(session=sessions[0], marks={enrolment.pk: "hadir"}, actor=world.admin)
    with pytest.raises(ValidationError, match="catatan kehadiran"):
        services.delete_session(session=sessions[0], actor=world.admin)


def test_assignment_letter_takes_the_office_number_once(world):
    training = make_training(world)
    session = make_sessions(world, training, count=1)[0]
    with pytest.raises(ValidationError, match="Tetapkan instruktur"):
        services.issue_assignment(session=session, actor=world.admin)
    services.update_session(
        session=session, changes={"instructor": make_instructor(world)}, actor=world.admin
    )
    numbered = services.issue_assignment(
        session=session, actor=world.admin, letter_date=dt.date(2026, 3, 1)
    )
    assert numbered.assignment_number == "800.1.11.1/1/2026"
    with pytest.raises(ValidationError, match="sudah bernomor"):
        services.issue_assignment(session=session, actor=world.admin)


def test_certificate_pattern_accepts_only_its_tokens(world):
    with pytest.raises(ValidationError):
        services.update_settings(
            district=world.district,
            changes={"certificate_pattern": "{year}/{bulan}"},
            actor=world.admin,
        )
    services.update_settings(
        district=world.district,
        changes={
            "certificate_pattern": "{serial}/{kind}/{unit_code}/{year}",
            "unit_code": "TRANTIB.YSW",
        },
        actor=world.admin,
    )
    assert (
        services.settings_for(world.district).certificate_pattern
        == "{serial}/{kind}/{unit_code}/{year}"
    )


def _finished_training(world, count, *, title="Pelatihan", sessions=3):
    training = make_training(world, title=title)
    made = make_sessions(world, training, count=sessions)
    members = make_members(world.village, count)
    services.enrol_by_quota(training=training, per_village=count, actor=world.admin)
    training = run_training(world, training)
    ids = list(Enrolment.objects.filter(training=training).values_list("pk", flat=True))
    for session in made:
        services.mark_attendance(
            session=session, marks=dict.fromkeys(ids, "hadir"), actor=world.admin
        )
    services.set_scores(training=training, scores=dict.fromkeys(ids, (50, 80)), actor=world.admin)
    training = services.transition_training(
        training=training, to_status="finished", actor=world.admin
    )
    return training, members


def test_recounting_completion_does_not_grow_with_participants(world):
    small, _ = _finished_training(world, 3, title="Kecil")
    large, _ = _finished_training(world, 60, title="Besar")
    counts = []
    for training in (small, large):
        with CaptureQueriesContext(connection) as queries:
            services.recompute_completion(Training.objects.get(pk=training.pk))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_training_of_180_over_3_sessions_computes_every_completion(world):
    training, _members = _finished_training(world, 180)
    assert Enrolment.objects.filter(training=training, completed=True).count() == 180
    assert selectors.trained_count(district_codes=[world.district.pk], year=2026) == 180
    # Three sessions on the training's three days, all attended: 180 x 3 days x Rp50.000.
    sheets = selectors.money_sheets(training)
    assert sheets.transport_total == Decimal(27_000_000)
    assert {row.days for row in sheets.transport} == {3}


@pytest.mark.django_db(transaction=True)
def test_certificates_issued_at_once_for_two_trainings_never_share_or_skip_a_number(world):
    first, _ = _finished_training(world, 8, title="Pertama", sessions=1)
    second, _ = _finished_training(world, 8, title="Kedua", sessions=1)
    errors: list[BaseException] = []

    def issue(training: Training) -> None:
        try:
            for _ in range(200):
                try:
                    services.issue_certificates(
                        training=training, actor=world.admin, on=dt.date(2026, 3, 20)
                    )
                    return
                except OperationalError as exc:  # SQLite's shared test database: "table is locked"
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
            raise TimeoutError
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(t,)) for t in (first, second, first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 17))
    assert Certificate.objects.values("enrolment").distinct().count() == 16


def test_scores_saved_by_someone_else_since_the_page_opened_are_not_overwritten(world):
    training = make_training(world)
    make_sessions(world, training, count=1)
    member = make_members(world.village, 1)[0]
    services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    enrolment = Enrolment.objects.get(training=training)
    opened = enrolment.version
    services.set_scores(training=training, scores={enrolment.pk: (40, 70)}, actor=world.admin)
    with pytest.raises(ValidationError, match="telah diubah orang lain"):
        services.set_scores(
            training=training,
            scores={enrolment.pk: (40, 90)},
            actor=world.admin,
            expected_versions={enrolment.pk: opened},
        )
    enrolment.refresh_from_db()
    assert enrolment.post_score == 70
    # Unchanged rows of a stale page are no conflict; the current version saves.
    assert (
        services.set_scores(
            training=training,
            scores={enrolment.pk: (40, 70)},
            actor=world.admin,
            expected_versions={enrolment.pk: opened},
        )
        == 0
    )
    assert (
        services.set_scores(
            training=training,
            scores={enrolment.pk: (40, 95)},
            actor=world.admin,
            expected_versions={enrolment.pk: enrolment.version},
        )
        == 1
    )
