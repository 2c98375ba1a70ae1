"""Planning a meeting: its details, agenda and invitees."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, save_changes, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.meetings.models import (
    AgendaItem,
    Institution,
    InstitutionPerson,
    Invitation,
    Meeting,
    MeetingKind,
)
from sitrantib.meetings.services.common import check_institutions, require_admin
from sitrantib.planning.models import PlannedActivity
from sitrantib.regions.models import District

ERR_AGENDA_HAS_MINUTES = gettext_noop(
    'Acara "%(title)s" tidak dapat dihapus karena sudah berisi pembahasan atau keputusan. '
    "Kosongkan pembahasannya dan pindahkan keputusannya lebih dulu."
)
ERR_ACTIVITY_OTHER_PLAN = gettext_noop(
    "Kegiatan rencana harus dari rencana kerja kecamatan ini untuk tahun rapat."
)

# "Not given" for update_meeting's planned_activity (None unlinks).
KEEP = object()


def check_planned_activity(
    district_code: str, starts_at: dt.datetime, activity: PlannedActivity | None
) -> None:
    """A meeting carries out an activity of its own kecamatan's plan for its year."""
    if activity is None:
        return
    year = timezone.localtime(starts_at).year
    plan = activity.plan
    if plan.district_id != district_code or plan.year != year:
        raise ValidationError({"planned_activity": gettext(ERR_ACTIVITY_OTHER_PLAN)})


@transaction.atomic
def create_meeting(
    *,
    district: District,
    kind: MeetingKind,
    title: str,
    starts_at: dt.datetime,
    venue: str,
    actor: User,
    ends_at: dt.datetime | None = None,
    chair: str = "",
    agenda: Sequence[str] = (),
    invited: Sequence[Institution] = (),
    invited_people: Sequence[InstitutionPerson] = (),
    planned_activity: PlannedActivity | None = None,
) -> Meeting:
    """Plan a meeting with its agenda and invitees (institutions, optionally their people),
    optionally linked to the planned activity it carries out (of the kecamatan's plan for the
    meeting's year, else ValidationError).

    Creates the meeting, its agenda rows and invitations, each audited as its own entry.
    Refuses a non-administrator of the kecamatan (PermissionDenied) and an invitee of another
    kecamatan or an invalid meeting (ValidationError).
    """
    require_admin(actor, district.pk)
    check_institutions(district, [*invited, *(p.institution for p in invited_people)])
    check_planned_activity(district.pk, starts_at, planned_activity)
    meeting = Meeting(
        planned_activity=planned_activity,
        district=district,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        chair=chair,
    )
    save_new(meeting, actor=actor)
    _replace_agenda(meeting, agenda, actor=actor)
    _replace_invitations(meeting, invited, invited_people, actor=actor)
    return meeting


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    actor: User,
    kind: MeetingKind,
    title: str,
    starts_at: dt.datetime,
    venue: str,
    ends_at: dt.datetime | None = None,
    chair: str = "",
    agenda: Sequence[str] | None = None,
    invited: Sequence[Institution] | None = None,
    invited_people: Sequence[InstitutionPerson] | None = None,
    expected_version: int | None = None,
    planned_activity: PlannedActivity | object | None = KEEP,
) -> Meeting:
    """Change a meeting's details. Agenda, invited institutions and addressees (invited_people)
    are replaced when given and left as they are when None; the planned activity is changed
    when given (None unlinks) and checked against the meeting's kecamatan and year.

    Refuses a non-administrator (PermissionDenied), a meeting changed by someone else since
    `expected_version` (StaleVersion), invalid values or an agenda row with minutes that would
    be removed (ValidationError). Each changed record gets its own audit entry.
    """
    require_admin(actor, meeting.district_id)
    changes: dict[str, object] = {
        "kind": kind,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "venue": venue,
        "chair": chair,
    }
    if planned_activity is not KEEP:
        assert planned_activity is None or isinstance(planned_activity, PlannedActivity)
        changes["planned_activity"] = planned_activity
    linked = changes.get("planned_activity", meeting.planned_activity)
    assert linked is None or isinstance(linked, PlannedActivity)
    check_planned_activity(meeting.district_id, starts_at, linked)
    save_changes(
        meeting,
        changes,
        actor=actor,
        expected_version=expected_version,
    )
    if agenda is not None:
        _replace_agenda(meeting, agenda, actor=actor)
    if invited is not None or invited_people is not None:
        check_institutions(
            meeting.district, [*(invited or ()), *(p.institution for p in invited_people or ())]
        )
        _replace_invitations(meeting, invited, invited_people, actor=actor)
    return meeting


