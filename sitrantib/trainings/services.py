"""Writes of the trainings module: every change checked, saved and audited here (docs/adr/0060).

Views, the API and commands call these functions; none of them saves a model itself.
"""

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, save_changes, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.scoping import scope_of
from sitrantib.core.workflow import Attempt, Move, Workflow, apply_transition
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import Member
from sitrantib.linmas.services import record_trained
from sitrantib.meetings.services import allocate_letter_number
from sitrantib.regions.models import District, Institution, Village
from sitrantib.trainings import selectors
from sitrantib.trainings.access import can_manage
from sitrantib.trainings.enums import (
    COUNTED_STATUSES,
    ENROLLING_STATUSES,
    RECORDING_STATUSES,
    AttendanceStatus,
    EnrolmentMethod,
    TrainingStatus,
)
from sitrantib.trainings.models import (
    DEFAULT_CERTIFICATE_PATTERN,
    AttendanceMark,
    Certificate,
    CertificateSerial,
    Enrolment,
    Instructor,
    Training,
    TrainingSession,
    TrainingSettings,
)

ERR_NOT_MANAGER = gettext_noop(
    "Hanya admin Seksi Trantib kecamatan ini yang dapat mengelola pelatihan."
)
ERR_CAPACITY = gettext_noop(
    "Kapasitas pelatihan %(capacity)s peserta sudah terpenuhi; "
    "%(asked)s peserta tidak dapat ditambahkan."
)
ERR_CAPACITY_BELOW = gettext_noop(
    "Kapasitas tidak boleh kurang dari jumlah peserta yang sudah terdaftar (%(count)s)."
)
ERR_QUOTA = gettext_noop("Kuota desa %(village)s (%(quota)s peserta) sudah terpenuhi.")
ERR_NOT_ACTIVE = gettext_noop(
    "%(name)s tidak berstatus aktif; hanya anggota aktif yang dapat mengikuti pelatihan."
)
ERR_OTHER_DISTRICT = gettext_noop(
    "%(name)s bukan anggota LINMAS kecamatan penyelenggara pelatihan."
)
ERR_ALREADY_ENROLLED = gettext_noop("%(name)s sudah terdaftar pada pelatihan ini.")
ERR_NOT_ENROLLING = gettext_noop("Peserta tidak dapat diubah pada pelatihan berstatus %(status)s.")
ERR_NOT_RECORDING = gettext_noop(
    "Kehadiran dan nilai hanya dapat dicatat ketika pelatihan berlangsung atau selesai "
    "(status sekarang: %(status)s)."
)
ERR_SESSION_DATE = gettext_noop("Tanggal sesi harus di antara %(start)s dan %(end)s.")
ERR_SESSION_OUTSIDE = gettext_noop("Sesi ini bukan sesi pelatihan tersebut.")
ERR_NOT_PARTICIPANT = gettext_noop("Anggota ini bukan peserta pelatihan tersebut.")
ERR_INSTRUCTOR_DISTRICT = gettext_noop(
    "Instruktur harus dari daftar instruktur kecamatan penyelenggara."
)
ERR_INSTITUTION_DISTRICT = gettext_noop("Instansi harus dari daftar instansi kecamatan ini.")
ERR_NO_INSTRUCTOR = gettext_noop("Tetapkan instruktur sesi ini sebelum membuat surat tugas.")
ERR_ALREADY_ASSIGNED = gettext_noop("Surat tugas sesi ini sudah bernomor %(number)s.")
ERR_NO_SESSIONS = gettext_noop("Pelatihan belum mempunyai sesi.")
ERR_NOT_FINISHED = gettext_noop("Sertifikat hanya diterbitkan untuk pelatihan yang sudah selesai.")
ERR_NOT_COMPLETED = gettext_noop("%(name)s belum memenuhi syarat kelulusan: %(reason)s.")
ERR_ALREADY_REVOKED = gettext_noop("Sertifikat ini sudah dicabut.")
ERR_REASON_REQUIRED = gettext_noop("Alasan pencabutan wajib diisi.")
ERR_BUDGET_DISTRICT = gettext_noop("Mata anggaran harus milik kecamatan penyelenggara.")
ERR_ACTIVITY_DISTRICT = gettext_noop(
    "Kegiatan rencana harus dari rencana kerja kecamatan penyelenggara."
)
ERR_PATTERN = gettext_noop(
    "Pola nomor harus memuat {serial} dan hanya bagian {serial}, {year}, {kind}, {unit_code}."
)
ERR_SCORES_STALE = gettext_noop(
    "Nilai %(name)s telah diubah orang lain sejak halaman ini dibuka; muat ulang halaman, "
    "lalu isi lagi."
)
ERR_SCORE = gettext_noop("Nilai harus bilangan bulat 0 sampai 100.")
ERR_HAS_MARKS = gettext_noop(
    "Sesi ini sudah mempunyai catatan kehadiran; hapus catatannya dulu atau ubah sesinya saja."
)
ERR_HAS_CERTIFICATE = gettext_noop("%(name)s sudah mempunyai sertifikat; cabut dulu sertifikatnya.")
WARN_TRAINED_THIS_YEAR = gettext_noop("%(name)s sudah lulus %(kind)s tahun %(year)s.")

