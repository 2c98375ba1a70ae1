"""Follow-ups: assigning one and the one function that moves its status."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import record_change, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.meetings.enums import ActionStatus, Mover
from sitrantib.meetings.models import (
    ActionItem,
    ActionItemTransition,
    Decision,
    Institution,
    InstitutionPerson,
    Meeting,
)
from sitrantib.meetings.selectors import item_mover
from sitrantib.meetings.services.common import (
    ERR_DECISION_OTHER_MEETING,
    ERR_NOT_OWNER,
    ERR_PERSON_OTHER_INSTITUTION,
    check_due_date,
    check_institutions,
    require_admin,
)

ERR_TRANSITION = gettext_noop("Status tidak dapat diubah dari %(from)s ke %(to)s.")
ERR_TRANSITION_ROLE = gettext_noop(
    "Perubahan status dari %(from)s ke %(to)s hanya boleh dilakukan admin Seksi Trantib."
)
ERR_DONE_NEEDS_EVIDENCE = gettext_noop(
    "Tindak lanjut baru dapat diselesaikan setelah ada bukti (catatan, foto, atau dokumen)."
)
ERR_CANCEL_NEEDS_REASON = gettext_noop("Pembatalan wajib disertai alasan.")
ERR_DONE_NEEDS_NEW_EVIDENCE = gettext_noop(
    "Tindak lanjut ini dibuka kembali; unggah bukti baru sebelum menyelesaikannya lagi."
)

# The one transition table: (from, to) -> who may make the move.
TRANSITIONS: dict[tuple[str, str], frozenset[Mover]] = {
    (ActionStatus.OPEN, ActionStatus.IN_PROGRESS): frozenset({Mover.ADMIN, Mover.OWNER}),
    (ActionStatus.OPEN, ActionStatus.CANCELLED): frozenset({Mover.ADMIN}),
    (ActionStatus.IN_PROGRESS, ActionStatus.DONE): frozenset({Mover.ADMIN, Mover.OWNER}),
    (ActionStatus.IN_PROGRESS, ActionStatus.OPEN): frozenset({Mover.ADMIN, Mover.OWNER}),
    (ActionStatus.IN_PROGRESS, ActionStatus.CANCELLED): frozenset({Mover.ADMIN}),
    (ActionStatus.DONE, ActionStatus.IN_PROGRESS): frozenset({Mover.ADMIN}),
}


def allowed_targets(*, status: str, mover: Mover | None) -> list[str]:
    """The statuses a user acting as `mover` may move an item in `status` to (for forms)."""
    if mover is None:
        return []
    return [to for (frm, to), movers in TRANSITIONS.items() if frm == status and mover in movers]


@transaction.atomic
def create_action_item(
    *,
    meeting: Meeting,
    description: str,
    owner_institution: Institution,
    due_date: dt.date,
    actor: Any,
    decision: Decision | None = None,
    owner_person: InstitutionPerson | None = None,
) -> ActionItem:
    """Assign a follow-up to an institution (status open)."""
    require_admin(actor, meeting.district_id)
    check_institutions(meeting.district, [owner_institution])
    check_due_date(meeting, due_date)
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError(gettext(ERR_DECISION_OTHER_MEETING))
    if owner_person is not None and owner_person.institution_id != owner_institution.pk:
        raise ValidationError(gettext(ERR_PERSON_OTHER_INSTITUTION) % {"name": owner_person.name})
    item = ActionItem(
        meeting=meeting,
        decision=decision,
        description=description,
        owner_institution=owner_institution,
        owner_person=owner_person,
        due_date=due_date,
    )
    save_new(item, actor=actor)
    return item


@transaction.atomic
def transition_action_item(
    *, item: ActionItem, to_status: str, actor: Any, note: str = ""
) -> ActionItem:
    """The one function that changes an item's status (see TRANSITIONS).

    Done requires at least one evidence; cancelled requires a reason (the note). Records the move
    in the item's history and the audit log.
    """
    item = (
        ActionItem.objects.select_for_update()
        .select_related("meeting", "owner_institution")
        .get(pk=item.pk)
    )
    mover = item_mover(user=actor, item=item)
    if mover is None:
        raise PermissionDenied(gettext(ERR_NOT_OWNER))
    labels = {"from": ActionStatus(item.status).label, "to": _status_label(to_status)}
    movers = TRANSITIONS.get((item.status, to_status))
    if movers is None:
        raise ValidationError(gettext(ERR_TRANSITION) % labels)
    if mover not in movers:
        raise PermissionDenied(gettext(ERR_TRANSITION_ROLE) % labels)
    note = note.strip()
    if to_status == ActionStatus.DONE:
        _check_evidence_for_done(item)
    if to_status == ActionStatus.CANCELLED and not note:
        raise ValidationError(gettext(ERR_CANCEL_NEEDS_REASON))
    before = snapshot(item)
    from_status = item.status
    item.status = to_status
    item.cancel_reason = note if to_status == ActionStatus.CANCELLED else ""
    item.completed_at = timezone.now() if to_status == ActionStatus.DONE else None
    item.updated_by = actor
    item.full_clean()
    item.save(update_fields=["status", "cancel_reason", "completed_at", "updated_by", "updated_at"])
    ActionItemTransition.objects.create(
        item=item, from_status=from_status, to_status=to_status, note=note, actor=actor
    )
    record_change(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=item,
        before=before,
        after=snapshot(item),
        note=note,
    )
    return item


def _check_evidence_for_done(item: ActionItem) -> None:
    """Done needs evidence; after a reopen (done -> in progress) it needs evidence added since."""
    if not item.evidence.exists():
        raise ValidationError(gettext(ERR_DONE_NEEDS_EVIDENCE))
    reopened_at = (
        item.transitions.filter(from_status=ActionStatus.DONE, to_status=ActionStatus.IN_PROGRESS)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    if reopened_at is not None and not item.evidence.filter(created_at__gt=reopened_at).exists():
        raise ValidationError(gettext(ERR_DONE_NEEDS_NEW_EVIDENCE))


def _status_label(value: str) -> str:
    try:
        return str(ActionStatus(value).label)
    except ValueError:
        return value
