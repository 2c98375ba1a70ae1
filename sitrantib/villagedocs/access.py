"""Who may read and write the village documents (docs/adr/0090).

- A village operator reads the obligations of their own desa and uploads its documents.
- The kecamatan staff (Kasi Pemerintahan and colleagues) and the section's administrator read
  every desa of the kecamatan, stamp documents received on paper, and accept or return them.
- The administrator also manages document types of the kecamatan, generates obligations, waives
  one with a reason and sets the kecamatan's rules (on-time basis, reminder days).
- The Camat reads everything of the kecamatan (the late desa are listed for him).
- Partners read nothing here.
"""

from django.db.models import Model, QuerySet

from sitrantib.core.enums import Role
from sitrantib.core.scoping import Scope, restrict

READER_ROLES = frozenset(
    {Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF, Role.VILLAGE_OPERATOR}
)
RECEIVER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.KECAMATAN_STAFF})


def can_read(scope: Scope) -> bool:
    return not scope.is_empty and (scope.national or scope.role in READER_ROLES)


def can_upload(scope: Scope, village_code: str) -> bool:
    """May send a document of this desa (its operator; the kecamatan's receivers too)."""
    if scope.is_empty or not scope.covers_village(village_code):
        return False
    return scope.national or scope.role in RECEIVER_ROLES | {Role.VILLAGE_OPERATOR}


def can_receive(scope: Scope, district_code: str) -> bool:
    """May stamp a paper document received and accept or return a submission."""
    return (
        not scope.is_empty
        and (scope.national or scope.role in RECEIVER_ROLES)
        and scope.covers_district(district_code)
    )


def can_manage(scope: Scope, district_code: str) -> bool:
    return scope.is_admin and scope.covers_district(district_code)


def can_manage_any(scope: Scope) -> bool:
    return scope.is_admin and not scope.is_empty


def scoped[M: Model](queryset: QuerySet[M], scope: Scope) -> QuerySet[M]:
    """Obligations (models with `district` and `village`) a scope reads."""
    if not can_read(scope):
        return queryset.none()
    return restrict(queryset, scope, district_field="district", village_field="village")
