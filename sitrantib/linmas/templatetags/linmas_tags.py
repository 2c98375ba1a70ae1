from decimal import ROUND_HALF_UP, Decimal

from django import template

from sitrantib.core.formatting import format_number_id

register = template.Library()


@register.filter
def persen(value: Decimal | None) -> str:
    """A fraction (0-1) as a whole Indonesian percentage; "-" when unknown."""
    if value is None:
        return "-"
    return format_number_id((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)) + "%"


@register.filter
def desimal(value: Decimal | None) -> str:
    """A ratio with two decimals, Indonesian style (1,25); "-" when unknown."""
    if value is None:
        return "-"
    return format_number_id(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
