"""Corrections of what was recorded (admin only, audited); status moves are not corrections."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes
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
    ERR_INSTITUTION_OTHER_DISTRICT,
    ERR_INSTITUTION_OTHER_ORIGIN_DISTRICT,
    ERR_PERSON_OTHER_INSTITUTION,
    check_institutions,
    check_item_due_date,
    require_admin,
)
from sitrantib.meetings.services.figures import refresh_for_item


@transaction.atomic
def update_action_item(
    *,
    item: ActionItem,
    description: str,
    owner_institution: Institution,
    due_date: dt.date,
    actor: User,
    owner_person: InstitutionPerson | None = None,
    expected_version: int | None = None,
) -> ActionItem:
    """Correct what a follow-up is, who owns it and when it is due (not its status).

    Refuses a non-administrator (PermissionDenied); an owner of another kecamatan, a person of
    another institution or a due date before the meeting (before the origin date for an item
    without a meeting) (ValidationError); an item changed by someone else since
    `expected_version` (StaleVersion).
    """
    item = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "district")
        .get(pk=item.pk)
    )
    previous = (item.due_date, item.owner_institution_id)
    require_admin(actor, item.district_id)
    check_institutions(
        item.district,
        [owner_institution],
        message=(
            ERR_INSTITUTION_OTHER_DISTRICT
            if item.meeting_id is not None
            else ERR_INSTITUTION_OTHER_ORIGIN_DISTRICT
        ),
    )
    check_item_due_date(item, due_date)
    if owner_person is not None and owner_person.institution_id != owner_institution.pk:
        raise ValidationError(
            {"owner_person": gettext(ERR_PERSON_OTHER_INSTITUTION) % {"name": owner_person.name}}
        )
    save_changes(
        item,
        {
            "description": description,
            "owner_institution": owner_institution,
            "owner_person": owner_person,
            "due_date": due_date,
        },
        actor=actor,
        expected_version=expected_version,
        lock=False,
    )
    refresh_for_item(item, previous=previous)
    return item


@transaction.atomic
def update_decision(
    *,
    decision: Decision,
    text: str,
    actor: User,
    agenda_item: AgendaItem | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Correct a decision's text and the agenda item it belongs to.

    Refuses a non-administrator (PermissionDenied), an agenda item of another meeting or text
    over its limit (ValidationError), a decision changed since `expected_version` (StaleVersion).
    """
    require_admin(actor, decision.meeting.district_id)
    if agenda_item is not None and agenda_item.meeting_id != decision.meeting_id:
        raise ValidationError(gettext(ERR_DECISION_OTHER_MEETING))
    save_changes(
        decision,
        {"text": text, "agenda_item": agenda_item},
        actor=actor,
        expected_version=expected_version,
    )
    return decision


@transaction.atomic
def update_attendance(
    *,
    row: Attendance,
    name: str,
    actor: User,
    position: str = "",
    institution: Institution | None = None,
    expected_version: int | None = None,
) -> Attendance:
    """Correct one line of the attendance list.

    Refuses a non-administrator (PermissionDenied), an institution of another kecamatan
    (ValidationError), a line changed since `expected_version` (StaleVersion).
    """
    require_admin(actor, row.meeting.district_id)
    if institution is not None:
        check_institutions(row.meeting.district, [institution])
    save_changes(
        row,
        {"name": name, "position": position, "institution": institution},
        actor=actor,
        expected_version=expected_version,
    )
    return row
