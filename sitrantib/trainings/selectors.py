"""Reads of the trainings module: scoped querysets, completion lists, sheets and report figures.

Every list here runs a fixed number of queries whatever the number of participants (query-count
tests in tests/test_queries.py).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.urls import reverse

from sitrantib.budget.selectors import spent_on
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.planning.carried_out import CarriedOut
from sitrantib.trainings.access import can_read, can_read_participants
from sitrantib.trainings.enums import COUNTED_STATUSES, AttendanceStatus, TrainingStatus
from sitrantib.trainings.models import (
    AttendanceMark,
    Certificate,
    Enrolment,
    Instructor,
    Training,
    TrainingKind,
    TrainingSession,
)

PERCENT_PLACES = Decimal("0.01")


# Scope -------------------------------------------------------------------------------------------


def trainings_in_scope(*, scope: Scope) -> QuerySet[Training]:
    """The trainings a viewer may open (see access.py): by kecamatan, or by teaching partner."""
    if not can_read(scope):
        return Training.objects.none()
    qs = Training.objects.select_related("kind", "district")
    if scope.national:
        return qs
    qs = qs.filter(district__in=sorted(scope.district_codes))
    if not can_read_participants(scope):
        # A partner: the trainings in which one of its people teaches.
        if scope.institution_id is None:
            return qs.none()
        qs = qs.filter(
            pk__in=TrainingSession.objects.filter(
                instructor__institution_id=scope.institution_id
            ).values("training_id")
        )
    return qs


def trainings_visible_to(*, user: Any) -> QuerySet[Training]:
    return trainings_in_scope(scope=scope_of(user))


def enrolments_in_scope(*, training: Training, scope: Scope) -> QuerySet[Enrolment]:
    """The participants of a training this viewer may see (a village operator: their desa)."""
    if not can_read_participants(scope):
        return Enrolment.objects.none()
    qs = Enrolment.objects.filter(training=training).select_related("member", "village")
    if scope.village_codes is not None and not scope.national:
        qs = qs.filter(village__in=sorted(scope.village_codes))
    return qs.order_by("village__name", "member__name", "pk")


def instructors_in_scope(*, scope: Scope) -> QuerySet[Instructor]:
    if not can_read_participants(scope) and not can_read(scope):
        return Instructor.objects.none()
    qs = Instructor.objects.select_related("institution")
    if scope.national:
        return qs
    return qs.filter(district__in=sorted(scope.district_codes))


def sessions_of(training: Training) -> list[TrainingSession]:
    return list(
        TrainingSession.objects.filter(training=training)
        .select_related("instructor", "instructor__institution")
        .order_by("date", "start_time", "pk")
    )


def active_kinds() -> QuerySet[TrainingKind]:
    return TrainingKind.objects.filter(is_active=True)


# Completion --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionRule:
    min_attendance_percent: int
    min_post_score: int


def rule_of(training: Training) -> CompletionRule:
    return CompletionRule(training.min_attendance_percent, training.min_post_score)


def attendance_percent(attended: int, sessions: int) -> Decimal:
    """Share of sessions attended ("hadir" only), exact, rounded half up to two places."""
    if sessions <= 0:
        return Decimal(0).quantize(PERCENT_PLACES)
    return (Decimal(attended) * 100 / Decimal(sessions)).quantize(PERCENT_PLACES, ROUND_HALF_UP)


def completion_of(
    *, attended: int, sessions: int, post_score: int | None, rule: CompletionRule
) -> tuple[bool, Decimal, str]:
    """The completion rule (docs/adr/0060): attendance of at least `min_attendance_percent` of the
    sessions, counting only "hadir", and a post-test of at least `min_post_score`.

    Compared exactly (attended * 100 >= percent * sessions), never on a rounded percentage, so 4 of
    5 sessions is 80 % and completes a rule of 80 %. Returns (completed, percent, reason); the
    reason names every condition not met, in Bahasa Indonesia (stored, printed on the lists).
    """
    percent = attendance_percent(attended, sessions)
    reasons: list[str] = []
    if sessions <= 0:
        reasons.append("belum ada sesi")
    elif attended * 100 < rule.min_attendance_percent * sessions:
        reasons.append(
            f"kehadiran {attended} dari {sessions} sesi ({_fmt_percent(percent)}), "
            f"kurang dari {rule.min_attendance_percent}%"
        )
    if post_score is None:
        reasons.append("nilai post-test belum diisi")
    elif post_score < rule.min_post_score:
        reasons.append(f"nilai post-test {post_score}, kurang dari {rule.min_post_score}")
    if reasons:
        return False, percent, "; ".join(reasons)
    return True, percent, "memenuhi syarat kehadiran dan nilai post-test"


def _fmt_percent(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def fresh_completion(training: Training) -> dict[int, tuple[int, bool, Decimal, str]]:
    """Completion of every participant counted now (three queries): enrolment id ->
    (attended, completed, percent, reason). What the stored fields must always equal."""
    sessions = TrainingSession.objects.filter(training=training).count()
    attended = dict(
        AttendanceMark.objects.filter(session__training=training, status=AttendanceStatus.HADIR)
        .values("enrolment_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("enrolment_id", "n")
    )
    rule = rule_of(training)
    result = {}
    for pk, post in Enrolment.objects.filter(training=training).values_list("pk", "post_score"):
        n = attended.get(pk, 0)
        completed, percent, reason = completion_of(
            attended=n, sessions=sessions, post_score=post, rule=rule
        )
        result[pk] = (n, completed, percent, reason)
    return result


# Attendance grid ---------------------------------------------------------------------------------


def marks_of(
    training: Training, enrolment_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], str]:
    """(session id, enrolment id) -> status of every mark of the training (one query)."""
    qs = AttendanceMark.objects.filter(session__training=training)
    if enrolment_ids is not None:
        qs = qs.filter(enrolment_id__in=list(enrolment_ids))
    return {
        (s, e): status for s, e, status in qs.values_list("session_id", "enrolment_id", "status")
    }


def attendance_days(training: Training) -> dict[int, int]:
    """Enrolment id -> number of distinct dates with at least one session marked hadir."""
    rows = (
        AttendanceMark.objects.filter(session__training=training, status=AttendanceStatus.HADIR)
        .values_list("enrolment_id", "session__date")
        .distinct()
    )
    days: dict[int, int] = defaultdict(int)
    for enrolment_id, _date in rows:
        days[enrolment_id] += 1
    return dict(days)


# Sheets (SPJ) ------------------------------------------------------------------------------------


@dataclass
class TransportRow:
    enrolment: Enrolment
    days: int
    amount: Decimal


@dataclass
class HonorariumRow:
    session: TrainingSession
    gross: Decimal
    tax_percent: Decimal
    tax: Decimal
    net: Decimal


@dataclass
class MoneySheets:
    transport: list[TransportRow]
    transport_total: Decimal
    honoraria: list[HonorariumRow]
    honorarium_gross: Decimal
    honorarium_tax: Decimal
    honorarium_net: Decimal
    total: Decimal
    budget_ceiling: Decimal | None = None
    budget_spent_elsewhere: Decimal | None = None

    @property
    def within_budget(self) -> bool | None:
        """Whether this training's money fits its budget line (None: no line linked)."""
        if self.budget_ceiling is None:
            return None
        return self.total + (self.budget_spent_elsewhere or Decimal(0)) <= self.budget_ceiling