TOKENS = ("{serial}", "{year}", "{kind}", "{unit_code}")


@dataclass
class EnrolResult:
    """What an enrolment did: who was added, and the warnings to show (never refusals)."""

    added: list[Enrolment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def require_manager(actor: User, district_code: str) -> None:
    if not can_manage(scope_of(actor), district_code):
        raise PermissionDenied(_(ERR_NOT_MANAGER))


# Settings ----------------------------------------------------------------------------------------


def settings_for(district: District | str) -> TrainingSettings:
    code = district if isinstance(district, str) else district.pk
    found = TrainingSettings.objects.filter(district_id=code).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return TrainingSettings.objects.create(district_id=code)
    except IntegrityError:
        return TrainingSettings.objects.get(district_id=code)


def check_pattern(pattern: str) -> None:
    rest = pattern
    for token in TOKENS:
        rest = rest.replace(token, "")
    if "{serial}" not in pattern or "{" in rest or "}" in rest:
        raise ValidationError({"certificate_pattern": _(ERR_PATTERN)})


@transaction.atomic
def update_settings(
    *,
    district: District,
    changes: Mapping[str, Any],
    actor: User,
    expected_version: int | None = None,
) -> TrainingSettings:
    require_manager(actor, district.pk)
    if "certificate_pattern" in changes:
        check_pattern(changes["certificate_pattern"])
    found = settings_for(district)
    save_changes(found, changes, actor=actor, expected_version=expected_version)
    return found


# Instructors -------------------------------------------------------------------------------------


def _check_institution(institution: Institution | None, district_code: str) -> None:
    if institution is not None and institution.district_id != district_code:
        raise ValidationError({"institution": _(ERR_INSTITUTION_DISTRICT)})


@transaction.atomic
def create_instructor(*, district: District, data: Mapping[str, Any], actor: User) -> Instructor:
    require_manager(actor, district.pk)
    _check_institution(data.get("institution"), district.pk)
    return save_new(Instructor(district=district, **data), actor=actor)


@transaction.atomic
def update_instructor(
    *,
    instructor: Instructor,
    changes: Mapping[str, Any],
    actor: User,
    expected_version: int | None = None,
) -> Instructor:
    require_manager(actor, instructor.district_id)
    if "institution" in changes:
        _check_institution(changes["institution"], instructor.district_id)
    save_changes(instructor, changes, actor=actor, expected_version=expected_version)
    return instructor


# Trainings ---------------------------------------------------------------------------------------


def _check_links(district_code: str, data: Mapping[str, Any]) -> None:
    line = data.get("budget_line")
    if line is not None and line.district_id != district_code:
        raise ValidationError({"budget_line": _(ERR_BUDGET_DISTRICT)})
    activity = data.get("planned_activity")
    if activity is not None and activity.plan.district_id != district_code:
        raise ValidationError({"planned_activity": _(ERR_ACTIVITY_DISTRICT)})


@transaction.atomic
def create_training(*, district: District, data: Mapping[str, Any], actor: User) -> Training:
    """A new training in draft (audited). `data`: the model's editable fields."""
    require_manager(actor, district.pk)
    _check_links(district.pk, data)
    values = {k: v for k, v in data.items() if k not in {"status", "district"}}
    return save_new(Training(district=district, **values), actor=actor)


RULE_FIELDS = frozenset({"min_attendance_percent", "min_post_score"})


@transaction.atomic
def update_training(
    *,
    training: Training,
    changes: Mapping[str, Any],
    actor: User,
    expected_version: int | None = None,
) -> Training:
    """Change a training's details (not its status: `transition_training`). A changed completion
    rule recomputes every participant's completion; the capacity may not drop below the number
    already enrolled; session dates must stay within the new dates."""
    require_manager(actor, training.district_id)
    changes = {k: v for k, v in changes.items() if k not in {"status", "district"}}
    _check_links(training.district_id, changes)
    if "capacity" in changes:
        count = Enrolment.objects.filter(training=training).count()
        if changes["capacity"] is not None and changes["capacity"] < count:
            raise ValidationError({"capacity": _(ERR_CAPACITY_BELOW) % {"count": count}})
    start = changes.get("starts_on", training.starts_on)
    end = changes.get("ends_on", training.ends_on)
    if start and end and start <= end:
        outside = TrainingSession.objects.filter(training=training).exclude(
            date__range=(start, end)
        )
        if outside.exists():
            message = _(ERR_SESSION_DATE) % {"start": _date(start), "end": _date(end)}
            raise ValidationError({"starts_on": message})
    rule_changed = any(
        name in changes and changes[name] != getattr(training, name) for name in RULE_FIELDS
    )
    save_changes(training, changes, actor=actor, expected_version=expected_version)
    if rule_changed:
        recompute_completion(training)
    return training


def _date(value: dt.date) -> str:
    from sitrantib.core.formatting import format_date_id

    return format_date_id(value)


def _has_sessions(training: Training, attempt: Attempt) -> str | None:
    if not TrainingSession.objects.filter(training=training).exists():
        return _(ERR_NO_SESSIONS)
    return None


TRAINING_WORKFLOW = Workflow(
    labels=TrainingStatus,
    moves=(
        Move(TrainingStatus.DRAFT, TrainingStatus.OPEN),
        Move(TrainingStatus.DRAFT, TrainingStatus.CANCELLED, needs_note=True),
        Move(TrainingStatus.OPEN, TrainingStatus.DRAFT),
        Move(TrainingStatus.OPEN, TrainingStatus.RUNNING, check=_has_sessions),
        Move(TrainingStatus.OPEN, TrainingStatus.CANCELLED, needs_note=True),
        Move(TrainingStatus.RUNNING, TrainingStatus.FINISHED, check=_has_sessions),
        Move(TrainingStatus.RUNNING, TrainingStatus.OPEN, needs_note=True),
        Move(TrainingStatus.FINISHED, TrainingStatus.REPORTED),
        Move(TrainingStatus.FINISHED, TrainingStatus.RUNNING, needs_note=True),
        Move(TrainingStatus.REPORTED, TrainingStatus.FINISHED, needs_note=True),
        Move(TrainingStatus.CANCELLED, TrainingStatus.DRAFT, needs_note=True),
    ),
    note_field="status_note",
    date_field="status_date",
)


def transition_training(
    *,
    training: Training,
    to_status: str,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
) -> Training:
    """Move a training along TRAINING_WORKFLOW (one audit entry). Running and finished need at
    least one session; going back, or cancelling, needs a note. Entering or leaving a finished
    state updates who counts as trained (the register's readiness)."""
    require_manager(actor, training.district_id)
    before = training.status
    with transaction.atomic():
        moved = apply_transition(
            workflow=TRAINING_WORKFLOW,
            instance=training,
            target=to_status,
            actor=actor,
            note=note,
            expected_version=expected_version,
        )
        if (before in COUNTED_STATUSES) != (moved.status in COUNTED_STATUSES):
            sync_trained(training)
    return moved


# Sessions ----------------------------------------------------------------------------------------


def _check_session(training: Training, data: Mapping[str, Any]) -> None:
    date = data.get("date")
    if date is not None and not training.starts_on <= date <= training.ends_on:
        raise ValidationError(
            {
                "date": _(ERR_SESSION_DATE)
                % {"start": _date(training.starts_on), "end": _date(training.ends_on)}
            }
        )
    instructor = data.get("instructor")
    if instructor is not None and instructor.district_id != training.district_id:
        raise ValidationError({"instructor": _(ERR_INSTRUCTOR_DISTRICT)})


@transaction.atomic
def add_session(*, training: Training, data: Mapping[str, Any], actor: User) -> TrainingSession:
    """A session (audited); every participant's completion is recounted (one more session)."""
    require_manager(actor, training.district_id)
    _check_session(training, data)
    values = {k: v for k, v in data.items() if k not in {"assignment_number", "assignment_date"}}
    session = save_new(TrainingSession(training=training, **values), actor=actor)
    recompute_completion(training)
    return session


@transaction.atomic
def update_session(
    *,
    session: TrainingSession,
    changes: Mapping[str, Any],
    actor: User,
    expected_version: int | None = None,
) -> TrainingSession:
    training = session.training
    require_manager(actor, training.district_id)
    _check_session(training, changes)
    changes = {
        k: v
        for k, v in changes.items()
        if k not in {"assignment_number", "assignment_date", "training"}
    }
    if (
        "instructor" in changes
        and changes["instructor"] != session.instructor
        and session.assignment_number
    ):
        # A new instructor needs a new letter: the old number stays in the audit log.
        changes = {**changes, "assignment_number": "", "assignment_date": None}
    save_changes(session, changes, actor=actor, expected_version=expected_version)
    return session


@transaction.atomic
def delete_session(*, session: TrainingSession, actor: User) -> None:
    """Remove a session without attendance marks (audited); completion is recounted."""
    training = session.training
    require_manager(actor, training.district_id)
    if AttendanceMark.objects.filter(session=session).exists():
        raise ValidationError(_(ERR_HAS_MARKS))
    record_change(
        actor=actor, action=AuditAction.DELETE, instance=session, before=snapshot(session)
    )
    session.delete()
    recompute_completion(training)


@transaction.atomic
def issue_assignment(
    *, session: TrainingSession, actor: User, letter_date: dt.date | None = None
) -> TrainingSession:
    """Give the instructor's assignment letter (surat tugas) of a session the office's next letter
    number (the meetings numbering, classification from TrainingSettings), once."""
    training = session.training
    require_manager(actor, training.district_id)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.instructor_id is None:
        raise ValidationError({"instructor": _(ERR_NO_INSTRUCTOR)})
    if session.assignment_number:
        raise ValidationError(_(ERR_ALREADY_ASSIGNED) % {"number": session.assignment_number})
    letter_date = letter_date or timezone.localdate()
    number = allocate_letter_number(
        district=training.district,
        classification=settings_for(training.district_id).assignment_classification,
        on=letter_date,
        actor=actor,
    )
    save_changes(
        session,
        {"assignment_number": number, "assignment_date": letter_date},
        actor=actor,
        lock=False,
    )
    return session


# Enrolment ---------------------------------------------------------------------------------------


def _lock_training(training: Training) -> Training:
    return Training.objects.select_for_update().get(pk=training.pk)


def _require_enrolling(training: Training) -> None:
    if training.status not in ENROLLING_STATUSES:
        raise ValidationError(
            _(ERR_NOT_ENROLLING) % {"status": TrainingStatus(training.status).label}
        )


def _check_capacity(training: Training, adding: int) -> None:
    count = Enrolment.objects.filter(training=training).count()
    if count + adding > training.capacity:
        raise ValidationError(
            {"member": _(ERR_CAPACITY) % {"capacity": training.capacity, "asked": adding}}
        )


def _quota_counts(training: Training) -> dict[str, int]:
    return dict(
        Enrolment.objects.filter(training=training)
        .values("village_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("village_id", "n")
    )


def _warnings_for(training: Training, members: Sequence[Member]) -> list[str]:
    year = training.starts_on.year
    trained = selectors.trained_in_kind(
        member_ids=[m.pk for m in members], kind_id=training.kind_id, year=year
    )
    return [
        _(WARN_TRAINED_THIS_YEAR) % {"name": m.name, "kind": training.kind.name, "year": year}
        for m in members
        if m.pk in trained
    ]


def _enrol_many(
    training: Training, members: Sequence[Member], *, actor: User, method: str
) -> EnrolResult:
    """Insert the enrolments in bulk with one audit entry per participant (no query per row)."""
    rows = [
        Enrolment(
            training=training,
            member=m,
            village_id=m.village_id,
            method=method,
            created_by=actor,
            updated_by=actor,
        )
        for m in members
    ]
    for row in rows:
        row.full_clean(
            exclude=["training", "member", "village"],
            validate_unique=False,
            validate_constraints=False,
        )
    created = Enrolment.objects.bulk_create(rows, batch_size=500)
    if not all(e.pk for e in created):  # SQLite before 3.35 gives no ids back
        created = list(
            Enrolment.objects.filter(training=training, member__in=[m.pk for m in members])
        )
    for enrolment in created:
        record_change(
            actor=actor,
            action=AuditAction.CREATE,
            instance=enrolment,
            after=snapshot(enrolment),
            note=str(EnrolmentMethod(method).label),
        )
    if created:
        recompute_completion(training, enrolment_ids=[e.pk for e in created])
    return EnrolResult(added=created, warnings=_warnings_for(training, members))


@transaction.atomic
def enrol_member(
    *, training: Training, member: Member, actor: User, method: str = EnrolmentMethod.MANUAL
) -> EnrolResult:
    """Enrol one active member of the training's kecamatan. Refuses a member who is not active,
    of another kecamatan or already enrolled, and one beyond the capacity or the desa quota
    (ValidationError under `member`). A member who already completed a training of the same kind
    this year is enrolled with a warning."""
    require_manager(actor, training.district_id)
    training = _lock_training(training)
    _require_enrolling(training)
    if member.status != MemberStatus.AKTIF:
        raise ValidationError({"member": _(ERR_NOT_ACTIVE) % {"name": member.name}})
    if member.village_id[:8] != training.district_id:
        raise ValidationError({"member": _(ERR_OTHER_DISTRICT) % {"name": member.name}})
    if Enrolment.objects.filter(training=training, member=member).exists():
        raise ValidationError({"member": _(ERR_ALREADY_ENROLLED) % {"name": member.name}})
    _check_capacity(training, 1)
    quota = training.village_quota
    if quota is not None and _quota_counts(training).get(member.village_id, 0) >= quota:
        raise ValidationError(
            {
                "member": _(ERR_QUOTA)
                % {"village": member.village.name, "quota": training.village_quota}
            }
        )
    return _enrol_many(training, [member], actor=actor, method=method)


def _eligible(training: Training) -> Any:
    """Active members of the training's kecamatan not yet enrolled in it."""
    return (
        Member.objects.filter(village__district=training.district_id, status=MemberStatus.AKTIF)
        .exclude(training_enrolments__training=training)
        .select_related("village")
    )


def _trained_in_kind_ever(training: Training) -> Any:
    return Enrolment.objects.filter(
        completed=True,
        training__kind_id=training.kind_id,
        training__status__in=sorted(COUNTED_STATUSES),
    ).values("member_id")


@transaction.atomic
def enrol_by_quota(
    *, training: Training, per_village: int, actor: User, village_codes: Iterable[str] | None = None
) -> EnrolResult:
    """Fill each desa (or `village_codes`) up to `per_village` participants with active members
    not yet trained in this kind, by name. All or nothing: refused when the total would pass the
    capacity."""
    require_manager(actor, training.district_id)
    training = _lock_training(training)
    _require_enrolling(training)
    counts = _quota_counts(training)
    candidates = _eligible(training).exclude(pk__in=_trained_in_kind_ever(training))
    if village_codes is not None:
        candidates = candidates.filter(village__in=list(village_codes))
    chosen: list[Member] = []
    taken: dict[str, int] = dict(counts)
    for member in candidates.order_by("village_id", "name", "pk"):
        if taken.get(member.village_id, 0) < per_village:
            taken[member.village_id] = taken.get(member.village_id, 0) + 1
            chosen.append(member)
    _check_capacity(training, len(chosen))
    return _enrol_many(training, chosen, actor=actor, method=EnrolmentMethod.QUOTA)


@transaction.atomic
def enrol_village(*, training: Training, village: Village, actor: User) -> EnrolResult:
    """Enrol every active member of one desa not yet trained in this kind. All or nothing."""
    require_manager(actor, training.district_id)
    training = _lock_training(training)
    _require_enrolling(training)
    if village.district_id != training.district_id:
        raise ValidationError({"village": _(ERR_OTHER_DISTRICT) % {"name": village.name}})
    chosen = list(
        _eligible(training)
        .filter(village=village)
        .exclude(pk__in=_trained_in_kind_ever(training))
        .order_by("name", "pk")
    )
    _check_capacity(training, len(chosen))
    if training.village_quota is not None:
        already = _quota_counts(training).get(village.pk, 0)
        if already + len(chosen) > training.village_quota:
            raise ValidationError(
                {
                    "village": _(ERR_QUOTA)
                    % {"village": village.name, "quota": training.village_quota}
                }
            )
    return _enrol_many(training, chosen, actor=actor, method=EnrolmentMethod.VILLAGE)


@transaction.atomic
def withdraw(*, enrolment: Enrolment, actor: User) -> None:
    """Remove a participant and their marks (audited); refused once they hold a certificate."""
    training = Training.objects.get(pk=enrolment.training_id)
    require_manager(actor, training.district_id)
    _require_enrolling(training)
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_(ERR_HAS_CERTIFICATE) % {"name": enrolment.member.name})
    record_change(
        actor=actor, action=AuditAction.DELETE, instance=enrolment, before=snapshot(enrolment)
    )
    member_id = enrolment.member_id
    enrolment.delete()
    if training.status in COUNTED_STATUSES:
        record_trained(selectors.last_trained_on([member_id]))


# Attendance and scores ---------------------------------------------------------------------------


def _require_recording(training: Training) -> None:
    if training.status not in RECORDING_STATUSES:
        raise ValidationError(
            _(ERR_NOT_RECORDING) % {"status": TrainingStatus(training.status).label}
        )


@transaction.atomic
def mark_attendance(*, session: TrainingSession, marks: Mapping[int, str], actor: User) -> int:
    """Record attendance of one session: enrolment id -> hadir/izin/sakit/alpa. Marking again
    replaces the mark. One audit entry per mark that changed; completion recounted once. Returns
    the number of marks changed. Refuses an enrolment of another training and an unknown status."""
    training = Training.objects.get(pk=session.training_id)
    require_manager(actor, training.district_id)
    _require_recording(training)
    valid = set(AttendanceStatus.values)
    bad = [status for status in marks.values() if status not in valid]
    if bad:
        raise ValidationError(
            {"status": _("Status kehadiran tidak dikenal: %(value)s.") % {"value": bad[0]}}
        )
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(training=training, pk__in=list(marks)).select_related(
            "member"
        )
    }
    if len(enrolments) != len(set(marks)):
        raise ValidationError({"member": _(ERR_NOT_PARTICIPANT)})
    existing = {
        m.enrolment_id: m
        for m in AttendanceMark.objects.filter(session=session, enrolment_id__in=list(marks))
    }
    new_rows, changed_rows = [], []
    for enrolment_id, status in marks.items():
        mark = existing.get(enrolment_id)
        if mark is None:
            new_rows.append(
                AttendanceMark(
                    session=session, enrolment_id=enrolment_id, status=status, marked_by=actor
                )
            )
        elif mark.status != status:
            record_change(
                actor=actor,
                action=AuditAction.UPDATE,
                object_type="trainings.attendancemark",
                object_id=str(mark.pk),
                object_repr=f"{enrolments[enrolment_id].member.name} · {session}",
                before={"status": mark.status},
                after={"status": status},
                district_code=training.district_id,
            )
            mark.status, mark.marked_by = status, actor
            changed_rows.append(mark)
    if new_rows:
        AttendanceMark.objects.bulk_create(new_rows, batch_size=500)
        for row in new_rows:
            record_change(
                actor=actor,
                action=AuditAction.CREATE,
                object_type="trainings.attendancemark",
                object_id=f"{session.pk}:{row.enrolment_id}",
                object_repr=f"{enrolments[row.enrolment_id].member.name} · {session}",
                after={"status": row.status},
                district_code=training.district_id,
            )
    if changed_rows:
        now = timezone.now()
        for row in changed_rows:
            row.marked_at = now
        AttendanceMark.objects.bulk_update(
            changed_rows, ["status", "marked_by", "marked_at"], batch_size=500
        )
    if new_rows or changed_rows:
        recompute_completion(training, enrolment_ids=list(marks))
    return len(new_rows) + len(changed_rows)


