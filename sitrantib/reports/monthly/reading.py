"""Reading each part of the monthly report from the app that owns its figures, in a fixed number
of queries (plan, meetings, field work, trainings, budget, indicators, the signer).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from sitrantib.budget.models import Spending
from sitrantib.budget.selectors import lines_in_scope
from sitrantib.core.enums import Role
from sitrantib.core.scoping import Scope
from sitrantib.fieldwork import selectors as fieldwork
from sitrantib.fieldwork.enums import IncidentStatus, PeriodKind, Situation
from sitrantib.fieldwork.situation import Period, village_situations
from sitrantib.indicators.selectors import values_for
from sitrantib.meetings.selectors import (
    action_items_in_scope,
    compute_follow_up,
    decisions_in_scope,
    format_percent_id,
    meetings_in_scope,
    with_follow_up_flags,
)
from sitrantib.planning.carried_out import CarriedOut, carried_out_for
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.selectors import current_plan
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.models import OfficeProfile
from sitrantib.regions.selectors import villages_in_scope
from sitrantib.reports.monthly.parts import (
    COUNTED,
    ActivityRow,
    BudgetPart,
    BudgetRow,
    DecisionRow,
    FieldPart,
    IndicatorRow,
    IndicatorsPart,
    MeetingRow,
    MeetingsPart,
    PlanPart,
    TrainingRow,
    TrainingsPart,
    VillageRow,
)
from sitrantib.trainings.enums import TrainingStatus
from sitrantib.trainings.selectors import trainings_in_scope

ZERO = Decimal(0)
_MONEY = DecimalField(max_digits=17, decimal_places=0)


def kecamatan_scope(district_code: str) -> Scope:
    """What the section itself reads of its kecamatan: every record of it."""
    return Scope(role=Role.TRANTIB_ADMIN, district_codes=frozenset({district_code}))


def plan_part(
    *, district_code: str, year: int, month: int, village_names: dict[str, str]
) -> PlanPart:
    """The approved plan's activities scheduled in the month or carried out in it."""
    plan = current_plan(district_code=district_code, year=year)
    if plan is None or plan.status != PlanStatus.APPROVED:
        return PlanPart(plan=plan, approved=False, rows=[])
    activities = list(plan.activities.order_by("position", "pk"))
    done: dict[int, list[CarriedOut]] = defaultdict(list)
    for record in carried_out_for([a.pk for a in activities], year):
        if record.month == month:
            done[record.activity_id].append(record)
    rows = [
        ActivityRow(
            activity=a,
            planned=month in a.month_list,
            done=done.get(a.pk, []),
            village_names=village_names,
        )
        for a in activities
        if month in a.month_list or done.get(a.pk)
    ]
    return PlanPart(plan=plan, approved=True, rows=rows)


def meetings_part(
    *, scope: Scope, district_code: str, period: Period, today: dt.date
) -> MeetingsPart:
    """Meetings that started in the month, their decisions and action items (three queries)
    and the follow-up indicator of the month (two)."""
    start, after = period.moments()
    meetings = list(
        meetings_in_scope(scope=scope)
        .filter(district_id=district_code, starts_at__gte=start, starts_at__lt=after)
        .select_related("kind")
        .order_by("starts_at", "pk")
    )
    ids = [m.pk for m in meetings]
    rows = {m.pk: MeetingRow(meeting=m) for m in meetings}
    by_decision: dict[int, DecisionRow] = {}
    if ids:
        for decision in (
            decisions_in_scope(scope=scope)
            .filter(meeting_id__in=ids)
            .order_by("meeting_id", "order", "pk")
        ):
            row = DecisionRow(order=decision.order, text=decision.text)
            by_decision[decision.pk] = row
            rows[decision.meeting_id].decisions.append(row)
        items = with_follow_up_flags(
            action_items_in_scope(scope=scope).filter(meeting_id__in=ids), today=today
        ).select_related("owner_institution")
        for item in items.order_by("due_date", "pk"):
            target = by_decision.get(item.decision_id) if item.decision_id else None
            if target is not None:
                target.items.append(item)
            elif item.meeting_id is not None:
                rows[item.meeting_id].loose_items.append(item)
    indicator = compute_follow_up(
        action_items_in_scope(scope=scope).filter(district_id=district_code),
        start=period.start,
        end=period.end,
        today=today,
    )
    return MeetingsPart(
        meetings=[rows[pk] for pk in ids],
        indicator=indicator,
        indicator_text=format_percent_id(indicator.value),
    )


