"""Validation of member data and the recruitment requirements, shared by form, API and import.

`member_errors` returns field errors (the record is refused); `requirement_warnings` returns
the regulation's requirements the member does not meet (the record is kept, the warning shown).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
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
# KTA numbers (docs/adr/0106).
MESSAGE_CARD_TAKEN = gettext_noop(
    "Nomor KTA ini sudah dipakai anggota LINMAS lain (Desa %(village)s, Kecamatan %(district)s); "
    "periksa kembali nomor pada kartunya."
)
MESSAGE_CARD_ISSUED_FIXED = gettext_noop(
    "Nomor KTA ini diterbitkan oleh SITRANTIB dan tidak dapat diubah atau dikosongkan."
)

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


def normalise_card_number(value: Any) -> str:
    """A KTA number as stored: spaces at the ends dropped, runs of spaces made one."""
    return " ".join(str(value or "").split())


def card_key(value: Any) -> str:
    """What two KTA numbers are compared by: the stored form, regardless of case."""
    return normalise_card_number(value).upper()


def card_holders(keys: Iterable[str], *, chunk: int = 2000) -> dict[str, list[Member]]:
    """The members holding these KTA numbers (by `card_key`), with desa and kecamatan; one
    query per `chunk` numbers (an import checks every row's number at once)."""
    wanted = sorted({key for key in keys if key})
    found: dict[str, list[Member]] = {}
    for start in range(0, len(wanted), chunk):
        rows = (
            Member.objects.annotate(card_key=Upper("card_number"))
            .filter(card_key__in=wanted[start : start + chunk])
            .select_related("village__district")
            .order_by("pk")
        )
        for member in rows:
            found.setdefault(member.card_key, []).append(member)
    return found


def card_number_errors(
    data: Mapping[str, Any],
    *,
    instance: Member | None = None,
    holders: "Mapping[str, list[Member]] | None" = None,
) -> list[str]:
    """Why the KTA number in `data` is refused (empty when it is not).

    A number SITRANTIB issued stays as issued; a number typed by hand that another member
    already holds (regardless of case and spacing) is refused. An unchanged number is never
    refused, so a member who came with an old duplicate can still be edited (quality.py
    reports those). `holders` (from `card_holders`) spares the query when an import checks
    many rows.
    """
    if "card_number" not in data:
        return []
    typed = normalise_card_number(data.get("card_number"))
    current = instance.card_number if instance is not None and instance.pk else ""
    if instance is not None and instance.pk and instance.card_number_issued:
        return [] if typed == current else [_(MESSAGE_CARD_ISSUED_FIXED)]
    if not typed or card_key(typed) == card_key(current):
        return []
    found = (holders if holders is not None else card_holders([card_key(typed)])).get(
        card_key(typed), []
    )
    others = [m for m in found if instance is None or m.pk != instance.pk]
    if not others:
        return []
    village = others[0].village
    return [_(MESSAGE_CARD_TAKEN) % {"village": village.name, "district": village.district.name}]


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
    card_numbers: "Mapping[str, list[Member]] | None" = None,
    issue_card: bool = False,
) -> dict[str, list[str]]:
    """Field errors of a member's data (keys are model field names). Empty when valid.

    One record (form, API) is checked against the database. An import passes what it fetched
    once for every row (issue 16 A5): `region_lookup` over the kecamatan codes of the file and
    `holder`, the member already registered under this NIK (None when there is none), and
    `card_numbers`, the holders of the file's KTA numbers (`card_holders`). With `issue_card`
    the number is about to be issued by SITRANTIB, so a validity date without one is expected.
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
    card_errors = card_number_errors(data, instance=instance, holders=card_numbers)
    for message in card_errors:
        add("card_number", message)
    valid_without_number = data.get("card_valid_until") and not data.get("card_number")
    if valid_without_number and not issue_card and not card_errors:
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
