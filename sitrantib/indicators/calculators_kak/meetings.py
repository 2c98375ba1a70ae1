"""The calculators drawn from the meetings: the share of coordination results followed up (the
meetings' own follow-up rule) and the number of FORKOMPIMKA synergy reports (coordination
meetings held with minutes)."""

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sitrantib.fieldwork.situation import Period
from sitrantib.indicators.calculators import Calculator, Computation, Record, register
from sitrantib.indicators.calculators_kak.common import (
    TWO_PLACES,
    Batch,
    bucketed,
    local_date,
    moment_span_of,
    on_dates,
    span_of,
)
from sitrantib.meetings.enums import ActionStatus
from sitrantib.meetings.models import ActionItem, Meeting
from sitrantib.meetings.selectors.action_items import with_follow_up_flags
from sitrantib.meetings.selectors.indicator import IndicatorValue as FollowUp
from sitrantib.meetings.selectors.indicator import compute_follow_up, of_meetings


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
    start, end = span_of(periods)
    items = (
        with_follow_up_flags(
            of_meetings(ActionItem.objects.filter(district_id__in=list(codes))),
            today=timezone.localdate(),
        )
        .select_related("meeting", "owner_institution")
        .filter(due_date__gte=start, due_date__lte=end)
        .order_by("due_date", "pk")
    )
    buckets = bucketed(
        codes, periods, items, lambda i: i.district_id, on_dates(lambda i: i.due_date)
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
    start, after = moment_span_of(periods)
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

    buckets = bucketed(codes, periods, meetings, lambda m: m.district_id, inside)
    return {key: _synergy(bucket) for key, bucket in buckets.items()}


def _synergy(meetings: list[Meeting]) -> Computation:
    records = [
        Record(
            label=m.title,
            url=m.get_absolute_url(),
            on_date=local_date(m.starts_at),
            detail=f"{m.kind.name} · {m.venue}",
        )
        for m in meetings
    ]
    return Computation(
        value=Decimal(len(meetings)),
        numerator=Decimal(len(meetings)),
        numerator_records=lambda: records,
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
