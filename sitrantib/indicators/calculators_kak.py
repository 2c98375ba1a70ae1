"""The calculators of the KAK's indicators (docs/adr/0091), registered at import.

Each one reuses the read of the app that owns the rule — field work's desa situation, meetings'
follow-up share, surveys' IKM, village documents' on-time shares, trainings' counted statuses —
and lists the records behind its numerator and denominator from the same rows it counted, so a
drill-down list always has as many rows as the number it explains. Each runs a fixed number of
queries for any number of desa or records.

The batch forms (`*_batch`) fetch the rows of every period asked for all the kecamatan asked at
once, ordered as the per-kecamatan form orders them, and bucket them by kecamatan and period;
each bucket is turned into its Computation by the same function as the per-kecamatan form.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sitrantib.core.formatting import format_date_id
from sitrantib.fieldwork.enums import VisitKind
from sitrantib.fieldwork.models import Visit
from sitrantib.fieldwork.situation import (
    Period,
    VillageSituation,
    village_situations,
    village_situations_by_period,
)
from sitrantib.indicators.calculators import Calculator, Computation, Record, percent, register
from sitrantib.meetings.enums import ActionStatus
from sitrantib.meetings.models import ActionItem, Meeting
from sitrantib.meetings.selectors.action_items import with_follow_up_flags
from sitrantib.meetings.selectors.indicator import IndicatorValue as FollowUp
from sitrantib.meetings.selectors.indicator import compute_follow_up, of_meetings
from sitrantib.regions.models import Village
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import SurveyPeriod, SurveyResponse
from sitrantib.surveys.selectors import fresh_results_for_periods
from sitrantib.trainings.enums import COUNTED_STATUSES
from sitrantib.trainings.models import Enrolment, Training
from sitrantib.villagedocs.models import DocumentType, Obligation
from sitrantib.villagedocs.selectors import (
    OnTime,
    TypeShare,
    counted_obligations,
    on_time_filter,
    on_time_shares,
)

TWO_PLACES = Decimal("0.01")


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


Batch = dict[tuple[str, str], Computation]


def _span(periods: Sequence[Period]) -> tuple[dt.date, dt.date]:
    return min(p.start for p in periods), max(p.end for p in periods)


def _moment_span(periods: Sequence[Period]) -> tuple[dt.datetime, dt.datetime]:
    moments = [p.moments() for p in periods]
    return min(m[0] for m in moments), max(m[1] for m in moments)


def _bucket(
    codes: Sequence[str],
    periods: Sequence[Period],
    rows: Iterable[Any],
    district_of: Callable[[Any], str],
    inside: Callable[[Any, Period], bool],
) -> dict[tuple[str, str], list[Any]]:
    """Rows by (kecamatan code, period key), each bucket in the rows' order; every pair asked
    has a bucket, empty when no row falls in it."""
    found: dict[tuple[str, str], list[Any]] = {(c, p.key): [] for c in codes for p in periods}
    for row in rows:
        code = district_of(row)
        for period in periods:
            if inside(row, period):
                found[(code, period.key)].append(row)
    return found


def _on_dates(attribute: Callable[[Any], dt.date]) -> Callable[[Any, Period], bool]:
    return lambda row, period: period.start <= attribute(row) <= period.end


def _at_moments(
    attribute: Callable[[Any], dt.datetime],
) -> Callable[[Any, Period], bool]:
    moments: dict[str, tuple[dt.datetime, dt.datetime]] = {}

    def inside(row: Any, period: Period) -> bool:
        if period.key not in moments:
            moments[period.key] = period.moments()
        start, after = moments[period.key]
        return start <= attribute(row) < after

    return inside


# Field work: the desa situation rule --------------------------------------------------------------


def _situations(district_code: str, period: Period) -> list[VillageSituation]:
    """Every desa of the kecamatan in the period, by field work's stated rule (5 queries)."""
    return village_situations(Village.objects.filter(district_id=district_code), period)


