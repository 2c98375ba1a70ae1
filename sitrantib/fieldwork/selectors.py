"""Reads of the field work, scoped and with a fixed number of queries whatever the row count."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone

from sitrantib.core.scoping import Scope
from sitrantib.fieldwork import access
from sitrantib.fieldwork.enums import IncidentStatus, VisitKind
from sitrantib.fieldwork.models import (
    CitizenReport,
    Incident,
    IncidentCategory,
    Post,
    PostDuty,
    PostDutyPerson,
    TaskForce,
    TaskForceMember,
    Visit,
    VisitRecommendation,
    VisitTeamMember,
)
from sitrantib.fieldwork.situation import day_start
from sitrantib.planning.carried_out import CarriedOut

# Planned-activity kind (planning.ActivityKind) each visit kind carries out.
PLAN_KIND_OF_VISIT: dict[str, str] = {
    VisitKind.MONITORING: "monitoring",
    VisitKind.EVALUATION: "monitoring",
    VisitKind.ACCOMPANIMENT: "accompaniment",
}


# Registers ----------------------------------------------------------------------------------------


def posts_for(scope: Scope) -> QuerySet[Post]:
    """Poskamling a scope reads, with desa, dusun and the date of the last visit (one query)."""
    return (
        access.scoped(Post.objects.all(), scope)
        .select_related("village", "hamlet")
        .annotate(last_visit=Max("visits__visited_at"))
    )


def post_detail(pk: int, scope: Scope) -> Post | None:
    duties = PostDuty.objects.prefetch_related(
        Prefetch("people", queryset=PostDutyPerson.objects.select_related("member"))
    )
    return (
        posts_for(scope).prefetch_related(Prefetch("duties", queryset=duties)).filter(pk=pk).first()
    )


def task_forces_for(scope: Scope) -> QuerySet[TaskForce]:
    return (
        access.scoped(TaskForce.objects.all(), scope)
        .select_related("village", "leader_member")
        .annotate(member_count=Count("members", distinct=True))
    )


def task_force_detail(pk: int, scope: Scope) -> TaskForce | None:
    return (
        task_forces_for(scope)
        .prefetch_related(
            Prefetch("members", queryset=TaskForceMember.objects.select_related("member"))
        )
        .filter(pk=pk)
        .first()
    )


# Visits -------------------------------------------------------------------------------------------


def visits_for(scope: Scope) -> QuerySet[Visit]:
    return access.scoped(Visit.objects.all(), scope).select_related(
        "village", "task_force", "task_force__village"
    )


def visit_detail(pk: int, scope: Scope) -> Visit | None:
    return (
        visits_for(scope)
        .select_related("planned_activity", "created_by")
        .prefetch_related(
            "posts",
            "photos",
            Prefetch("team", queryset=VisitTeamMember.objects.select_related("institution")),
            Prefetch(
                "recommendations",
                queryset=VisitRecommendation.objects.select_related(
                    "action_item", "action_item__owner_institution"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


# Incidents ----------------------------------------------------------------------------------------


def incidents_for(scope: Scope) -> QuerySet[Incident]:
    return access.scoped_incidents(Incident.objects.all(), scope).select_related(
        "village", "category", "handed_to"
    )


def incident_detail(pk: int, scope: Scope) -> Incident | None:
    return (
        incidents_for(scope)
        .select_related("hamlet", "created_by")
        .prefetch_related("photos", "transitions__actor", "transitions__handed_to")
        .filter(pk=pk)
        .first()
    )


def categories() -> QuerySet[IncidentCategory]:
    return IncidentCategory.objects.filter(is_active=True)


@dataclass
class MonthlyCounts:
    """Incidents per category and month of one year: `rows` in category order, 12 counts each."""

    year: int
    rows: list[tuple[IncidentCategory, list[int]]]
    totals: list[int]

    @property
    def total(self) -> int:
        return sum(self.totals)


def monthly_counts(incidents: QuerySet[Incident], year: int) -> MonthlyCounts:
    """Counts by category and month (one grouped query plus the categories); rejected reports
    are left out. `incidents` is already scoped and filtered."""
    start, after = day_start(dt.date(year, 1, 1)), day_start(dt.date(year + 1, 1, 1))
    grouped = (
        incidents.filter(occurred_at__gte=start, occurred_at__lt=after)
        .exclude(status=IncidentStatus.REJECTED)
        .annotate(month=ExtractMonth("occurred_at", tzinfo=timezone.get_current_timezone()))
        .values("category_id", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    for row in grouped:
        counts[row["category_id"]][row["month"] - 1] += row["n"]
    cats = {c.pk: c for c in IncidentCategory.objects.filter(pk__in=list(counts))}
    rows = [
        (cats[pk], counts[pk])
        for pk in sorted(counts, key=lambda pk: (cats[pk].order, cats[pk].name))
    ]
    totals = [sum(r[1][m] for r in rows) for m in range(12)]
    return MonthlyCounts(year=year, rows=rows, totals=totals)


# Citizen reports ----------------------------------------------------------------------------------


def report_queue(scope: Scope) -> QuerySet[CitizenReport]:
    return access.scoped_reports(CitizenReport.objects.all(), scope).select_related(
        "village", "category", "incident", "incident__category", "incident__village"
    )


# Map points ---------------------------------------------------------------------------------------


def map_points(
    posts: QuerySet[Post], incidents: QuerySet[Incident], *, limit: int = 2000
) -> dict[str, Any]:
    """GeoJSON points of Poskamling and incidents with coordinates (at most `limit` of each, the
    newest incidents first), for a map that needs no tiles."""
    features: list[dict[str, Any]] = []
    for p in posts.exclude(latitude=None).values(
        "pk", "name", "latitude", "longitude", "is_active", "village__name"
    )[:limit]:
        features.append(
            _point(
                p["longitude"],
                p["latitude"],
                kind="post",
                name=p["name"],
                village=p["village__name"],
                active=p["is_active"],
                url=reverse("fieldwork:post_detail", kwargs={"pk": p["pk"]}),
            )
        )
    for i in (
        incidents.exclude(latitude=None)
        .order_by("-occurred_at", "-pk")
        .values(
            "pk",
            "latitude",
            "longitude",
            "status",
            "category__name",
            "village__name",
            "occurred_at",
        )[:limit]
    ):
        features.append(
            _point(
                i["longitude"],
                i["latitude"],
                kind="incident",
                name=i["category__name"],
                village=i["village__name"],
                status=i["status"],
                date=timezone.localtime(i["occurred_at"]).date().isoformat(),
                url=reverse("fieldwork:incident_detail", kwargs={"pk": i["pk"]}),
            )
        )
    return {"type": "FeatureCollection", "features": features}


def _point(lon: Any, lat: Any, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": properties,
    }


# Field calendar -----------------------------------------------------------------------------------


@dataclass
class CalendarCell:
    planned: list[str] = field(default_factory=list)  # plan kinds planned this month
    done: list[int] = field(default_factory=list)  # visit ids this month
    late: bool = False


@dataclass
class CalendarRow:
    village_code: str
    village_name: str
    cells: list[CalendarCell]

    @property
    def late_count(self) -> int:
        return sum(1 for c in self.cells if c.late)


def field_calendar(
    villages: QuerySet[Any], year: int, *, today: dt.date | None = None
) -> list[CalendarRow]:
    """Planned visit months of the year's plan (its accompaniment and monitoring activities done
    per desa) against the visits made, per desa. A planned month is late once it has ended
    without a visit of that kind. Four queries whatever the number of desa."""
    from sitrantib.planning.models import AnnualPlan, PlannedActivity

    today = today or timezone.localdate()
    rows = list(villages.values("code", "name", "district_id").order_by("district_id", "code"))
    districts = sorted({r["district_id"] for r in rows})
    # The plan in force per kecamatan: the approved revision, else the newest (as planning's
    # current_plan), chosen here for every kecamatan at once.
    in_force: dict[str, tuple[int, int, int]] = {}
    for p in (
        AnnualPlan.objects.filter(district_id__in=districts, year=year)
        .exclude(status="superseded")
        .values("pk", "district_id", "status", "revision")
    ):
        rank = (1 if p["status"] == "approved" else 0, p["revision"], p["pk"])
        if rank > in_force.get(p["district_id"], (-1, -1, -1)):
            in_force[p["district_id"]] = rank
    planned: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for a in PlannedActivity.objects.filter(
        plan_id__in=[rank[2] for rank in in_force.values()],
        kind__in=["monitoring", "accompaniment"],
        per_village=True,
    ).values("kind", "months", "plan__district_id"):
        for month in a["months"] or []:
            number = _month_number(month)
            if number is not None:
                planned[a["plan__district_id"]][number].add(a["kind"])
    start, after = day_start(dt.date(year, 1, 1)), day_start(dt.date(year + 1, 1, 1))
    done: dict[str, dict[int, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for visit in Visit.objects.filter(
        village__in=villages.values("code"), visited_at__gte=start, visited_at__lt=after
    ).values("pk", "village_id", "kind", "visited_at"):
        month = timezone.localtime(visit["visited_at"]).month
        done[visit["village_id"]][month].append((visit["pk"], PLAN_KIND_OF_VISIT[visit["kind"]]))
    result = []
    for row in rows:
        cells = []
        for month in range(1, 13):
            kinds = sorted(planned[row["district_id"]].get(month, set()))
            visits = done[row["code"]].get(month, [])
            ended = dt.date(year, month, 1) < dt.date(today.year, today.month, 1)
            missing = [k for k in kinds if not any(v[1] == k for v in visits)]
            cells.append(
                CalendarCell(
                    planned=kinds, done=[v[0] for v in visits], late=ended and bool(missing)
                )
            )
        result.append(CalendarRow(row["code"], row["name"], cells))
    return result


def _month_number(value: Any) -> int | None:
    """A month of a plan's `months` list (stored as numbers, perhaps as text), or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 12 else None


