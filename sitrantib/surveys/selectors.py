"""Reads of the survey module. Every query for a signed-in user filters through `_scope`.

Survey periods belong to a kecamatan; the section (trantib_admin) manages them, the camat reads
them; a regency or national coverage reaches more kecamatan (never being a superuser). Other
roles see no period (404).
"""

import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from sitrantib.core.enums import Role
from sitrantib.core.scoping import EMPTY_SCOPE, Scope, restrict, scope_of
from sitrantib.regions.models import District
from sitrantib.surveys.computation import ElementSpec, IkmResult, compute_ikm, round_half_up
from sitrantib.surveys.defaults import element_rows
from sitrantib.surveys.enums import (
    AGE_BANDS,
    Education,
    Occupation,
    PeriodStatus,
    Sex,
)
from sitrantib.surveys.models import (
    Answer,
    Element,
    PeriodElement,
    PeriodResult,
    SurveyPeriod,
    SurveyResponse,
)

READER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.CAMAT})
WRITER_ROLES = frozenset({Role.TRANTIB_ADMIN})


def _scope(user: Any) -> Scope:
    scope = scope_of(user)
    if scope.national or scope.role in READER_ROLES:
        return scope
    return EMPTY_SCOPE


def can_read(user: Any) -> bool:
    return not _scope(user).is_empty


def can_manage(user: Any) -> bool:
    scope = _scope(user)
    return scope.national or (not scope.is_empty and scope.role in WRITER_ROLES)


def periods_visible_to(*, user: Any) -> QuerySet[SurveyPeriod]:
    return restrict(
        SurveyPeriod.objects.select_related("district"),
        _scope(user),
        district_field="district",
        village_field=None,
    )


def districts_for_new_period(*, user: Any) -> QuerySet[District]:
    """The kecamatan a user may open a survey for: their own, or those of a wider coverage."""
    if not can_manage(user):
        return District.objects.none()
    scope = _scope(user)
    if scope.national:
        return District.objects.order_by("code")
    return District.objects.filter(code__in=sorted(scope.district_codes)).order_by("code")


def default_elements_for(*, district: District | str) -> list[Element]:
    """The questionnaire a new period of a kecamatan gets: its own set, else the template."""
    code = district if isinstance(district, str) else district.code
    own = list(Element.objects.filter(district_id=code, is_active=True).order_by("order", "code"))
    if own or Element.objects.filter(district_id=code).exists():
        return own
    template = list(
        Element.objects.filter(district__isnull=True, is_active=True).order_by("order", "code")
    )
    if template or Element.objects.filter(district__isnull=True).exists():
        return template
    # The template table is empty (e.g. a flushed database): the regulation's nine, unsaved.
    return [Element(**row) for row in element_rows()]


def has_own_element_set(*, district: District) -> bool:
    return Element.objects.filter(district=district).exists()


def element_set_districts(*, user: Any) -> QuerySet[District]:
    """The kecamatan whose default questionnaire a user may edit (the section's own)."""
    return districts_for_new_period(user=user)


def elements_of(period: SurveyPeriod) -> list[PeriodElement]:
    cached = getattr(period, "_elements_cache", None)
    if cached is None:
        cached = list(period.elements.order_by("order", "code"))
        period._elements_cache = cached  # type: ignore[attr-defined]
    return cached


# The questionnaire of each period this process has served, by period id: (created_at, elements).
_QUESTIONNAIRES: dict[int, tuple[Any, list[PeriodElement]]] = {}
_QUESTIONNAIRES_KEPT = 256


def questionnaire_of(period: SurveyPeriod) -> list[PeriodElement]:
    """The period's elements for a questionnaire (validating and storing answers), kept per process.

    A period copies its elements when it is created and no service changes them afterwards, so a
    submission need not read them again; the copy is keyed by the period's id and creation time
    (a new period never matches an old copy) and `forget_questionnaire` drops it (called by
    `refresh_period_result`, which anything that changes a period's elements calls). Pages that
    show results read the elements live (`elements_of`). docs/adr/0035.
    """
    kept = _QUESTIONNAIRES.get(period.pk)
    if kept is not None and period.created_at is not None and kept[0] == period.created_at:
        elements = kept[1]
    else:
        elements = list(PeriodElement.objects.filter(period_id=period.pk).order_by("order", "code"))
        if period.created_at is not None:
            if len(_QUESTIONNAIRES) >= _QUESTIONNAIRES_KEPT:
                _QUESTIONNAIRES.clear()
            _QUESTIONNAIRES[period.pk] = (period.created_at, elements)
    copy = list(elements)
    period._elements_cache = copy  # type: ignore[attr-defined]
    return copy