def field_part(*, scope: Scope, district_code: str, period: Period, today: dt.date) -> FieldPart:
    """One row per desa of the kecamatan: visits and situation (fieldwork's situation rule),
    judgements and incidents of the month; the total row is the sum of the rows."""
    villages = villages_in_scope(scope=scope).filter(district_id=district_code)
    situations = village_situations(villages, period, today=today)
    start, after = period.moments()
    judged: dict[str, dict[str, int]] = defaultdict(dict)
    for r in (
        fieldwork.visits_for(scope)
        .filter(district_id=district_code, visited_at__gte=start, visited_at__lt=after)
        .values("village_id", "situation")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        judged[r["village_id"]][r["situation"]] = r["n"]
    incidents = fieldwork.incidents_for(scope).filter(district_id=district_code)
    happened = {
        r["village_id"]: (r["n"], r["serious"])
        for r in incidents.filter(occurred_at__gte=start, occurred_at__lt=after)
        .exclude(status=IncidentStatus.REJECTED)
        .values("village_id")
        .annotate(n=Count("pk"), serious=Count("pk", filter=Q(is_serious=True)))
        .order_by()
    }
    rows = []
    for s in sorted(situations, key=lambda s: (s.village_name, s.village_code)):
        n, serious = happened.get(s.village_code, (0, 0))
        situation = judged.get(s.village_code, {})
        rows.append(
            VillageRow(
                code=s.village_code,
                name=s.village_name,
                visits=s.visits,
                kondusif=situation.get(Situation.KONDUSIF, 0),
                waspada=situation.get(Situation.WASPADA, 0),
                rawan=situation.get(Situation.RAWAN, 0),
                incidents=n,
                serious=serious,
                monitored=int(s.monitored),
                peaceful=int(s.peaceful),
            )
        )
    total = VillageRow(code="", name="Jumlah")
    for row in rows:
        for name in COUNTED:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    counts = fieldwork.monthly_counts(incidents, period.year)
    index = period.number - 1
    categories = [(c.name, n[index]) for c, n in counts.rows if n[index]]
    return FieldPart(
        rows=rows, total=total, categories=categories, categories_total=counts.totals[index]
    )


def trainings_part(*, scope: Scope, district_code: str, period: Period) -> TrainingsPart:
    """Trainings of the kecamatan running on some day of the month, not cancelled (one query)."""
    trainings = (
        trainings_in_scope(scope=scope)
        .filter(district_id=district_code, starts_on__lte=period.end, ends_on__gte=period.start)
        .exclude(status=TrainingStatus.CANCELLED)
        .annotate(
            n_sessions=Count("sessions", distinct=True),
            n_participants=Count("enrolments", distinct=True),
            n_completed=Count("enrolments", filter=Q(enrolments__completed=True), distinct=True),
        )
        .order_by("starts_on", "pk")
    )
    rows = [
        TrainingRow(
            training=t,
            sessions=t.n_sessions,
            participants=t.n_participants,
            completed=t.n_completed,
            counted=t.status in (TrainingStatus.FINISHED, TrainingStatus.REPORTED),
        )
        for t in trainings
    ]
    return TrainingsPart(
        rows=rows,
        participants=sum(r.participants for r in rows),
        completed=sum(r.completed for r in rows),
    )


def budget_part(*, scope: Scope, district_code: str, period: Period) -> BudgetPart:
    """Each budget line of the year: ceiling, spent in the month and up to its end (two
    queries); the total row is the sum of the rows."""
    lines = list(
        lines_in_scope(scope=scope)
        .filter(district_id=district_code, year=period.year)
        .order_by("position", "pk")
    )
    spent = {
        r["line_id"]: (r["month"], r["to_date"])
        for r in Spending.objects.filter(
            line_id__in=[line.pk for line in lines], on_date__lte=period.end
        )
        .values("line_id")
        .annotate(
            month=Coalesce(
                Sum("amount", filter=Q(on_date__gte=period.start)),
                Value(ZERO),
                output_field=_MONEY,
            ),
            to_date=Coalesce(Sum("amount"), Value(ZERO), output_field=_MONEY),
        )
        .order_by()
    }
    rows = []
    for line in lines:
        month, to_date = spent.get(line.pk, (ZERO, ZERO))
        rows.append(
            BudgetRow(line=line, ceiling=line.ceiling, month=Decimal(month), to_date=to_date)
        )
    total = BudgetRow(
        line=None,
        ceiling=sum((r.ceiling for r in rows), ZERO),
        month=sum((r.month for r in rows), ZERO),
        to_date=sum((r.to_date for r in rows), ZERO),
    )
    return BudgetPart(rows=rows, total=total)


def indicators_part(*, district_code: str, period: Period) -> IndicatorsPart:
    """Every indicator of the kecamatan's year with its value of the month, of the month's
    quarter and of the year (stale or missing values are computed first by indicators)."""
    year = period.year
    quarter = (period.number - 1) // 3 + 1
    by_kind = {
        kind: {
            row.definition.pk: row
            for row in values_for(district_code=district_code, year=year, kind=kind)
        }
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)
    }
    rows = []
    for pk, row in by_kind[PeriodKind.YEAR].items():
        rows.append(
            IndicatorRow(
                definition=row.definition,
                month=by_kind[PeriodKind.MONTH][pk].periods[period.number - 1],
                quarter=by_kind[PeriodKind.QUARTER][pk].periods[quarter - 1],
                year=row.periods[0],
            )
        )
    return IndicatorsPart(
        rows=rows,
        month_period=period,
        quarter_period=Period(PeriodKind.QUARTER, year, quarter),
        year_period=Period(PeriodKind.YEAR, year),
    )


@dataclass(frozen=True)
class Signer:
    title: str
    name: str = ""
    rank: str = ""
    nip: str = ""


def kasi_trantib(office: OfficeProfile | None) -> Any:
    """The office's Kasi Trantib, else the title with a dotted line for the name."""
    if office is not None:
        for signatory in office.signatories.all():
            if signatory.role == SignatoryRole.KASI_TRANTIB:
                return signatory
    return Signer(title=str(SignatoryRole.KASI_TRANTIB.label).upper())
