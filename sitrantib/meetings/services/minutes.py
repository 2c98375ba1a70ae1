"""The record of a held meeting: attendance, minutes and decisions."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes, save_new
from sitrantib.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Institution,
    InstitutionPerson,
    Invitation,
    Meeting,
)
from sitrantib.meetings.services.action_items import create_action_item
from sitrantib.meetings.services.common import check_institutions, require_admin
from sitrantib.regions.models import Signatory

ERR_CHAIR_OTHER_OFFICE = gettext_noop("Pimpinan rapat harus penandatangan kantor kecamatan ini.")
ERR_INVITATION_OTHER_MEETING = gettext_noop("Undangan itu bukan dari rapat ini.")
# The name written for an invited institution whose person is not known: the institution's
# representative. Official documents are in Bahasa Indonesia, so it is stored as is.
REPRESENTATIVE_OF = "Perwakilan %(institution)s"
# "Leave as it is" for an optional argument where None means "clear it".
_KEEP: Any = object()


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


def _attendance_for(invitation: Invitation) -> Attendance:
    person = invitation.person
    institution = invitation.institution
    if person is not None:
        return Attendance(
            meeting=invitation.meeting,
            name=person.name,
            position=person.position,
            institution=institution,
            person=person,
        )
    return Attendance(
        meeting=invitation.meeting,
        name=REPRESENTATIVE_OF % {"institution": institution.short_name or institution.name},
        institution=institution,
    )


def _present_institutions(meeting: Meeting) -> set[int]:
    return set(
        meeting.attendances.filter(institution__isnull=False).values_list(
            "institution_id", flat=True
        )
    )


@transaction.atomic
def mark_present(*, meeting: Meeting, invitation: Invitation, actor: User) -> Attendance | None:
    """One tap: the invitee attended (its invited person, else a representative of it).

    Adds one attendance row (audited) unless the institution is already on the list (nothing
    changes, None). Refuses a non-administrator (PermissionDenied) and an invitation of another
    meeting (ValidationError).
    """
    require_admin(actor, meeting.district_id)
    if invitation.meeting_id != meeting.pk:
        raise ValidationError(gettext(ERR_INVITATION_OTHER_MEETING))
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if invitation.institution_id in _present_institutions(meeting):
        return None
    row = _attendance_for(invitation)
    save_new(row, actor=actor)
    return row


@transaction.atomic
def mark_all_present(*, meeting: Meeting, actor: User) -> list[Attendance]:
    """ "Semua hadir": every invitee not yet on the attendance list is added (one audit entry
    per row added); invitees already listed are left as they are. Administrators only."""
    require_admin(actor, meeting.district_id)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    present = _present_institutions(meeting)
    added = []
    invitations = meeting.invitations.select_related("institution", "person", "meeting").order_by(
        "institution__kind", "institution__name", "pk"
    )
    for invitation in invitations:
        if invitation.institution_id in present:
            continue
        row = _attendance_for(invitation)
        save_new(row, actor=actor)
        present.add(invitation.institution_id)
        added.append(row)
    return added


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
    chair_signatory: Signatory | None = _KEEP,
) -> Meeting:
    """Write the minutes: a summary, the minute taker, the chair and each item's discussion.

    Changes the meeting's summary, minute taker and chair (a signatory of the kecamatan's
    office, printed with name, rank and NIP; left as it is when not given) and each given
    agenda row's discussion, one audit entry per record that changed. Refuses a
    non-administrator (PermissionDenied), text over its limit or a chair of another office
    (ValidationError) and a meeting or agenda row changed by someone else since the versions
    the form was opened with (StaleVersion; nothing is saved).
    """
    require_admin(actor, meeting.district_id)
    changes: dict[str, Any] = {"minutes_summary": summary, "minute_taker": minute_taker}
    if chair_signatory is not _KEEP:
        if (
            chair_signatory is not None
            and chair_signatory.office.district_id != meeting.district_id
        ):
            raise ValidationError({"chair_signatory": gettext(ERR_CHAIR_OTHER_OFFICE)})
        changes["chair_signatory"] = chair_signatory
    save_changes(meeting, changes, actor=actor, expected_version=expected_version)
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
