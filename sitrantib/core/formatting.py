"""Indonesian formatting and parsing of money, numbers, number words, dates and times.

Pure Python on purpose (no Django import): the same functions serve templates, PDF and DOCX
letters, XLSX imports and exports, management commands and the API, and stay trivial to test.

Conventions (PUEBI and the usual practice of Indonesian government offices):

* "." separates thousands and "," separates decimals: 40.450.000 and 1.796,489.
* Money is written "Rp40.450.000": no space and no period after "Rp".
* Dates are written "1 Oktober 2019" in letters and "01-10-2019" in tables.
* Times use a period between hours and minutes and name the zone: "09.30 WIB".

Errors caused by what people typed are ``ValueError`` with a message in Bahasa Indonesia, kept
in the ``*_MESSAGE`` constants below so forms, importers and tests share one wording. Passing
a wrong type (a float for money, say) is a programming error and raises ``TypeError`` in English.
"""

import re
import zoneinfo
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Final

__all__ = [
    "COUNT_EMPTY_MESSAGE",
    "COUNT_GROUPING_MESSAGE",
    "COUNT_INVALID_MESSAGE",
    "COUNT_NEGATIVE_MESSAGE",
    "COUNT_NOT_WHOLE_MESSAGE",
    "DATE_EMPTY_MESSAGE",
    "DATE_INVALID_MESSAGE",
    "DATE_NONEXISTENT_MESSAGE",
    "DATE_UNKNOWN_MONTH_MESSAGE",
    "DAYS_ID",
    "DECIMAL_EMPTY_MESSAGE",
    "DECIMAL_INVALID_MESSAGE",
    "JAKARTA",
    "MONTHS_ID",
    "NAIVE_DATETIME_MESSAGE",
    "NOT_FINITE_MESSAGE",
    "RUPIAH_EMPTY_MESSAGE",
    "RUPIAH_GROUPING_MESSAGE",
    "RUPIAH_INVALID_MESSAGE",
    "RUPIAH_MULTIPLE_COMMAS_MESSAGE",
    "TERBILANG_FRACTION_MESSAGE",
    "TERBILANG_RANGE_MESSAGE",
    "format_date_id",
    "format_date_table",
    "format_datetime_id",
    "format_nip",
    "format_number_id",
    "format_rupiah",
    "parse_count",
    "parse_date_id",
    "parse_decimal_id",
    "parse_rupiah",
    "terbilang",
    "terbilang_rupiah",
    "to_jakarta",
]

# --- Messages (Bahasa Indonesia; "{text}" is the stripped input) -------------------------------

RUPIAH_EMPTY_MESSAGE: Final = "Jumlah rupiah wajib diisi."
RUPIAH_INVALID_MESSAGE: Final = 'Jumlah rupiah tidak valid: "{text}".'
RUPIAH_MULTIPLE_COMMAS_MESSAGE: Final = (
    'Jumlah rupiah tidak valid: "{text}". Koma desimal hanya boleh satu.'
)
RUPIAH_GROUPING_MESSAGE: Final = (
    'Jumlah rupiah tidak valid: "{text}". Titik pemisah ribuan harus diikuti tepat tiga angka.'
)

COUNT_EMPTY_MESSAGE: Final = "Jumlah wajib diisi."
COUNT_INVALID_MESSAGE: Final = 'Jumlah tidak valid: "{text}". Isi dengan angka, misalnya 1.455.'
COUNT_NEGATIVE_MESSAGE: Final = 'Jumlah tidak boleh negatif: "{text}".'
COUNT_NOT_WHOLE_MESSAGE: Final = 'Jumlah harus bilangan bulat: "{text}".'
COUNT_GROUPING_MESSAGE: Final = (
    'Jumlah tidak valid: "{text}". Titik pemisah ribuan harus diikuti tepat tiga angka.'
)

DECIMAL_EMPTY_MESSAGE: Final = "Angka wajib diisi."
DECIMAL_INVALID_MESSAGE: Final = (
    'Angka tidak valid: "{text}". Gunakan titik untuk ribuan dan koma untuk desimal, '
    "misalnya 1.796,489."
)

