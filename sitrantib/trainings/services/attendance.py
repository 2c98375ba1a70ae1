"""Attendance marks of each session and the pre- and post-test scores of each participant."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.trainings.enums import RECORDING_STATUSES, AttendanceStatus, TrainingStatus
from sitrantib.trainings.models import AttendanceMark, Enrolment, Training, TrainingSession
from sitrantib.trainings.services.common import require_manager
from sitrantib.trainings.services.completion import recompute_completion

ERR_NOT_RECORDING = gettext_noop(
    "Kehadiran dan nilai hanya dapat dicatat ketika pelatihan berlangsung atau selesai "
    "(status sekarang: %(status)s)."
)

ERR_NOT_PARTICIPANT = gettext_noop("Anggota ini bukan peserta pelatihan tersebut.")

ERR_SCORES_STALE = gettext_noop(
    "Nilai %(name)s telah diubah orang lain sejak halaman ini dibuka; muat ulang halaman, "
    "lalu isi lagi."
)
ERR_SCORE = gettext_noop("Nilai harus bilangan bulat 0 sampai 100.")


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