def tax_of(gross: Decimal, percent: Decimal) -> Decimal:
    """PPh withheld from an honorarium: whole rupiah, rounded down (the payee is never short)."""
    return (gross * percent / 100).quantize(Decimal(1), ROUND_DOWN)


def money_sheets(training: Training, *, scope: Scope | None = None) -> MoneySheets:
    """The transport receipts per participant and the instructors' honoraria, with totals computed
    from their rows (four queries)."""
    enrolments = (
        list(enrolments_in_scope(training=training, scope=scope))
        if scope is not None
        else list(
            Enrolment.objects.filter(training=training)
            .select_related("member", "village")
            .order_by("village__name", "member__name", "pk")
        )
    )
    days = attendance_days(training)
    rate = training.transport_per_day
    transport = [
        TransportRow(enrolment=e, days=days.get(e.pk, 0), amount=rate * days.get(e.pk, 0))
        for e in enrolments
    ]
    honoraria = []
    for session in sessions_of(training):
        if session.instructor is None or not session.honorarium:
            continue
        percent = session.instructor.tax_percent
        tax = tax_of(session.honorarium, percent)
        honoraria.append(
            HonorariumRow(
                session=session,
                gross=session.honorarium,
                tax_percent=percent,
                tax=tax,
                net=session.honorarium - tax,
            )
        )
    transport_total = sum((row.amount for row in transport), Decimal(0))
    gross = sum((row.gross for row in honoraria), Decimal(0))
    tax_total = sum((row.tax for row in honoraria), Decimal(0))
    sheets = MoneySheets(
        transport=transport,
        transport_total=transport_total,
        honoraria=honoraria,
        honorarium_gross=gross,
        honorarium_tax=tax_total,
        honorarium_net=gross - tax_total,
        total=transport_total + gross,
    )
    if training.budget_line_id is not None:
        line = training.budget_line
        assert line is not None
        sheets.budget_ceiling = line.ceiling
        sheets.budget_spent_elsewhere = spent_on(line)
    return sheets


