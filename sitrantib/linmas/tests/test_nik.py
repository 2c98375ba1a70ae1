import datetime as dt

import pytest

from sitrantib.linmas.nik import (
    MESSAGE_NIK_BIRTH_DATE,
    MESSAGE_NIK_DATE,
    MESSAGE_NIK_LENGTH,
    MESSAGE_NIK_NUMBER,
    MESSAGE_NIK_PROVINCE,
    MESSAGE_NIK_REGION,
    MESSAGE_NIK_SERIAL,
    MESSAGE_NIK_SEX_FEMALE,
    MESSAGE_NIK_SEX_MALE,
    NikError,
    check_nik,
    mask_nik,
    mismatch_messages,
    normalise_nik,
    region_warning,
)

TODAY = dt.date(2026, 11, 28)


def known(code: str) -> bool | None:
    """Province 35 is loaded with kecamatan 35.08.07 only; other provinces are not loaded."""
    if code == "35.08.07":
        return True
    if code.startswith("35."):
        return False
    return None


def check(raw: object) -> object:
    return check_nik(raw, region_lookup=known, today=TODAY)


def test_check_nik_returns_facts_for_man():
    facts = check("3508071708900001")
    assert (facts.nik, facts.sex, facts.birth_date, facts.district_code) == (
        "3508071708900001",
        "L",
        dt.date(1990, 8, 17),
        "35.08.07",
    )


@pytest.mark.parametrize(("day", "expected"), [(41, 1), (57, 17), (71, 31)])
def test_check_nik_reads_women_days_41_to_71(day, expected):
    facts = check(f"350807{day:02d}0190" + "0001")
    assert (facts.sex, facts.birth_date) == ("P", dt.date(1990, 1, expected))


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_check_nik_refuses_days_outside_both_ranges(day):
    with pytest.raises(NikError) as info:
        check(f"350807{day}01900001")
    assert info.value.message == MESSAGE_NIK_DATE % {"digits": f"{day}0190"}


def test_check_nik_accepts_29_february_of_leap_year():
    assert check("3508072902000001").birth_date == dt.date(2000, 2, 29)
    assert check("3508076902960001").birth_date == dt.date(1996, 2, 29)


def test_check_nik_refuses_29_february_of_common_year():
    with pytest.raises(NikError) as info:
        check("3508072902990001")
    assert info.value.message == MESSAGE_NIK_DATE % {"digits": "290299"}


def test_check_nik_refuses_month_13():
    with pytest.raises(NikError):
        check("3508071713900001")


def test_check_nik_picks_century_so_birth_is_not_in_future():
    assert check("3508070101250001").birth_date == dt.date(2025, 1, 1)
    assert check("3508070112260001").birth_date == dt.date(1926, 12, 1)
    assert check("3508071708450001").birth_date == dt.date(1945, 8, 17)


@pytest.mark.parametrize(
    "raw",
    ["3508 0717 0890 0001", "3508.0717.0890.0001", "350807-170890-0001", " 3508071708900001 "],
)
def test_check_nik_strips_separators(raw):
    assert check(raw).nik == "3508071708900001"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "350807170890001",
        "35080717089000011",
        "35080717089000A1",
        "\u0969\u096b\u0966\u096e\u0966\u096d\u0967\u096d\u0966\u096e\u096f\u0966\u0966\u0966\u0966\u0967",
    ],
)
def test_check_nik_refuses_wrong_length_or_letters(raw):
    with pytest.raises(NikError) as info:
        check(raw)
    assert info.value.message == MESSAGE_NIK_LENGTH


def test_check_nik_accepts_kecamatan_not_in_current_list_with_warning():
    facts = check("3508991708900001")
    assert (facts.district_code, facts.region_known, region_warning(facts)) == (
        "35.08.99",
        False,
        MESSAGE_NIK_REGION % {"code": "35.08.99"},
    )


def test_check_nik_known_kecamatan_has_no_region_warning():
    assert region_warning(check("3508071708900001")) is None


def test_check_nik_refuses_spreadsheet_float():
    with pytest.raises(NikError) as info:
        check(3508071708900001.0)
    assert info.value.message == MESSAGE_NIK_NUMBER


def test_check_nik_falls_back_to_province_list_when_province_not_loaded():
    assert check("3171011708900001").district_code == "31.71.01"


def test_check_nik_refuses_unknown_province_when_not_loaded():
    with pytest.raises(NikError) as info:
        check("9971011708900001")
    assert info.value.message == MESSAGE_NIK_PROVINCE % {"code": "99"}


def test_check_nik_refuses_serial_0000():
    with pytest.raises(NikError) as info:
        check("3508071708900000")
    assert info.value.message == MESSAGE_NIK_SERIAL


def test_normalise_nik_reads_integers_and_drops_floats():
    assert normalise_nik(3508071708900001) == "3508071708900001"
    assert normalise_nik(3508071708900001.0) == ""
    assert normalise_nik(None) == ""


def test_mismatch_messages_report_only_sex_when_only_sex_differs():
    facts = check("3508075505900003")
    messages = mismatch_messages(facts, sex="L", birth_date=dt.date(1990, 5, 15))
    assert messages == {"sex": MESSAGE_NIK_SEX_FEMALE}
    assert messages["sex"] == "NIK ini milik perempuan, tetapi jenis kelamin diisi Laki-laki."


def test_mismatch_messages_report_male_nik_typed_as_female():
    facts = check("3508071708900001")
    messages = mismatch_messages(facts, sex="P", birth_date=dt.date(1990, 8, 17))
    assert messages == {"sex": MESSAGE_NIK_SEX_MALE}


def test_mismatch_messages_report_only_birth_date_in_words_when_only_date_differs():
    facts = check("3508075505900003")
    messages = mismatch_messages(facts, sex="P", birth_date=dt.date(1990, 5, 16))
    assert messages == {
        "birth_date": MESSAGE_NIK_BIRTH_DATE % {"nik_date": "15 Mei 1990", "date": "16 Mei 1990"}
    }
    assert messages["birth_date"] == (
        "Tanggal lahir menurut NIK 15 Mei 1990, tetapi yang diisi 16 Mei 1990."
    )


def test_mismatch_messages_report_both_fields_when_both_differ():
    facts = check("3508075505900003")
    messages = mismatch_messages(facts, sex="L", birth_date=dt.date(1990, 5, 16))
    assert sorted(messages) == ["birth_date", "sex"]


def test_mismatch_messages_are_empty_when_values_agree():
    facts = check("3508075708900001")
    assert mismatch_messages(facts, sex="P", birth_date=dt.date(1990, 8, 17)) == {}


def test_mask_nik_keeps_first_and_last_four():
    assert mask_nik("3508071708900001") == "3508********0001"
