"""Sessions of a training: add, change and remove them (completion is recounted with them)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, save_changes, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.formatting import format_date_id
from sitrantib.trainings.models import AttendanceMark, Training, TrainingSession
from sitrantib.trainings.services.common import require_manager
from sitrantib.trainings.services.completion import recompute_completion

ERR_SESSION_DATE = gettext_noop("Tanggal sesi harus di antara %(start)s dan %(end)s.")
ERR_SESSION_OUTSIDE = gettext_noop("Sesi ini bukan sesi pelatihan tersebut.")

ERR_INSTRUCTOR_DISTRICT = gettext_noop(
    "Instruktur harus dari daftar instruktur kecamatan penyelenggara."
)

ERR_HAS_MARKS = gettext_noop(
    "Sesi ini sudah mempunyai catatan kehadiran; hapus catatannya dulu atau ubah sesinya saja."
)


def _check_session(training: Training, data: Mapping[str, Any]) -> None:
    date = data.get("date")
    if date is not None and not training.starts_on <= date <= training.ends_on:
        raise ValidationError(
            {
                "date": _(ERR_SESSION_DATE)
                % {
                    "start": format_date_id(training.starts_on),
                    "end": format_date_id(training.ends_on),
                }
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
