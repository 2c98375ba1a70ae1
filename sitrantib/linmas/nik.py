"""Checking a NIK (Nomor Induk Kependudukan): structure, region prefix, and the birth date in it.

A NIK is `PPKKCC DDMMYY SSSS`: the kecamatan where the person was first registered, the birth
date with 40 added to the day for women, and a serial. There is no check digit. This module is
pure: the caller passes how to look up a region prefix (`RegionLookup`), so the rules are tested
without a database. Messages are Bahasa Indonesia msgids that tests assert.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.formatting import format_date_id

MESSAGE_NIK_LENGTH = gettext_noop("NIK harus terdiri atas 16 angka.")
MESSAGE_NIK_REGION = gettext_noop(
    "Enam angka pertama NIK (%(code)s) bukan kode kecamatan yang berlaku sekarang. NIK tetap "
    "diterima karena penduduk memakai kode tempat pertama kali terdaftar (mungkin kecamatan "
    "sebelum pemekaran); cocokkan dengan KTP."
)
MESSAGE_NIK_NUMBER = gettext_noop(
    "NIK tersimpan sebagai angka, bukan teks: Excel hanya menyimpan 15 angka pertama, sehingga "
    "angka terakhir NIK bisa berubah. Format kolom NIK sebagai Teks (klik kanan > Format Cells > "
    "Text), ketik ulang NIK, lalu unggah lagi."
)
MESSAGE_NIK_PROVINCE = gettext_noop("Dua angka pertama NIK (%(code)s) bukan kode provinsi.")
MESSAGE_NIK_DATE = gettext_noop(
    "Angka ke-7 sampai ke-12 NIK (%(digits)s) bukan tanggal lahir yang ada "
    "(untuk perempuan tanggal ditambah 40)."
)
MESSAGE_NIK_SERIAL = gettext_noop("Empat angka terakhir NIK tidak boleh 0000.")
MESSAGE_NIK_SEX_FEMALE = gettext_noop(
    "NIK ini milik perempuan, tetapi jenis kelamin diisi Laki-laki."
)
MESSAGE_NIK_SEX_MALE = gettext_noop(
    "NIK ini milik laki-laki, tetapi jenis kelamin diisi Perempuan."
)
MESSAGE_NIK_BIRTH_DATE = gettext_noop(
    "Tanggal lahir menurut NIK %(nik_date)s, tetapi yang diisi %(date)s."
)

# The 38 provinces of Kepmendagri 300.2.2-2138/2025: the fallback when no region table is loaded.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
        "31", "32", "33", "34", "35", "36",
        "51", "52", "53",
        "61", "62", "63", "64", "65",
        "71", "72", "73", "74", "75", "76",
        "81", "82",
        "91", "92", "93", "94", "95", "96",
    }
)  # fmt: skip

MALE = "L"
FEMALE = "P"
FEMALE_DAY_OFFSET = 40

_SEPARATORS = re.compile(r"[\s.\-]")

# Given a dotted kecamatan code "PP.KK.CC": True when it exists, False when its province is loaded
# but the kecamatan is not there, None when the province is not loaded at all.
RegionLookup = Callable[[str], bool | None]


class NikError(ValueError):
    """The NIK itself is wrong; `message` is the translated text for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NikFacts:
    """What a valid NIK states: the normalised digits, sex (L/P), birth date, region code."""

    nik: str
    sex: str
    birth_date: dt.date
    district_code: str
    # False when the province is loaded but this kecamatan code is not (e.g. before a split).
    region_known: bool = True


def normalise_nik(raw: object) -> str:
    """The NIK without spaces, dots and dashes.

    A float is never a NIK: it holds about 15 significant digits, so the last digit of a
    16-digit NIK typed into a number cell is already lost; it normalises to "" (check_nik
    refuses it with MESSAGE_NIK_NUMBER).
    """
    if raw is None or isinstance(raw, float):
        return ""
    if isinstance(raw, int):
        return str(raw)
    return _SEPARATORS.sub("", str(raw))


def district_code_of(nik: str) -> str:
    """The dotted kecamatan code in a normalised NIK ("3508071..." -> "35.08.07")."""
    return f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"


def birth_date_of(nik: str, *, today: dt.date) -> tuple[str, dt.date]:
    """Sex and birth date encoded in a normalised NIK; raises NikError when it is not a date.

    Day 1-31 is a man, 41-71 a woman (day + 40). The two-digit year takes the century that keeps
    the date from being in the future, so 29 February exists only in a leap year of that century.
    """
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = MALE
    if FEMALE_DAY_OFFSET < day <= FEMALE_DAY_OFFSET + 31:
        sex, day = FEMALE, day - FEMALE_DAY_OFFSET
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        born = dt.date(century + year, month, day)
        if born > today:
            born = dt.date(century - 100 + year, month, day)
    except ValueError as exc:
        raise NikError(_(MESSAGE_NIK_DATE) % {"digits": nik[6:12]}) from exc
    return sex, born


def check_nik(raw: object, *, region_lookup: RegionLookup, today: dt.date) -> NikFacts:
    """Validate a NIK and return what it states; raises NikError with one message."""
    if isinstance(raw, float):
        raise NikError(_(MESSAGE_NIK_NUMBER))
    nik = normalise_nik(raw)
    if len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        raise NikError(_(MESSAGE_NIK_LENGTH))
    district_code = district_code_of(nik)
    known = region_lookup(district_code)
    if known is None and nik[:2] not in PROVINCE_CODES:
        raise NikError(_(MESSAGE_NIK_PROVINCE) % {"code": nik[:2]})
    sex, born = birth_date_of(nik, today=today)
    if nik[12:] == "0000":
        raise NikError(_(MESSAGE_NIK_SERIAL))
    return NikFacts(
        nik=nik,
        sex=sex,
        birth_date=born,
        district_code=district_code,
        region_known=known is not False,
    )


def region_warning(facts: NikFacts) -> str | None:
    """The warning for a kecamatan code not in the current list (accepted, ADR 0011)."""
    if facts.region_known:
        return None
    return _(MESSAGE_NIK_REGION) % {"code": facts.district_code}


def mismatch_messages(facts: NikFacts, *, sex: object, birth_date: object) -> dict[str, str]:
    """Per field ("sex", "birth_date"), the typed value that differs from the NIK, in words.

    Only the conflicting part is reported; an empty dict when the typed values agree.
    """
    messages: dict[str, str] = {}
    if facts.sex == FEMALE and sex == MALE:
        messages["sex"] = _(MESSAGE_NIK_SEX_FEMALE)
    elif facts.sex == MALE and sex == FEMALE:
        messages["sex"] = _(MESSAGE_NIK_SEX_MALE)
    if isinstance(birth_date, dt.date) and birth_date != facts.birth_date:
        messages["birth_date"] = _(MESSAGE_NIK_BIRTH_DATE) % {
            "nik_date": format_date_id(facts.birth_date),
            "date": format_date_id(birth_date),
        }
    return messages


def mask_nik(nik: str) -> str:
    """3508071708450001 -> 3508********0001."""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
