"""Completion of the participants as the training's rule computes it, and who the LINMAS
register counts as trained.
"""

from collections.abc import Sequence

from sitrantib.linmas.services import record_trained
from sitrantib.trainings import selectors
from sitrantib.trainings.enums import COUNTED_STATUSES
from sitrantib.trainings.models import Enrolment, Training


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
