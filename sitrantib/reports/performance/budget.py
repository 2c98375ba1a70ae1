"""The budget of a kecamatan's year as both documents print it: per line, ceiling and
realisation, with totals summed from the lines.
"""

from dataclasses import dataclass
from decimal import Decimal

from sitrantib.budget.models import BudgetLine
from sitrantib.budget.selectors import percent, with_spent
from sitrantib.reports.performance.common import ZERO


@dataclass
class BudgetRow:
    """One budget line of the year with its ceiling, realisation and percentage."""

    line: BudgetLine
    ceiling: Decimal
    spent: Decimal

    @property
    def share(self) -> Decimal | None:
        return percent(self.spent, self.ceiling)

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.spent


@dataclass
class BudgetTotals:
    rows: list[BudgetRow]

    @property
    def ceiling(self) -> Decimal:
        return sum((row.ceiling for row in self.rows), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((row.spent for row in self.rows), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.ceiling - self.spent

    @property
    def share(self) -> Decimal | None:
        return percent(self.spent, self.ceiling)


def budget_of(district_code: str, year: int) -> BudgetTotals:
    """The year's budget lines with what was spent on each (one query); totals are sums."""
    lines = with_spent(BudgetLine.objects.filter(district_id=district_code, year=year)).order_by(
        "position", "pk"
    )
    return BudgetTotals(
        rows=[BudgetRow(line=line, ceiling=line.ceiling, spent=line.spent) for line in lines]  # type: ignore[attr-defined]
    )
