"""Reads of plans. The scoping of this app lives here and nowhere else (docs/adr/0040).

Who sees plans: the Camat, the Trantib section and the kecamatan staff of the plan's kecamatan (and
a user with regency or national coverage in every kecamatan it covers). Village operators and
partners do not: a plan is the section's internal
work programme with its money; partners see the meetings they are invited to in the meetings app.
The section manages plans; the Camat approves them.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.http import HttpRequest
from django.utils import timezone

from sitrantib.core.enums import Role
from sitrantib.core.scoping import Scope, restrict, scope_of
from sitrantib.planning.carried_out import CarriedOut, carried_out_for
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import AnnualPlan, Participant, PlannedActivity

READER_ROLES = frozenset({Role.CAMAT, Role.TRANTIB_ADMIN, Role.KECAMATAN_STAFF})
MANAGER_ROLES = frozenset({Role.TRANTIB_ADMIN})
APPROVER_ROLES = frozenset({Role.CAMAT})


def reads_plans(scope: Scope) -> bool:
    return scope.national or scope.role in READER_ROLES


def can_read_plans(*, user: Any) -> bool:
    return reads_plans(scope_of(user))


def can_manage_plans(*, user: Any) -> bool:
    scope = scope_of(user)
    return scope.national or scope.role in MANAGER_ROLES


def manages_district(*, user: Any, district_code: str) -> bool:
    """The user manages the plans and budget of this kecamatan (services check it per write)."""
    scope = scope_of(user)
    return scope.national or (scope.role in MANAGER_ROLES and scope.covers_district(district_code))


def can_approve_plans(*, user: Any) -> bool:
    return scope_of(user).role in APPROVER_ROLES


def plans_in_scope(*, scope: Scope) -> QuerySet[AnnualPlan]:
    if not reads_plans(scope):
        return AnnualPlan.objects.none()
    return restrict(AnnualPlan.objects.all(), scope, district_field="district", village_field=None)


def plans_visible_to(*, user: Any) -> QuerySet[AnnualPlan]:
    return plans_in_scope(scope=scope_of(user))


def activities_visible_to(*, user: Any) -> QuerySet[PlannedActivity]:
    return PlannedActivity.objects.filter(plan__in=plans_visible_to(user=user))


def with_contents(plans: QuerySet[AnnualPlan]) -> QuerySet[AnnualPlan]:
    """Plans with everything the detail page and the API show, in a fixed number of queries."""
    return plans.select_related(
        "district", "signatory", "statistics_source", "approved_by", "previous"
    ).prefetch_related(
        "codes",
        "sections",
        "indicators",
        Prefetch(
            "activities",
            queryset=PlannedActivity.objects.order_by("position", "pk").prefetch_related(
                Prefetch("participants", queryset=Participant.objects.order_by("position", "pk"))
            ),
        ),
    )


def current_plan(*, district_code: str, year: int) -> AnnualPlan | None:
    """The plan in force for a year: the approved revision, else the newest one (one query)."""
    approved_first = Case(When(status=PlanStatus.APPROVED, then=Value(0)), default=Value(1))
    return (
        AnnualPlan.objects.filter(district_id=district_code, year=year)
        .exclude(status=PlanStatus.SUPERSEDED)
        .order_by(approved_first, "-revision")
        .first()
    )


def revisions_of(plan: AnnualPlan) -> list[AnnualPlan]:
    return list(
        AnnualPlan.objects.filter(district_id=plan.district_id, year=plan.year)
        .select_related("approved_by")
        .order_by("-revision")
    )


def planned_activities_for(
    *, district_code: str, on_date: dt.date, kind: str | None = None
) -> list[PlannedActivity]:
    """Activities of the year's plan in force planned for the month of `on_date` (for the offer
    of a link when a meeting, training or visit is recorded)."""
    plan = current_plan(district_code=district_code, year=on_date.year)
    if plan is None:
        return []
    activities = plan.activities.order_by("position", "pk")
    if kind:
        activities = activities.filter(kind=kind)
    return [a for a in activities if on_date.month in a.month_list]


def linkable_activities(
    *, district_code: str, year: int, kind: str | None = None
) -> QuerySet[PlannedActivity]:
    """Activities of the year's plan in force that an event may be linked to."""
    plan = current_plan(district_code=district_code, year=year)
    if plan is None:
        return PlannedActivity.objects.none()
    activities = plan.activities.order_by("position", "pk")
    return activities.filter(kind=kind) if kind else activities