NOT_FINITE_MESSAGE: Final = 'Angka tidak terhingga atau bukan angka: "{value}".'

TERBILANG_RANGE_MESSAGE: Final = (
    "Bilangan {value} di luar jangkauan terbilang (harus kurang dari seribu triliun)."
)
TERBILANG_FRACTION_MESSAGE: Final = 'Terbilang hanya untuk bilangan bulat, bukan "{value}".'

DATE_EMPTY_MESSAGE: Final = "Tanggal wajib diisi."
DATE_INVALID_MESSAGE: Final = (
    'Format tanggal tidak dikenali: "{text}". Gunakan misalnya "1 Oktober 2019" atau "01-10-2019".'
)
DATE_UNKNOWN_MONTH_MESSAGE: Final = 'Nama bulan tidak dikenali: "{month}".'
DATE_NONEXISTENT_MESSAGE: Final = 'Tanggal tidak ada di kalender: "{text}".'

NAIVE_DATETIME_MESSAGE: Final = (
    "Waktu tanpa zona waktu tidak dapat diubah ke WIB; gunakan datetime yang memiliki tzinfo."
)

# --- Names --------------------------------------------------------------------------------------

MONTHS_ID: Final[tuple[str, ...]] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
"""Month names; ``MONTHS_ID[d.month - 1]``."""

DAYS_ID: Final[tuple[str, ...]] = (
    "Senin",
    "Selasa",
    "Rabu",
    "Kamis",
    "Jumat",
    "Sabtu",
    "Minggu",
)
"""Day names indexed like ``date.weekday()`` (Monday is 0)."""

JAKARTA: Final = zoneinfo.ZoneInfo("Asia/Jakarta")
"""Western Indonesian Time (WIB, UTC+7), the zone of every office this system serves."""

# Lower-case spellings accepted by parse_date_id, mapped to the month number. Old spellings
# (Pebruari, Nopember) and abbreviations are common in archives and spreadsheets.
_MONTH_LOOKUP: Final[dict[str, int]] = {
    **{name.lower(): number for number, name in enumerate(MONTHS_ID, start=1)},
    "pebruari": 2,
    "nopember": 11,
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "mei": 5,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
}

# --- Numbers ------------------------------------------------------------------------------------

# An integer part: plain digits ("40450000") or groups of three after the first
# ("40.450.000"). A grouped number may not start with 0, so "0.500" is not read as 500.
_INTEGER_PART: Final = r"(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)"
# Digits with dots in any arrangement: used only to explain a failed parse.
_DOTTED_DIGITS: Final = re.compile(r"[0-9]+(?:\.[0-9]+)+")

_RUPIAH_PREFIX: Final = re.compile(r"(?P<sign>-)?(?:rp\.?\s*)?", re.IGNORECASE)
# ",-" is the customary way of writing "and no sen" ("Rp40.450.000,-").
_RUPIAH_BODY: Final = re.compile(rf"(?P<int>{_INTEGER_PART})(?:,(?P<frac>[0-9]{{1,2}})|,-)?")
_INTEGER: Final = re.compile(_INTEGER_PART)
_DECIMAL_ID: Final = re.compile(rf"(?P<sign>-)?(?P<int>{_INTEGER_PART})(?:,(?P<frac>[0-9]+))?")


def _check_number_type(value: object, what: str) -> None:
    """Reject floats and bools, which are ints or numbers to Python but never money or counts.

    A float cannot hold 0.1 exactly, so amounts must arrive as Decimal (from a DecimalField or
    a parser here) and the mistake should fail loudly rather than print a rounded figure.
    """
    if isinstance(value, float):
        raise TypeError(f"{what} must be Decimal or int, not float (floats are inexact)")
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{what} must be Decimal or int, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(NOT_FINITE_MESSAGE.format(value=value))