# Planning's calendar ------------------------------------------------------------------------------


def visits_carried_out(
    activity_ids: Sequence[int], year: int, *, kind: str | None = None
) -> list[CarriedOut]:
    """Visits linked to these planned activities in `year`: one event per visit and desa.

    `kind` (a planned-activity kind, "accompaniment" or "monitoring") keeps only the visits of
    activities of that kind: planning asks each registered kind once, so the provider of a kind
    must not answer for the other (accompaniment_carried_out, monitoring_carried_out).
    """
    start, after = day_start(dt.date(year, 1, 1)), day_start(dt.date(year + 1, 1, 1))
    visits = Visit.objects.filter(
        planned_activity_id__in=list(activity_ids), visited_at__gte=start, visited_at__lt=after
    )
    if kind is not None:
        visits = visits.filter(planned_activity__kind=kind)
    return [
        CarriedOut(
            kind=v.planned_activity.kind,
            activity_id=v.planned_activity.pk,
            on_date=timezone.localtime(v.visited_at).date(),
            label=str(v),
            village_code=v.village_id,
            url=reverse("fieldwork:visit_detail", kwargs={"pk": v.pk}),
            object_id=v.pk,
        )
        for v in visits.select_related("village", "planned_activity").order_by("visited_at", "pk")
        if v.planned_activity is not None
    ]


def accompaniment_carried_out(activity_ids: Sequence[int], year: int) -> list[CarriedOut]:
    """Planning's provider for "accompaniment": the accompaniment visits of these activities."""
    return visits_carried_out(activity_ids, year, kind="accompaniment")


def monitoring_carried_out(activity_ids: Sequence[int], year: int) -> list[CarriedOut]:
    """Planning's provider for "monitoring": the monitoring and monev visits of these
    activities."""
    return visits_carried_out(activity_ids, year, kind="monitoring")
