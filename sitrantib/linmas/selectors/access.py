"""Who may read and write the LINMAS register, and the masking of personal data (ADR 0010)."""

from typing import Any

from sitrantib.core.enums import Role
from sitrantib.core.scoping import Scope
from sitrantib.linmas.models import Member
from sitrantib.linmas.nik import mask_nik

WRITER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.VILLAGE_OPERATOR})
READER_ROLES = WRITER_ROLES | {Role.CAMAT, Role.KECAMATAN_STAFF}
MASK = "********"


def can_read_members(scope: Scope) -> bool:
    return scope.national or scope.role in READER_ROLES


def can_write(scope: Scope) -> bool:
    return scope.national or scope.role in WRITER_ROLES


def sees_personal_data(scope: Scope) -> bool:
    """NIK, phone and address in full only for those who keep the register."""
    return can_write(scope)


def can_read_readiness(scope: Scope) -> bool:
    return not scope.is_empty


def mask_value(kind: str, value: str, *, reveal: bool) -> str:
    """The one masking rule for NIK, phone and address, used by templates, exports and the API."""
    if reveal or not value:
        return value
    if kind == "nik":
        return mask_nik(value)
    if kind == "phone":
        return value[:4] + "*" * max(len(value) - 6, 2) + value[-2:] if len(value) > 6 else MASK
    return MASK


def personal_fields(member: Member, scope: Scope) -> dict[str, Any]:
    """The personal fields as this viewer may see them (ADR 0010).

    Where the NIK is masked, the birth date is too: digits 7-12 of a NIK are the birth date (day
    + 40 for women), so the full date and the sex would rebuild what the mask hides. Such a viewer
    gets the birth year only (`birth_date` None); the sex stays, since without day and month it
    tells nothing the mask hides.
    """
    reveal = sees_personal_data(scope)
    born = member.birth_date
    return {
        "nik": mask_value("nik", member.nik, reveal=reveal),
        "phone": mask_value("phone", member.phone, reveal=reveal),
        "address": mask_value("address", member.address, reveal=reveal),
        "birth_date": born if reveal else None,
        "birth_year": born.year if born else None,
    }


def with_masking(members: list[Member], scope: Scope) -> list[Member]:
    """Attach `shown` (the personal fields as this viewer may see them) to each member."""
    for member in members:
        member.shown = personal_fields(member, scope)  # type: ignore[attr-defined]
    return members
