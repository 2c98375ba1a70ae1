"""Who may read and run trainings (docs/adr/0060).

- The section's administrator (Admin Seksi Trantib) of the kecamatan runs them: every write.
- The Camat and the kecamatan staff read every training of their kecamatan, with participants.
- A village operator reads the trainings of the kecamatan and only the participants of their desa.
- A partner (Polsek, Koramil) reads the trainings in which one of its people teaches, without the
  participants.
Personal data of participants (NIK, phone) follows the register's rule (linmas ADR 0010).
"""

from sitrantib.core.enums import Role
from sitrantib.core.scoping import Scope

READER_ROLES = frozenset(
    {Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF, Role.VILLAGE_OPERATOR, Role.PARTNER}
)
PARTICIPANT_READER_ROLES = frozenset(
    {Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF, Role.VILLAGE_OPERATOR}
)


def can_read(scope: Scope) -> bool:
    return not scope.is_empty and (scope.national or scope.role in READER_ROLES)


def can_read_participants(scope: Scope) -> bool:
    return not scope.is_empty and (scope.national or scope.role in PARTICIPANT_READER_ROLES)


def can_manage(scope: Scope, district_code: str) -> bool:
    """May create and change trainings, instructors, participants, marks and certificates."""
    return scope.is_admin and scope.covers_district(district_code)


def can_manage_any(scope: Scope) -> bool:
    return scope.is_admin and not scope.is_empty
