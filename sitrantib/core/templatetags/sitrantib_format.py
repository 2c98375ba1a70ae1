"""Template filters for Indonesian money, numbers, number words and dates.

Thin wrappers around :mod:`sitrantib.core.formatting`, so pages, PDFs and exports agree.
Registered as a template builtin in settings, so templates use them without ``{% load %}``::

    {{ anggaran|rupiah }}          Rp40.450.000
    {{ anggaran|terbilang }}       empat puluh juta empat ratus lima puluh ribu
    {{ kejadian.tanggal|tanggal }} 1 Oktober 2019
    {{ rapat.mulai|tanggal:"hari" }} Selasa, 1 Oktober 2019
    {{ kejadian.tanggal|tanggal_tabel }} 01-10-2019
    {{ luas|angka }}               1.796,489
    {{ pejabat.nip|nip }}          19700101 199003 1 001

A missing value (None or "") renders as empty text. A value of the wrong type (a float or a
string for money) raises: a blank or rounded figure on a signed letter is worse than an error
that tests catch.
"""

from datetime import date, datetime
from decimal import Decimal

from django import template

from sitrantib.core import formatting, localization

register = template.Library()

_WITH_WEEKDAY = "hari"
# What a template passes for an absent value besides None: string_if_invalid or an empty field.
_MISSING = ""


@register.filter
def rupiah(value: Decimal | int | None) -> str:
    """``Decimal("40450000")`` -> ``"Rp40.450.000"``; None -> ``""``."""
    if value is None or value == _MISSING:
        return ""
    return formatting.format_rupiah(value)


@register.filter
def terbilang(value: Decimal | int | None) -> str:
    """Whole number in words: ``40450000`` -> ``"empat puluh juta empat ratus lima puluh ribu"``.

    Accepts a Decimal without a fraction (``Decimal("1000.00")``), as DecimalFields return.
    Append " rupiah" in the template, and use ``capfirst`` where a sentence starts.
    """
    if value is None or value == _MISSING:
        return ""
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise ValueError(formatting.TERBILANG_FRACTION_MESSAGE.format(value=value))
        value = int(value)
    return formatting.terbilang(value)


@register.filter
def tanggal(value: date | None, arg: str | None = None) -> str:
    """``date(2019, 10, 1)`` -> ``"1 Oktober 2019"``; ``|tanggal:"hari"`` adds the weekday.

    A datetime is converted to WIB first, so an event stored in UTC shows its local date.
    """
    if arg not in (None, _WITH_WEEKDAY):
        raise ValueError(f'tanggal filter argument must be "{_WITH_WEEKDAY}", not {arg!r}')
    if value is None or value == _MISSING:
        return ""
    return localization.long_date(value, with_weekday=arg == _WITH_WEEKDAY)


@register.filter
def tanggal_tabel(value: date | None) -> str:
    """``date(2019, 10, 1)`` -> ``"01-10-2019"``; a datetime is converted to WIB first."""
    if value is None or value == _MISSING:
        return ""
    return formatting.format_date_table(value)


@register.filter
def angka(value: Decimal | int | None, arg: str | None = None) -> str:
    """``40450000`` -> ``"40.450.000"``; ``Decimal("1796.489")`` -> ``"1.796,489"``.

    ``|angka:"ringkas"`` drops trailing zero decimals: ``Decimal("588.000")`` -> ``"588"``.
    On English pages the separators swap ("1,796.489"): an English reader takes "6,252" for
    six thousand. Documents are rendered in Bahasa Indonesia and keep the Indonesian form.
    """
    if value is None or value == _MISSING:
        return ""
    return localization.number(value, trim=arg == "ringkas")


@register.filter(is_safe=False)
def tanggal_waktu(value: datetime | None) -> str:
    """An aware datetime in Jakarta time: "1 Oktober 2019 pukul 09.30 WIB"."""
    if value is None or value == "":
        return ""
    return localization.date_time(value)


@register.filter
def nip(value: str | None) -> str:
    """``"197001011990031001"`` -> ``"19700101 199003 1 001"`` (8 6 1 3 digits)."""
    if value is None or value == _MISSING:
        return ""
    return formatting.format_nip(str(value))