def _score(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(_(ERR_SCORE))
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_(ERR_SCORE)) from exc
    if str(number) != str(value).strip() and not isinstance(value, int):
        raise ValidationError(_(ERR_SCORE))
    if not 0 <= number <= 100:
        raise ValidationError(_(ERR_SCORE))
    return number


@transaction.atomic
def set_scores(
    *,
    training: Training,
    scores: Mapping[int, tuple[Any, Any]],
    actor: User,
    expected_versions: Mapping[int, int] | None = None,
) -> int:
    """Record pre- and post-test scores: enrolment id -> (pre, post), each 0-100 or empty. One
    audit entry per participant whose scores changed; completion recounted once.

    `expected_versions` (enrolment id -> the version the user opened) refuses, all or nothing, a
    change to a participant whose scores someone else saved in the meantime (no lost edit)."""
    training = Training.objects.get(pk=training.pk)
    require_manager(actor, training.district_id)
    _require_recording(training)
    errors: dict[str, list[str]] = {}
    parsed: dict[int, tuple[int | None, int | None]] = {}
    for pk, (pre, post) in scores.items():
        try:
            parsed[pk] = (_score(pre), _score(post))
        except ValidationError as exc:
            errors.setdefault(f"score-{pk}", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    enrolments = list(
        Enrolment.objects.filter(training=training, pk__in=list(parsed))
        .select_related("member")
        .select_for_update(of=("self",))
    )
    if len(enrolments) != len(parsed):
        raise ValidationError({"member": _(ERR_NOT_PARTICIPANT)})
    stale = {
        f"score-{e.pk}": [_(ERR_SCORES_STALE) % {"name": e.member.name}]
        for e in enrolments
        if expected_versions is not None
        and e.pk in expected_versions
        and expected_versions[e.pk] != e.version
        and (e.pre_score, e.post_score) != parsed[e.pk]
    }
    if stale:
        raise ValidationError(stale)
    changed = []
    for enrolment in enrolments:
        pre, post = parsed[enrolment.pk]
        if (enrolment.pre_score, enrolment.post_score) == (pre, post):
            continue
        before = {"pre_score": enrolment.pre_score, "post_score": enrolment.post_score}
        enrolment.pre_score, enrolment.post_score = pre, post
        enrolment.updated_by = actor
        enrolment.version += 1
        changed.append(enrolment)
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=enrolment,
            before=before,
            after={"pre_score": pre, "post_score": post},
        )
    if changed:
        Enrolment.objects.bulk_update(
            changed,
            ["pre_score", "post_score", "updated_by", "version", "updated_at"],
            batch_size=500,
        )
        recompute_completion(training, enrolment_ids=[e.pk for e in changed])
    return len(changed)


