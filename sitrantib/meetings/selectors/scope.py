"""Who sees which meetings, action items, decisions, minutes and evidence (ADR 0020), and who may
move an item. The scoping of this app lives here and nowhere else.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from sitrantib.core.enums import Role
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.meetings.enums import Mover
from sitrantib.meetings.models import (
    ActionItem,
    Attendance,
    Decision,
    Evidence,
    Invitation,
    Meeting,
)
from sitrantib.regions.enums import InstitutionKind


def institution_filter(scope: Scope, prefix: str) -> Q | None:
    """The institutions a partner or village operator stands for, as a filter on `prefix`.

    None means "no restriction by institution" (the kecamatan roles); an empty Q-less result is
    expressed by returning Q(pk__in=[]).
    """
    if scope.role == Role.PARTNER:
        if not scope.institution_id:
            return Q(pk__in=[])
        return Q(**{f"{prefix}_id": scope.institution_id})
    if scope.village_codes is not None:
        return Q(
            **{
                f"{prefix}__kind": InstitutionKind.VILLAGE_GOVERNMENT,
                f"{prefix}__village_id__in": sorted(scope.village_codes),
            }
        )
    return None


def meetings_in_scope(*, scope: Scope) -> QuerySet[Meeting]:
    meetings = Meeting.objects.all()
    if scope.national:
        return meetings
    if scope.is_empty:
        return meetings.none()
    meetings = meetings.filter(district_id__in=sorted(scope.district_codes))
    by_institution = institution_filter(scope, "institution")
    if by_institution is None:
        return meetings
    # Invited, or owner of one of its action items (ADR 0020): an item the viewer may open never
    # links to a meeting that answers 404.
    invited = Invitation.objects.filter(by_institution, meeting_id=OuterRef("pk"))
    owned = ActionItem.objects.filter(
        institution_filter(scope, "owner_institution"), meeting_id=OuterRef("pk")
    )
    return meetings.filter(Exists(invited) | Exists(owned))


def meetings_visible_to(*, user: Any) -> QuerySet[Meeting]:
    return meetings_in_scope(scope=scope_of(user))


def action_items_in_scope(*, scope: Scope) -> QuerySet[ActionItem]:
    """Items of the scope's kecamatan (by the item's own `district`, whatever its origin: a
    meeting or a field visit); a partner or village operator only those its institution owns."""
    items = ActionItem.objects.all()
    if scope.national:
        return items
    if scope.is_empty:
        return items.none()
    items = items.filter(district_id__in=sorted(scope.district_codes))
    by_institution = institution_filter(scope, "owner_institution")
    if by_institution is None:
        return items
    if scope.role == Role.PARTNER and not scope.institution_id:
        return items.none()
    return items.filter(by_institution)


def action_items_visible_to(*, user: Any) -> QuerySet[ActionItem]:
    return action_items_in_scope(scope=scope_of(user))


def evidence_visible_to(*, user: Any) -> QuerySet[Evidence]:
    """Evidence with a file, of the action items the user may see."""
    return Evidence.objects.filter(item__in=action_items_visible_to(user=user)).exclude(file="")


def meetings_with_minutes_in_scope(*, scope: Scope) -> QuerySet[Meeting]:
    """The meetings whose full minutes the scope reads: the kecamatan roles every meeting they
    see; a partner or village operator only the meetings its institution attended."""
    meetings = meetings_in_scope(scope=scope)
    by_institution = institution_filter(scope, "institution")
    if by_institution is None or scope.national:
        return meetings
    attended = Attendance.objects.filter(by_institution, meeting_id=OuterRef("pk"))
    return meetings.filter(Exists(attended))


def reads_minutes(*, user: Any, meeting: Meeting) -> bool:
    """Whether `user` reads the full minutes of `meeting` (which it already sees)."""
    scope = scope_of(user)
    by_institution = institution_filter(scope, "institution")
    if by_institution is None or scope.national:
        return scope.covers_district(meeting.district_id)
    return Attendance.objects.filter(by_institution, meeting_id=meeting.pk).exists()


def decision_filter(scope: Scope) -> Q | None:
    """For a partner or village operator: decisions of meetings it attended or that it answers
    for (an action item its institution owns hangs from it); None for the kecamatan roles."""
    by_institution = institution_filter(scope, "institution")
    if by_institution is None or scope.national:
        return None
    attended = Attendance.objects.filter(by_institution, meeting_id=OuterRef("meeting_id"))
    answers_for = ActionItem.objects.filter(
        institution_filter(scope, "owner_institution"), decision_id=OuterRef("pk")
    )
    return Q(Exists(attended)) | Q(Exists(answers_for))


def decisions_in_scope(*, scope: Scope) -> QuerySet[Decision]:
    """Decisions of visible meetings; for a partner or village operator only those of meetings
    it attended and those it answers for (ADR 0020)."""
    decisions = Decision.objects.filter(meeting__in=meetings_in_scope(scope=scope))
    by_decision = decision_filter(scope)
    return decisions if by_decision is None else decisions.filter(by_decision)


def decisions_visible_to(*, user: Any) -> QuerySet[Decision]:
    return decisions_in_scope(scope=scope_of(user))


def attendances_visible_to(*, user: Any) -> QuerySet[Attendance]:
    """Attendance rows are part of the minutes: only of meetings whose minutes the user reads."""
    return Attendance.objects.filter(
        meeting__in=meetings_with_minutes_in_scope(scope=scope_of(user))
    )


def item_mover(*, user: Any, item: ActionItem) -> Mover | None:
    """In which capacity a user may move an item's status and add evidence, if at all.

    Administrators of the item's kecamatan act as ADMIN; the owning institution's partner users
    and the operators of an owning desa government act as OWNER (ADR 0020); others only read.
    """
    scope = scope_of(user)
    district_code = item.district_id
    if scope.is_admin and scope.covers_district(district_code):
        return Mover.ADMIN
    if scope.is_empty or not scope.covers_district(district_code):
        return None
    owner = item.owner_institution
    if scope.role == Role.PARTNER and scope.institution_id and owner.pk == scope.institution_id:
        return Mover.OWNER
    if (
        scope.role == Role.VILLAGE_OPERATOR
        and scope.village_codes is not None
        and owner.kind == InstitutionKind.VILLAGE_GOVERNMENT
        and owner.village_id in scope.village_codes
    ):
        return Mover.OWNER
    return None


def can_manage_meetings(*, user: Any) -> bool:
    return scope_of(user).is_admin
