"""Indicator definitions: created and edited by the section's administrator, and seeded from the
plan in force (`seed_from_plan`: the KAK's indicators get their calculator, any other is manual).
A change that alters how values are counted or judged marks the definition's values stale."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import save_changes, save_new
from sitrantib.indicators.calculators import CALCULATORS, KAK_DEFAULTS
from sitrantib.indicators.enums import Method, Polarity, ValueStatus
from sitrantib.indicators.models import IndicatorDefinition
from sitrantib.indicators.services.common import decimal_or_none, require_manager
from sitrantib.planning.selectors import current_plan
from sitrantib.regions.models import District

ERR_UNKNOWN_CALCULATOR = gettext_noop("Penghitung tidak dikenal.")
ERR_CALCULATOR_REQUIRED = gettext_noop("Pilih penghitung untuk indikator yang dihitung dari data.")
ERR_QUARTER_TARGETS = gettext_noop(
    "Target triwulan diisi empat angka (0 atau lebih) atau dikosongkan per triwulan."
)
ERR_PARAMS = gettext_noop("Parameter harus berupa objek JSON.")
ERR_NO_PLAN = gettext_noop("Belum ada rencana kerja (KAK) untuk tahun ini.")

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


def _clean_definition_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The definition fields of `data`, normalised; ValidationError naming the field."""
    clean = {k: data[k] for k in DEFINITION_FIELDS if k in data}
    errors: dict[str, list[str]] = {}
    if "quarter_targets" in clean:
        raw = clean["quarter_targets"] or []
        try:
            if not isinstance(raw, list | tuple) or len(raw) not in (0, 4):
                raise ValueError
            numbers = [decimal_or_none(x) for x in raw]
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
    require_manager(actor, district.code)
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
    require_manager(actor, definition.district_id)
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
    require_manager(actor, district.code)
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
