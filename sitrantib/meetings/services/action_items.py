"""Follow-ups: assigning one, and its status table (moved only through `apply_transition`)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_new
from sitrantib.core.workflow import Attempt, Move, Workflow, apply_transition
from sitrantib.meetings.enums import ActionStatus, Mover
from sitrantib.meetings.models import (
    ActionItem,
    ActionItemTransition,
    Decision,
    District,
    Institution,
    InstitutionPerson,
    Meeting,
)
from sitrantib.meetings.selectors import item_mover
from sitrantib.meetings.services.common import (
    ERR_DECISION_OTHER_MEETING,
    ERR_INSTITUTION_OTHER_ORIGIN_DISTRICT,
    ERR_PERSON_OTHER_INSTITUTION,
    check_due_date,
    check_due_date_after_origin,
    check_institutions,
    require_admin,
)
from sitrantib.meetings.services.figures import refresh_for_item

ERR_DONE_NEEDS_EVIDENCE = gettext_noop(
    "Tindak lanjut baru dapat diselesaikan setelah ada bukti (catatan, foto, atau dokumen)."
)
ERR_DONE_NEEDS_NEW_EVIDENCE = gettext_noop(
    "Tindak lanjut ini dibuka kembali; unggah bukti baru sebelum menyelesaikannya lagi."
)

ERR_ORIGIN_REQUIRED = gettext_noop(
    "Tindak lanjut tanpa rapat wajib menyebut kecamatan dan tanggal asalnya."
)
ERR_DECISION_WITHOUT_MEETING = gettext_noop("Hanya tindak lanjut dari rapat yang punya keputusan.")
ERR_DISTRICT_NOT_MEETINGS = gettext_noop("Kecamatan tindak lanjut harus kecamatan rapatnya.")


def _evidence_for_done(item: ActionItem, attempt: Attempt) -> str | None:
    """Done needs evidence; after a reopen (done -> in progress) it needs evidence added since."""
    if not item.evidence.exists():
        return gettext(ERR_DONE_NEEDS_EVIDENCE)
    reopened_at = (
        item.transitions.filter(from_status=ActionStatus.DONE, to_status=ActionStatus.IN_PROGRESS)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    if reopened_at is not None and not item.evidence.filter(created_at__gt=reopened_at).exists():
        return gettext(ERR_DONE_NEEDS_NEW_EVIDENCE)
    return None


def _movers_of(user: Any, item: ActionItem) -> frozenset[str]:
    mover = item_mover(user=user, item=item)
    return frozenset() if mover is None else frozenset({mover})


def _effects(item: ActionItem, attempt: Attempt) -> dict[str, Any]:
    """A cancel keeps its reason; done stamps when; any other move clears both."""
    return {
        "cancel_reason": attempt.note if attempt.target == ActionStatus.CANCELLED else "",
        "completed_at": timezone.now() if attempt.target == ActionStatus.DONE else None,
    }


def _history(item: ActionItem, attempt: Attempt) -> None:
    ActionItemTransition.objects.create(
        item=item,
        from_status=attempt.source,
        to_status=attempt.target,
        note=attempt.note,
        actor=attempt.actor if getattr(attempt.actor, "pk", None) is not None else None,
    )


_BOTH = frozenset({Mover.ADMIN, Mover.OWNER})
_ADMIN = frozenset({Mover.ADMIN})

# The one status table of follow-ups: who may make each move and what it needs.
ACTION_ITEM_WORKFLOW = Workflow(
    labels=ActionStatus,
    moves=(
        Move(ActionStatus.OPEN, ActionStatus.IN_PROGRESS, movers=_BOTH),
        Move(ActionStatus.OPEN, ActionStatus.CANCELLED, movers=_ADMIN, needs_note=True),
        Move(ActionStatus.IN_PROGRESS, ActionStatus.DONE, movers=_BOTH, check=_evidence_for_done),
        Move(ActionStatus.IN_PROGRESS, ActionStatus.OPEN, movers=_BOTH),
        Move(ActionStatus.IN_PROGRESS, ActionStatus.CANCELLED, movers=_ADMIN, needs_note=True),
        Move(ActionStatus.DONE, ActionStatus.IN_PROGRESS, movers=_ADMIN),
    ),
    mover_of=_movers_of,
    mover_labels=Mover,
    effects=_effects,
    history=_history,
)


@transaction.atomic
def create_action_item(
    *,
    meeting: Meeting | None,
    description: str,
    owner_institution: Institution,
    due_date: dt.date,
    actor: User,
    decision: Decision | None = None,
    owner_person: InstitutionPerson | None = None,
    district: District | None = None,
    origin_date: dt.date | None = None,
) -> ActionItem:
    """Assign a follow-up to an institution (status open; audited).

    With a meeting, the item belongs to the meeting's kecamatan and cannot fall due before the
    meeting. Without one (an item another app puts in the ledger, such as a field visit's
    recommendation: docs/adr/0083), `district` and `origin_date` are required, the item cannot
    fall due before `origin_date` and it has no decision; the caller links it to its origin.

    Refuses a non-administrator (PermissionDenied); an owner of another kecamatan, a person of
    another institution, a decision of another meeting or without a meeting, a due date before
    the meeting or the origin date, a district other than the meeting's, a missing district or
    origin date (ValidationError).
    """
    if meeting is not None:
        if district is not None and district.pk != meeting.district_id:
            raise ValidationError(gettext(ERR_DISTRICT_NOT_MEETINGS))
        district = meeting.district
        require_admin(actor, district.pk)
        check_institutions(district, [owner_institution])
        check_due_date(meeting, due_date)
        if decision is not None and decision.meeting_id != meeting.pk:
            raise ValidationError(gettext(ERR_DECISION_OTHER_MEETING))
        origin_date = None
    else:
        if district is None or origin_date is None:
            raise ValidationError(gettext(ERR_ORIGIN_REQUIRED))
        require_admin(actor, district.pk)
        if decision is not None:
            raise ValidationError(gettext(ERR_DECISION_WITHOUT_MEETING))
        check_institutions(
            district, [owner_institution], message=ERR_INSTITUTION_OTHER_ORIGIN_DISTRICT
        )
        check_due_date_after_origin(origin_date, due_date)
    if owner_person is not None and owner_person.institution_id != owner_institution.pk:
        raise ValidationError(
            {"owner_person": gettext(ERR_PERSON_OTHER_INSTITUTION) % {"name": owner_person.name}}
        )
    item = ActionItem(
        district=district,
        meeting=meeting,
        origin_date=origin_date,
        decision=decision,
        description=description,
        owner_institution=owner_institution,
        owner_person=owner_person,
        due_date=due_date,
    )
    save_new(item, actor=actor)
    refresh_for_item(item)
    return item


@transaction.atomic
def transition_action_item(
    *,
    item: ActionItem,
    to_status: str,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
) -> ActionItem:
    """Move an item's status along ACTION_ITEM_WORKFLOW (one audit entry, one history row).

    Done needs evidence (added since the last reopen); cancelled needs a reason (the note, kept
    as `cancel_reason`); done stamps `completed_at`. Refuses a user who is neither admin nor
    owner, or a move reserved for the admin (PermissionDenied), a move not in the table or a
    missing need (ValidationError), an item changed since `expected_version` (StaleVersion).
    """
    moved = apply_transition(
        workflow=ACTION_ITEM_WORKFLOW,
        instance=item,
        target=to_status,
        actor=actor,
        note=note,
        expected_version=expected_version,
    )
    refresh_for_item(moved)
    return moved
