"""The record of a held meeting: attendance, minutes and decisions."""

import datetime as dt

from django.db import transaction

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes, save_new
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
    actor: User,
    position: str = "",
    institution: Institution | None = None,
    person: InstitutionPerson | None = None,
) -> Attendance:
    """Add one person to the attendance list (audited).

    Refuses a non-administrator (PermissionDenied) and an institution of another kecamatan
    (ValidationError).
    """
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
    actor: User,
    summary: str,
    minute_taker: str = "",
    discussions: dict[int, str] | None = None,
    expected_version: int | None = None,
    agenda_versions: dict[int, int] | None = None,
) -> Meeting:
    """Write the minutes: a summary and the discussion under each agenda item.

    Changes the meeting's summary and minute taker and each given agenda row's discussion, one
    audit entry per record that changed. Refuses a non-administrator (PermissionDenied), text
    over its limit (ValidationError) and a meeting or agenda row changed by someone else since
    the versions the form was opened with (StaleVersion; nothing is saved).
    """
    require_admin(actor, meeting.district_id)
    save_changes(
        meeting,
        {"minutes_summary": summary, "minute_taker": minute_taker},
        actor=actor,
        expected_version=expected_version,
    )
    versions = agenda_versions or {}
    for row in meeting.agenda_items.order_by("order", "pk"):
        if discussions is None or row.pk not in discussions:
            continue
        if row.discussion == discussions[row.pk]:
            continue
        save_changes(
            row,
            {"discussion": discussions[row.pk]},
            actor=actor,
            expected_version=versions.get(row.pk),
        )
    return meeting


@transaction.atomic
def add_decision(
    *, meeting: Meeting, text: str, actor: User, agenda_item: AgendaItem | None = None
) -> Decision:
    """Add a decision after the meeting's last one (audited); administrators only."""
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
    actor: User,
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
