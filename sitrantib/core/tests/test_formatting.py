"""Tests of sitrantib.core.formatting and the sitrantib_format template filters."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.template import Context, Engine
from hypothesis import assume, given
from hypothesis import strategies as st

from sitrantib.core.formatting import (
    COUNT_EMPTY_MESSAGE,
    COUNT_GROUPING_MESSAGE,
    COUNT_INVALID_MESSAGE,
    COUNT_NEGATIVE_MESSAGE,
    COUNT_NOT_WHOLE_MESSAGE,
    DATE_EMPTY_MESSAGE,
    DATE_INVALID_MESSAGE,
    DATE_NONEXISTENT_MESSAGE,
    DATE_UNKNOWN_MONTH_MESSAGE,
    DAYS_ID,
    DECIMAL_EMPTY_MESSAGE,
    DECIMAL_INVALID_MESSAGE,
    JAKARTA,
    MONTHS_ID,
    NAIVE_DATETIME_MESSAGE,
    NOT_FINITE_MESSAGE,
    RUPIAH_EMPTY_MESSAGE,
    RUPIAH_GROUPING_MESSAGE,
    RUPIAH_INVALID_MESSAGE,
    RUPIAH_MULTIPLE_COMMAS_MESSAGE,
    TERBILANG_FRACTION_MESSAGE,
    TERBILANG_RANGE_MESSAGE,
    format_date_id,
    format_date_table,
    format_datetime_id,
    format_nip,
    format_number_id,
    format_rupiah,
    parse_count,
    parse_date_id,
    parse_decimal_id,
    parse_rupiah,
    terbilang,
    terbilang_rupiah,
    to_jakarta,
)

OCT_1_2019 = date(2019, 10, 1)  # a Tuesday (Selasa)


def raised_message(
    exc_type: type[Exception], func: Callable[..., object], *args: Any, **kwargs: Any
) -> str:
    """Call func, require exc_type, and return its message so tests can compare it exactly."""
    with pytest.raises(exc_type) as excinfo:
        func(*args, **kwargs)
    return str(excinfo.value)


# --- format_rupiah ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (40450000, "Rp40.450.000"),
        (Decimal("40450000"), "Rp40.450.000"),
        (Decimal("40450000.00"), "Rp40.450.000"),
        (0, "Rp0"),
        (999, "Rp999"),
        (1000, "Rp1.000"),
        (-1000, "-Rp1.000"),
        (Decimal("-1000"), "-Rp1.000"),
    ],
)
def test_format_rupiah_whole_amounts(amount: Decimal | int, expected: str) -> None:
    assert format_rupiah(amount) == expected


def test_format_rupiah_with_decimals_shows_two_places() -> None:
    assert format_rupiah(Decimal("2950000"), decimals=True) == "Rp2.950.000,00"


def test_format_rupiah_with_decimals_keeps_sen() -> None:
    assert format_rupiah(Decimal("1234.5"), decimals=True) == "Rp1.234,50"


def test_format_rupiah_with_decimals_for_int() -> None:
    assert format_rupiah(2950000, decimals=True) == "Rp2.950.000,00"


def test_format_rupiah_without_decimals_rounds_half_up() -> None:
    assert format_rupiah(Decimal("1000.50")) == "Rp1.001"


def test_format_rupiah_rounded_to_zero_has_no_sign() -> None:
    assert format_rupiah(Decimal("-0.40")) == "Rp0"


def test_format_rupiah_huge_amount_does_not_overflow_precision() -> None:
    assert format_rupiah(10**30) == "Rp1" + ".000" * 10


def test_format_rupiah_float_raises_type_error() -> None:
    with pytest.raises(TypeError):
        format_rupiah(1000.0)  # type: ignore[arg-type]


def test_format_rupiah_bool_raises_type_error() -> None:
    with pytest.raises(TypeError):
        format_rupiah(True)


def test_format_rupiah_nan_raises_value_error() -> None:
    message = raised_message(ValueError, format_rupiah, Decimal("NaN"))
    assert message == NOT_FINITE_MESSAGE.format(value="NaN")


# --- parse_rupiah -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Rp40.450.000",
        "Rp 40.450.000",
        "Rp. 40.450.000",
        "Rp40.450.000,00",
        "Rp40.450.000,-",
        "40.450.000",
        "40450000",
        "  Rp40.450.000  ",
        "rp40.450.000",
        "RP 40450000",
    ],
)
def test_parse_rupiah_accepted_spellings(text: str) -> None:
    assert parse_rupiah(text) == Decimal("40450000")


def test_parse_rupiah_keeps_sen() -> None:
    assert parse_rupiah("Rp1.000,50") == Decimal("1000.50")


def test_parse_rupiah_negative_as_formatted() -> None:
    assert parse_rupiah("-Rp1.000") == Decimal("-1000")


@pytest.mark.parametrize("text", ["", "   "])
def test_parse_rupiah_empty_raises(text: str) -> None:
    assert raised_message(ValueError, parse_rupiah, text) == RUPIAH_EMPTY_MESSAGE


@pytest.mark.parametrize(
    "text",
    ["abc", "Rp", "Rp abc", "40.450.000 rupiah", "Rp40.450.000,000", "Rp-1.000", "1e6", "٤٠"],
)
def test_parse_rupiah_garbage_raises(text: str) -> None:
    message = raised_message(ValueError, parse_rupiah, text)
    assert message == RUPIAH_INVALID_MESSAGE.format(text=text)


def test_parse_rupiah_invalid_message_is_indonesian() -> None:
    assert raised_message(ValueError, parse_rupiah, "abc") == 'Jumlah rupiah tidak valid: "abc".'


@pytest.mark.parametrize("text", ["Rp40,450,000", "1,000,00"])
def test_parse_rupiah_multiple_commas_raises(text: str) -> None:
    message = raised_message(ValueError, parse_rupiah, text)
    assert message == RUPIAH_MULTIPLE_COMMAS_MESSAGE.format(text=text)


@pytest.mark.parametrize("text", ["40.45.000", "Rp4.0450.000", "Rp40.450.00", "Rp0.500"])
def test_parse_rupiah_misplaced_thousands_group_raises(text: str) -> None:
    message = raised_message(ValueError, parse_rupiah, text)
    assert message == RUPIAH_GROUPING_MESSAGE.format(text=text)


def test_parse_rupiah_message_quotes_stripped_text() -> None:
    message = raised_message(ValueError, parse_rupiah, "  40.45.000 ")
    assert message == RUPIAH_GROUPING_MESSAGE.format(text="40.45.000")


@given(st.integers(min_value=0, max_value=10**20))
def test_parse_rupiah_round_trips_format_rupiah_for_non_negative_ints(amount: int) -> None:
    assert parse_rupiah(format_rupiah(amount)) == amount


@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_parse_rupiah_round_trips_format_rupiah_for_any_int(amount: int) -> None:
    assert parse_rupiah(format_rupiah(amount)) == amount


@given(st.decimals(min_value=0, max_value=10**15, places=2, allow_nan=False, allow_infinity=False))
def test_parse_rupiah_round_trips_format_rupiah_with_decimals(amount: Decimal) -> None:
    assert parse_rupiah(format_rupiah(amount, decimals=True)) == amount


# --- format_number_id ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (40450000, "40.450.000"),
        (0, "0"),
        (100, "100"),
        (1000, "1.000"),
        (-1234567, "-1.234.567"),
        (Decimal("1796.489"), "1.796,489"),
        (Decimal("5.50"), "5,50"),
        (Decimal("0.5"), "0,5"),
        (Decimal("1E+3"), "1.000"),
        (Decimal("-0.00"), "0,00"),
        (Decimal("-1796.489"), "-1.796,489"),
    ],
)
def test_format_number_id_examples(value: int | Decimal, expected: str) -> None:
    assert format_number_id(value) == expected


def test_format_number_id_float_raises_type_error() -> None:
    with pytest.raises(TypeError):
        format_number_id(1.5)  # type: ignore[arg-type]


def test_format_number_id_infinity_raises_value_error() -> None:
    message = raised_message(ValueError, format_number_id, Decimal("Infinity"))
    assert message == NOT_FINITE_MESSAGE.format(value="Infinity")


# --- parse_count --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.455", 1455), ("2262", 2262), (" 4.343 ", 4343), ("0", 0), ("1.000.000", 1000000)],
)
def test_parse_count_examples(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["", "  "])
def test_parse_count_empty_raises(text: str) -> None:
    assert raised_message(ValueError, parse_count, text) == COUNT_EMPTY_MESSAGE


@pytest.mark.parametrize("text", ["1,5", "1.455,0"])
def test_parse_count_decimal_comma_raises(text: str) -> None:
    assert raised_message(ValueError, parse_count, text) == COUNT_NOT_WHOLE_MESSAGE.format(
        text=text
    )


@pytest.mark.parametrize("text", ["1.45", "14.55.000", "0.500"])
def test_parse_count_misplaced_thousands_group_raises(text: str) -> None:
    assert raised_message(ValueError, parse_count, text) == COUNT_GROUPING_MESSAGE.format(text=text)


@pytest.mark.parametrize("text", ["-5", "-1.455"])
def test_parse_count_negative_raises(text: str) -> None:
    assert raised_message(ValueError, parse_count, text) == COUNT_NEGATIVE_MESSAGE.format(text=text)


@pytest.mark.parametrize("text", ["abc", "12 orang", "+5", "1 455"])
def test_parse_count_garbage_raises(text: str) -> None:
    assert raised_message(ValueError, parse_count, text) == COUNT_INVALID_MESSAGE.format(text=text)


@given(st.integers(min_value=0, max_value=10**18))
def test_parse_count_round_trips_format_number_id(n: int) -> None:
    assert parse_count(format_number_id(n)) == n


# --- parse_decimal_id ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.796,489", Decimal("1796.489")),
        ("588", Decimal("588")),
        ("0,5", Decimal("0.5")),
        (" 1.000 ", Decimal("1000")),
        ("-8,1234", Decimal("-8.1234")),
    ],
)
def test_parse_decimal_id_examples(text: str, expected: Decimal) -> None:
    assert parse_decimal_id(text) == expected


def test_parse_decimal_id_empty_raises() -> None:
    assert raised_message(ValueError, parse_decimal_id, " ") == DECIMAL_EMPTY_MESSAGE


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.79,5", ",5", "5,", "1796.489", "1,5 km"])
def test_parse_decimal_id_invalid_raises(text: str) -> None:
    assert raised_message(ValueError, parse_decimal_id, text) == DECIMAL_INVALID_MESSAGE.format(
        text=text
    )


@given(
    st.decimals(
        min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False
    )
)
def test_parse_decimal_id_round_trips_format_number_id(value: Decimal) -> None:
    assert parse_decimal_id(format_number_id(value)) == value


# --- terbilang ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (110, "seratus sepuluh"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2000, "dua ribu"),
        (101_000, "seratus satu ribu"),
        (1_000_000, "satu juta"),
        (1_001_000, "satu juta seribu"),
        (2_000_000, "dua juta"),
        (40_450_000, "empat puluh juta empat ratus lima puluh ribu"),
        (1_000_000_000, "satu miliar"),
        (10**12, "satu triliun"),
        (
            10**15 - 1,
            "sembilan ratus sembilan puluh sembilan triliun "
            "sembilan ratus sembilan puluh sembilan miliar "
            "sembilan ratus sembilan puluh sembilan juta "
            "sembilan ratus sembilan puluh sembilan ribu "
            "sembilan ratus sembilan puluh sembilan",
        ),
    ],
)
def test_terbilang_examples(n: int, expected: str) -> None:
    assert terbilang(n) == expected


def test_terbilang_negative_says_minus() -> None:
    assert terbilang(-1500) == "minus seribu lima ratus"


@pytest.mark.parametrize("n", [10**15, -(10**15), 10**20])
def test_terbilang_out_of_range_raises(n: int) -> None:
    assert raised_message(ValueError, terbilang, n) == TERBILANG_RANGE_MESSAGE.format(value=n)


@pytest.mark.parametrize("n", [1.0, Decimal(1), True, "1"])
def test_terbilang_non_int_raises_type_error(n: object) -> None:
    with pytest.raises(TypeError):
        terbilang(n)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_terbilang_words_are_well_formed_for_any_value(n: int) -> None:
    words = terbilang(n)
    assert "  " not in words
    assert words == words.strip()
    assert not words.startswith(("satu ribu", "satu ratus", "satu puluh"))
    # "se-" replaces "satu" before ratus, puluh and belas everywhere, not only at the start.
    assert ("satu ratus" in words, "satu puluh" in words, "satu belas" in words) == (
        False,
        False,
        False,
    )


@given(
    st.integers(min_value=0, max_value=10**15 - 1),
    st.integers(min_value=0, max_value=10**15 - 1),
)
def test_terbilang_different_numbers_have_different_words(a: int, b: int) -> None:
    assume(a != b)
    assert terbilang(a) != terbilang(b)


@given(st.integers(min_value=1, max_value=10**15 - 1))
def test_terbilang_negative_is_minus_of_positive(n: int) -> None:
    assert terbilang(-n) == f"minus {terbilang(n)}"


# --- terbilang_rupiah ---------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [40450000, Decimal("40450000"), Decimal("40450000.00")])
def test_terbilang_rupiah_whole_amount(amount: Decimal | int) -> None:
    assert terbilang_rupiah(amount) == "empat puluh juta empat ratus lima puluh ribu rupiah"


def test_terbilang_rupiah_zero() -> None:
    assert terbilang_rupiah(0) == "nol rupiah"


def test_terbilang_rupiah_fraction_raises() -> None:
    message = raised_message(ValueError, terbilang_rupiah, Decimal("1000.50"))
    assert message == TERBILANG_FRACTION_MESSAGE.format(value="1000.50")


def test_terbilang_rupiah_float_raises_type_error() -> None:
    with pytest.raises(TypeError):
        terbilang_rupiah(1000.0)  # type: ignore[arg-type]


# --- month and day names ------------------------------------------------------------------------


def test_months_id_lists_januari_to_desember() -> None:
    assert MONTHS_ID == (
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


def test_days_id_is_indexed_like_weekday() -> None:
    assert DAYS_ID == ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    assert DAYS_ID[OCT_1_2019.weekday()] == "Selasa"


# --- format_date_id / format_date_table ---------------------------------------------------------


def test_format_date_id_has_no_leading_zero() -> None:
    assert format_date_id(OCT_1_2019) == "1 Oktober 2019"


def test_format_date_id_with_weekday() -> None:
    assert format_date_id(OCT_1_2019, with_weekday=True) == "Selasa, 1 Oktober 2019"


def test_format_date_id_aware_datetime_uses_jakarta_date() -> None:
    late_utc = datetime(2019, 9, 30, 20, 0, tzinfo=UTC)  # 03.00 WIB on 1 October
    assert format_date_id(late_utc) == "1 Oktober 2019"


def test_format_date_id_naive_datetime_raises() -> None:
    message = raised_message(ValueError, format_date_id, datetime(2019, 10, 1, 9, 30))
    assert message == NAIVE_DATETIME_MESSAGE


def test_format_date_table_is_dd_mm_yyyy() -> None:
    assert format_date_table(OCT_1_2019) == "01-10-2019"


def test_format_date_table_aware_datetime_uses_jakarta_date() -> None:
    assert format_date_table(datetime(2019, 9, 30, 20, 0, tzinfo=UTC)) == "01-10-2019"


# --- parse_date_id ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1 Oktober 2019",
        "01 Oktober 2019",
        "1 oktober 2019",
        "1 OKTOBER 2019",
        "  1  Oktober   2019 ",
        "1 Okt 2019",
        "1 Okt. 2019",
        "01-10-2019",
        "1-10-2019",
        "1/10/2019",
        "01/10/2019",
        "2019-10-01",
        "Selasa, 1 Oktober 2019",
        "selasa,1 Oktober 2019",
        "Lumajang, 1 Oktober 2019",
        "Lumajang, Selasa, 1 Oktober 2019",
        "Kabupaten Lumajang, 01-10-2019",
    ],
)
def test_parse_date_id_accepted_forms(text: str) -> None:
    assert parse_date_id(text) == OCT_1_2019


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 Februari 2020", date(2020, 2, 5)),
        ("5 Pebruari 2020", date(2020, 2, 5)),
        ("10 November 2020", date(2020, 11, 10)),
        ("10 Nopember 2020", date(2020, 11, 10)),
        ("17 Agustus 1945", date(1945, 8, 17)),
        ("Jumat, 17 Agustus 1945", date(1945, 8, 17)),
        ("Jum'at, 17 Agustus 1945", date(1945, 8, 17)),
    ],
)
def test_parse_date_id_old_spellings_and_weekdays(text: str, expected: date) -> None:
    assert parse_date_id(text) == expected


@pytest.mark.parametrize(
    ("abbreviation", "month"),
    [
        ("Jan", 1),
        ("Feb", 2),
        ("Peb", 2),
        ("Mar", 3),
        ("Apr", 4),
        ("Mei", 5),
        ("Jun", 6),
        ("Jul", 7),
        ("Agu", 8),
        ("Agt", 8),
        ("Ags", 8),
        ("Sep", 9),
        ("Okt", 10),
        ("Nov", 11),
        ("Nop", 11),
        ("Des", 12),
    ],
)
def test_parse_date_id_month_abbreviations(abbreviation: str, month: int) -> None:
    assert parse_date_id(f"3 {abbreviation} 2021") == date(2021, month, 3)


@pytest.mark.parametrize("text", ["", "   "])
def test_parse_date_id_empty_raises(text: str) -> None:
    assert raised_message(ValueError, parse_date_id, text) == DATE_EMPTY_MESSAGE


@pytest.mark.parametrize(
    "text", ["30 Februari 2019", "29 Februari 2019", "31-04-2019", "2019-13-01"]
)
def test_parse_date_id_nonexistent_date_raises(text: str) -> None:
    assert raised_message(ValueError, parse_date_id, text) == DATE_NONEXISTENT_MESSAGE.format(
        text=text
    )


def test_parse_date_id_unknown_month_raises() -> None:
    message = raised_message(ValueError, parse_date_id, "1 Oktobre 2019")
    assert message == DATE_UNKNOWN_MONTH_MESSAGE.format(month="Oktobre")


@pytest.mark.parametrize(
    "text",
    [
        "kemarin",
        "1-10/2019",
        "1 Oktober 19",
        "2019/10/01",
        "Oktober 1, 2019",
        "1 Oktober 2019, 2 Oktober 2019",
        "Lumajang, Rapat, 1 Oktober 2019",
    ],
)
def test_parse_date_id_unrecognised_format_raises(text: str) -> None:
    assert raised_message(ValueError, parse_date_id, text) == DATE_INVALID_MESSAGE.format(text=text)


_DATES_1900_2100 = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(_DATES_1900_2100)
def test_parse_date_id_round_trips_format_date_id(d: date) -> None:
    assert parse_date_id(format_date_id(d)) == d


@given(_DATES_1900_2100)
def test_parse_date_id_round_trips_format_date_id_with_weekday(d: date) -> None:
    assert parse_date_id(format_date_id(d, with_weekday=True)) == d


@given(_DATES_1900_2100)
def test_parse_date_id_round_trips_format_date_table(d: date) -> None:
    assert parse_date_id(format_date_table(d)) == d


# --- Jakarta time -------------------------------------------------------------------------------


def test_jakarta_is_utc_plus_seven() -> None:
    assert JAKARTA.utcoffset(datetime(2019, 10, 1)) == timedelta(hours=7)


def test_to_jakarta_converts_aware_datetime() -> None:
    converted = to_jakarta(datetime(2019, 10, 1, 2, 30, tzinfo=UTC))
    assert (converted, converted.tzinfo) == (datetime(2019, 10, 1, 9, 30, tzinfo=JAKARTA), JAKARTA)


def test_to_jakarta_naive_datetime_raises() -> None:
    message = raised_message(ValueError, to_jakarta, datetime(2019, 10, 1, 9, 30))
    assert message == NAIVE_DATETIME_MESSAGE


def test_format_datetime_id_from_jakarta_time() -> None:
    moment = datetime(2019, 10, 1, 9, 30, tzinfo=JAKARTA)
    assert format_datetime_id(moment) == "1 Oktober 2019 pukul 09.30 WIB"


def test_format_datetime_id_from_other_zone() -> None:
    moment = datetime(2019, 10, 1, 10, 30, tzinfo=timezone(timedelta(hours=8)))  # WITA
    assert format_datetime_id(moment) == "1 Oktober 2019 pukul 09.30 WIB"


def test_format_datetime_id_naive_raises() -> None:
    message = raised_message(ValueError, format_datetime_id, datetime(2019, 10, 1, 9, 30))
    assert message == NAIVE_DATETIME_MESSAGE


# --- template filters ---------------------------------------------------------------------------


@pytest.fixture
def render() -> Callable[..., str]:
    """Render a template snippet with the sitrantib_format library loaded.

    Under the project's pytest-django settings are already configured; the fallback keeps the
    module runnable on its own.
    """
    if not settings.configured:
        settings.configure()
    engine = Engine(libraries={"sitrantib_format": "sitrantib.core.templatetags.sitrantib_format"})

    def _render(source: str, **context: object) -> str:
        template = engine.from_string("{% load sitrantib_format %}" + source)
        return template.render(Context(context))

    return _render


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("40450000.00"), "Rp40.450.000"), (-1000, "-Rp1.000"), (None, ""), ("", "")],
)
def test_rupiah_filter_formats_money(
    render: Callable[..., str], value: object, expected: str
) -> None:
    assert render("{{ value|rupiah }}", value=value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (40450000, "empat puluh juta empat ratus lima puluh ribu"),
        (Decimal("1000.00"), "seribu"),
        (None, ""),
    ],
)
def test_terbilang_filter_spells_whole_numbers(
    render: Callable[..., str], value: object, expected: str
) -> None:
    assert render("{{ value|terbilang }}", value=value) == expected


def test_terbilang_filter_with_capfirst_starts_sentence(render: Callable[..., str]) -> None:
    assert render("{{ value|terbilang|capfirst }} rupiah", value=2000) == "Dua ribu rupiah"


def test_terbilang_filter_fraction_raises(render: Callable[..., str]) -> None:
    message = raised_message(ValueError, render, "{{ value|terbilang }}", value=Decimal("1.5"))
    assert message == TERBILANG_FRACTION_MESSAGE.format(value="1.5")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (OCT_1_2019, "1 Oktober 2019"),
        (datetime(2019, 9, 30, 20, 0, tzinfo=UTC), "1 Oktober 2019"),
        (None, ""),
    ],
)
def test_tanggal_filter_formats_dates(
    render: Callable[..., str], value: object, expected: str
) -> None:
    assert render("{{ value|tanggal }}", value=value) == expected


def test_tanggal_filter_with_hari_adds_weekday(render: Callable[..., str]) -> None:
    assert render('{{ value|tanggal:"hari" }}', value=OCT_1_2019) == "Selasa, 1 Oktober 2019"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (OCT_1_2019, "01-10-2019"),
        (datetime(2019, 9, 30, 20, 0, tzinfo=UTC), "01-10-2019"),
        (None, ""),
    ],
)
def test_tanggal_tabel_filter_formats_dates(
    render: Callable[..., str], value: object, expected: str
) -> None:
    assert render("{{ value|tanggal_tabel }}", value=value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(40450000, "40.450.000"), (Decimal("1796.489"), "1.796,489"), (None, "")],
)
def test_angka_filter_formats_numbers(
    render: Callable[..., str], value: object, expected: str
) -> None:
    assert render("{{ value|angka }}", value=value) == expected


def test_angka_filter_uses_english_separators_on_english_pages():
    from django.template import Engine
    from django.utils import translation

    engine = Engine(libraries={"f": "sitrantib.core.templatetags.sitrantib_format"})
    template = engine.from_string("{% load f %}{{ n|angka }}")
    from django.template import Context

    with translation.override("en"):
        english = template.render(Context({"n": Decimal("1796.489")}))
    with translation.override("id"):
        indonesian = template.render(Context({"n": Decimal("1796.489")}))

    assert (english, indonesian) == ("1,796.489", "1.796,489")


def test_date_filters_follow_the_page_language():
    import datetime as dt

    from django.template import Context, Engine
    from django.utils import translation

    engine = Engine(libraries={"f": "sitrantib.core.templatetags.sitrantib_format"})
    template = engine.from_string('{% load f %}{{ d|tanggal:"hari" }} / {{ t|tanggal_waktu }}')
    context = {"d": dt.date(2019, 10, 1), "t": dt.datetime(2019, 10, 1, 2, 30, tzinfo=dt.UTC)}

    with translation.override("en"):
        english = template.render(Context(context))
    with translation.override("id"):
        indonesian = template.render(Context(context))

    assert english == "Tuesday, 1 October 2019 / 1 October 2019, 09:30 WIB"
    assert indonesian == "Selasa, 1 Oktober 2019 / 1 Oktober 2019 pukul 09.30 WIB"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("197001011990031001", "19700101 199003 1 001"),
        ("19700101 199003 1 001", "19700101 199003 1 001"),
        (" 12345 ", "12345"),
        ("", ""),
    ],
)
def test_nip_is_printed_in_groups_of_8_6_1_3(typed, printed):
    assert format_nip(typed) == printed


def test_nip_filter_groups_and_leaves_blank_empty(render):
    assert render("{{ v|nip }}", v="197001011990031001") == "19700101 199003 1 001"
    assert render("{{ v|nip }}", v=None) == ""
