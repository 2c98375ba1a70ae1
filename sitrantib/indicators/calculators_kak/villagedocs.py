"""The calculator drawn from the village documents: the mean share of desa that submit each
document type on time (the village documents' own on-time rule)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sitrantib.fieldwork.situation import Period
from sitrantib.indicators.calculators import Calculator, Computation, Record, register
from sitrantib.indicators.calculators_kak.common import Batch, bucketed, on_dates, span_of
from sitrantib.villagedocs.models import DocumentType, Obligation
from sitrantib.villagedocs.selectors import (
    OnTime,
    TypeShare,
    counted_obligations,
    on_time_filter,
    on_time_shares,
)


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
    start, end = span_of(periods)
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
    buckets = bucketed(codes, periods, rows, lambda r: r[0], on_dates(lambda r: r[1]))
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