def _desa_record(row: VillageSituation, period: Period) -> Record:
    if row.peaceful:
        detail = gettext("Tentram dan tertib")
    else:
        detail = "; ".join(f"{c.label}: {c.detail}" for c in row.deciding)
    if row.visits:
        detail = (
            gettext("%(n)d kunjungan, terakhir %(date)s")
            % {
                "n": row.visits,
                "date": format_date_id(last) if (last := _local_date(row.last_visit)) else "",
            }
            + " · "
            + detail
        )
    return Record(
        label=row.village_name,
        url=reverse("fieldwork:village", kwargs={"code": row.village_code}),
        on_date=_local_date(row.last_visit),
        detail=detail,
    )


def _situations_batch(
    codes: Sequence[str], periods: Sequence[Period], shared: dict[Any, Any]
) -> dict[str, dict[str, list[VillageSituation]]]:
    """The desa situations of every kecamatan of `codes` in every period, by period key and
    kecamatan (5 queries for all of them), kept in `shared` for the other desa calculator of
    the same run."""
    key = ("situations", tuple(codes), tuple(p.key for p in periods))
    if key not in shared:
        by_period = village_situations_by_period(
            Village.objects.filter(district_id__in=list(codes)), periods
        )
        found: dict[str, dict[str, list[VillageSituation]]] = {}
        for period_key, rows in by_period.items():
            by_code: dict[str, list[VillageSituation]] = {code: [] for code in codes}
            for row in rows:
                by_code[row.district_code].append(row)
            found[period_key] = by_code
        shared[key] = found
    result: dict[str, dict[str, list[VillageSituation]]] = shared[key]
    return result


def _peaceful(rows: list[VillageSituation], period: Period) -> Computation:
    peaceful = [r for r in rows if r.peaceful]
    return Computation(
        value=percent(len(peaceful), len(rows)),
        numerator=Decimal(len(peaceful)),
        denominator=Decimal(len(rows)),
        numerator_records=lambda: [_desa_record(r, period) for r in peaceful],
        denominator_records=lambda: [_desa_record(r, period) for r in rows],
    )


def desa_peaceful_percent(
    district_code: str, period: Period, params: Mapping[str, Any]
) -> Computation:
    return _peaceful(_situations(district_code, period), period)


def desa_peaceful_percent_batch(
    codes: Sequence[str], periods: Sequence[Period], params: Mapping[str, Any], shared: dict
) -> Batch:
    found: Batch = {}
    situations = _situations_batch(codes, periods, shared)
    for period in periods:
        for code, rows in situations[period.key].items():
            found[(code, period.key)] = _peaceful(rows, period)
    return found


def _monitored(rows: list[VillageSituation], period: Period) -> Computation:
    monitored = [r for r in rows if r.monitored]
    return Computation(
        value=Decimal(len(monitored)),
        numerator=Decimal(len(monitored)),
        denominator=Decimal(len(rows)),
        numerator_records=lambda: [_desa_record(r, period) for r in monitored],
        denominator_records=lambda: [_desa_record(r, period) for r in rows],
    )


def desa_monitored(district_code: str, period: Period, params: Mapping[str, Any]) -> Computation:
    return _monitored(_situations(district_code, period), period)


def desa_monitored_batch(
    codes: Sequence[str], periods: Sequence[Period], params: Mapping[str, Any], shared: dict
) -> Batch:
    found: Batch = {}
    situations = _situations_batch(codes, periods, shared)
    for period in periods:
        for code, rows in situations[period.key].items():
            found[(code, period.key)] = _monitored(rows, period)
    return found


# Surveys: the IKM ---------------------------------------------------------------------------------


def latest_answers(district_codes: list[str]) -> dict[str, dt.datetime]:
    """The moment of the latest survey answer of each kecamatan (one query): answers are not
    signalled one by one (a public submission stays as cheap as it is)."""
    rows = (
        SurveyResponse.objects.filter(period__district_id__in=district_codes)
        .values("period__district_id")
        .annotate(last=Max("received_at"))
        .order_by()
    )
    return {r["period__district_id"]: r["last"] for r in rows}


