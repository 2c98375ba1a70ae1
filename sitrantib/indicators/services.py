"""Changes to the indicators, and the engine that computes their values (docs/adr/0091).

Definitions: seeded from the plan in force (`seed_from_plan`), created and edited by the section's
administrator; a change that alters how values are counted marks the definition's values stale.
Values: one row per definition and period (the year, its quarters, its months). A calculated value
is computed by its calculator; a manual one holds the typed number in `numerator` and counts
(`value`, `achievement`) only once the Camat approved it and at least one evidence file is
attached. Achievement follows `achievement.py` with the kecamatan's rules (`IndicatorSettings`).

Computing is lazy: a record change marks the kecamatan's values of that year stale (signals.py,
one UPDATE); the next read (`selectors.values_for`) computes what is stale, and
`manage.py compute_indicators` computes everything. Calculators with a batch form compute all
the values asked of their kecamatan and periods at once, in chunks of `CHUNK` kecamatan, with a
fixed number of queries per chunk; the values are written with one batched UPDATE.
"""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.scoping import scope_of
from sitrantib.core.uploads import (
    UploadKind,
    check_upload,
    client_file_name,
    prepare_photo,
    stored_name,
)
from sitrantib.fieldwork.enums import PeriodKind
from sitrantib.fieldwork.situation import Period, parse_period
from sitrantib.indicators import access
from sitrantib.indicators.achievement import Rules, achievement
from sitrantib.indicators.calculators import (
    CALCULATORS,
    KAK_DEFAULTS,
    Computation,
    Record,
    all_periods,
)
from sitrantib.indicators.enums import Method, Polarity, ValueStatus
from sitrantib.indicators.models import (
    IndicatorDefinition,
    IndicatorSettings,
    IndicatorValue,
    ManualEvidence,
)
from sitrantib.indicators.signals import forget_marks
from sitrantib.planning.selectors import current_plan
from sitrantib.regions.models import District

ERR_NOT_MANAGER = gettext_noop(
    "Hanya Admin Seksi Trantib kecamatan ini yang dapat mengubah indikator."
)
ERR_NOT_APPROVER = gettext_noop("Hanya Camat kecamatan ini yang dapat menyetujui nilai manual.")
ERR_NOT_MANUAL = gettext_noop("Nilai indikator ini dihitung dari data; tidak dapat diisi manual.")
ERR_NUMBER = gettext_noop("Isi realisasi berupa angka 0 atau lebih.")
ERR_NO_NUMBER = gettext_noop("Isi realisasinya dahulu sebelum disetujui.")
ERR_NO_EVIDENCE = gettext_noop("Nilai manual harus memiliki sedikitnya satu berkas bukti.")
ERR_ALREADY_APPROVED = gettext_noop("Nilai ini sudah disetujui.")
ERR_UNKNOWN_CALCULATOR = gettext_noop("Penghitung tidak dikenal.")
ERR_CALCULATOR_REQUIRED = gettext_noop("Pilih penghitung untuk indikator yang dihitung dari data.")
ERR_QUARTER_TARGETS = gettext_noop(
    "Target triwulan diisi empat angka (0 atau lebih) atau dikosongkan per triwulan."
)
ERR_PARAMS = gettext_noop("Parameter harus berupa objek JSON.")
ERR_NO_PLAN = gettext_noop("Belum ada rencana kerja (KAK) untuk tahun ini.")
NOTE_UNKNOWN_CALCULATOR = gettext_noop("Penghitung %(code)s tidak dikenal; nilai tidak dihitung.")

HUNDRED = Decimal(100)
DEFINITION_FIELDS = (
    "code",
    "name",
    "level",
    "unit",
    "polarity",
    "method",
    "calculator",
    "params",
    "source",
    "target",
    "quarter_targets",
    "published",
    "position",
    "plan_indicator",
)
# Fields whose change alters how a definition's values are counted or judged.
COUNTING_FIELDS = frozenset(
    {"polarity", "method", "calculator", "params", "target", "quarter_targets"}
)
SETTINGS_FIELDS = ("zero_target", "cap_at_100")