# Completion --------------------------------------------------------------------------------------


def recompute_completion(training: Training, enrolment_ids: Sequence[int] | None = None) -> int:
    """Store the completion of the participants (or of all when `enrolment_ids` is None) as the
    rule computes it now (selectors.fresh_completion); a handful of queries whatever the count.
    When the training already counts (finished or reported), the register learns who is trained.
    Returns the number of participants whose completion changed."""
    fresh = selectors.fresh_completion(training)
    ids = set(fresh) if enrolment_ids is None else set(enrolment_ids) & set(fresh)
    if not ids:
        return 0
    rows = list(Enrolment.objects.filter(pk__in=sorted(ids)))
    changed = []
    for row in rows:
        attended, completed, percent, reason = fresh[row.pk]
        if (
            row.attended_sessions,
            row.completed,
            row.attendance_percent,
            row.completion_reason,
        ) != (attended, completed, percent, reason):
            row.attended_sessions, row.completed = attended, completed
            row.attendance_percent, row.completion_reason = percent, reason
            changed.append(row)
    if changed:
        Enrolment.objects.bulk_update(
            changed,
            ["attended_sessions", "completed", "attendance_percent", "completion_reason"],
            batch_size=500,
        )
        status = Training.objects.filter(pk=training.pk).values_list("status", flat=True).first()
        if status in COUNTED_STATUSES:
            record_trained(selectors.last_trained_on([row.member_id for row in changed]))
    return len(changed)