def ikm(district_code: str, period: Period, params: Mapping[str, Any]) -> Computation:
    surveys = list(
        SurveyPeriod.objects.filter(
            district_id=district_code, period_end__gte=period.start, period_end__lte=period.end
        )
        .exclude(status=PeriodStatus.DRAFT)
        .order_by("period_end", "pk")
    )
    return _ikm(surveys, fresh_results_for_periods(surveys))


def ikm_batch(
    codes: Sequence[str], periods: Sequence[Period], params: Mapping[str, Any], shared: dict
) -> Batch:
    start, end = _span(periods)
    surveys = list(
        SurveyPeriod.objects.filter(
            district_id__in=list(codes), period_end__gte=start, period_end__lte=end
        )
        .exclude(status=PeriodStatus.DRAFT)
        .order_by("period_end", "pk")
    )
    results = fresh_results_for_periods(surveys)
    buckets = _bucket(
        codes, periods, surveys, lambda s: s.district_id, _on_dates(lambda s: s.period_end)
    )
    return {key: _ikm(rows, results) for key, rows in buckets.items()}


def _ikm(surveys: list[SurveyPeriod], results: Mapping[int, Any]) -> Computation:
    scored = [(s, results[s.pk]) for s in surveys if results[s.pk].ikm is not None]
    total = sum((r.ikm for _s, r in scored if r.ikm is not None), Decimal(0))
    value = (total / len(scored)).quantize(TWO_PLACES, ROUND_HALF_UP) if scored else None
    records = [
        Record(
            label=s.title,
            url=s.get_absolute_url(),
            on_date=s.period_end,
            detail=gettext("IKM %(ikm)s (%(grade)s), %(n)d responden, %(start)s s.d. %(end)s")
            % {
                "ikm": r.ikm,
                "grade": r.label,
                "n": r.respondents,
                "start": format_date_id(s.period_start),
                "end": format_date_id(s.period_end),
            },
        )
        for s, r in scored
    ]
    return Computation(
        value=value,
        numerator=total if scored else None,
        denominator=Decimal(len(scored)),
        numerator_records=lambda: records,
        denominator_records=lambda: records,
    )


# Meetings: follow-up of coordination results ------------------------------------------------------


def _item_record(item: ActionItem) -> Record:
    return Record(
        label=str(item),
        url=item.get_absolute_url(),
        on_date=item.due_date,
        detail=item.meeting.title if item.meeting is not None else "",
    )


def follow_up_percent(district_code: str, period: Period, params: Mapping[str, Any]) -> Computation:
    result = compute_follow_up(
        ActionItem.objects.filter(district_id=district_code),
        start=period.start,
        end=period.end,
        today=timezone.localdate(),
    )
    return _follow_up(result.value, result.followed_up, result.due)


def _follow_up(
    value: Decimal | None, followed_up: list[ActionItem], due: list[ActionItem]
) -> Computation:
    return Computation(
        value=value.quantize(TWO_PLACES, ROUND_HALF_UP) if value is not None else None,
        numerator=Decimal(len(followed_up)),
        denominator=Decimal(len(due)),
        numerator_records=lambda: [_item_record(i) for i in followed_up],
        denominator_records=lambda: [_item_record(i) for i in due],
    )


def follow_up_percent_batch(
    codes: Sequence[str], periods: Sequence[Period], params: Mapping[str, Any], shared: dict
) -> Batch:
    """The meeting items due in the periods, with meetings' follow-up flags (one query), split
    as `compute_follow_up` splits them: cancelled ones left out, followed up = done with
    evidence."""
    start, end = _span(periods)
    items = (
        with_follow_up_flags(
            of_meetings(ActionItem.objects.filter(district_id__in=list(codes))),
            today=timezone.localdate(),
        )
        .select_related("meeting", "owner_institution")
        .filter(due_date__gte=start, due_date__lte=end)
        .order_by("due_date", "pk")
    )
    buckets = _bucket(
        codes, periods, items, lambda i: i.district_id, _on_dates(lambda i: i.due_date)
    )
    found: Batch = {}
    for (code, key), rows in buckets.items():
        period = next(p for p in periods if p.key == key)
        result = FollowUp(start=period.start, end=period.end)
        for item in rows:
            if item.status == ActionStatus.CANCELLED:
                result.cancelled.append(item)
                continue
            result.due.append(item)
            if item.is_followed_up:
                result.followed_up.append(item)
        found[(code, key)] = _follow_up(result.value, result.followed_up, result.due)
    return found


