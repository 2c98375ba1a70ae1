from decimal import Decimal
from typing import Any

from sitrantib.budget import services
from sitrantib.budget.models import BudgetLine


def make_line(
    world: Any,
    *,
    year: int = 2026,
    name: str = "Belanja Makanan dan Minuman Rapat",
    ceiling: int = 1_000_000,
    code: str = "",
    district: Any = None,
    activity: Any = None,
) -> BudgetLine:
    return services.create_line(
        district=district or world.district,
        year=year,
        name=name,
        ceiling=Decimal(ceiling),
        code=code,
        activity=activity,
        actor=None,
    )
