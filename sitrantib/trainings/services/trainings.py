"""Trainings themselves: create, change the details, and move the status along TRAINING_WORKFLOW."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.formatting import format_date_id
from sitrantib.core.workflow import Attempt, Move, Workflow, apply_transition
from sitrantib.regions.models import District
from sitrantib.trainings.enums import COUNTED_STATUSES, TrainingStatus
from sitrantib.trainings.models import Enrolment, Training, TrainingSession
from sitrantib.trainings.services.common import require_manager
from sitrantib.trainings.services.completion import recompute_completion, sync_trained
from sitrantib.trainings.services.sessions import ERR_SESSION_DATE

ERR_CAPACITY_BELOW = gettext_noop(
    "Kapasitas tidak boleh kurang dari jumlah peserta yang sudah terdaftar (%(count)s)."
)

ERR_NO_SESSIONS = gettext_noop("Pelatihan belum mempunyai sesi.")

ERR_BUDGET_DISTRICT = gettext_noop("Mata anggaran harus milik kecamatan penyelenggara.")
ERR_ACTIVITY_DISTRICT = gettext_noop(
    "Kegiatan rencana harus dari rencana kerja kecamatan penyelenggara."
)


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
            message = _(ERR_SESSION_DATE) % {
                "start": format_date_id(start),
                "end": format_date_id(end),
            }
            raise ValidationError({"starts_on": message})
    rule_changed = any(
        name in changes and changes[name] != getattr(training, name) for name in RULE_FIELDS
    )
    save_changes(training, changes, actor=actor, expected_version=expected_version)
    if rule_changed:
        recompute_completion(training)
    return training


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