# ---------------------------------------------------------------- calendar


@dataclass
class MonthCell:
    month: int
    planned: bool
    done: list[CarriedOut] = field(default_factory=list)
    late: bool = False

    @property
    def state(self) -> str:
        if self.done:
            return "done"
        if self.late:
            return "late"
        return "planned" if self.planned else ""


@dataclass
class CalendarRow:
    activity: PlannedActivity
    cells: list[MonthCell]
    villages: list[tuple[str, str, list[MonthCell]]] = field(default_factory=list)

    @property
    def late_months(self) -> list[int]:
        return [c.month for c in self.cells if c.late]


def _is_past(year: int, month: int, today: dt.date) -> bool:
    return (year, month) < (today.year, today.month)


def plan_calendar(
    *,
    plan: AnnualPlan,
    villages: list[tuple[str, str]] | None = None,
    today: dt.date | None = None,
) -> list[CalendarRow]:
    """Each activity by month: planned, carried out (with the records), or late.

    A planned month is late once it has passed without any record. For activities done in every
    desa, `villages` (code, name) adds one row per desa: a desa is late in a planned month that
    passed without a record in that desa.
    """
    today = today or timezone.localdate()
    activities = list(plan.activities.order_by("position", "pk"))
    records = carried_out_for([a.pk for a in activities], plan.year)
    by_activity: dict[int, list[CarriedOut]] = defaultdict(list)
    for record in records:
        by_activity[record.activity_id].append(record)
    rows = []
    for activity in activities:
        planned = set(activity.month_list)
        done = by_activity.get(activity.pk, [])
        cells = _cells(plan.year, planned, done, today)
        row = CalendarRow(activity=activity, cells=cells)
        if activity.per_village and villages:
            for code, name in villages:
                in_village = [r for r in done if r.village_code == code]
                row.villages.append((code, name, _cells(plan.year, planned, in_village, today)))
        rows.append(row)
    return rows


def _cells(year: int, planned: set[int], done: list[CarriedOut], today: dt.date) -> list[MonthCell]:
    cells = []
    for month in range(1, 13):
        in_month = [r for r in done if r.month == month]
        cells.append(
            MonthCell(
                month=month,
                planned=month in planned,
                done=in_month,
                late=month in planned and not in_month and _is_past(year, month, today),
            )
        )
    return cells


def coming_month(today: dt.date) -> tuple[int, int]:
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def coming_month_work(
    *, user: Any, today: dt.date | None = None
) -> tuple[int, int, AnnualPlan | None, list[PlannedActivity]]:
    """(year, month, plan in force, its activities planned for next month) for the user's
    kecamatan; two queries (one when the year has no plan)."""
    year, month = coming_month(today or timezone.localdate())
    district_code = getattr(user, "district_id", None)
    if not district_code or not can_read_plans(user=user):
        return year, month, None, []
    plan = current_plan(district_code=str(district_code), year=year)
    if plan is None:
        return year, month, None, []
    activities = plan.activities.order_by("position", "pk")
    return year, month, plan, [a for a in activities if month in a.month_list]


def coming_month_panel(request: HttpRequest) -> Mapping[str, Any] | None:
    """The home-page panel: next month's planned work, for the roles that read plans."""
    user: Any = request.user
    if not can_read_plans(user=user) or not getattr(user, "district_id", None):
        return None
    year, month, plan, activities = coming_month_work(user=user)
    return {
        "coming_year": year,
        "coming_month": month,
        "coming_plan": plan,
        "coming_activities": activities,
    }
