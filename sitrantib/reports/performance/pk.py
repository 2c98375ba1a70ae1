"""The Perjanjian Kinerja (PK): indicators and targets grouped by level, the parties, the budget."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from sitrantib.indicators import selectors as indicator_selectors
from sitrantib.planning.enums import CodeLevel, IndicatorLevel
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.selectors import current_plan
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.selectors import office_for_district
from sitrantib.reports.catalogue import ReportUnavailable
from sitrantib.reports.performance.budget import budget_of
from sitrantib.reports.performance.common import (
    MESSAGE_NO_INDICATORS,
    district_of,
    party,
    plain,
    plan_codes,
    two_places,
)

# How the PK groups its indicators, in this order: the heading of each level.
LEVEL_ORDER = (
    IndicatorLevel.GOAL,
    IndicatorLevel.PROGRAMME,
    IndicatorLevel.OUTCOME,
    IndicatorLevel.OUTPUT,
    IndicatorLevel.INDIVIDUAL,
)
LEVEL_HEADINGS: dict[str, Any] = {
    IndicatorLevel.GOAL: _("Sasaran"),
    IndicatorLevel.PROGRAMME: _("Program"),
    IndicatorLevel.OUTCOME: _("Kegiatan (hasil)"),
    IndicatorLevel.OUTPUT: _("Kegiatan (keluaran)"),
    IndicatorLevel.INDIVIDUAL: _("Kinerja individu"),
}


@dataclass
class TargetRow:
    """One indicator of the PK table with its target."""

    name: str
    unit: str
    target: Decimal | None
    target_text: str = ""

    @property
    def target_value(self) -> str:
        return plain(self.target)

    @property
    def target_shown(self) -> Decimal | None:
        return two_places(self.target)


@dataclass
class TargetGroup:
    """The indicators of one level under their heading (Sasaran, Program, Kegiatan)."""

    level: str
    heading: Any
    name: str
    rows: list[TargetRow] = field(default_factory=list)


def _group_name(level: str, plan: AnnualPlan | None, codes: dict[str, str]) -> str:
    if plan is None:
        return ""
    if level == IndicatorLevel.PROGRAMME:
        code = codes.get(CodeLevel.PROGRAMME, "")
        return f"{code} {plan.programme_name}".strip()
    if level in (IndicatorLevel.OUTCOME, IndicatorLevel.OUTPUT):
        code = codes.get(CodeLevel.ACTIVITY, "")
        return f"{code} {plan.activity_name}".strip()
    return ""


def target_groups(
    rows: Iterable[tuple[str, TargetRow]], plan: AnnualPlan | None, codes: dict[str, str]
) -> list[TargetGroup]:
    """Indicators grouped by level in the PK's order; levels without indicators are left out."""
    groups: dict[str, TargetGroup] = {
        str(level): TargetGroup(
            level=level, heading=LEVEL_HEADINGS[level], name=_group_name(level, plan, codes)
        )
        for level in LEVEL_ORDER
    }
    for level, row in rows:
        groups[level if level in groups else IndicatorLevel.OUTPUT].rows.append(row)
    return [group for group in groups.values() if group.rows]


def pk_targets(district_code: str, year: int, plan: AnnualPlan | None) -> tuple[list, str]:
    """The PK's indicators with their targets and where they come from ("indicators" when the
    indicators app has definitions of the year, "plan" from the plan in force, "" none)."""
    definitions = list(indicator_selectors.definitions_of(district_code=district_code, year=year))
    if definitions:
        return [
            (d.level, TargetRow(name=d.name, unit=d.unit, target=d.target)) for d in definitions
        ], "indicators"
    if plan is not None:
        indicators = list(plan.indicators.order_by("position", "pk"))
        if indicators:
            return [
                (
                    i.level,
                    TargetRow(name=i.name, unit=i.unit, target=i.target, target_text=i.target_text),
                )
                for i in indicators
            ], "plan"
    return [], ""


def pk_context(district_code: str, year: int) -> dict[str, Any]:
    """Everything the PK template prints (a fixed number of queries)."""
    district = district_of(district_code)
    plan = current_plan(district_code=district_code, year=year)
    rows, source = pk_targets(district_code, year, plan)
    if not rows:
        raise ReportUnavailable(MESSAGE_NO_INDICATORS)
    codes = plan_codes(plan)
    office = office_for_district(district_code=district_code)
    budget = budget_of(district_code, year)
    return {
        "office": office,
        "district": district,
        "year": year,
        "plan": plan,
        "programme": _group_name(IndicatorLevel.PROGRAMME, plan, codes),
        "activity": _group_name(IndicatorLevel.OUTPUT, plan, codes),
        "groups": target_groups(rows, plan, codes),
        "target_source": source,
        "budget": budget,
        "first_party": party(office, SignatoryRole.KASI_TRANTIB, _("PIHAK PERTAMA,")),
        "second_party": party(office, SignatoryRole.CAMAT, _("PIHAK KEDUA,")),
    }
