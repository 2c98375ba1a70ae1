"""The calculators drawn from the trainings: LINMAS members trained (each member once) and LINMAS
guidance activities held (each training), both counting trainings finished or reported."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sitrantib.core.formatting import format_date_id
from sitrantib.fieldwork.situation import Period
from sitrantib.indicators.calculators import Calculator, Computation, Record, register
from sitrantib.indicators.calculators_kak.common import Batch, bucketed, on_dates, span_of
from sitrantib.trainings.enums import COUNTED_STATUSES
from sitrantib.trainings.models import Enrolment, Training


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
    start, end = span_of(periods)
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
    buckets = bucketed(
        codes,
        periods,
        rows,
        lambda e: e.training.district_id,
        on_dates(lambda e: e.training.ends_on),
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
    start, end = span_of(periods)
    trainings = Training.objects.filter(
        district_id__in=list(codes),
        status__in=sorted(COUNTED_STATUSES),
        ends_on__gte=start,
        ends_on__lte=end,
    ).order_by("ends_on", "pk")
    buckets = bucketed(
        codes, periods, trainings, lambda t: t.district_id, on_dates(lambda t: t.ends_on)
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