# Village documents: on time -----------------------------------------------------------------------


def _obligation_records(obligations: Any) -> list[Record]:
    rows = obligations.select_related("village", "document_type").order_by(
        "due_date", "village_id", "pk"
    )
    return [
        Record(
            label=str(o),
            url=o.get_absolute_url(),
            on_date=o.due_date,
            detail=gettext("Tepat waktu")
            if o.on_time
            else gettext("Terlambat atau belum diterima"),
        )
        for o in rows
    ]


def documents_on_time(district_code: str, period: Period, params: Mapping[str, Any]) -> Computation:
    obligations = Obligation.objects.filter(district_id=district_code)
    today = timezone.localdate()
    shares = on_time_shares(obligations, period.start, period.end, today)
    counted = counted_obligations(obligations, period.start, period.end, today)
    return _on_time(shares, lambda: counted)


def documents_on_time_batch(
    codes: Sequence[str], periods: Sequence[Period], params: Mapping[str, Any], shared: dict
) -> Batch:
    """The counted obligations of all the periods (one query) and their types (one query),
    counted per kecamatan, period and type as `on_time_shares` counts them."""
    today = timezone.localdate()
    start, end = _span(periods)
    rows = list(
        counted_obligations(
            Obligation.objects.filter(district_id__in=list(codes)), start, end, today
        )
        .values_list("district_id", "due_date", "document_type_id", "on_time")
        .order_by()
    )
    types = {
        t.pk: t
        for t in DocumentType.objects.filter(pk__in=sorted({r[2] for r in rows})).order_by(
            "order", "name", "pk"
        )
    }
    order = list(types)
    buckets = _bucket(codes, periods, rows, lambda r: r[0], _on_dates(lambda r: r[1]))
    found: Batch = {}
    for (code, key), bucket in buckets.items():
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for _code, _due, type_id, on_time in bucket:
            counts[type_id][0] += 1
            counts[type_id][1] += on_time is True
        shares = OnTime([TypeShare(types[pk], *counts[pk]) for pk in order if pk in counts])
        period = next(p for p in periods if p.key == key)
        found[(code, key)] = _on_time(shares, _counted_of(code, period, today))
    return found


def _counted_of(code: str, period: Period, today: dt.date) -> Callable[[], Any]:
    """The counted obligations of one kecamatan and period, built only for a drill-down."""
    return lambda: counted_obligations(
        Obligation.objects.filter(district_id=code), period.start, period.end, today
    )


def _on_time(shares: OnTime, counted: Callable[[], Any]) -> Computation:
    note = "; ".join(
        gettext("%(type)s: %(on_time)d dari %(obliged)d (%(percent)s%%)")
        % {
            "type": s.document_type.name,
            "on_time": s.on_time,
            "obliged": s.obliged,
            "percent": s.percent,
        }
        for s in shares.shares
    )
    return Computation(
        value=shares.average,
        numerator=Decimal(shares.on_time),
        denominator=Decimal(shares.obliged),
        numerator_records=lambda: _obligation_records(counted().filter(on_time_filter())),
        denominator_records=lambda: _obligation_records(counted()),
        note=note,
    )


# Trainings ----------------------------------------------------------------------------------------


def _completed(district_code: str, period: Period) -> Any:
    return Enrolment.objects.filter(
        completed=True,
        training__district_id=district_code,
        training__status__in=sorted(COUNTED_STATUSES),
        training__ends_on__gte=period.start,
        training__ends_on__lte=period.end,
    )


def linmas_trained(district_code: str, period: Period, params: Mapping[str, Any]) -> Computation:
    rows = list(
        _completed(district_code, period)
        .select_related("member", "training")
        .order_by("member_id", "training__ends_on", "pk")
    )
    return _trained(rows)


