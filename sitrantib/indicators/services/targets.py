"""Targets and achievement rules: the target a period's value is judged against, whether an
indicator adds up over periods, and the kecamatan's rules (`IndicatorSettings`) with their change
(docs/adr/0091)."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from sitrantib.core.audit import save_changes, save_new
from sitrantib.fieldwork.enums import PeriodKind
from sitrantib.fieldwork.situation import Period
from sitrantib.indicators.achievement import Rules
from sitrantib.indicators.calculators import CALCULATORS
from sitrantib.indicators.models import IndicatorDefinition, IndicatorSettings, IndicatorValue
from sitrantib.indicators.services.common import decimal_or_none, require_manager
from sitrantib.regions.models import District


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
        set_target = decimal_or_none(targets[quarter - 1])
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


SETTINGS_FIELDS = ("zero_target", "cap_at_100")


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
    require_manager(actor, district.code)
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