def forget_questionnaire(period_id: int) -> None:
    """Drop this process's copy of a period's elements (after they changed)."""
    _QUESTIONNAIRES.pop(period_id, None)


def _specs(elements: Iterable[PeriodElement]) -> list[ElementSpec]:
    return [ElementSpec(code=e.code, name=e.name, weight=e.weight) for e in elements]


def period_result(*, period: SurveyPeriod) -> IkmResult:
    """The IKM of a period from its stored figures (2 queries; docs/adr/0035)."""
    return results_for_periods([period])[period.pk]


def _elements_by_period(ids: Sequence[int]) -> dict[int, list[PeriodElement]]:
    elements: dict[int, list[PeriodElement]] = defaultdict(list)
    for element in PeriodElement.objects.filter(period_id__in=ids).order_by("order", "code"):
        elements[element.period_id].append(element)
    return elements


Totals = dict[str, tuple[int, int]]


def answer_totals(ids: Sequence[int]) -> tuple[dict[int, Totals], dict[int, int]]:
    """Per period, each element code's (sum of answers, number of answers), and its respondents:
    the inputs of the IKM, read from every answer (2 queries)."""
    totals: dict[int, Totals] = defaultdict(dict)
    rows = (
        Answer.objects.filter(element__period_id__in=ids)
        .values("element__period_id", "element__code")
        .annotate(total=Sum("value"), count=Count("id"))
        .order_by()
    )
    for row in rows:
        totals[row["element__period_id"]][row["element__code"]] = (row["total"], row["count"])
    respondents = dict(
        SurveyResponse.objects.filter(period_id__in=ids)
        .values_list("period_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {pk: totals[pk] for pk in ids}, {pk: respondents.get(pk, 0) for pk in ids}


def stored_totals(result: PeriodResult) -> Totals:
    """The stored per-element (sum, count) of a PeriodResult row as tuples."""
    return {
        str(code): (int(pair[0]), int(pair[1]))
        for code, pair in (result.totals or {}).items()
        if isinstance(pair, list | tuple) and len(pair) == 2
    }


def fresh_results_for_periods(periods: Sequence[SurveyPeriod]) -> dict[int, IkmResult]:
    """The IKM of several periods computed from every answer (4 queries): the calculator the
    stored figures are checked against."""
    ids = [p.pk for p in periods]
    if not ids:
        return {}
    elements = _elements_by_period(ids)
    totals, respondents = answer_totals(ids)
    return {pk: compute_ikm(_specs(elements[pk]), totals[pk], respondents[pk]) for pk in ids}


def results_for_periods(periods: Sequence[SurveyPeriod]) -> dict[int, IkmResult]:
    """The IKM of several periods from their stored figures (2 queries, no answer read).

    The stored sums and counts are combined with the period's elements as they are now, so the
    result equals `fresh_results_for_periods`. A period without a stored row (none should exist:
    the migration and `create_period` make them) is computed from its answers.
    """
    ids = [p.pk for p in periods]
    if not ids:
        return {}
    elements = _elements_by_period(ids)
    stored = {r.period_id: r for r in PeriodResult.objects.filter(period_id__in=ids)}
    missing = [p for p in periods if p.pk not in stored]
    results = fresh_results_for_periods(missing) if missing else {}
    for pk, row in stored.items():
        results[pk] = compute_ikm(_specs(elements[pk]), stored_totals(row), row.respondents)
    return results


def ikm_for_period(*, period: SurveyPeriod) -> Decimal | None:
    """The IKM (25-100, 2 decimals) of a period: the realisation value of the IKM indicator.

    For the indicators module. None while some element has no answer yet. Computed from every
    answer (the calculator); the pages read the stored figures, which always equal it.
    """
    return fresh_results_for_periods([period])[period.pk].ikm


def trend_for(*, period: SurveyPeriod) -> list[tuple[SurveyPeriod, IkmResult]]:
    """This period and the earlier ones of the same kecamatan (oldest first) with their IKM."""
    periods = list(
        SurveyPeriod.objects.filter(district_id=period.district_id)
        .filter(
            Q(period_start__lt=period.period_start)
            | Q(period_start=period.period_start, pk__lte=period.pk)
        )
        .exclude(status=PeriodStatus.DRAFT)
        .order_by("period_start", "pk")
    )
    if period not in periods:
        periods.append(period)
    results = results_for_periods(periods)
    return [(p, results[p.pk]) for p in periods]


@dataclass(frozen=True)
class ProfileRow:
    label: str
    count: int
    share: Decimal  # percent, 2 places


@dataclass(frozen=True)
class ProfileTable:
    key: str
    title: str
    rows: tuple[ProfileRow, ...]


def _rows(
    labels: Sequence[tuple[str, Any]], counts: Counter[str], total: int
) -> tuple[ProfileRow, ...]:
    return tuple(
        ProfileRow(
            label=str(label),
            count=counts.get(key, 0),
            share=round_half_up(Fraction(counts.get(key, 0) * 100, total), 2)
            if total
            else Decimal("0.00"),
        )
        for key, label in labels
    )


def age_band_index(age: int) -> int:
    """The position in AGE_BANDS of an age (the raw-data export shows the band, not the age)."""
    for index, (low, high) in enumerate(AGE_BANDS):
        if age >= low and (high is None or age <= high):
            return index
    return 0


def age_band_label(index: int) -> str:
    from django.utils.translation import gettext as _

    low, high = AGE_BANDS[index]
    if high is None:
        return _("%(low)s tahun ke atas") % {"low": low}
    if low == 0:
        return _("di bawah %(limit)s tahun") % {"limit": high + 1}
    return _("%(low)s-%(high)s tahun") % {"low": low, "high": high}


def _age_band_key(age: int) -> str:
    return str(AGE_BANDS[age_band_index(age)][0])


def _age_band_labels() -> list[tuple[str, str]]:
    return [(str(low), age_band_label(i)) for i, (low, _high) in enumerate(AGE_BANDS)]


def weight_share(element: Any, elements: Sequence[Any]) -> Decimal:
    """An element's weight as the share of 1 (relative weight / sum), 4 places for display."""
    total = sum(e.weight for e in elements)
    return round_half_up(Fraction(element.weight, total), 4) if total else Decimal("0")


def profile_for(*, period: SurveyPeriod) -> list[ProfileTable]:
    """Counts and shares of respondents by sex, age band, education, occupation and service."""
    from django.utils.translation import gettext as _

    rows = list(
        SurveyResponse.objects.filter(period=period).values_list(
            "sex", "age", "education", "occupation", "service"
        )
    )
    total = len(rows)
    sex = Counter(r[0] for r in rows)
    age = Counter(_age_band_key(r[1]) for r in rows)
    education = Counter(r[2] for r in rows)
    occupation = Counter(r[3] for r in rows)
    service = Counter((r[4] or "").strip() or "-" for r in rows)
    service_labels = [(k, k) for k in sorted(service)]
    return [
        ProfileTable("sex", _("Jenis kelamin"), _rows(Sex.choices, sex, total)),
        ProfileTable("age", _("Umur"), _rows(_age_band_labels(), age, total)),
        ProfileTable("education", _("Pendidikan"), _rows(Education.choices, education, total)),
        ProfileTable("occupation", _("Pekerjaan"), _rows(Occupation.choices, occupation, total)),
        ProfileTable("service", _("Layanan yang diterima"), _rows(service_labels, service, total)),
    ]


def suggestions_for(*, period: SurveyPeriod) -> list[str]:
    """Every non-empty suggestion of the period, oldest first."""
    return list(
        SurveyResponse.objects.filter(period=period)
        .exclude(suggestion="")
        .order_by("received_at", "pk")
        .values_list("suggestion", flat=True)
    )


def low_score_suggestions(
    *, period: SurveyPeriod, limit: int = 10
) -> dict[str, list[tuple[str, int]]]:
    """Per element code, the suggestions of respondents who rated that element 1 or 2.

    Equal suggestions are grouped with how often they were given, most frequent first, at most
    `limit` different ones per element.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    rows = (
        Answer.objects.filter(element__period=period, value__lte=2)
        .exclude(response__suggestion="")
        .values_list("element__code", "response__suggestion")
    )
    for code, text in rows:
        counts[code][" ".join(text.split())] += 1
    return {
        code: sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]
        for code, counter in counts.items()
    }


def published_periods() -> QuerySet[SurveyPeriod]:
    """Published periods of every kecamatan, for the public page (no login)."""
    return (
        SurveyPeriod.objects.filter(status=PeriodStatus.PUBLISHED)
        .select_related("district")
        .order_by("district__name", "-period_start", "-pk")
    )


def periods_taking_public_answers() -> QuerySet[SurveyPeriod]:
    """Periods the public may address: every status but draft (a draft is not public: 404)."""
    return SurveyPeriod.objects.select_related("district").exclude(status=PeriodStatus.DRAFT)


def with_received(
    periods: QuerySet[SurveyPeriod], *, client_id: uuid.UUID | None
) -> QuerySet[SurveyPeriod]:
    """Periods with the questionnaire already stored under a client id read in the same query
    (`received_id`, `received_at`; None when there is none): the resend check of a public
    submission costs no query of its own. Read it with `received_in`."""
    if client_id is None:
        return periods
    stored = SurveyResponse.objects.filter(period=OuterRef("pk"), client_id=client_id)
    return periods.annotate(
        received_id=Subquery(stored.values("pk")[:1]),
        received_at=Subquery(stored.values("received_at")[:1]),
    )


def received_in(period: SurveyPeriod, *, client_id: uuid.UUID | None) -> SurveyResponse | None:
    """The stored questionnaire `with_received` found for this client id (unsaved copy of its
    id, client id, period and receipt time), or None."""
    received_id = getattr(period, "received_id", None)
    if client_id is None or received_id is None:
        return None
    received = SurveyResponse(pk=received_id, period=period, client_id=client_id)
    received.received_at = getattr(period, "received_at")  # noqa: B009  # set by with_received
    return received


def period_for_public(*, short_code: str) -> QuerySet[SurveyPeriod]:
    """The non-draft period behind a public short code (the page says when it is not open)."""
    return periods_taking_public_answers().filter(short_code=short_code)


def received_response(
    *, period: SurveyPeriod, client_id: uuid.UUID | None
) -> SurveyResponse | None:
    """The questionnaire already stored under a client id in a period, if any."""
    if client_id is None:
        return None
    return SurveyResponse.objects.filter(period=period, client_id=client_id).first()


def stored_client_ids(*, period: SurveyPeriod, client_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these client ids the period already stored."""
    return set(
        SurveyResponse.objects.filter(period=period, client_id__in=client_ids).values_list(
            "client_id", flat=True
        )
    )


def response_count(*, period: SurveyPeriod) -> int:
    return SurveyResponse.objects.filter(period=period).count()


def responses_for_export(*, period: SurveyPeriod) -> QuerySet[SurveyResponse]:
    return (
        SurveyResponse.objects.filter(period=period)
        .prefetch_related("answers__element")
        .order_by("received_at", "pk")
    )


_PUBLIC_FIELDS = ("id", "created_at", "district", "services", "status", "short_code")


def _aware(value: Any) -> Any:
    """A datetime read by raw SQL as the ORM returns it (SQLite gives a naive UTC time)."""
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        value = parse_datetime(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None and settings.USE_TZ:
        value = value.replace(tzinfo=dt.UTC)
    return value


def public_period(*, pk: int, client_id: uuid.UUID | None) -> SurveyPeriod | None:
    """A non-draft period for the public submission endpoint, read with what a submission needs
    (status, services, creation time for `questionnaire_of`; the rest is loaded when touched) and
    the questionnaire already stored under a client id (for `received_in`), in one plain query
    (the ORM's query building cost more than the query; docs/adr/0035)."""
    from django.db import connection

    quote = connection.ops.quote_name
    fields = [f for f in SurveyPeriod._meta.concrete_fields if f.name in _PUBLIC_FIELDS]
    period_table = quote(SurveyPeriod._meta.db_table)
    response_table = quote(SurveyResponse._meta.db_table)
    client_field = SurveyResponse._meta.get_field("client_id")
    r_period = quote(str(SurveyResponse._meta.get_field("period").column))
    r_client = quote(str(client_field.column))
    r_received = quote(str(SurveyResponse._meta.get_field("received_at").column))
    columns = ", ".join(f"p.{quote(str(f.column))}" for f in fields)
    sql = (
        f"SELECT {columns}, r.{quote('id')}, r.{r_received} FROM {period_table} p "  # noqa: S608  # nosec B608  # quoted model names, values bound
        f"LEFT JOIN {response_table} r ON r.{r_period} = p.{quote('id')} AND r.{r_client} = %s "
        f"WHERE p.{quote('id')} = %s AND p.{quote('status')} <> %s"
    )
    stored_id = client_field.get_db_prep_value(client_id, connection) if client_id else None
    with connection.cursor() as cursor:
        cursor.execute(sql, [stored_id, pk, PeriodStatus.DRAFT])
        row = cursor.fetchone()
    if row is None:
        return None
    values = [_aware(v) if f.name == "created_at" else v for f, v in zip(fields, row, strict=False)]
    period = SurveyPeriod.from_db(connection.alias, [f.attname for f in fields], values)
    period.received_id = row[-2]  # type: ignore[attr-defined]
    period.received_at = _aware(row[-1])  # type: ignore[attr-defined]
    return period