# Report ------------------------------------------------------------------------------------------


@dataclass
class VillageRow:
    village_code: str
    village_name: str
    participants: int = 0
    completed: int = 0
    attendance_sum: Decimal = Decimal(0)
    pre_scores: list[int] = field(default_factory=list)
    post_scores: list[int] = field(default_factory=list)

    @property
    def attendance_rate(self) -> Decimal | None:
        if not self.participants:
            return None
        return (self.attendance_sum / self.participants).quantize(PERCENT_PLACES, ROUND_HALF_UP)

    @property
    def pre_average(self) -> Decimal | None:
        return _average(self.pre_scores)

    @property
    def post_average(self) -> Decimal | None:
        return _average(self.post_scores)

    @property
    def gain(self) -> Decimal | None:
        pre, post = self.pre_average, self.post_average
        return None if pre is None or post is None else post - pre


def _average(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(PERCENT_PLACES, ROUND_HALF_UP)


@dataclass
class TrainingReport:
    training: Training
    rows: list[VillageRow]
    total: VillageRow
    sessions: int
    cost: Decimal
    certificates: int

    @property
    def cost_per_trained(self) -> Decimal | None:
        if not self.total.completed:
            return None
        return (self.cost / self.total.completed).quantize(Decimal(1), ROUND_HALF_UP)


def training_report(training: Training) -> TrainingReport:
    """Participants per desa, attendance rate, pre/post averages and gain, completion count and
    the cost per member trained (the money sheets' total over the members who completed)."""
    enrolments = list(
        Enrolment.objects.filter(training=training)
        .select_related("village")
        .order_by("village__name", "village_id")
    )
    rows: dict[str, VillageRow] = {}
    total = VillageRow(village_code="", village_name="Jumlah")
    for e in enrolments:
        row = rows.setdefault(e.village_id, VillageRow(e.village_id, e.village.name))
        for target in (row, total):
            target.participants += 1
            target.completed += int(e.completed)
            target.attendance_sum += e.attendance_percent
            if e.pre_score is not None:
                target.pre_scores.append(e.pre_score)
            if e.post_score is not None:
                target.post_scores.append(e.post_score)
    sheets = money_sheets(training)
    certificates = Certificate.objects.filter(
        enrolment__training=training, revoked_at__isnull=True
    ).count()
    return TrainingReport(
        training=training,
        rows=list(rows.values()),
        total=total,
        sessions=TrainingSession.objects.filter(training=training).count(),
        cost=sheets.total,
        certificates=certificates,
    )


# Certificates ------------------------------------------------------------------------------------


def certificates_of(training: Training, *, scope: Scope | None = None) -> QuerySet[Certificate]:
    qs = Certificate.objects.filter(enrolment__training=training).select_related(
        "enrolment__member", "enrolment__village", "enrolment__training__kind"
    )
    if scope is not None and scope.village_codes is not None and not scope.national:
        qs = qs.filter(enrolment__village__in=sorted(scope.village_codes))
    return qs.order_by("year", "serial", "pk")


def certificate_by_code(code: str) -> Certificate | None:
    return (
        Certificate.objects.filter(verification_code=code)
        .select_related(
            "enrolment__member__village",
            "enrolment__training__kind",
            "enrolment__training__district",
        )
        .first()
    )


# Member history ----------------------------------------------------------------------------------


def history_of_member(member_id: int) -> list[Enrolment]:
    """Every training of one member, newest first, with its valid certificate (two queries)."""
    return list(
        Enrolment.objects.filter(member_id=member_id)
        .select_related("training", "training__kind")
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.order_by("-issued_on", "-pk"),
                to_attr="all_certificates",
            )
        )
        .order_by("-training__starts_on", "-pk")
    )


