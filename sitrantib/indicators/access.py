"""Who may read, manage and approve the indicators (docs/adr/0091).

- The section's administrator (Admin Seksi Trantib) of the kecamatan manages them: seeds the
  year's definitions from the plan, edits definitions and the kecamatan's achievement rules,
  types manual values and attaches their evidence, recomputes.
- The Camat approves manual values (the one who signs the Perjanjian Kinerja vouches for a number
  nobody's records produced); the administrator who typed it cannot approve it.
- The Camat and the kecamatan staff read every indicator of their kecamatan with the records
  behind each value (drill-down).
- A kabupaten or national reader (explicit coverage) reads every kecamatan it covers, side by side.
- A partner (FORKOMPIMKA: Polsek, Koramil) reads the dashboard's numbers (ARCHITECTURE: "read
  dashboards") but not the record lists behind them, which name people and desa cases it may not
  open elsewhere.
- A village operator reads none of it (the public page shows what the section publishes).
"""

from sitrantib.core.enums import Role
from sitrantib.core.scoping import Scope

READER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF, Role.PARTNER})
RECORD_READER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF})
APPROVER_ROLES = frozenset({Role.CAMAT})


def can_read(scope: Scope, district_code: str | None = None) -> bool:
    """May read the indicators (of `district_code` when given, else of any kecamatan in scope)."""
    if scope.is_empty or not (scope.national or scope.role in READER_ROLES):
        return False
    return district_code is None or scope.covers_district(district_code)


def can_read_records(scope: Scope, district_code: str | None = None) -> bool:
    """May open the lists of records behind a value (numerator and denominator)."""
    if scope.is_empty or not (scope.national or scope.role in RECORD_READER_ROLES):
        return False
    return district_code is None or scope.covers_district(district_code)


def can_manage(scope: Scope, district_code: str) -> bool:
    """May change definitions, settings and manual values, and recompute (the administrator)."""
    return scope.is_admin and scope.covers_district(district_code)


def can_manage_any(scope: Scope) -> bool:
    return scope.is_admin and not scope.is_empty


def can_approve(scope: Scope, district_code: str) -> bool:
    """May approve a manual value of this kecamatan (the Camat)."""
    return (
        not scope.is_empty and scope.role in APPROVER_ROLES and scope.covers_district(district_code)
    )


def reads_across(scope: Scope) -> bool:
    """Reads more than one kecamatan side by side (kabupaten or national coverage)."""
    return can_read(scope) and (scope.national or len(scope.district_codes) > 1)
