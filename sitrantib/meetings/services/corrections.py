"""Corrections of what was recorded (admin only, audited); status moves are not corrections."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from sitrantib.core.audit import snapshot
from sitrantib.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Institution,
    InstitutionPerson,
)
from sitrantib.meetings.services.common import (
    ERR_DECISION_OTHER_MEETING,
    ERR_PERSON_OTHER_INSTITUTION,
    check_due_date,
    check_institutions,
    record_update,
    require_admin,
)


@transaction.atomic
def update_action_item(
    *,
    item: ActionItem,
    description: str,
    owner_institution: Institution,
    due_date: dt.date,
    actor: Any,
    owner_person: InstitutionPerson | None = None,
) -> ActionItem:
    """Correct what a follow-up is, who owns it and when it is due (not its status)."""
    item = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    require_admin(actor, item.meeting.district_id)
    check_institutions(item.meeting.district, [owner_institution])
    check_due_date(item.meeting, due_date)
    if owner_person is not None and owner_person.institution_id != owner_institution.pk:
        raise ValidationError(gettext(ERR_PERSON_OTHER_INSTITUTION) % {"name": owner_person.name})
    before = snapshot(item)
    item.description = description
    item.owner_institution = owner_institution
    item.owner_person = owner_person
    item.due_date = due_date
    item.updated_by = actor
    item.full_clean()
    item.save()
    record_update(actor, item, before)
    return item


@transaction.atomic
def update_decision(
    *, decision: Decision, text: str, actor: Any, agenda_item: AgendaItem | None = None
) -> Decision:
    """Correct a decision's text and the agenda item it belongs to."""
    require_admin(actor, decision.meeting.district_id)
    if agenda_item is not None and agenda_item.meeting_id != decision.meeting_id:
        raise ValidationError(gettext(ERR_DECISION_OTHER_MEETING))
    before = snapshot(decision)
    decision.text = text
    decision.agenda_item = agenda_item
    decision.full_clean()
    decision.save()
    record_update(actor, decision, before)
    return decision


@transaction.atomic
def update_attendance(
    *,
    row: Attendance,
    name: str,
    actor: Any,
    position: str = "",
    institution: Institution | None = None,
) -> Attendance:
    """Correct one line of the attendance list."""
    require_admin(actor, row.meeting.district_id)
    if institution is not None:
        check_institutions(row.meeting.district, [institution])
    before = snapshot(row)
    row.name = name
    row.position = position
    row.institution = institution
    row.full_clean()
    row.save()
    record_update(actor, row, before)
    return row
