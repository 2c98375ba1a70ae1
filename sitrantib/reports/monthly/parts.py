"""What each part of the monthly report holds: its rows and totals, as the template reads them."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sitrantib.budget.selectors import percent
from sitrantib.fieldwork.situation import Period
from sitrantib.planning.carried_out import CarriedOut
from sitrantib.planning.models import AnnualPlan, PlannedActivity


@dataclass
class ActivityRow:
    """One activity of the plan: scheduled this month, carried out this month, or both."""

    activity: PlannedActivity
    planned: bool
    done: list[CarriedOut]
    village_names: dict[str, str] = field(default_factory=dict)

    @property
    def done_lines(self) -> list[tuple[dt.date, str, str]]:
        """(date, what, desa name or "") of each record that carried it out this month."""
        return [
            (r.on_date, r.label, self.village_names.get(r.village_code, r.village_code))
            for r in self.done
        ]

    @property
    def state(self) -> str:
        if self.done and self.planned:
            return "done"
        if self.done:
            return "unscheduled"
        return "missing"


@dataclass
class PlanPart:
    plan: AnnualPlan | None
    approved: bool
    rows: list[ActivityRow]

    @property
    def planned_count(self) -> int:
        return sum(1 for r in self.rows if r.planned)

    @property
    def carried_out_count(self) -> int:
        return sum(1 for r in self.rows if r.planned and r.done)

    @property
    def unscheduled_count(self) -> int:
        return sum(1 for r in self.rows if not r.planned and r.done)


@dataclass
class DecisionRow:
    order: int
    text: str
    items: list[Any] = field(default_factory=list)  # ActionItem with follow-up flags


@dataclass
class MeetingRow:
    meeting: Any
    decisions: list[DecisionRow] = field(default_factory=list)
    loose_items: list[Any] = field(default_factory=list)  # items not tied to a decision

    @property
    def item_count(self) -> int:
        return sum(len(d.items) for d in self.decisions) + len(self.loose_items)


@dataclass
class MeetingsPart:
    meetings: list[MeetingRow]
    indicator: Any  # meetings' IndicatorValue for the month
    indicator_text: str

    @property
    def decision_count(self) -> int:
        return sum(len(m.decisions) for m in self.meetings)

    @property
    def item_count(self) -> int:
        return sum(m.item_count for m in self.meetings)


@dataclass
class VillageRow:
    code: str
    name: str
    visits: int = 0
    kondusif: int = 0
    waspada: int = 0
    rawan: int = 0
    incidents: int = 0
    serious: int = 0
    monitored: int = 0  # 1 when visited in the month (a count, so the total row sums it)
    peaceful: int = 0  # 1 when tentram dan tertib in the month


COUNTED = (
    "visits",
    "kondusif",
    "waspada",
    "rawan",
    "incidents",
    "serious",
    "monitored",
    "peaceful",
)


@dataclass
class FieldPart:
    rows: list[VillageRow]
    total: VillageRow
    categories: list[tuple[str, int]]  # incidents of the month per category
    categories_total: int


@dataclass
class TrainingRow:
    training: Any
    sessions: int
    participants: int
    completed: int
    counted: bool  # finished or reported: its completion is final


@dataclass
class TrainingsPart:
    rows: list[TrainingRow]
    participants: int
    completed: int


@dataclass
class BudgetRow:
    line: Any
    ceiling: Decimal
    month: Decimal
    to_date: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.to_date

    @property
    def share(self) -> Decimal | None:
        return percent(self.to_date, self.ceiling)


@dataclass
class BudgetPart:
    rows: list[BudgetRow]
    total: BudgetRow


@dataclass
class IndicatorRow:
    definition: Any
    month: Any  # indicators.IndicatorValue
    quarter: Any
    year: Any


@dataclass
class IndicatorsPart:
    rows: list[IndicatorRow]
    month_period: Period
    quarter_period: Period
    year_period: Period
