"""The calculator drawn from the surveys: the IKM, the mean of the finished surveys' indices (a
latest-answer moment tells the engine when an answer came after the value was computed)."""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sitrantib.core.formatting import format_date_id
from sitrantib.fieldwork.situation import Period
from sitrantib.indicators.calculators import Calculator, Computation, Record, register
from sitrantib.indicators.calculators_kak.common import (
    TWO_PLACES,
    Batch,
    bucketed,
    on_dates,
    span_of,
)
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import SurveyPeriod, SurveyResponse
from sitrantib.surveys.selectors import fresh_results_for_periods


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
    start, end = span_of(periods)
    surveys = list(
        SurveyPeriod.objects.filter(
            district_id__in=list(codes), period_end__gte=start, period_end__lte=end
        )
        .exclude(status=PeriodStatus.DRAFT)
        .order_by("period_end", "pk")
    )
    results = fresh_results_for_periods(surveys)
    buckets = bucketed(
        codes, periods, surveys, lambda s: s.district_id, on_dates(lambda s: s.period_end)
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
