"""Who may read and write the field work (docs/adr/0080).

- The section's administrator (Admin Seksi Trantib) reads and writes everything of the kecamatan:
  registers, visits, incidents and their status, the citizen-report queue, the situation rule.
- A village operator reads and writes the registers, visits and incidents of their own desa
  (an incident they report stays "reported" until the section verifies it).
- The Camat and the kecamatan staff read everything of the kecamatan.
- A partner (Polsek, Koramil) reads only the incidents handed over to its institution.
- Nobody else reads anything; the public only submits a citizen report and follows it by code.
The reporter's contact in a citizen report is read by the administrator only.
"""

from typing import Any

from django.db.models import Model, Q, QuerySet

from sitrantib.core.enums import Role
from sitrantib.core.scoping import Scope, restrict

READER_ROLES = frozenset(
    {Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF, Role.VILLAGE_OPERATOR}
)
WRITER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.VILLAGE_OPERATOR})


def can_read(scope: Scope) -> bool:
    """Reads registers, visits and incidents (of its desa or kecamatan)."""
    return not scope.is_empty and (scope.national or scope.role in READER_ROLES)


def can_read_incidents(scope: Scope) -> bool:
    """Reads incidents: the readers, and partners (those handed over to them)."""
    return can_read(scope) or (not scope.is_empty and scope.role == Role.PARTNER)


def can_write_village(scope: Scope, village_code: str) -> bool:
    """May record registers, visits and incidents of this desa."""
    return (
        not scope.is_empty
        and (scope.national or scope.role in WRITER_ROLES)
        and scope.covers_village(village_code)
    )


def can_write_any(scope: Scope) -> bool:
    return not scope.is_empty and (scope.national or scope.role in WRITER_ROLES)


def can_manage(scope: Scope, district_code: str) -> bool:
    """May verify and move incidents, moderate citizen reports, set the situation rule."""
    return scope.is_admin and scope.covers_district(district_code)


def can_manage_any(scope: Scope) -> bool:
    return scope.is_admin and not scope.is_empty


def scoped[M: Model](queryset: QuerySet[M], scope: Scope) -> QuerySet[M]:
    """Registers and visits a scope reads (models with `district` and `village`)."""
    if not can_read(scope):
        return queryset.none()
    return restrict(queryset, scope, district_field="district", village_field="village")


def scoped_incidents[M: Model](queryset: QuerySet[M], scope: Scope) -> QuerySet[M]:
    """Incidents a scope reads: its desa or kecamatan; a partner those handed over to it."""
    if scope.is_empty:
        return queryset.none()
    if scope.role == Role.PARTNER and not scope.national:
        if scope.institution_id is None:
            return queryset.none()
        return queryset.filter(
            Q(handed_to_id=scope.institution_id),
            district_id__in=sorted(scope.district_codes),
        )
    return scoped(queryset, scope)


def scoped_reports[M: Model](queryset: QuerySet[M], scope: Scope) -> QuerySet[M]:
    """Citizen reports: the administrators' queue only."""
    if not can_manage_any(scope):
        return queryset.none()
    return restrict(queryset, scope, district_field="district", village_field="village")


def sees_reporter_contact(scope: Scope, report: Any) -> bool:
    return can_manage(scope, report.district_id)