def _group_thousands(digits: str) -> str:
    """Insert a period every three digits from the right: "40450000" -> "40.450.000"."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def format_number_id(value: int | Decimal, *, trim: bool = False) -> str:
    """Format a number the Indonesian way: ``40450000`` -> ``"40.450.000"``.

    A Decimal keeps exactly the decimal places it carries, after a comma:
    ``Decimal("1796.489")`` -> ``"1.796,489"``, ``Decimal("5.50")`` -> ``"5,50"``.
    With ``trim`` trailing zero decimals are dropped (``Decimal("588.000")`` -> ``"588"``):
    a reader takes "588,000" for five hundred eighty-eight thousand.
    """
    _check_number_type(value, "value")
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    negative = text.startswith("-")
    integer, _, fraction = text.lstrip("-").partition(".")
    result = _group_thousands(integer) + (f",{fraction}" if fraction else "")
    # Decimal("-0") and Decimal("-0.00") compare equal to zero; print them without a sign.
    return f"-{result}" if negative and value != 0 else result


def format_rupiah(amount: Decimal | int, *, decimals: bool = False) -> str:
    """Format money per PUEBI: ``40450000`` -> ``"Rp40.450.000"``, negative -> ``"-Rp1.000"``.

    With ``decimals=True`` two decimal places (sen) are always shown: ``"Rp2.950.000,00"``.
    Without it, sen are rounded half up to whole rupiah, as on receipts and in letters.
    """
    _check_number_type(amount, "amount")
    places = 2 if decimals else 0
    exact = Decimal(amount)  # exact for any int, unlike float
    # Enough precision for any amount, so quantize never raises InvalidOperation.
    with localcontext() as context:
        context.prec = max(context.prec, exact.adjusted() + places + 2)
        rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    return f"{sign}Rp{format_number_id(abs(rounded))}"


def parse_rupiah(text: str) -> Decimal:
    """Read money typed by people or found in spreadsheets.

    Accepts "Rp40.450.000", "Rp 40.450.000", "Rp. 40.450.000", "Rp40.450.000,00",
    "Rp40.450.000,-", "40.450.000", "40450000" and a leading minus ("-Rp1.000", the form
    format_rupiah writes). The result keeps the typed decimal places: "1.000,50" -> 1000.50.
    """
    stripped = text.strip()
    if not stripped:
        raise ValueError(RUPIAH_EMPTY_MESSAGE)
    prefix = _RUPIAH_PREFIX.match(stripped)
    assert prefix is not None  # every part of the prefix is optional, so it always matches
    body = stripped[prefix.end() :]
    match = _RUPIAH_BODY.fullmatch(body)
    if match is None:
        if re.fullmatch(r"[0-9.,]+", body) and body.count(",") > 1:
            raise ValueError(RUPIAH_MULTIPLE_COMMAS_MESSAGE.format(text=stripped))
        integer = body.partition(",")[0]
        if _DOTTED_DIGITS.fullmatch(integer) and not _INTEGER.fullmatch(integer):
            raise ValueError(RUPIAH_GROUPING_MESSAGE.format(text=stripped))
        raise ValueError(RUPIAH_INVALID_MESSAGE.format(text=stripped))
    digits = match["int"].replace(".", "")
    fraction = f".{match['frac']}" if match["frac"] else ""
    return Decimal(f"{prefix['sign'] or ''}{digits}{fraction}")


def parse_count(text: str) -> int:
    """Read a whole, non-negative count where "." separates thousands: "1.455" -> 1455.

    "1.45" is rejected rather than read as 145 or 1.45: the typist meant something else.
    """
    stripped = text.strip()
    if not stripped:
        raise ValueError(COUNT_EMPTY_MESSAGE)
    if _INTEGER.fullmatch(stripped):
        return int(stripped.replace(".", ""))
    if stripped.startswith("-"):
        raise ValueError(COUNT_NEGATIVE_MESSAGE.format(text=stripped))
    if re.fullmatch(r"[0-9.]+,[0-9]*", stripped):
        raise ValueError(COUNT_NOT_WHOLE_MESSAGE.format(text=stripped))
    if _DOTTED_DIGITS.fullmatch(stripped):
        raise ValueError(COUNT_GROUPING_MESSAGE.format(text=stripped))
    raise ValueError(COUNT_INVALID_MESSAGE.format(text=stripped))


def parse_decimal_id(text: str) -> Decimal:
    """Read an Indonesian decimal: "1.796,489" -> Decimal("1796.489"), "0,5" -> Decimal("0.5").

    A leading minus is allowed because coordinates south of the equator are negative.
    """
    stripped = text.strip()
    if not stripped:
        raise ValueError(DECIMAL_EMPTY_MESSAGE)
    match = _DECIMAL_ID.fullmatch(stripped)
    if match is None:
        raise ValueError(DECIMAL_INVALID_MESSAGE.format(text=stripped))
    digits = match["int"].replace(".", "")
    fraction = f".{match['frac']}" if match["frac"] else ""
    return Decimal(f"{match['sign'] or ''}{digits}{fraction}")


# --- Number words -------------------------------------------------------------------------------

_ONES: Final = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
)
_SCALES: Final = ("", "ribu", "juta", "miliar", "triliun")
_TERBILANG_LIMIT: Final = 1000 ** len(_SCALES)  # 10**15


def _below_thousand(n: int) -> list[str]:
    """Words for 1..999. Indonesian says "se-" instead of "satu" before ratus, puluh, belas."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds > 1:
        words += [_ONES[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_ONES[rest - 10], "belas"]
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words += [_ONES[tens], "puluh"] + ([_ONES[ones]] if ones else [])
    elif rest > 0:
        words.append(_ONES[rest])
    return words


def terbilang(n: int) -> str:
    """Spell an integer in Indonesian words, as on receipts and letters.

    ``40_450_000`` -> ``"empat puluh juta empat ratus lima puluh ribu"``. Exactly one thousand
    is "seribu", but one million is "satu juta". Negative numbers get "minus". Valid for
    absolute values below 10**15 (seribu triliun); larger values raise ValueError.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be int, not {type(n).__name__}")
    if abs(n) >= _TERBILANG_LIMIT:
        raise ValueError(TERBILANG_RANGE_MESSAGE.format(value=n))
    if n < 0:
        return f"minus {terbilang(-n)}"
    if n == 0:
        return _ONES[0]
    words: list[str] = []
    for power in range(len(_SCALES) - 1, -1, -1):
        group = n // 1000**power % 1000
        if group == 0:
            continue
        if group == 1 and _SCALES[power] == "ribu":
            words.append("seribu")
        else:
            words += _below_thousand(group) + ([_SCALES[power]] if _SCALES[power] else [])
    return " ".join(words)


def terbilang_rupiah(amount: Decimal | int) -> str:
    """Spell whole rupiah: ``2000`` -> ``"dua ribu rupiah"``.

    A Decimal such as ``Decimal("1000.00")`` is fine; sen (a non-zero fraction) raise
    ValueError because letters state whole rupiah. Capitalise at the call site if needed.
    """
    _check_number_type(amount, "amount")
    if isinstance(amount, Decimal):
        if amount != amount.to_integral_value():
            raise ValueError(TERBILANG_FRACTION_MESSAGE.format(value=amount))
        amount = int(amount)
    return f"{terbilang(amount)} rupiah"


# --- Dates and times ----------------------------------------------------------------------------

# "Lumajang, " (a place: no digits, no comma) and "Selasa, " (a weekday) may precede a date,
# as in the date line of a letter. Neither is checked against the date itself.
_WEEKDAYS: Final = "senin|selasa|rabu|kamis|jumat|jum'at|jum\u2019at|sabtu|minggu|ahad"
_DATE_LINE: Final = re.compile(
    rf"(?:[^,\d]+,\s*)?(?:(?:{_WEEKDAYS}),\s*)?(?P<date>[^,]+)", re.IGNORECASE
)
_DATE_NAMED: Final = re.compile(
    r"(?P<day>[0-9]{1,2})\s+(?P<month>[^\W\d_]+)\.?\s+(?P<year>[0-9]{4})"
)
_DATE_NUMERIC: Final = re.compile(
    r"(?P<day>[0-9]{1,2})(?P<sep>[-/])(?P<month>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})"
)
_DATE_ISO: Final = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})")


def _local_date(d: date) -> date:
    """The calendar date to print: an aware datetime is first moved to WIB.

    A datetime stored in UTC just after 17:00 is already the next day in Lumajang.
    """
    if isinstance(d, datetime):
        return to_jakarta(d).date()
    return d


def format_date_id(d: date, *, with_weekday: bool = False) -> str:
    """``date(2019, 10, 1)`` -> ``"1 Oktober 2019"``; with_weekday -> ``"Selasa, 1 Oktober 2019"``.

    An aware datetime is converted to WIB first; a naive datetime raises ValueError.
    """
    local = _local_date(d)
    text = f"{local.day} {MONTHS_ID[local.month - 1]} {local.year}"
    return f"{DAYS_ID[local.weekday()]}, {text}" if with_weekday else text


def format_date_table(d: date) -> str:
    """``date(2019, 10, 1)`` -> ``"01-10-2019"``: fixed width, so table columns line up."""
    local = _local_date(d)
    return f"{local.day:02d}-{local.month:02d}-{local.year:04d}"


def parse_date_id(text: str) -> date:
    """Read a date written the Indonesian way.

    Accepts "1 Oktober 2019", "01 oktober 2019", old spellings (Pebruari, Nopember),
    abbreviations (Jan Feb Peb Mar Apr Mei Jun Jul Agu Agt Ags Sep Okt Nov Nop Des, with or
    without a period), "01-10-2019", "1/10/2019" and ISO "2019-10-01". A leading place and/or
    weekday ("Lumajang, Selasa, 1 Oktober 2019") is ignored.
    """
    stripped = text.strip()
    if not stripped:
        raise ValueError(DATE_EMPTY_MESSAGE)
    line = _DATE_LINE.fullmatch(stripped)
    body = line["date"].strip() if line else ""
    if named := _DATE_NAMED.fullmatch(body):
        month_name = named["month"]
        month = _MONTH_LOOKUP.get(month_name.lower())
        if month is None:
            raise ValueError(DATE_UNKNOWN_MONTH_MESSAGE.format(month=month_name))
        parts = (int(named["year"]), month, int(named["day"]))
    elif numeric := _DATE_NUMERIC.fullmatch(body) or _DATE_ISO.fullmatch(body):
        parts = (int(numeric["year"]), int(numeric["month"]), int(numeric["day"]))
    else:
        raise ValueError(DATE_INVALID_MESSAGE.format(text=stripped))
    try:
        return date(*parts)
    except ValueError:
        raise ValueError(DATE_NONEXISTENT_MESSAGE.format(text=stripped)) from None


def to_jakarta(dt: datetime) -> datetime:
    """Convert an aware datetime to WIB. A naive datetime raises ValueError.

    Naive values are refused instead of assumed to be local or UTC: guessing silently shifts
    times by seven hours, which on a report is worse than an error during development.
    """
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(NAIVE_DATETIME_MESSAGE)
    return dt.astimezone(JAKARTA)


def format_datetime_id(dt: datetime) -> str:
    """``"1 Oktober 2019 pukul 09.30 WIB"``; Indonesian puts a period between hour and minute."""
    local = to_jakarta(dt)
    return f"{format_date_id(local)} pukul {local.hour:02d}.{local.minute:02d} WIB"


_NIP_GROUPS: Final = (8, 6, 1, 3)
_NIP_LENGTH: Final = sum(_NIP_GROUPS)


def format_nip(nip: str) -> str:
    """An 18-digit NIP in its usual printed groups: ``"19700101 199003 1 001"``.

    The groups are the birth date (8), the appointment month (6), the sex (1) and the serial (3).
    Spaces already typed are ignored; anything that is not 18 digits is returned as typed
    (stripped), so an unusual number is printed rather than mangled.
    """
    if not isinstance(nip, str):
        raise TypeError(f"format_nip expects a str, not {type(nip).__name__}")
    digits = re.sub(r"\s+", "", nip)
    if len(digits) != _NIP_LENGTH or not digits.isdigit():
        return nip.strip()
    parts = []
    start = 0
    for size in _NIP_GROUPS:
        parts.append(digits[start : start + size])
        start += size
    return " ".join(parts)
