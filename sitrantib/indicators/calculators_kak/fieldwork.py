"""The calculators drawn from field work: the share of peaceful desa and the number of desa
monitored (both by field work's desa situation rule, shared by the two within one run), and the
number of accompaniment visits."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse
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
from sitrantib.indicators.calculators_kak.common import (
    Batch,
    at_moments,
    bucketed,
    local_date,
    moment_span_of,
)
from sitrantib.regions.models import Village


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
                "date": format_date_id(last) if (last := local_date(row.last_visit)) else "",
            }
            + " · "
            + detail
        )
    return Record(
        label=row.village_name,
        url=reverse("fieldwork:village", kwargs={"code": row.village_code}),
        on_date=local_date(row.last_visit),
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
    start, after = moment_span_of(periods)
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
    buckets = bucketed(
        codes, periods, visits, lambda v: v.district_id, at_moments(lambda v: v.visited_at)
    )
    return {key: _visits(bucket) for key, bucket in buckets.items()}


def _visits(visits: list[Visit]) -> Computation:
    records = [
        Record(
            label=str(v),
            url=v.get_absolute_url(),
            on_date=local_date(v.visited_at),
            detail=v.place,
        )
        for v in visits
    ]
    return Computation(
        value=Decimal(len(visits)),
        numerator=Decimal(len(visits)),
        numerator_records=lambda: records,
    )


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
