"""The engine that computes values (docs/adr/0091).

Computing is lazy: a record change marks the kecamatan's values of that year stale (signals.py,
one UPDATE); the next read (`selectors.values_for`) computes what is stale (`due_values`,
`refresh_values`), and `manage.py compute_indicators` computes everything (`recompute_many`).
Calculators with a batch form compute all the values asked of their kecamatan and periods at
once, in chunks of `CHUNK` kecamatan, with a fixed number of queries per chunk; the values are
written with one batched UPDATE (`storing.write_computed`). A manual value counts only once the
Camat approved it and at least one evidence file is attached."""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.fieldwork.situation import Period, parse_period
from sitrantib.indicators.achievement import Rules, achievement
from sitrantib.indicators.calculators import CALCULATORS, Computation, Record, all_periods
from sitrantib.indicators.enums import Method, ValueStatus
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
from sitrantib.indicators.services.storing import COMPUTED_FIELDS, write_computed
from sitrantib.indicators.services.targets import rules_for, target_for
from sitrantib.indicators.signals import forget_marks

NOTE_UNKNOWN_CALCULATOR = gettext_noop("Penghitung %(code)s tidak dikenal; nilai tidak dihitung.")

# Kecamatan per batch of a calculator's batch form, and primary keys per `IN (...)` list.
CHUNK = 200
KEYS_PER_QUERY = 2000


def _period_of_value(value: IndicatorValue) -> Period:
    return parse_period(value.period_key)


def create_values(pairs: Sequence[tuple[IndicatorDefinition, Period]]) -> None:
    """Insert the missing value rows (stale, to be computed) in one query; a row another request
    inserted meanwhile is left as it is."""
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                definition=d,
                period_key=p.key,
                period_kind=p.kind,
                start=p.start,
                end=p.end,
                status=ValueStatus.COMPUTED if d.method == Method.CALCULATED else ValueStatus.DRAFT,
                stale=True,
            )
            for d, p in pairs
        ],
        ignore_conflicts=True,
    )


def needs_refresh(value: IndicatorValue, today: dt.date | None = None) -> bool:
    """Stale, never computed, or computed before its period ended and a day has gone by since
    (what counts as late or decided depends on the day: an unhandled incident, a missed
    deadline)."""
    if value.stale or value.computed_at is None:
        return True
    if value.definition.method == Method.MANUAL:
        return False
    today = today or timezone.localdate()
    computed_on = timezone.localdate(value.computed_at)
    return computed_on < today and value.end >= computed_on


def due_values(
    values: Sequence[IndicatorValue], today: dt.date | None = None
) -> list[IndicatorValue]:
    """The values to compute before showing them: `needs_refresh`, and those computed before the
    latest change a calculator reports for their kecamatan (one query per such calculator)."""
    due = [v for v in values if needs_refresh(v, today)]
    due_ids = {v.pk for v in due}
    by_calculator: dict[str, list[IndicatorValue]] = defaultdict(list)
    for v in values:
        calculator = CALCULATORS.get(v.definition.calculator)
        if v.pk not in due_ids and calculator is not None and calculator.last_change is not None:
            by_calculator[calculator.code].append(v)
    for code, candidates in by_calculator.items():
        last_change = CALCULATORS[code].last_change
        assert last_change is not None
        latest = last_change(sorted({v.definition.district_id for v in candidates}))
        for v in candidates:
            moment = latest.get(v.definition.district_id)
            if moment is not None and v.computed_at is not None and v.computed_at < moment:
                due.append(v)
    return due


def _manual_counts(value: IndicatorValue, evidence_count: int) -> bool:
    return (
        value.status == ValueStatus.APPROVED and value.numerator is not None and evidence_count > 0
    )


def _evidence_count(value: IndicatorValue) -> int:
    count = getattr(value, "evidence_count", None)
    if count is None:
        count = value.evidence.count()
    return int(count)


def _compute(value: IndicatorValue) -> Computation:
    definition = value.definition
    period = _period_of_value(value)
    if definition.method == Method.MANUAL:
        counted = _manual_counts(value, _evidence_count(value))
        return Computation(
            value=value.numerator if counted else None,
            numerator=value.numerator,
            numerator_records=lambda: _evidence_records(value),
        )
    calculator = CALCULATORS.get(definition.calculator)
    if calculator is None:
        return Computation(
            value=None, note=gettext(NOTE_UNKNOWN_CALCULATOR) % {"code": definition.calculator}
        )
    params = definition.params if isinstance(definition.params, dict) else {}
    return calculator.compute(definition.district_id, period, params)


def _apply(value: IndicatorValue, computation: Computation, rules: Rules, now: dt.datetime) -> None:
    definition = value.definition
    period = _period_of_value(value)
    target = target_for(definition, period)
    value.target = target
    value.value = computation.value
    if definition.method == Method.CALCULATED:
        value.numerator = computation.numerator
        value.denominator = computation.denominator
        value.note = (computation.note or "")[:500]
        value.status = ValueStatus.COMPUTED
    value.achievement = achievement(computation.value, target, definition.polarity, rules)
    value.computed_at = now
    value.stale = False


def _params(definition: IndicatorDefinition) -> dict[str, Any]:
    return definition.params if isinstance(definition.params, dict) else {}