def sync_trained(training: Training) -> None:
    """Tell the register who of this training's participants is trained now."""
    member_ids = list(
        Enrolment.objects.filter(training=training).values_list("member_id", flat=True)
    )
    record_trained(selectors.last_trained_on(member_ids))


# Certificates ------------------------------------------------------------------------------------


def render_number(pattern: str, *, serial: int, year: int, kind: str, unit_code: str) -> str:
    text = (
        pattern.replace("{serial}", str(serial))
        .replace("{year}", str(year))
        .replace("{kind}", kind.upper())
        .replace("{unit_code}", unit_code)
    )
    # An empty unit code leaves no empty part behind ("12/SERT-LINMAS//2026").
    while "//" in text:
        text = text.replace("//", "/")
    return text.strip("/")


def _next_serial(district_code: str, year: int) -> int:
    CertificateSerial.objects.get_or_create(district_id=district_code, year=year)
    serial = CertificateSerial.objects.select_for_update().get(district_id=district_code, year=year)
    serial.last_serial += 1
    serial.save(update_fields=["last_serial"])
    return serial.last_serial


@transaction.atomic
def issue_certificates(
    *,
    training: Training,
    actor: User,
    on: dt.date | None = None,
    enrolment_ids: Sequence[int] | None = None,
) -> list[Certificate]:
    """Number and issue a certificate to every participant who completed and holds none in force
    (or to `enrolment_ids` only). The yearly serial row is locked, so numbers have no gap and no
    duplicate even when two people issue at once; a second call issues nothing twice.
    Refuses a training not finished (ValidationError) and, for `enrolment_ids`, anyone who did not
    complete."""
    require_manager(actor, training.district_id)
    training = _lock_training(training)
    if training.status not in COUNTED_STATUSES:
        raise ValidationError(_(ERR_NOT_FINISHED))
    on = on or timezone.localdate()
    qs = Enrolment.objects.filter(training=training).select_related("member")
    if enrolment_ids is not None:
        qs = qs.filter(pk__in=list(enrolment_ids))
        for enrolment in qs:
            if not enrolment.completed:
                raise ValidationError(
                    _(ERR_NOT_COMPLETED)
                    % {"name": enrolment.member.name, "reason": enrolment.completion_reason}
                )
    holders = set(
        Certificate.objects.filter(
            enrolment__training=training, revoked_at__isnull=True
        ).values_list("enrolment_id", flat=True)
    )
    pending = [
        e
        for e in qs.filter(completed=True).order_by("village__name", "member__name", "pk")
        if e.pk not in holders
    ]
    if not pending:
        return []
    conf = settings_for(training.district_id)
    pattern = conf.certificate_pattern or DEFAULT_CERTIFICATE_PATTERN
    issued = []
    for enrolment in pending:
        serial = _next_serial(training.district_id, on.year)
        certificate = Certificate(
            enrolment=enrolment,
            serial=serial,
            year=on.year,
            issued_on=on,
            number=render_number(
                pattern,
                serial=serial,
                year=on.year,
                kind=training.kind.code,
                unit_code=conf.unit_code,
            ),
            verification_code=secrets.token_urlsafe(12),
        )
        issued.append(save_new(certificate, actor=actor))
    return issued


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, reason: str, actor: User) -> Certificate:
    """Revoke with a reason (audited); the verification page then says revoked."""
    require_manager(actor, certificate.enrolment.training.district_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _(ERR_REASON_REQUIRED)})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_(ERR_ALREADY_REVOKED))
    save_changes(
        certificate,
        {"revoked_at": timezone.now(), "revoke_reason": reason},
        actor=actor,
        note=reason,
        lock=False,
    )
    return certificate
