"""Validation of member data and the recruitment requirements, shared by form, API and import.

`member_errors` returns field errors (the record is refused); `requirement_warnings` returns
the regulation's requirements the member does not meet (the record is kept, the warning shown).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.linmas.enums import EDUCATION_RANK, Education, MaritalStatus
from sitrantib.linmas.models import Member
from sitrantib.linmas.nik import (
    NikError,
    RegionLookup,
    check_nik,
    mismatch_messages,
    normalise_nik,
    region_warning,
)
from sitrantib.linmas.selectors import nik_region_lookup
from sitrantib.regions.models import Village

MESSAGE_NIK_TAKEN_ELSEWHERE = gettext_noop(
    "NIK ini sudah terdaftar sebagai anggota LINMAS Desa %(village)s, Kecamatan %(district)s."
)
MESSAGE_NIK_TAKEN_HERE = gettext_noop("NIK ini sudah terdaftar sebagai anggota LINMAS desa ini.")
MESSAGE_NIK_CHANGED = gettext_noop("NIK anggota yang sudah terdaftar tidak dapat diubah.")
MESSAGE_SQUAD_OTHER_VILLAGE = gettext_noop("Regu harus dari desa yang sama dengan anggota.")
MESSAGE_HAMLET_OTHER_VILLAGE = gettext_noop("Dusun harus dari desa yang sama dengan anggota.")
MESSAGE_RT_RW = gettext_noop("RT/RW diisi angka 1 sampai 3 digit.")
MESSAGE_DATE_FUTURE = gettext_noop("Tanggal tidak boleh sesudah hari ini.")
MESSAGE_BIRTH_FUTURE = gettext_noop("Tanggal lahir tidak boleh sesudah hari ini.")
MESSAGE_CARD_WITHOUT_NUMBER = gettext_noop("Isi nomor KTA bila masa berlakunya diisi.")
MESSAGE_TOO_LONG = gettext_noop("Paling banyak %(limit)s karakter (terisi %(length)s).")

# Statuses that count as "sudah/pernah kawin" for the age requirement: divorced and widowed
# people were married (84/2014 Pasal 4(2) huruf b: "berusia 18 tahun atau sudah menikah").
EVER_MARRIED = frozenset({MaritalStatus.KAWIN, MaritalStatus.CERAI})

SOURCE_84_2014 = gettext_noop("Permendagri 84/2014 Pasal 4 ayat (2)")
SOURCE_LOCAL_MAX_AGE = gettext_noop("Batas usia setempat (pengaturan SITRANTIB_LINMAS_MAX_AGE)")
WARNING_AGE = gettext_noop("Usia %(age)s tahun, di bawah %(minimum)s tahun, dan belum kawin.")
WARNING_EDUCATION = gettext_noop("Pendidikan terakhir di bawah SLTP/sederajat.")
WARNING_EDUCATION_EMPTY = gettext_noop("Pendidikan terakhir belum diisi.")
WARNING_RESIDENT = gettext_noop("Tidak berdomisili di desa ini.")
WARNING_MAX_AGE = gettext_noop("Usia %(age)s tahun, di atas batas %(maximum)s tahun.")


# Text fields a form, the API or an import fills, with the database limit of each (the NIK has
# its own rule). Checked here so an import preview reports what the save would refuse.
TEXT_LIMITS: dict[str, int] = {
    f.name: f.max_length
    for f in Member._meta.fields
    if isinstance(f, models.CharField)
    and f.max_length
    and not f.choices
    and f.name not in {"nik", "verification_code", "status_reason"}
}


def min_age() -> int:
    return int(getattr(settings, "SITRANTIB_LINMAS_MIN_AGE", 18))


def min_education() -> str:
    return str(getattr(settings, "SITRANTIB_LINMAS_MIN_EDUCATION", Education.SLTP))


def max_age() -> int | None:
    value = getattr(settings, "SITRANTIB_LINMAS_MAX_AGE", None)
    return int(value) if value else None


def age_on(birth_date: dt.date, today: dt.date) -> int:
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


@dataclass(frozen=True)
class RequirementWarning:
    message: str
    source: str


class _Lookup:
    """Marks "look it up in the database" for `member_errors`' `holder` argument."""


DATABASE = _Lookup()


