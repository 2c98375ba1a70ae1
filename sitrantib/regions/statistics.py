"""Figures derived from printed statistics: unit conversion, density, sums."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sitrantib.regions.models import StatisticFigures

# Area units as sources print them, with their size in km². Unknown units give no conversion.
AREA_UNITS_KM2 = {
    "km2": Decimal(1),
    "km²": Decimal(1),
    "ha": Decimal("0.01"),
    "hektar": Decimal("0.01"),
    "hektare": Decimal("0.01"),
    "m2": Decimal("0.000001"),
    "m²": Decimal("0.000001"),
}

SUMMED_FIELDS = (
    "hamlet_count",
    "rw_count",
    "rt_count",
    "male",
    "female",
    "population",
    "households",
)


def area_km2(figures: StatisticFigures) -> Decimal | None:
    """The printed area in km², or None when there is no area or its unit is unknown."""
    if figures.area is None:
        return None
    factor = AREA_UNITS_KM2.get(figures.area_unit.strip().lower())
    return figures.area * factor if factor is not None else None


def density_per_km2(figures: StatisticFigures | None) -> Decimal | None:
    if figures is None or figures.population is None:
        return None
    area = area_km2(figures)
    if not area:
        return None
    return (Decimal(figures.population) / area).quantize(Decimal("0.1"))


def summarise(rows: Iterable[StatisticFigures]) -> dict[str, int | Decimal | None]:
    """Column sums over desa figures; a column with any missing figure sums to None."""
    rows = list(rows)
    totals: dict[str, int | Decimal | None] = {}
    for field in SUMMED_FIELDS:
        values = [getattr(r, field) for r in rows]
        totals[field] = sum(values) if rows and all(v is not None for v in values) else None
    areas = [area for area in map(area_km2, rows) if area is not None]
    totals["area_km2"] = sum(areas, Decimal(0)) if rows and len(areas) == len(rows) else None
    return totals


# A printed area more than this many times off the map estimate is probably in another unit.
AREA_RATIO_LIMIT = Decimal(5)


def area_off_map(figures: StatisticFigures, boundary: Any) -> Decimal | None:
    """How many times the printed area differs from the map estimate, when it is implausibly far.

    None when the two agree within AREA_RATIO_LIMIT or cannot be compared.
    """
    area = area_km2(figures)
    estimate = getattr(boundary, "estimated_area_km2", None)
    if not area or not estimate:
        return None
    ratio = max(area / estimate, estimate / area)
    return ratio.quantize(Decimal("0.1")) if ratio > AREA_RATIO_LIMIT else None
