"""The record of a held meeting: attendance, minutes and decisions."""

import datetime as dt
from typing import Any

from django.db import transaction

from sitrantib.core.audit import record_change, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Institution,
    InstitutionPerson,
    Meeting,
)
from sitrantib.meetings.services.action_items import create_action_item
from sitrantib.meetings.services.common import check_institutions, require_admin


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    name: str,
    actor: Any,
    position: str = "",
    institution: Institution | None = None,
    person: InstitutionPerson | None = None,
) -> Attendance:
    """Add one person to the attendance list."""
    require_admin(actor, meeting.district_id)
    if institution is not None:
        check_institutions(meeting.district, [institution])
    row = Attendance(
        meeting=meeting, name=name, position=position, institution=institution, person=person
    )
    save_new(row, actor=actor)
    return row


@transaction.atomic
def save_minutes(
    *,
    meeting: Meeting,
    actor: Any,
    summary: str,
    minute_taker: str = "",
    discussions: dict[int, str] | None = None,
) -> Meeting:
    """Write the minutes: a summary and the discussion under each agenda item."""
    require_admin(actor, meeting.district_id)
    before = snapshot(meeting)
    meeting.minutes_summary = summary
    meeting.minute_taker = minute_taker
    meeting.updated_by = actor
    meeting.save(update_fields=["minutes_summary", "minute_taker", "updated_by", "updated_at"])
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=meeting,
        before=before,
        after=snapshot(meeting),
    )
    for row in meeting.agenda_items.order_by("order", "pk"):
        if discussions is None or row.pk not in discussions:
            continue
        if row.discussion == discussions[row.pk]:
            continue
        row_before = snapshot(row)
        row.discussion = discussions[row.pk]
        row.full_clean()
        row.save(update_fields=["discussion"])
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=row,
            before=row_before,
            after=snapshot(row),
        )
    return meeting


@transaction.atomic
def add_decision(
    *, meeting: Meeting, text: str, actor: Any, agenda_item: AgendaItem | None = None
) -> Decision:
    require_admin(actor, meeting.district_id)
    last = meeting.decisions.order_by("-order").values_list("order", flat=True).first() or 0
    decision = Decision(meeting=meeting, text=text, agenda_item=agenda_item, order=last + 1)
    save_new(decision, actor=actor)
    return decision


@transaction.atomic
def record_decision(
    *,
    meeting: Meeting,
    text: str,
    actor: Any,
    owner_institution: Institution | None = None,
    due_date: dt.date | None = None,
    description: str = "",
    owner_person: InstitutionPerson | None = None,
) -> Decision:
    """A decision and, when an owner and due date are given, its follow-up in one step."""
    decision = add_decision(meeting=meeting, text=text, actor=actor)
    if owner_institution is not None and due_date is not None:
        create_action_item(
            meeting=meeting,
            decision=decision,
            description=description or text,
            owner_institution=owner_institution,
            owner_person=owner_person,
            due_date=due_date,
            actor=actor,
        )
    return decision