def trained_in_kind(*, member_ids: Sequence[int], kind_id: int, year: int) -> set[int]:
    """Members of `member_ids` who completed a counted training of this kind in `year`."""
    return set(
        Enrolment.objects.filter(
            member_id__in=list(member_ids),
            completed=True,
            training__kind_id=kind_id,
            training__status__in=sorted(COUNTED_STATUSES),
            training__ends_on__year=year,
        ).values_list("member_id", flat=True)
    )


def last_trained_on(member_ids: Sequence[int]) -> dict[int, dt.date | None]:
    """Member id -> the end date of the latest counted training they completed (None: never)."""
    found = dict(
        Enrolment.objects.filter(
            member_id__in=list(member_ids),
            completed=True,
            training__status__in=sorted(COUNTED_STATUSES),
        )
        .values("member_id")
        .annotate(last=Max("training__ends_on"))
        .order_by()
        .values_list("member_id", "last")
    )
    return {pk: found.get(pk) for pk in member_ids}


def trained_count(*, district_codes: Sequence[str], year: int) -> int:
    """Distinct members who completed a counted training that ended in `year` ("LINMAS terbina")."""
    return (
        Enrolment.objects.filter(
            completed=True,
            training__district__in=list(district_codes),
            training__status__in=sorted(COUNTED_STATUSES),
            training__ends_on__year=year,
        )
        .values("member_id")
        .distinct()
        .count()
    )


# Planning ----------------------------------------------------------------------------------------


def trainings_carried_out(activity_ids: Sequence[int], year: int) -> list[CarriedOut]:
    """The trainings that carried out these planned activities in `year` (planning's calendar);
    outputs = members who completed."""
    trainings = (
        Training.objects.filter(planned_activity_id__in=list(activity_ids), starts_on__year=year)
        .exclude(status__in=[TrainingStatus.CANCELLED])
        .annotate(done=Count("enrolments", filter=Q(enrolments__completed=True)))
        .order_by("starts_on", "pk")
    )
    return [
        CarriedOut(
            kind="training",
            activity_id=t.planned_activity_id,
            on_date=t.starts_on,
            label=t.title,
            url=reverse("trainings:training_detail", kwargs={"pk": t.pk}),
            object_id=t.pk,
            outputs=t.done if t.status in COUNTED_STATUSES else 0,
        )
        for t in trainings
        if t.planned_activity_id is not None
    ]