def linmas_trained_batch(
    codes: Sequence[str], periods: Sequence[Period], params: Mapping[str, Any], shared: dict
) -> Batch:
    start, end = _span(periods)
    rows = (
        Enrolment.objects.filter(
            completed=True,
            training__district_id__in=list(codes),
            training__status__in=sorted(COUNTED_STATUSES),
            training__ends_on__gte=start,
            training__ends_on__lte=end,
        )
        .select_related("member", "training")
        .order_by("member_id", "training__ends_on", "pk")
    )
    buckets = _bucket(
        codes,
        periods,
        rows,
        lambda e: e.training.district_id,
        _on_dates(lambda e: e.training.ends_on),
    )
    return {key: _trained(bucket) for key, bucket in buckets.items()}


def _trained(rows: list[Enrolment]) -> Computation:
    first: dict[int, Enrolment] = {}
    for row in rows:
        first.setdefault(row.member_id, row)
    people = sorted(first.values(), key=lambda e: (e.member.name, e.member_id))
    records = [
        Record(
            label=e.member.name,
            url=reverse("linmas:member_detail", kwargs={"pk": e.member_id}),
            on_date=e.training.ends_on,
            detail=e.training.title,
        )
        for e in people
    ]
    return Computation(
        value=Decimal(len(people)),
        numerator=Decimal(len(people)),
        numerator_records=lambda: records,
    )


def linmas_guidance(district_code: str, period: Period, params: Mapping[str, Any]) -> Computation:
    trainings = list(
        Training.objects.filter(
            district_id=district_code,
            status__in=sorted(COUNTED_STATUSES),
            ends_on__gte=period.start,
            ends_on__lte=period.end,
        ).order_by("ends_on", "pk")
    )
    return _guidance(trainings)


def linmas_guidance_batch(
    codes: Sequence[str], periods: Sequence[Period], params: Mapping[str, Any], shared: dict
) -> Batch:
    start, end = _span(periods)
    trainings = Training.objects.filter(
        district_id__in=list(codes),
        status__in=sorted(COUNTED_STATUSES),
        ends_on__gte=start,
        ends_on__lte=end,
    ).order_by("ends_on", "pk")
    buckets = _bucket(
        codes, periods, trainings, lambda t: t.district_id, _on_dates(lambda t: t.ends_on)
    )
    return {key: _guidance(bucket) for key, bucket in buckets.items()}


def _guidance(trainings: list[Training]) -> Computation:
    records = [
        Record(
            label=t.title,
            url=t.get_absolute_url(),
            on_date=t.ends_on,
            detail=gettext("%(start)s s.d. %(end)s")
            % {"start": format_date_id(t.starts_on), "end": format_date_id(t.ends_on)},
        )
        for t in trainings
    ]
    return Computation(
        value=Decimal(len(trainings)),
        numerator=Decimal(len(trainings)),
        numerator_records=lambda: records,
    )


# Field visits: accompaniment ----------------------------------------------------------------------


def accompaniment_visits(
    district_code: str, period: Period, params: Mapping[str, Any]
) -> Computation:
    kinds = params.get("visit_kinds") or [VisitKind.ACCOMPANIMENT]
    start, after = period.moments()
    visits = list(
        Visit.objects.filter(
            district_id=district_code,
            kind__in=[str(k) for k in kinds],
            visited_at__gte=start,
            visited_at__lt=after,
        )
        .select_related("village")
        .order_by("visited_at", "pk")
    )
    return _visits(visits)


def accompaniment_visits_batch(
    codes: Sequence[str], periods: Sequence[Period], params: Mapping[str, Any], shared: dict
) -> Batch:
    kinds = params.get("visit_kinds") or [VisitKind.ACCOMPANIMENT]
    start, after = _moment_span(periods)
    visits = (
        Visit.objects.filter(
            district_id__in=list(codes),
            kind__in=[str(k) for k in kinds],
            visited_at__gte=start,
            visited_at__lt=after,
        )
        .select_related("village")
        .order_by("visited_at", "pk")
    )
    buckets = _bucket(
        codes, periods, visits, lambda v: v.district_id, _at_moments(lambda v: v.visited_at)
    )
    return {key: _visits(bucket) for key, bucket in buckets.items()}