def member_errors(
    data: Mapping[str, Any],
    *,
    village: Village,
    instance: Member | None = None,
    today: dt.date,
    region_lookup: RegionLookup = nik_region_lookup,
    holder: "Member | _Lookup | None" = DATABASE,
) -> dict[str, list[str]]:
    """Field errors of a member's data (keys are model field names). Empty when valid.

    One record (form, API) is checked against the database. An import passes what it fetched
    once for every row (issue 16 A5): `region_lookup` over the kecamatan codes of the file and
    `holder`, the member already registered under this NIK (None when there is none).
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    nik = normalise_nik(data.get("nik"))
    if instance is not None and instance.pk and nik != instance.nik:
        add("nik", _(MESSAGE_NIK_CHANGED))
    else:
        try:
            facts = check_nik(nik, region_lookup=region_lookup, today=today)
        except NikError as exc:
            add("nik", exc.message)
        else:
            mismatches = mismatch_messages(
                facts, sex=data.get("sex"), birth_date=data.get("birth_date")
            )
            for name, message in mismatches.items():
                add(name, message)
            existing: Member | None
            if isinstance(holder, _Lookup):
                others = Member.objects.filter(nik=facts.nik).select_related("village__district")
                if instance is not None and instance.pk:
                    others = others.exclude(pk=instance.pk)
                existing = others.first()
            else:
                same = holder is not None and instance is not None and holder.pk == instance.pk
                existing = None if same else holder
            if existing is not None and existing.village_id != village.code:
                add(
                    "nik",
                    _(MESSAGE_NIK_TAKEN_ELSEWHERE)
                    % {
                        "village": existing.village.name,
                        "district": existing.village.district.name,
                    },
                )
            elif existing is not None:
                add("nik", _(MESSAGE_NIK_TAKEN_HERE))
    birth_date = data.get("birth_date")
    if isinstance(birth_date, dt.date) and birth_date > today:
        add("birth_date", _(MESSAGE_BIRTH_FUTURE))
    decree_date = data.get("decree_date")
    if isinstance(decree_date, dt.date) and decree_date > today:
        add("decree_date", _(MESSAGE_DATE_FUTURE))
    for name in ("rt", "rw"):
        value = str(data.get(name) or "")
        if value and not (value.isdigit() and len(value) <= 3):
            add(name, _(MESSAGE_RT_RW))
    squad = data.get("squad")
    if squad is not None and squad.village_id != village.code:
        add("squad", _(MESSAGE_SQUAD_OTHER_VILLAGE))
    hamlet = data.get("hamlet")
    if hamlet is not None and hamlet.village_id != village.code:
        add("hamlet", _(MESSAGE_HAMLET_OTHER_VILLAGE))
    if data.get("card_valid_until") and not data.get("card_number"):
        add("card_number", _(MESSAGE_CARD_WITHOUT_NUMBER))
    for name, limit in TEXT_LIMITS.items():
        text = data.get(name)
        if isinstance(text, str) and len(text) > limit and name not in errors:
            add(name, _(MESSAGE_TOO_LONG) % {"limit": limit, "length": len(text)})
    return errors


def nik_warnings(member: Member, *, today: dt.date) -> list[str]:
    """Warnings about an accepted NIK (a kecamatan code not in the current list)."""
    try:
        facts = check_nik(member.nik, region_lookup=nik_region_lookup, today=today)
    except NikError:
        return []
    warning = region_warning(facts)
    return [warning] if warning else []


def requirement_warnings(member: Member, *, today: dt.date) -> list[RequirementWarning]:
    """The recruitment requirements (84/2014 Pasal 4(2)) this member does not meet."""
    warnings: list[RequirementWarning] = []
    age = age_on(member.birth_date, today) if member.birth_date else None
    if age is not None and age < min_age() and member.marital_status not in EVER_MARRIED:
        warnings.append(
            RequirementWarning(
                _(WARNING_AGE) % {"age": age, "minimum": min_age()}, _(SOURCE_84_2014)
            )
        )
    if not member.education:
        warnings.append(RequirementWarning(_(WARNING_EDUCATION_EMPTY), _(SOURCE_84_2014)))
    elif EDUCATION_RANK.get(member.education, 0) < EDUCATION_RANK[min_education()]:
        warnings.append(RequirementWarning(_(WARNING_EDUCATION), _(SOURCE_84_2014)))
    if not member.resides_in_village:
        warnings.append(RequirementWarning(_(WARNING_RESIDENT), _(SOURCE_84_2014)))
    maximum = max_age()
    if maximum is not None and age is not None and age > maximum:
        warnings.append(
            RequirementWarning(
                _(WARNING_MAX_AGE) % {"age": age, "maximum": maximum}, _(SOURCE_LOCAL_MAX_AGE)
            )
        )
    return warnings
