"""LKjIP chapter III: achievement per indicator over this year and the years before (III.A) and
the budget's realisation (III.B), with the section's analysis beside each indicator.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from sitrantib.indicators import selectors as indicator_selectors
from sitrantib.indicators import services as indicator_services
from sitrantib.indicators.achievement import grade
from sitrantib.indicators.enums import Polarity, ZeroTargetRule
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.selectors import office_for_district
from sitrantib.reports.catalogue import ReportUnavailable
from sitrantib.reports.models import IndicatorNarrative
from sitrantib.reports.performance.budget import budget_of
from sitrantib.reports.performance.common import (
    EARLIER_YEARS,
    MESSAGE_NO_DEFINITIONS,
    NONE_MARK,
    district_of,
    party,
    plain,
    two_places,
)

# The printed reading of each grade of achievement.achievement.DEFAULT_GRADES.
GRADE_LABELS: dict[str, Any] = {
    "sangat_baik": _("Sangat baik"),
    "baik": _("Baik"),
    "cukup": _("Cukup"),
    "kurang": _("Kurang"),
    "sangat_kurang": _("Sangat kurang"),
    "": NONE_MARK,
}


@dataclass
class YearFigures:
    """One year of one indicator: target, realisation and achievement as the indicators app
    stores them (None where that year has no such indicator or no value)."""

    year: int
    target: Decimal | None = None
    value: Decimal | None = None
    achievement: Decimal | None = None
    held: bool = False

    @property
    def target_shown(self) -> Decimal | None:
        return two_places(self.target)

    @property
    def value_shown(self) -> Decimal | None:
        return two_places(self.value)

    @property
    def target_plain(self) -> str:
        return plain(self.target)

    @property
    def value_plain(self) -> str:
        return plain(self.value)

    @property
    def achievement_plain(self) -> str:
        return plain(self.achievement)


@dataclass
class AchievementRow:
    definition: IndicatorDefinition
    years: list[YearFigures]
    narrative: IndicatorNarrative | None

    @property
    def current(self) -> YearFigures:
        return self.years[-1]

    @property
    def grade(self) -> Any:
        return GRADE_LABELS.get(grade(self.current.achievement), NONE_MARK)

    @property
    def causes(self) -> str:
        return self.narrative.causes if self.narrative else ""

    @property
    def remedies(self) -> str:
        return self.narrative.remedies if self.narrative else ""

    @property
    def efficiency(self) -> str:
        return self.narrative.efficiency if self.narrative else ""

    @property
    def polarity_label(self) -> Any:
        return _("Negatif") if self.definition.polarity == Polarity.NEGATIVE else _("Positif")


def _figures(year: int, value: IndicatorValue | None) -> YearFigures:
    if value is None:
        return YearFigures(year=year)
    return YearFigures(
        year=year,
        target=value.target,
        value=value.value,
        achievement=value.achievement,
        held=True,
    )


def achievement_rows(district_code: str, year: int) -> list[AchievementRow]:
    """Each indicator of the year with its figures for the earlier years and this one (matched
    by code), and the section's narrative. `values_for` per year (it computes stale values
    first), one query for the narratives."""
    years = [year - back for back in range(EARLIER_YEARS, 0, -1)]
    current = indicator_selectors.values_for(district_code=district_code, year=year)
    if not current:
        return []
    earlier: dict[int, dict[str, IndicatorValue | None]] = {}
    for past in years:
        earlier[past] = {
            row.definition.code: row.value
            for row in indicator_selectors.values_for(district_code=district_code, year=past)
        }
    narratives = {
        n.definition_id: n
        for n in IndicatorNarrative.objects.filter(
            definition_id__in=[row.definition.pk for row in current]
        )
    }
    return [
        AchievementRow(
            definition=row.definition,
            years=[_figures(past, earlier[past].get(row.definition.code)) for past in years]
            + [_figures(year, row.value)],
            narrative=narratives.get(row.definition.pk),
        )
        for row in current
    ]


def lkjip_context(district_code: str, year: int) -> dict[str, Any]:
    """Everything the LKjIP chapter III template prints."""
    district = district_of(district_code)
    rows = achievement_rows(district_code, year)
    if not rows:
        raise ReportUnavailable(MESSAGE_NO_DEFINITIONS)
    rules = indicator_services.settings_of(district_code)
    office = office_for_district(district_code=district_code)
    return {
        "office": office,
        "district": district,
        "year": year,
        "years": [figures.year for figures in rows[0].years],
        "rows": rows,
        "zero_target_met": rules.zero_target == ZeroTargetRule.MET_IF_ZERO,
        "cap_at_100": rules.cap_at_100,
        "budget": budget_of(district_code, year),
        "signatory": party(office, SignatoryRole.CAMAT, ""),
    }