def _visits(visits: list[Visit]) -> Computation:
    records = [
        Record(
            label=str(v),
            url=v.get_absolute_url(),
            on_date=_local_date(v.visited_at),
            detail=v.place,
        )
        for v in visits
    ]
    return Computation(
        value=Decimal(len(visits)),
        numerator=Decimal(len(visits)),
        numerator_records=lambda: records,
    )


# Meetings: FORKOMPIMKA synergy --------------------------------------------------------------------

DEFAULT_SYNERGY_KINDS = ("rapat_koordinasi",)


def forkompimka_synergy(
    district_code: str, period: Period, params: Mapping[str, Any]
) -> Computation:
    kinds = params.get("meeting_kinds") or list(DEFAULT_SYNERGY_KINDS)
    start, after = period.moments()
    meetings = list(
        Meeting.objects.filter(
            district_id=district_code,
            kind__code__in=[str(k) for k in kinds],
            starts_at__gte=start,
            starts_at__lt=min(after, timezone.now()),
        )
        .exclude(Q(minutes_summary="") | Q(minutes_summary__isnull=True))
        .select_related("kind")
        .order_by("starts_at", "pk")
    )
    return _synergy(meetings)


def forkompimka_synergy_batch(
    codes: Sequence[str], periods: Sequence[Period], params: Mapping[str, Any], shared: dict
) -> Batch:
    kinds = params.get("meeting_kinds") or list(DEFAULT_SYNERGY_KINDS)
    now = timezone.now()
    start, after = _moment_span(periods)
    meetings = (
        Meeting.objects.filter(
            district_id__in=list(codes),
            kind__code__in=[str(k) for k in kinds],
            starts_at__gte=start,
            starts_at__lt=min(after, now),
        )
        .exclude(Q(minutes_summary="") | Q(minutes_summary__isnull=True))
        .select_related("kind")
        .order_by("starts_at", "pk")
    )

    moments = {p.key: p.moments() for p in periods}

    def inside(m: Meeting, period: Period) -> bool:
        first, past = moments[period.key]
        return first <= m.starts_at < min(past, now)

    buckets = _bucket(codes, periods, meetings, lambda m: m.district_id, inside)
    return {key: _synergy(bucket) for key, bucket in buckets.items()}


def _synergy(meetings: list[Meeting]) -> Computation:
    records = [
        Record(
            label=m.title,
            url=m.get_absolute_url(),
            on_date=_local_date(m.starts_at),
            detail=f"{m.kind.name} · {m.venue}",
        )
        for m in meetings
    ]
    return Computation(
        value=Decimal(len(meetings)),
        numerator=Decimal(len(meetings)),
        numerator_records=lambda: records,
    )


# Registration -------------------------------------------------------------------------------------