def _computations(values: Sequence[IndicatorValue]) -> dict[int, Computation]:
    """The computation of each value by primary key: by the calculator's batch form where it has
    one (the values of one calculator and parameters together, `CHUNK` kecamatan at a time),
    value by value otherwise."""
    found: dict[int, Computation] = {}
    groups: dict[tuple[str, str], list[IndicatorValue]] = defaultdict(list)
    for v in values:
        definition = v.definition
        calculator = CALCULATORS.get(definition.calculator)
        if definition.method == Method.CALCULATED and calculator and calculator.batch:
            key = json.dumps(_params(definition), sort_keys=True, default=str)
            groups[(calculator.code, key)].append(v)
        else:
            found[v.pk] = _compute(v)
    shared: dict[Any, Any] = {}
    for (code, _key), group in groups.items():
        batch = CALCULATORS[code].batch
        assert batch is not None
        params = _params(group[0].definition)
        codes = sorted({v.definition.district_id for v in group})
        periods = sorted({v.period_key: _period_of_value(v) for v in group}.values(), key=str)
        results: dict[tuple[str, str], Computation] = {}
        for start in range(0, len(codes), CHUNK):
            results.update(batch(codes[start : start + CHUNK], periods, params, shared))
        for v in group:
            found[v.pk] = results[(v.definition.district_id, v.period_key)]
    return found


def refresh_values(values: Sequence[IndicatorValue]) -> int:
    """Compute these values (each with `definition` loaded) and store them; returns how many.

    The stale flag is cleared before computing, so a record changed while this runs marks the
    value stale again and the next read computes it once more. One query for the rules, the
    batch forms' fixed queries per chunk of kecamatan (the other calculators' own per value),
    one batched UPDATE for all.
    """
    if not values:
        return 0
    forget_marks()
    keys = [v.pk for v in values]
    for start in range(0, len(keys), KEYS_PER_QUERY):
        IndicatorValue.objects.filter(pk__in=keys[start : start + KEYS_PER_QUERY]).update(
            stale=False
        )
    rules = rules_for(v.definition.district_id for v in values)
    now = timezone.now()
    computations = _computations(values)
    for value in values:
        _apply(value, computations[value.pk], rules[value.definition.district_id], now)
    write_computed(values)
    return len(values)


def computation_of(value: IndicatorValue) -> Computation:
    """The computation behind one value with its record lists; brings the stored value up to
    date when it was stale (the drill-down page)."""
    value.definition  # noqa: B018 - loaded once for the calculator and the rules
    computation = _compute(value)
    if needs_refresh(value):
        forget_marks()
        IndicatorValue.objects.filter(pk=value.pk).update(stale=False)
        _apply(
            value,
            computation,
            rules_for([value.definition.district_id])[value.definition.district_id],
            timezone.now(),
        )
        IndicatorValue.objects.filter(pk=value.pk).update(
            **{name: getattr(value, name) for name in COMPUTED_FIELDS},
            computed_at=value.computed_at,
        )
    return computation


def _evidence_records(value: IndicatorValue) -> list[Record]:
    return [
        Record(
            label=e.original_name or e.description or str(e),
            url=reverse("indicators:evidence_file", kwargs={"pk": e.pk}),
            on_date=timezone.localdate(e.created_at),
            detail=e.description,
        )
        for e in value.evidence.order_by("pk")
    ]


def mark_stale(*, district_code: str, year: int | None = None) -> int:
    """Mark the kecamatan's values (of `year`, or of every year) stale: one UPDATE."""
    values = IndicatorValue.objects.filter(definition__district_id=district_code, stale=False)
    if year is not None:
        values = values.filter(definition__year=year)
    return values.update(stale=True)


def recompute(*, district_code: str, year: int) -> int:
    """Compute every value of the kecamatan's year now (the year, its quarters and months),
    creating the missing ones; returns the number of values computed."""
    return recompute_many(district_codes=[district_code], year=year).get(district_code, 0)


def _values_of(district_codes: Sequence[str], year: int) -> list[IndicatorValue]:
    return list(
        IndicatorValue.objects.filter(
            definition__district_id__in=list(district_codes), definition__year=year
        )
        .annotate(evidence_count=Count("evidence"))
        .order_by("pk")
    )


def recompute_many(
    *, district_codes: Sequence[str], year: int, chunk: int = CHUNK
) -> dict[str, int]:
    """`recompute` for many kecamatan, `chunk` kecamatan at a time: per chunk a fixed number of
    queries (definitions, missing values inserted, values read, the batch forms' queries, one
    batched UPDATE), whatever the number of kecamatan in it. Returns the number of values
    computed per kecamatan that has definitions for the year."""
    counts: dict[str, int] = {}
    codes = sorted(set(district_codes))
    for start in range(0, len(codes), chunk):
        part = codes[start : start + chunk]
        definitions = list(
            IndicatorDefinition.objects.filter(district_id__in=part, year=year).order_by("pk")
        )
        if not definitions:
            continue
        values = _values_of(part, year)
        present = {(v.definition_id, v.period_key) for v in values}
        missing = [
            (d, p) for d in definitions for p in all_periods(year) if (d.pk, p.key) not in present
        ]
        if missing:
            create_values(missing)
            values = _values_of(part, year)
        by_pk = {d.pk: d for d in definitions}
        for v in values:
            v.definition = by_pk[v.definition_id]
        refresh_values(values)
        for v in values:
            code = v.definition.district_id
            counts[code] = counts.get(code, 0) + 1
    return counts
