"""Reads of meetings and follow-ups. The scoping of this app lives here and nowhere else.

Who sees what (docs/adr/0020-meetings-scope-and-rights.md):
- superuser: everything; trantib_admin, camat, kecamatan_staff: everything of their kecamatan;
- partner: meetings its institution was invited to or owns an action item of, action items its
  institution owns;
- village operator: the same for its desa government.

Inside a visible meeting (ADR 0020, issue 15 A5), a partner or village operator reads the
decisions it answers for (those with an action item its institution owns) and the full minutes
(discussion, summary, attendance, every decision) only of meetings its institution attended (an
attendance row representing it). Being invited is not attending.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from sitrantib.core.enums import Role
from sitrantib.core.formatting import format_number_id
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.meetings.enums import PENDING_STATUSES, ActionStatus, Mover
from sitrantib.meetings.models import (
    ActionItem,
    Attendance,
    Decision,
    Evidence,
    FollowUpFigure,
    InstitutionPerson,
    Invitation,
    LetterNumbering,
    Meeting,
    MeetingKind,
)
from sitrantib.regions.enums import InstitutionKind
from sitrantib.regions.models import Institution
from sitrantib.regions.selectors import institutions_visible_to

# Shown when nothing fell due in a period (a dash, not 0 %: there was nothing to follow up).
NO_VALUE = "\u2013"
_PENDING = sorted(str(s) for s in PENDING_STATUSES)


def _institution_filter(scope: Scope, prefix: str) -> Q | None:
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
    by_institution = _institution_filter(scope, "institution")
    if by_institution is None:
        return meetings
    # Invited, or owner of one of its action items (ADR 0020): an item the viewer may open never
    # links to a meeting that answers 404.
    invited = Invitation.objects.filter(by_institution, meeting_id=OuterRef("pk"))
    owned = ActionItem.objects.filter(
        _institution_filter(scope, "owner_institution"), meeting_id=OuterRef("pk")
    )
    return meetings.filter(Exists(invited) | Exists(owned))


def meetings_visible_to(*, user: Any) -> QuerySet[Meeting]:
    return meetings_in_scope(scope=scope_of(user))


def action_items_in_scope(*, scope: Scope) -> QuerySet[ActionItem]:
    items = ActionItem.objects.all()
    if scope.national:
        return items
    if scope.is_empty:
        return items.none()
    items = items.filter(meeting__district_id__in=sorted(scope.district_codes))
    by_institution = _institution_filter(scope, "owner_institution")
    if by_institution is None:
        return items
    if scope.role == Role.PARTNER and not scope.institution_id:
        return items.none()
    return items.filter(by_institution)


def ledger_owner_choices(*, user: Any) -> QuerySet[Institution] | None:
    """The institutions the ledger can be filtered by; None when there is nothing to choose.

    A partner sees only its own institution's items, so it gets no owner filter at all; a village
    operator may choose among its desa governments only; the kecamatan roles among every
    institution they see.
    """
    scope = scope_of(user)
    if scope.role == Role.PARTNER and not scope.national:
        return None
    owners = institutions_visible_to(user=user)
    if scope.village_codes is not None and not scope.national:
        owners = owners.filter(
            kind=InstitutionKind.VILLAGE_GOVERNMENT, village_id__in=sorted(scope.village_codes)
        )
    return owners.order_by("kind", "name", "pk")


def with_follow_up_flags(items: QuerySet[ActionItem], *, today: dt.date) -> QuerySet[ActionItem]:
    """Annotate `has_evidence` and `is_overdue` (no query per row).

    Each flag is one lookup: `has_evidence` one EXISTS probe of the evidence index on `item_id`,
    `is_overdue` a comparison on the row. `ActionItem.is_followed_up` reads `has_evidence`
    (done with evidence) instead of a second EXISTS inside a CASE (issue 16 A7).
    """
    evidence = Evidence.objects.filter(item_id=OuterRef("pk"))
    return items.annotate(
        has_evidence=Exists(evidence),
        is_overdue=Case(
            When(status__in=_PENDING, due_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def followed_up(items: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    """The items done with at least one evidence (one EXISTS probe per done item)."""
    return items.filter(
        Exists(Evidence.objects.filter(item_id=OuterRef("pk"))), status=ActionStatus.DONE
    )


def action_items_visible_to(*, user: Any) -> QuerySet[ActionItem]:
    return action_items_in_scope(scope=scope_of(user))


# The ledger's order: overdue first, then by due date (the key of its pages).
LEDGER_ORDERING = ("-is_overdue", "due_date", "pk")


def ledger_items(*, user: Any, today: dt.date | None = None) -> QuerySet[ActionItem]:
    """The follow-up ledger: every item in scope with its flags, overdue first, then by due date.

    Filtered by `filters.ActionItemFilter` and paged by `LEDGER_ORDERING`.
    """
    today = today or timezone.localdate()
    items = with_follow_up_flags(action_items_visible_to(user=user), today=today)
    overdue_first = F("is_overdue").desc()
    return items.select_related("meeting", "owner_institution", "owner_person").order_by(
        overdue_first, "due_date", "pk"
    )


@dataclass(frozen=True)
class InstitutionTally:
    institution_id: int
    name: str
    open: int
    overdue: int
    done: int


def institution_tallies(*, user: Any, today: dt.date | None = None) -> list[InstitutionTally]:
    """Per owning institution: its open, overdue and done counts (one query)."""
    today = today or timezone.localdate()
    rows = (
        action_items_visible_to(user=user)
        .values("owner_institution_id", "owner_institution__name")
        .annotate(
            n_open=Count("pk", filter=Q(status__in=_PENDING)),
            n_overdue=Count("pk", filter=Q(status__in=_PENDING, due_date__lt=today)),
            n_done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        )
        .order_by("owner_institution__name", "owner_institution_id")
    )
    return [
        InstitutionTally(
            institution_id=r["owner_institution_id"],
            name=r["owner_institution__name"],
            open=r["n_open"],
            overdue=r["n_overdue"],
            done=r["n_done"],
        )
        for r in rows
    ]


def _count_per_meeting(rows: QuerySet[Any]) -> Coalesce:
    """A correlated COUNT of `rows` (anything with `meeting_id`) of the outer meeting."""
    counted = (
        rows.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# The meeting list's order: newest first (the key of its pages).
MEETING_ORDERING = ("-starts_at", "-pk")


def meeting_list(*, user: Any) -> QuerySet[Meeting]:
    """Meetings in scope with their kind, newest first; no counts here: the list pages these
    rows and then calls `add_meeting_counts` on the page only (issue 16 A7)."""
    return (
        meetings_visible_to(user=user)
        .select_related("kind", "district")
        .order_by(*MEETING_ORDERING)
    )


def add_meeting_counts(meetings: list[Meeting], *, user: Any) -> list[Meeting]:
    """Set `n_decisions`, `n_items` and `n_done` on one page of meetings (one query keyed by
    the page's ids, so nothing is grouped beyond the page).

    The counts are of what the viewer may see: decisions as in `decisions_visible_to`, items
    of `action_items_visible_to` (a partner: its own institution's); "done" means followed up
    — done with evidence — as on the meeting page and the indicator.
    """
    ids = [m.pk for m in meetings]
    if not ids:
        return meetings
    scope = scope_of(user)
    items = action_items_in_scope(scope=scope)
    decisions = Decision.objects.all()
    by_decision = _decision_filter(scope)
    if by_decision is not None:
        decisions = decisions.filter(by_decision)
    counts = {
        row[0]: row[1:]
        for row in Meeting.objects.filter(pk__in=ids)
        .annotate(
            n_decisions=_count_per_meeting(decisions),
            n_items=_count_per_meeting(items),
            n_done=_count_per_meeting(followed_up(items)),
        )
        .values_list("pk", "n_decisions", "n_items", "n_done")
    }
    for meeting in meetings:
        n_decisions, n_items, n_done = counts.get(meeting.pk, (0, 0, 0))
        meeting.n_decisions = n_decisions  # type: ignore[attr-defined]
        meeting.n_items = n_items  # type: ignore[attr-defined]
        meeting.n_done = n_done  # type: ignore[attr-defined]
    return meetings


def meeting_kinds() -> QuerySet[MeetingKind]:
    return MeetingKind.objects.filter(is_active=True).order_by("order", "code")


def default_meeting_kind_id(code: str) -> int | None:
    """The id of the active meeting kind with this code (the form's initial choice)."""
    return meeting_kinds().filter(code=code).values_list("pk", flat=True).first()


def numbering_for(*, district_code: str) -> LetterNumbering | None:
    return LetterNumbering.objects.filter(district_id=district_code).first()


def evidence_visible_to(*, user: Any) -> QuerySet[Evidence]:
    """Evidence with a file, of the action items the user may see."""
    return Evidence.objects.filter(item__in=action_items_visible_to(user=user)).exclude(file="")


def meetings_with_minutes_in_scope(*, scope: Scope) -> QuerySet[Meeting]:
    """The meetings whose full minutes the scope reads: the kecamatan roles every meeting they
    see; a partner or village operator only the meetings its institution attended."""
    meetings = meetings_in_scope(scope=scope)
    by_institution = _institution_filter(scope, "institution")
    if by_institution is None or scope.national:
        return meetings
    attended = Attendance.objects.filter(by_institution, meeting_id=OuterRef("pk"))
    return meetings.filter(Exists(attended))


def reads_minutes(*, user: Any, meeting: Meeting) -> bool:
    """Whether `user` reads the full minutes of `meeting` (which it already sees)."""
    scope = scope_of(user)
    by_institution = _institution_filter(scope, "institution")
    if by_institution is None or scope.national:
        return scope.covers_district(meeting.district_id)
    return Attendance.objects.filter(by_institution, meeting_id=meeting.pk).exists()


def _decision_filter(scope: Scope) -> Q | None:
    """For a partner or village operator: decisions of meetings it attended or that it answers
    for (an action item its institution owns hangs from it); None for the kecamatan roles."""
    by_institution = _institution_filter(scope, "institution")
    if by_institution is None or scope.national:
        return None
    attended = Attendance.objects.filter(by_institution, meeting_id=OuterRef("meeting_id"))
    answers_for = ActionItem.objects.filter(
        _institution_filter(scope, "owner_institution"), decision_id=OuterRef("pk")
    )
    return Q(Exists(attended)) | Q(Exists(answers_for))


def decisions_in_scope(*, scope: Scope) -> QuerySet[Decision]:
    """Decisions of visible meetings; for a partner or village operator only those of meetings
    it attended and those it answers for (ADR 0020)."""
    decisions = Decision.objects.filter(meeting__in=meetings_in_scope(scope=scope))
    by_decision = _decision_filter(scope)
    return decisions if by_decision is None else decisions.filter(by_decision)


def decisions_visible_to(*, user: Any) -> QuerySet[Decision]:
    return decisions_in_scope(scope=scope_of(user))


def attendances_visible_to(*, user: Any) -> QuerySet[Attendance]:
    """Attendance rows are part of the minutes: only of meetings whose minutes the user reads."""
    return Attendance.objects.filter(
        meeting__in=meetings_with_minutes_in_scope(scope=scope_of(user))
    )


def institutions_with_people(institutions: QuerySet[Institution]) -> QuerySet[Institution]:
    """The institutions with their active people in `active_people` (one extra query)."""
    return institutions.prefetch_related(
        Prefetch(
            "people",
            queryset=InstitutionPerson.objects.filter(is_active=True).order_by("name", "pk"),
            to_attr="active_people",
        )
    )


def people_visible_to(*, user: Any) -> QuerySet[InstitutionPerson]:
    """People of the institutions the user may see (regions' institution scope)."""
    return InstitutionPerson.objects.filter(institution__in=institutions_visible_to(user=user))


def invitable_institutions(*, district_code: str) -> QuerySet[Institution]:
    return (
        Institution.objects.filter(district_id=district_code, is_active=True)
        .select_related("village")
        .order_by("kind", "name", "pk")
    )


def invitable_people(*, district_code: str) -> QuerySet[InstitutionPerson]:
    return (
        InstitutionPerson.objects.filter(institution__district_id=district_code, is_active=True)
        .select_related("institution")
        .order_by("institution__kind", "institution__name", "name", "pk")
    )


def item_mover(*, user: Any, item: ActionItem) -> Mover | None:
    """In which capacity a user may move an item's status and add evidence, if at all.

    Administrators of the item's kecamatan act as ADMIN; the owning institution's partner users
    and the operators of an owning desa government act as OWNER (ADR 0020); others only read.
    """
    scope = scope_of(user)
    district_code = item.meeting.district_id
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


@dataclass
class IndicatorValue:
    """The value of "Persentase hasil fasilitasi dan koordinasi yang ditindaklanjuti".

    Carry-over rule (ADR 0021): an item counts in the period its due date falls in; an item done
    late still counts as followed up in its due period; cancelled items leave the denominator.
    """

    start: dt.date
    end: dt.date
    due: list[ActionItem] = field(default_factory=list)
    followed_up: list[ActionItem] = field(default_factory=list)
    cancelled: list[ActionItem] = field(default_factory=list)
    carried_over: list[ActionItem] = field(default_factory=list)

    @property
    def value(self) -> Decimal | None:
        """Followed-up / due x 100, unrounded; None when nothing fell due in the period."""
        if not self.due:
            return None
        return Decimal(len(self.followed_up)) * 100 / Decimal(len(self.due))


def compute_follow_up(
    items: QuerySet[ActionItem], *, start: dt.date, end: dt.date, today: dt.date
) -> IndicatorValue:
    """The calculator: the indicator over `items` for [start, end] with the lists behind both
    numbers (2 queries). Stored figures (`FollowUpFigure`) are this function's counts."""
    base = with_follow_up_flags(items, today=today).select_related("meeting", "owner_institution")
    in_period = list(base.filter(due_date__gte=start, due_date__lte=end).order_by("due_date", "pk"))
    carried = list(base.filter(due_date__lt=start, status__in=_PENDING).order_by("due_date", "pk"))
    result = IndicatorValue(start=start, end=end, carried_over=carried)
    for item in in_period:
        if item.status == ActionStatus.CANCELLED:
            result.cancelled.append(item)
            continue
        result.due.append(item)
        if item.is_followed_up:
            result.followed_up.append(item)
    return result


def follow_up_indicator(
    *, user: Any, start: dt.date, end: dt.date, today: dt.date | None = None
) -> IndicatorValue:
    """The indicator for [start, end] of the items `user` sees, with its lists (2 queries)."""
    return compute_follow_up(
        action_items_visible_to(user=user),
        start=start,
        end=end,
        today=today or timezone.localdate(),
    )


@dataclass(frozen=True)
class FollowUpCounts:
    """The indicator's counts for a period, read from the stored figures."""

    due: int
    followed_up: int
    pending: int
    cancelled: int

    @property
    def value(self) -> Decimal | None:
        if not self.due:
            return None
        return Decimal(self.followed_up) * 100 / Decimal(self.due)


@dataclass(frozen=True)
class InstitutionFigures(FollowUpCounts):
    institution_id: int = 0
    name: str = ""


def is_whole_months(start: dt.date, end: dt.date) -> bool:
    """Whether [start, end] is made of whole months (the stored figures' grain)."""
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def figures_in_scope(*, scope: Scope) -> QuerySet[FollowUpFigure]:
    """The stored figures the scope may read (same rule as `action_items_in_scope`)."""
    figures = FollowUpFigure.objects.all()
    if scope.national:
        return figures
    if scope.is_empty:
        return figures.none()
    figures = figures.filter(district_id__in=sorted(scope.district_codes))
    by_institution = _institution_filter(scope, "owner_institution")
    return figures if by_institution is None else figures.filter(by_institution)


def _months(figures: QuerySet[FollowUpFigure], start: dt.date, end: dt.date) -> Any:
    """The figures of the months from start's to end's (inclusive)."""
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    return figures.annotate(ym=F("year") * 12 + F("month") - 1).filter(ym__gte=first, ym__lte=last)


_SUMS = {
    "n_due": Coalesce(Sum("due"), 0),
    "n_followed": Coalesce(Sum("followed_up"), 0),
    "n_pending": Coalesce(Sum("pending"), 0),
    "n_cancelled": Coalesce(Sum("cancelled"), 0),
}


def stored_follow_up(*, user: Any, start: dt.date, end: dt.date) -> FollowUpCounts:
    """The indicator's counts for the whole months of [start, end] from the stored figures
    (one query; equal to `follow_up_indicator` for such a period — tested)."""
    row = _months(figures_in_scope(scope=scope_of(user)), start, end).aggregate(**_SUMS)
    return FollowUpCounts(
        due=row["n_due"],
        followed_up=row["n_followed"],
        pending=row["n_pending"],
        cancelled=row["n_cancelled"],
    )


def stored_follow_up_by_institution(
    *, user: Any, start: dt.date, end: dt.date
) -> list[InstitutionFigures]:
    """The same counts per owning institution (one query, one row per institution)."""
    rows = (
        _months(figures_in_scope(scope=scope_of(user)), start, end)
        .values("owner_institution_id", "owner_institution__name")
        .annotate(**_SUMS)
        .order_by("owner_institution__name", "owner_institution_id")
    )
    return [
        InstitutionFigures(
            institution_id=r["owner_institution_id"],
            name=r["owner_institution__name"],
            due=r["n_due"],
            followed_up=r["n_followed"],
            pending=r["n_pending"],
            cancelled=r["n_cancelled"],
        )
        for r in rows
    ]


def follow_up_years() -> list[int]:
    """Every year with an item due or a stored figure (what `compute_follow_up` recomputes)."""
    due = ActionItem.objects.dates("due_date", "year")
    stored = FollowUpFigure.objects.order_by().values_list("year", flat=True).distinct()
    return sorted({d.year for d in due} | set(stored))


INDICATOR_LISTS = ("due", "followed", "cancelled", "carried")


def indicator_list(
    *, user: Any, name: str, start: dt.date, end: dt.date, today: dt.date | None = None
) -> QuerySet[ActionItem]:
    """One list behind the indicator as a queryset to page (ordered by INDICATOR_ORDERING)."""
    today = today or timezone.localdate()
    items = with_follow_up_flags(action_items_visible_to(user=user), today=today).select_related(
        "meeting", "owner_institution"
    )
    in_period = items.filter(due_date__gte=start, due_date__lte=end)
    lists = {
        "due": in_period.exclude(status=ActionStatus.CANCELLED),
        "followed": followed_up(in_period),
        "cancelled": in_period.filter(status=ActionStatus.CANCELLED),
        "carried": items.filter(due_date__lt=start, status__in=_PENDING),
    }
    return lists[name].order_by(*INDICATOR_ORDERING)


INDICATOR_ORDERING = ("due_date", "pk")


def format_percent_id(value: Decimal | None) -> str:
    """Two decimals, Indonesian style: Decimal("33.333") -> "33,33 %"; None -> NO_VALUE."""
    if value is None:
        return NO_VALUE
    return f"{format_number_id(value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))} %"