register(
    Calculator(
        code="desa_peaceful_percent",
        name=_("Persentase desa tentram dan tertib"),
        statement=_(
            "Pembilang: desa yang tentram dan tertib dalam periode menurut aturan situasi desa "
            "kecamatan (Kerja Lapangan: dikunjungi, tidak ada situasi rawan yang belum ditangani "
            "pada akhir periode, kejadian serius ditangani tepat waktu — syarat yang diaktifkan). "
            "Penyebut: semua desa kecamatan. Nilai = pembilang / penyebut x 100. Periode: "
            "kunjungan dan kejadian dalam bulan, triwulan atau tahun itu."
        ),
        unit=_("%"),
        compute=desa_peaceful_percent,
        batch=desa_peaceful_percent_batch,
        percent=True,
    )
)
register(
    Calculator(
        code="desa_monitored",
        name=_("Jumlah desa terpantau"),
        statement=_(
            "Pembilang: desa yang dikunjungi sedikitnya sekali dalam periode (kunjungan lapangan "
            "jenis apa pun; desa dihitung sekali). Penyebut (keterangan): semua desa kecamatan. "
            "Nilai = jumlah desa terpantau. Periode: tanggal kunjungan dalam bulan, triwulan atau "
            "tahun itu."
        ),
        unit=_("desa"),
        compute=desa_monitored,
        batch=desa_monitored_batch,
    )
)
register(
    Calculator(
        code="ikm",
        name=_("Nilai IKM"),
        statement=_(
            "Survei kepuasan masyarakat kecamatan (bukan draf) yang tanggal selesainya jatuh "
            "dalam periode; IKM tiap survei dihitung modul Survei dari semua jawabannya. Nilai = "
            "rata-rata IKM survei itu (pembilang: jumlah IKM, penyebut: jumlah survei). Bulan "
            "atau triwulan tanpa survei yang selesai tidak bernilai."
        ),
        unit=_("indeks"),
        compute=ikm,
        batch=ikm_batch,
        last_change=latest_answers,
    )
)
register(
    Calculator(
        code="follow_up_percent",
        name=_("Persentase hasil koordinasi yang ditindaklanjuti"),
        statement=_(
            "Tindak lanjut hasil rapat (bukan dari kunjungan lapangan) yang batas waktunya jatuh "
            "dalam periode. Pembilang: yang selesai dengan bukti (juga bila selesai terlambat). "
            "Penyebut: semua yang jatuh tempo dalam periode kecuali yang dibatalkan. Nilai = "
            "pembilang / penyebut x 100 (modul Rapat)."
        ),
        unit=_("%"),
        compute=follow_up_percent,
        batch=follow_up_percent_batch,
        percent=True,
    )
)
register(
    Calculator(
        code="documents_on_time",
        name=_("Rata-rata persentase desa menyusun dokumen tepat waktu"),
        statement=_(
            "Kewajiban dokumen desa yang dihitung untuk indikator, batas waktunya dalam periode "
            "dan sudah dapat dinilai (diterima, atau lewat batas waktu tanpa dokumen yang "
            "diterima; yang dibebaskan tidak dihitung). Per jenis dokumen: tepat waktu / "
            "kewajiban; nilai = rata-rata persentase semua jenis (modul Dokumen Desa). Pembilang "
            "dan penyebut: jumlah kewajiban tepat waktu dan semua kewajiban yang dinilai."
        ),
        unit=_("%"),
        compute=documents_on_time,
        batch=documents_on_time_batch,
        percent=True,
    )
)
register(
    Calculator(
        code="linmas_trained",
        name=_("Jumlah LINMAS terlatih"),
        statement=_(
            "Anggota LINMAS yang lulus pelatihan berstatus Selesai atau Dilaporkan yang tanggal "
            "selesainya dalam periode; anggota yang lulus dua pelatihan dihitung sekali."
        ),
        unit=_("orang"),
        compute=linmas_trained,
        batch=linmas_trained_batch,
        additive=True,
    )
)
register(
    Calculator(
        code="accompaniment_visits",
        name=_("Pendampingan keamanan wilayah"),
        statement=_(
            "Kunjungan lapangan jenis Pendampingan Satgas/Poskamling yang waktunya dalam periode; "
            "setiap kunjungan dihitung."
        ),
        unit=_("kunjungan"),
        compute=accompaniment_visits,
        batch=accompaniment_visits_batch,
        additive=True,
    )
)
register(
    Calculator(
        code="linmas_guidance",
        name=_("Pembinaan LINMAS"),
        statement=_(
            "Kegiatan pembinaan LINMAS yang terlaksana: pelatihan berstatus Selesai atau "
            "Dilaporkan yang tanggal selesainya dalam periode; setiap pelatihan dihitung."
        ),
        unit=_("kegiatan"),
        compute=linmas_guidance,
        batch=linmas_guidance_batch,
        additive=True,
    )
)
register(
    Calculator(
        code="forkompimka_synergy",
        name=_("Jumlah laporan hasil sinergitas FORKOMPIMKA"),
        statement=_(
            "Rapat koordinasi yang sudah berlangsung dalam periode dan memiliki notulen "
            "(ringkasan notulen terisi): setiap notulen adalah satu laporan hasil sinergitas."
        ),
        unit=_("laporan"),
        compute=forkompimka_synergy,
        batch=forkompimka_synergy_batch,
        additive=True,
    )
)
