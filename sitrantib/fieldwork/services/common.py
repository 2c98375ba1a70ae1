"""Checks every field-work service shares: who acts, in which desa, with what coordinates."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import access
from sitrantib.fieldwork.enums import ActivityType, Equipment
from sitrantib.regions.models import Hamlet, Institution, Village

MESSAGE_NOT_WRITER = gettext_noop("Anda tidak berwenang mencatat data lapangan desa ini.")
MESSAGE_NOT_MANAGER = gettext_noop(
    "Hanya Admin Seksi Trantib kecamatan ini yang dapat melakukan ini."
)
MESSAGE_HAMLET_OTHER_VILLAGE = gettext_noop("Dusun %(name)s bukan dusun desa ini.")
MESSAGE_INSTITUTION_OTHER_DISTRICT = gettext_noop("Instansi %(name)s bukan instansi kecamatan ini.")
MESSAGE_UNKNOWN_CHOICE = gettext_noop("Pilihan tidak dikenal: %(value)s.")
MESSAGE_COORDINATES_PAIR = gettext_noop("Lintang dan bujur diisi keduanya atau tidak sama sekali.")
MESSAGE_COORDINATE_NUMBER = gettext_noop("Koordinat ditulis sebagai angka desimal, mis. -8.2301.")
MESSAGE_MEMBER_OTHER_VILLAGE = gettext_noop(
    "%(name)s bukan anggota LINMAS desa ini; tulis namanya saja bila bukan anggota."
)


def require_writer(actor: Any, village: Village) -> None:
    if not access.can_write_village(scope_of(actor), village.code):
        raise PermissionDenied(gettext(MESSAGE_NOT_WRITER))


def require_manager(actor: Any, district_code: str) -> None:
    if not access.can_manage(scope_of(actor), district_code):
        raise PermissionDenied(gettext(MESSAGE_NOT_MANAGER))


def check_hamlet(village: Village, hamlet: Hamlet | None, *, field: str = "hamlet") -> None:
    if hamlet is not None and hamlet.village_id != village.code:
        raise ValidationError(
            {field: gettext(MESSAGE_HAMLET_OTHER_VILLAGE) % {"name": hamlet.name}}
        )


def check_institution(district_code: str, institution: Institution | None, *, field: str) -> None:
    if institution is not None and institution.district_id != district_code:
        raise ValidationError(
            {field: gettext(MESSAGE_INSTITUTION_OTHER_DISTRICT) % {"name": institution.name}}
        )


def clean_codes(
    values: Any, choices: type[ActivityType] | type[Equipment], *, field: str
) -> list[str]:
    """A list of codes of `choices`, without repeats, in the choices' order."""
    given = list(values or [])
    known = {c.value for c in choices}
    unknown = [str(v) for v in given if v not in known]
    if unknown:
        raise ValidationError(
            {field: gettext(MESSAGE_UNKNOWN_CHOICE) % {"value": ", ".join(unknown[:5])}}
        )
    return [c.value for c in choices if c.value in set(given)]


def coordinates(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    """Coordinates rounded to 6 decimals (about 10 cm), or (None, None) when neither is given.

    One without the other, or a value that is no number, is refused (ValidationError under
    "latitude"/"longitude"); the range is the model's to check.
    """
    given = [value not in (None, "") for value in (latitude, longitude)]
    if not any(given):
        return None, None
    if not all(given):
        field = "longitude" if given[0] else "latitude"
        raise ValidationError({field: gettext(MESSAGE_COORDINATES_PAIR)})
    q = Decimal("0.000001")
    values: list[Decimal] = []
    for field, value in (("latitude", latitude), ("longitude", longitude)):
        try:
            number = Decimal(str(value).strip().replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
            values.append(number.quantize(q))
        except (InvalidOperation, ValueError):
            raise ValidationError({field: gettext(MESSAGE_COORDINATE_NUMBER)}) from None
    return values[0], values[1]


def check_member(village: Village, member: Any, *, field: str) -> None:
    if member is not None and member.village_id != village.code:
        raise ValidationError(
            {field: gettext(MESSAGE_MEMBER_OTHER_VILLAGE) % {"name": member.name}}
        )