def _replace_agenda(meeting: Meeting, agenda: Sequence[str], *, actor: User) -> None:
    """Make the agenda these lines, keeping each row's minutes with it.

    A line equal to an existing title keeps that row; the remaining lines take over the
    remaining rows by position (a corrected typo keeps its discussion and decisions); extra lines
    become new rows; rows left over are deleted, but never one with discussion or decisions.
    Every created, changed or deleted row gets its own audit entry.
    """
    titles = [t.strip() for t in agenda if t.strip()]
    existing = list(meeting.agenda_items.order_by("order", "pk"))
    by_title: dict[str, AgendaItem] = {}
    for row in existing:
        by_title.setdefault(row.title, row)
    matched: dict[int, AgendaItem] = {}
    for index, title in enumerate(titles):
        if title in by_title:
            matched[index] = by_title.pop(title)
    taken = {row.pk for row in matched.values()}
    spare = [row for row in existing if row.pk not in taken]
    for index in range(len(titles)):
        if index not in matched and spare:
            matched[index] = spare.pop(0)
    for row in spare:
        if row.discussion.strip() or row.decisions.exists():
            raise ValidationError(gettext(ERR_AGENDA_HAS_MINUTES) % {"title": row.title})
    for row in spare:
        # A deletion, not an update: save_changes does not apply, the entry records what went.
        before = snapshot(row)
        row_pk = row.pk
        row.delete()
        row.pk = row_pk
        record_change(actor=actor, action=AuditAction.DELETE, instance=row, before=before)
    for index, title in enumerate(titles):
        order = index + 1
        found = matched.get(index)
        if found is None:
            created = AgendaItem(meeting=meeting, order=order, title=title)
            save_new(created, actor=actor)
        elif (found.order, found.title) != (order, title):
            save_changes(found, {"order": order, "title": title}, actor=actor)


def _replace_invitations(
    meeting: Meeting,
    invited: Sequence[Institution] | None,
    people: Sequence[InstitutionPerson] | None,
    *,
    actor: User,
) -> None:
    """Invite exactly these institutions; a chosen person also invites their institution and is
    the addressee of its invitation (the first chosen per institution).

    None keeps what is there: invited=None keeps the invited institutions, people=None keeps the
    addressee of every invitation that stays. One audit entry per invitation created, changed or
    withdrawn.
    """
    have = {inv.institution_id: inv for inv in meeting.invitations.all()}
    addressee: dict[int, int | None] = {}
    if people is None:
        addressee = {pk: inv.person_id for pk, inv in have.items()}
    else:
        for person in people:
            addressee.setdefault(person.institution_id, person.pk)
    wanted = set(have) if invited is None else {i.pk for i in invited}
    if people is not None:
        wanted |= set(addressee)
    for pk in sorted(set(have) - wanted):
        invitation = have[pk]
        # A withdrawal deletes the row; the entry records what went (not an update).
        before = snapshot(invitation)
        invitation_pk = invitation.pk
        invitation.delete()
        invitation.pk = invitation_pk
        record_change(actor=actor, action=AuditAction.DELETE, instance=invitation, before=before)
    for pk in sorted(wanted - set(have)):
        invitation = Invitation(meeting=meeting, institution_id=pk, person_id=addressee.get(pk))
        save_new(invitation, actor=actor)
    for pk in sorted(wanted & set(have)):
        if have[pk].person_id != addressee.get(pk):
            save_changes(have[pk], {"person_id": addressee.get(pk)}, actor=actor)
