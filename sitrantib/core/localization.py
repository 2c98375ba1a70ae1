"""Numbers and dates in the reader's language.

Pages follow the interface language; official documents are rendered in Bahasa Indonesia
(`core.documents.render_pdf`), so they always get the Indonesian forms of
`sitrantib.core.formatting`.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import translation

from sitrantib.core import formatting

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ENGLISH_SEPARATORS = str.maketrans(".,", ",.")


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


def number(value: int | Decimal, *, trim: bool = False) -> str:
    """ "1.796,489" for Indonesian readers, "1,796.489" for English ones."""
    text = formatting.format_number_id(value, trim=trim)
    return text.translate(_ENGLISH_SEPARATORS) if _english() else text


def long_date(value: date, *, with_weekday: bool = False) -> str:
    """ "1 Oktober 2019" or, on English pages, "1 October 2019"."""
    if not _english():
        return formatting.format_date_id(value, with_weekday=with_weekday)
    local = formatting.to_jakarta(value).date() if isinstance(value, datetime) else value
    text = f"{local.day} {MONTHS_EN[local.month - 1]} {local.year}"
    return f"{DAYS_EN[local.weekday()]}, {text}" if with_weekday else text


def date_time(value: datetime) -> str:
    """ "1 Oktober 2019 pukul 09.30 WIB" or "1 October 2019, 09:30 WIB"."""
    if not _english():
        return formatting.format_datetime_id(value)
    local = formatting.to_jakarta(value)
    return f"{long_date(local)}, {local.hour:02d}:{local.minute:02d} WIB"
