"""The monthly activity report of the Trantib section of one kecamatan (docs/adr/0103).

One document per kecamatan and month, in seven parts, each read from the app that owns the
figures (nothing here recomputes what an app computes):

1. activities against the plan: the approved plan's activities scheduled in the month
   (planning `PlannedActivity.months`) beside what carried them out (planning.carried_out, fed
   by meetings, trainings and field work);
2. meetings held in the month with their decisions and the follow-up status of each action item
   (meetings.selectors: `with_follow_up_flags`), and the follow-up indicator of the month
   (`compute_follow_up`);
3. field visits and incidents per desa: visits and the situation of each desa from fieldwork's
   `village_situations`, the judgements kondusif/waspada/rawan and incidents counted per desa,
   incidents per category from `monthly_counts`; a total row summed from the desa rows;
4. trainings held in the month with participants and those who completed (trainings' stored
   completion);
5. spending of the month and of the year to date against each budget line's ceiling;
6. indicator values of the month, of its quarter and of the year (indicators.selectors);
7. the place, date and signature of the Kasi Trantib (regions Signatory).

The report reads the kecamatan as its own section does (every record of the kecamatan): who may
ask for it is decided by `reads_monthly` before it is built. Queries are fixed in number whatever
the number of desa, meetings, decisions or budget lines (tests/test_monthly_queries.py).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sitrantib.budget.models import Spending
from sitrantib.budget.selectors import lines_in_scope, percent
from sitrantib.core.documents import render_document
from sitrantib.core.enums import Role
from sitrantib.core.formatting import MONTHS_ID
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.fieldwork import selectors as fieldwork
from sitrantib.fieldwork.enums import IncidentStatus, PeriodKind, Situation
from sitrantib.fieldwork.situation import Period, village_situations
from sitrantib.indicators.selectors import values_for
from sitrantib.meetings.enums import ActionStatus
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
from sitrantib.planning.models import AnnualPlan, PlannedActivity
from sitrantib.planning.selectors import current_plan
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.models import District, OfficeProfile
from sitrantib.regions.selectors import office_for_district, villages_in_scope
from sitrantib.reports.catalogue import (
    RenderedDocument,
    ReportKind,
    ReportRequest,
    ReportUnavailable,
    register_report,
)
from sitrantib.trainings.enums import TrainingStatus
from sitrantib.trainings.selectors import trainings_in_scope

TEMPLATE = "reports/documents/monthly.html"

# The roles of the kecamatan that read (and so may render) its monthly report.
READER_ROLES = frozenset({Role.CAMAT, Role.TRANTIB_ADMIN, Role.KECAMATAN_STAFF})

# Reports of a month that has not ended yet carry this mark (documents/base.html draft_mark).
PROVISIONAL_MARK = "SEMENTARA"

# The first year a report can be made for: the section's records start long after it.
FIRST_YEAR = 2000

MESSAGE_NO_MONTH = gettext_noop("Pilih bulan laporan (1 sampai 12).")
MESSAGE_FUTURE = gettext_noop(
    "Laporan bulanan belum dapat dibuat untuk bulan yang belum dimulai. Pilih bulan ini atau "
    "bulan sebelumnya."
)
MESSAGE_YEAR = gettext_noop("Tahun laporan harus antara 2000 dan tahun berjalan.")
MESSAGE_NO_DISTRICT = gettext_noop("Kecamatan tidak ditemukan.")
MESSAGE_FORMAT = gettext_noop("Laporan bulanan hanya tersedia sebagai PDF dan DOCX.")

ZERO = Decimal(0)
_MONEY = DecimalField(max_digits=17, decimal_places=0)


def reads_monthly(user: Any, district_code: str) -> bool:
    """The Camat, the section's administrator and the kecamatan staff of that kecamatan (and a
    reader of those roles whose coverage includes it)."""
    scope = scope_of(user)
    return scope.role in READER_ROLES and scope.covers_district(district_code)


def month_label(year: int, month: int) -> str:
    return f"{MONTHS_ID[month - 1]} {year}"


# Parts -------------------------------------------------------------------------------------------


@dataclass
class ActivityRow:
    """One activity of the plan: scheduled this month, carried out this month, or both."""

    activity: PlannedActivity
    planned: bool
    done: list[CarriedOut]
    village_names: dict[str, str] = field(default_factory=dict)

    @property
    def done_lines(self) -> list[tuple[dt.date, str, str]]:
        """(date, what, desa name or "") of each record that carried it out this month."""
        return [
            (r.on_date, r.label, self.village_names.get(r.village_code, r.village_code))
            for r in self.done
        ]

    @property
    def state(self) -> str:
        if self.done and self.planned:
            return "done"
        if self.done:
            return "unscheduled"
        return "missing"


@dataclass
class PlanPart:
    plan: AnnualPlan | None
    approved: bool
    rows: list[ActivityRow]

    @property
    def planned_count(self) -> int:
        return sum(1 for r in self.rows if r.planned)

    @property
    def carried_out_count(self) -> int:
        return sum(1 for r in self.rows if r.planned and r.done)

    @property
    def unscheduled_count(self) -> int:
        return sum(1 for r in self.rows if not r.planned and r.done)


@dataclass
class DecisionRow:
    order: int
    text: str
    items: list[Any] = field(default_factory=list)  # ActionItem with follow-up flags


@dataclass
class MeetingRow:
    meeting: Any
    decisions: list[DecisionRow] = field(default_factory=list)
    loose_items: list[Any] = field(default_factory=list)  # items not tied to a decision

    @property
    def item_count(self) -> int:
        return sum(len(d.items) for d in self.decisions) + len(self.loose_items)


@dataclass
class MeetingsPart:
    meetings: list[MeetingRow]
    indicator: Any  # meetings' IndicatorValue for the month
    indicator_text: str

    @property
    def decision_count(self) -> int:
        return sum(len(m.decisions) for m in self.meetings)

    @property
    def item_count(self) -> int:
        return sum(m.item_count for m in self.meetings)


@dataclass
class VillageRow:
    code: str
    name: str
    visits: int = 0
    kondusif: int = 0
    waspada: int = 0
    rawan: int = 0
    incidents: int = 0
    serious: int = 0
    monitored: int = 0  # 1 when visited in the month (a count, so the total row sums it)
    peaceful: int = 0  # 1 when tentram dan tertib in the month


COUNTED = (
    "visits",
    "kondusif",
    "waspada",
    "rawan",
    "incidents",
    "serious",
    "monitored",
    "peaceful",
)


@dataclass
class FieldPart:
    rows: list[VillageRow]
    total: VillageRow
    categories: list[tuple[str, int]]  # incidents of the month per category
    categories_total: int


@dataclass
class TrainingRow:
    training: Any
    sessions: int
    participants: int
    completed: int
    counted: bool  # finished or reported: its completion is final


@dataclass
class TrainingsPart:
    rows: list[TrainingRow]
    participants: int
    completed: int


@dataclass
class BudgetRow:
    line: Any
    ceiling: Decimal
    month: Decimal
    to_date: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.to_date

    @property
    def share(self) -> Decimal | None:
        return percent(self.to_date, self.ceiling)


@dataclass
class BudgetPart:
    rows: list[BudgetRow]
    total: BudgetRow


@dataclass
class IndicatorRow:
    definition: Any
    month: Any  # indicators.IndicatorValue
    quarter: Any
    year: Any


@dataclass
class IndicatorsPart:
    rows: list[IndicatorRow]
    month_period: Period
    quarter_period: Period
    year_period: Period


# Reading each part -------------------------------------------------------------------------------


def _kecamatan_scope(district_code: str) -> Scope:
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


# The document ------------------------------------------------------------------------------------


def check_month(year: int, month: int | None, today: dt.date) -> int:
    """The month asked for, or ReportUnavailable when a report of it makes no sense."""
    if month is None or not 1 <= month <= 12:
        raise ReportUnavailable(MESSAGE_NO_MONTH)
    if not FIRST_YEAR <= year <= today.year + 1:
        raise ReportUnavailable(MESSAGE_YEAR)
    if (year, month) > (today.year, today.month):
        raise ReportUnavailable(MESSAGE_FUTURE)
    return month


def monthly_context(
    *, district_code: str, year: int, month: int, today: dt.date | None = None
) -> dict[str, Any]:
    """Everything the template prints, for one kecamatan and month."""
    today = today or timezone.localdate()
    district = District.objects.filter(code=district_code).first()
    if district is None:
        raise ReportUnavailable(MESSAGE_NO_DISTRICT)
    scope = _kecamatan_scope(district_code)
    period = Period(PeriodKind.MONTH, year, month)
    office = office_for_district(district_code=district_code)
    closed = period.end < today
    fieldwork_part = field_part(
        scope=scope, district_code=district_code, period=period, today=today
    )
    village_names = {row.code: row.name for row in fieldwork_part.rows}
    return {
        "district": district,
        "office": office,
        "period": period,
        "month_label": month_label(year, month),
        "closed": closed,
        "draft_mark": "" if closed else PROVISIONAL_MARK,
        "today": today,
        "plan_part": plan_part(
            district_code=district_code, year=year, month=month, village_names=village_names
        ),
        "meetings_part": meetings_part(
            scope=scope, district_code=district_code, period=period, today=today
        ),
        "field_part": fieldwork_part,
        "trainings_part": trainings_part(scope=scope, district_code=district_code, period=period),
        "budget_part": budget_part(scope=scope, district_code=district_code, period=period),
        "indicators_part": indicators_part(district_code=district_code, period=period),
        "signatory": kasi_trantib(office),
        "signature_title": "",
        "signed_on": today,
        "action_status": ActionStatus,
    }


FORMATS: tuple[str, ...] = ("pdf", "docx")


def render_monthly(context: dict[str, Any], fmt: str) -> bytes:
    """The report as PDF or DOCX, from the one template (core.documents)."""
    if fmt not in FORMATS:
        raise ReportUnavailable(MESSAGE_FORMAT)
    return render_document(TEMPLATE, context, fmt)


def build_monthly(request: ReportRequest) -> RenderedDocument:
    today = timezone.localdate()
    month = check_month(request.year, request.month, today)
    context = monthly_context(
        district_code=request.district_code, year=request.year, month=month, today=today
    )
    content = render_monthly(context, request.fmt)
    title = f"Laporan Kegiatan Bulanan Seksi Trantib {month_label(request.year, month)}"
    return RenderedDocument(
        content=content,
        filename=f"laporan-bulanan-{request.district_code}-{request.year}-{month:02d}.{request.fmt}",
        title=title,
        subject_key=f"monthly:{request.district_code}:{request.year}-{month:02d}",
    )


MONTHLY = register_report(
    ReportKind(
        key="monthly",
        title=_("Laporan kegiatan bulanan"),
        formats=FORMATS,
        build=build_monthly,
        readers=reads_monthly,
        needs_month=True,
        description=_(
            "Kegiatan terhadap rencana, rapat dan tindak lanjutnya, kunjungan dan kejadian per "
            "desa, pelatihan, realisasi anggaran dan nilai indikator dalam satu bulan."
        ),
    )
)