def mean(numbers: Sequence[Decimal]) -> Decimal:
    return (sum(numbers, Decimal(0)) / len(numbers)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def period_of(key: str) -> Period:
    """The Period of a key ("2026", "2026-Q1", "2026-03"); ValueError otherwise."""
    return parse_period(key)


# Permissions --------------------------------------------------------------------------------------


def _require_manager(actor: Any, district_code: str) -> None:
    if not access.can_manage(scope_of(actor), district_code):
        raise PermissionDenied(gettext(ERR_NOT_MANAGER))


def _require_approver(actor: Any, district_code: str) -> None:
    if not access.can_approve(scope_of(actor), district_code):
        raise PermissionDenied(gettext(ERR_NOT_APPROVER))


# Targets and rules --------------------------------------------------------------------------------


def _decimal_or_none(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(str(value)) from exc
    if not number.is_finite():
        raise ValueError(str(value))
    return number


def is_additive(definition: IndicatorDefinition) -> bool:
    """Whether the indicator's values add up over periods (a count of things done)."""
    params = definition.params if isinstance(definition.params, dict) else {}
    if "additive" in params:
        return bool(params["additive"])
    calculator = CALCULATORS.get(definition.calculator)
    return bool(calculator and calculator.additive)


def target_for(definition: IndicatorDefinition, period: Period) -> Decimal | None:
    """The target a period's value is judged against (docs/adr/0091).

    The year: the yearly target. A quarter: its quarter target where set; otherwise the yearly
    target for a share, an index or a number of distinct desa, none for a count that adds up over
    the year. A month: the target of its quarter where set, else as a quarter without one.
    """
    if period.kind == PeriodKind.YEAR:
        return definition.target
    quarter = period.number if period.kind == PeriodKind.QUARTER else (period.number - 1) // 3 + 1
    targets = definition.quarter_targets if isinstance(definition.quarter_targets, list) else []
    if len(targets) == 4 and targets[quarter - 1] not in (None, ""):
        set_target = _decimal_or_none(targets[quarter - 1])
        if period.kind == PeriodKind.QUARTER or not is_additive(definition):
            return set_target
    if is_additive(definition):
        return None
    return definition.target


def rules_for(district_codes: Iterable[str]) -> dict[str, Rules]:
    """The achievement rules of several kecamatan in one query (defaults where none is stored)."""
    codes = sorted(set(district_codes))
    stored = {s.district_id: s for s in IndicatorSettings.objects.filter(district_id__in=codes)}
    return {
        code: Rules(zero_target=stored[code].zero_target, cap_at_100=stored[code].cap_at_100)
        if code in stored
        else Rules()
        for code in codes
    }


# The engine ---------------------------------------------------------------------------------------


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


COMPUTED_FIELDS = ["value", "numerator", "denominator", "target", "achievement", "note", "status"]
# Kecamatan per batch of a calculator's batch form, and primary keys per `IN (...)` list.
CHUNK = 200
KEYS_PER_QUERY = 2000
# Values per UPDATE statement on PostgreSQL (each column sent as one array).
WRITE_ROWS = 5000


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


def _write(values: Sequence[IndicatorValue]) -> None:
    """Store the computed fields of the values. PostgreSQL: one `UPDATE ... FROM unnest(...)`
    per `WRITE_ROWS` values (each column sent as one array); elsewhere one UPDATE statement run
    for every row (`executemany`). Never a CASE per field and row."""
    names = [*COMPUTED_FIELDS, "computed_at"]
    by_name = {f.name: f for f in IndicatorValue._meta.concrete_fields}
    fields = [by_name[name] for name in names]
    quote = connection.ops.quote_name
    table = quote(IndicatorValue._meta.db_table)
    # One conversion per distinct lazy text (the notes repeat), not one translation per row.
    texts: dict[int, str] = {}

    def prepared(field: Any, value: IndicatorValue) -> Any:
        raw = getattr(value, field.attname)
        if isinstance(raw, Promise):
            raw = texts.setdefault(id(raw), str(raw))
        return field.get_db_prep_save(raw, connection)

    rows = [[*(prepared(f, v) for f in fields), v.pk] for v in values]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            columns = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
            sql = f"UPDATE {table} SET {columns} WHERE {quote('id')} = %s"  # noqa: S608  # nosec B608  # quoted model names, values bound
            cursor.executemany(sql, rows)
            return
        arrays = ", ".join(f"%s::{f.cast_db_type(connection)}[]" for f in fields)
        names_sql = ", ".join(quote(str(f.column)) for f in fields)
        assign = ", ".join(f"{quote(str(f.column))} = v.{quote(str(f.column))}" for f in fields)
        sql = (
            f"UPDATE {table} AS t SET {assign} "  # noqa: S608  # nosec B608  # quoted model names, values bound
            f"FROM unnest({arrays}, %s::bigint[]) AS v({names_sql}, {quote('id')}) "
            f"WHERE t.{quote('id')} = v.{quote('id')}"
        )
        for start in range(0, len(rows), WRITE_ROWS):
            part = rows[start : start + WRITE_ROWS]
            cursor.execute(sql, [list(column) for column in zip(*part, strict=True)])


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
    _write(values)
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


# Definitions --------------------------------------------------------------------------------------


def _clean_definition_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The definition fields of `data`, normalised; ValidationError naming the field."""
    clean = {k: data[k] for k in DEFINITION_FIELDS if k in data}
    errors: dict[str, list[str]] = {}
    if "quarter_targets" in clean:
        raw = clean["quarter_targets"] or []
        try:
            if not isinstance(raw, list | tuple) or len(raw) not in (0, 4):
                raise ValueError
            numbers = [_decimal_or_none(x) for x in raw]
            if any(n is not None and n < 0 for n in numbers):
                raise ValueError
            clean["quarter_targets"] = (
                []
                if all(n is None for n in numbers)
                else [None if n is None else str(n) for n in numbers]
            )
        except ValueError:
            errors["quarter_targets"] = [gettext(ERR_QUARTER_TARGETS)]
    if "params" in clean:
        if clean["params"] in (None, ""):
            clean["params"] = {}
        elif not isinstance(clean["params"], dict):
            errors["params"] = [gettext(ERR_PARAMS)]
    if errors:
        raise ValidationError(errors)
    return clean


def _check_calculator(definition: IndicatorDefinition) -> None:
    if definition.method == Method.CALCULATED:
        if not definition.calculator:
            raise ValidationError({"calculator": gettext(ERR_CALCULATOR_REQUIRED)})
        if definition.calculator not in CALCULATORS:
            raise ValidationError({"calculator": gettext(ERR_UNKNOWN_CALCULATOR)})
    elif definition.method == Method.MANUAL:
        definition.calculator = ""


@transaction.atomic
def create_definition(
    *, district: District, year: int, data: Mapping[str, Any], actor: Any
) -> IndicatorDefinition:
    """A new definition of the kecamatan's year (administrator only). Refuses an unknown
    calculator, a duplicate code, bad quarter targets (ValidationError naming the field)."""
    _require_manager(actor, district.code)
    clean = _clean_definition_data(data)
    definition = IndicatorDefinition(district=district, year=year, **clean)
    _check_calculator(definition)
    return save_new(definition, actor=actor)


@transaction.atomic
def update_definition(
    *,
    definition: IndicatorDefinition,
    data: Mapping[str, Any],
    actor: Any,
    expected_version: int | None = None,
) -> IndicatorDefinition:
    """Change a definition (administrator only; StaleVersion on a stale `expected_version`). A
    change of how it is counted or judged marks its values stale."""
    _require_manager(actor, definition.district_id)
    clean = _clean_definition_data(data)
    probe = IndicatorDefinition(
        method=clean.get("method", definition.method),
        calculator=clean.get("calculator", definition.calculator),
    )
    _check_calculator(probe)
    if "method" in clean or "calculator" in clean:
        clean["calculator"] = probe.calculator
    before = {k: getattr(definition, k) for k in clean if k != "plan_indicator"}
    changed = save_changes(definition, clean, actor=actor, expected_version=expected_version)
    if changed and any(
        before.get(k) != getattr(definition, k) for k in COUNTING_FIELDS if k in before
    ):
        definition.values.update(stale=True)
        if "method" in clean:
            status = (
                ValueStatus.COMPUTED
                if definition.method == Method.CALCULATED
                else ValueStatus.DRAFT
            )
            definition.values.exclude(status=ValueStatus.APPROVED).update(status=status)
    return definition


def _normalise_name(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").replace("ooo", "oo").split())


KAK_BY_NAME = {_normalise_name(name): code for name, code in KAK_DEFAULTS}


def _unique_code(base: str, taken: set[str]) -> str:
    base = (slugify(base) or "indikator")[:40].strip("-") or "indikator"
    code, n = base, 2
    while code in taken:
        suffix = f"-{n}"
        code = base[: 40 - len(suffix)] + suffix
        n += 1
    taken.add(code)
    return code


@transaction.atomic
def seed_from_plan(*, district: District, year: int, actor: Any) -> int:
    """Definitions for the plan-in-force's indicators of the year that have none yet: the KAK's
    indicators get their calculator (calculators.KAK_DEFAULTS), any other indicator is manual;
    level, unit and target come from the plan. Returns how many were created (0 when run again).
    ValidationError when the year has no plan."""
    _require_manager(actor, district.code)
    plan = current_plan(district_code=district.code, year=year)
    if plan is None:
        raise ValidationError(gettext(ERR_NO_PLAN))
    existing = list(IndicatorDefinition.objects.filter(district=district, year=year))
    linked = {d.plan_indicator_id for d in existing if d.plan_indicator_id}
    taken_codes = {d.code for d in existing}
    taken_calculators = {d.calculator for d in existing if d.calculator}
    position = max((d.position for d in existing), default=0)
    created = 0
    for indicator in plan.indicators.order_by("position", "pk"):
        if indicator.pk in linked:
            continue
        calculator_code = KAK_BY_NAME.get(_normalise_name(indicator.name), "")
        if calculator_code in taken_calculators:
            continue
        calculator = CALCULATORS.get(calculator_code)
        position += 1
        definition = IndicatorDefinition(
            district=district,
            year=year,
            plan_indicator=indicator,
            code=_unique_code(calculator_code or indicator.name, taken_codes),
            name=indicator.name[:250],
            level=indicator.level,
            unit=(indicator.unit or (str(calculator.unit) if calculator else "") or "-")[:50],
            polarity=Polarity.POSITIVE,
            method=Method.CALCULATED if calculator else Method.MANUAL,
            calculator=calculator_code if calculator else "",
            source=str(calculator.statement)[:500] if calculator else "",
            target=indicator.target,
            position=position,
        )
        save_new(definition, actor=actor)
        if calculator_code:
            taken_calculators.add(calculator_code)
        created += 1
    return created


# Settings -----------------------------------------------------------------------------------------


def settings_of(district: District | str) -> IndicatorSettings:
    """The kecamatan's stored rules, or unsaved defaults."""
    code = district if isinstance(district, str) else district.code
    return IndicatorSettings.objects.filter(district_id=code).first() or IndicatorSettings(
        district_id=code
    )


@transaction.atomic
def update_settings(
    *, district: District, data: Mapping[str, Any], actor: Any, expected_version: int | None = None
) -> IndicatorSettings:
    """Change the kecamatan's achievement rules (administrator only); every value of the
    kecamatan is judged again (marked stale)."""
    _require_manager(actor, district.code)
    changes = {k: data[k] for k in SETTINGS_FIELDS if k in data}
    stored = IndicatorSettings.objects.filter(district=district).first()
    if stored is None:
        stored = save_new(IndicatorSettings(district=district, **changes), actor=actor)
        changed = True
    else:
        changed = save_changes(stored, changes, actor=actor, expected_version=expected_version)
    if changed:
        IndicatorValue.objects.filter(definition__district_id=district.code).update(stale=True)
    return stored


# Manual values ------------------------------------------------------------------------------------


@transaction.atomic
def enter_manual_value(
    *,
    value: IndicatorValue,
    number: Any,
    note: str,
    actor: Any,
    expected_version: int | None = None,
) -> IndicatorValue:
    """Type the realisation of a manual indicator for one period (administrator only). The value
    goes (back) to draft: it counts only once the Camat approves it with evidence attached."""
    definition = value.definition
    _require_manager(actor, definition.district_id)
    if definition.method != Method.MANUAL:
        raise ValidationError(gettext(ERR_NOT_MANUAL))
    try:
        parsed = _decimal_or_none(number)
    except ValueError:
        parsed = None
    if parsed is None or parsed < 0 or parsed >= Decimal("1e12"):
        raise ValidationError({"number": gettext(ERR_NUMBER)})
    save_changes(
        value,
        {
            "numerator": parsed,
            "note": note or "",
            "status": ValueStatus.DRAFT,
            "approved_by": None,
            "approved_at": None,
            "value": None,
            "achievement": None,
            "stale": True,
        },
        actor=actor,
        expected_version=expected_version,
    )
    return value


@transaction.atomic
def add_evidence(
    *, value: IndicatorValue, file: UploadedFile, description: str, actor: Any
) -> ManualEvidence:
    """Attach a file proving a manual value (administrator only): a PDF or a photo, checked by
    its content (core.uploads, kind SCAN); a photo is re-encoded without its metadata."""
    definition = value.definition
    _require_manager(actor, definition.district_id)
    if definition.method != Method.MANUAL:
        raise ValidationError(gettext(ERR_NOT_MANUAL))
    try:
        checked = check_upload(file, kind=UploadKind.SCAN)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    evidence = ManualEvidence(
        value=value,
        description=(description or "")[:250],
        original_name=client_file_name(file.name or "", max_length=200),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if checked.is_photo:
        content = prepare_photo(file)
        evidence.size = content.size
        evidence.content_type = (
            "image/png" if (content.name or "").endswith(".png") else "image/jpeg"
        )
        name = content.name or "bukti.jpg"
    else:
        content, name = file, stored_name(checked)  # type: ignore[assignment]
        evidence.size = checked.size
        evidence.content_type = checked.content_type
    evidence.full_clean(exclude=["file"])
    evidence.file.save(name, content, save=False)
    save_new(evidence, actor=actor)
    IndicatorValue.objects.filter(pk=value.pk).update(stale=True)
    return evidence


@transaction.atomic
def approve_value(
    *, value: IndicatorValue, actor: Any, expected_version: int | None = None
) -> IndicatorValue:
    """The Camat approves a manual value: it needs a typed number and at least one evidence
    file; from then on it counts (value and achievement computed)."""
    definition = value.definition
    _require_approver(actor, definition.district_id)
    if definition.method != Method.MANUAL:
        raise ValidationError(gettext(ERR_NOT_MANUAL))
    if value.status == ValueStatus.APPROVED:
        raise ValidationError(gettext(ERR_ALREADY_APPROVED))
    if value.numerator is None:
        raise ValidationError(gettext(ERR_NO_NUMBER))
    if not value.evidence.exists():
        raise ValidationError(gettext(ERR_NO_EVIDENCE))
    save_changes(
        value,
        {"status": ValueStatus.APPROVED, "approved_by": actor, "approved_at": timezone.now()},
        actor=actor,
        expected_version=expected_version,
    )
    value.evidence_count = 1  # type: ignore[attr-defined]
    refresh_values([value])
    return value


def definitions_by_district(definitions: Iterable[IndicatorDefinition]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = defaultdict(list)
    for d in definitions:
        found[d.district_id].append(d.pk)
    return found


def hundred_percent(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    if not denominator:
        return None
    return (HUNDRED * Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
