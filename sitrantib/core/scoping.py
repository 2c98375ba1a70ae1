"""What part of the country a user may see: the one scope every selector filters by.

A scope is derived from data on the user (role, kecamatan, desa, coverage), never from code paths
in views, and never from being a superuser: a superuser without a role and kecamatan reaches
nothing in the app (docs/adr/0050-explicit-wide-scope.md). A wider reach is the explicit
`coverage` of the user: "regency" (every kecamatan of one kabupaten) or "national".
Selectors call `scope_of(user)` and `restrict()`; a record outside the scope is simply absent from
the queryset, so views answer 404 for it.
"""

from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Model, QuerySet

from sitrantib.core.enums import ADMIN_ROLES, AUDIT_READER_ROLES, Coverage, Role


class ScopedUser(Protocol):
    is_authenticated: bool
    is_active: bool
    role: str
    coverage: str
    district_id: str | None
    institution_id: int | None

    @property
    def village_codes(self) -> frozenset[str]: ...

    @property
    def coverage_district_codes(self) -> frozenset[str]: ...


@dataclass(frozen=True)
class Scope:
    """The regions a user may reach. `village_codes` is None when every desa of the kecamatan is."""

    national: bool = False
    role: str | None = None
    district_codes: frozenset[str] = frozenset()
    village_codes: frozenset[str] | None = None
    institution_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.national and not self.district_codes

    @property
    def is_admin(self) -> bool:
        return self.national or self.role in ADMIN_ROLES

    @property
    def reads_audit(self) -> bool:
        return self.national or self.role in AUDIT_READER_ROLES

    def covers_village(self, village_code: str) -> bool:
        if self.national:
            return True
        if self.village_codes is not None:
            return village_code in self.village_codes
        return village_code[:8] in self.district_codes

    def covers_district(self, district_code: str) -> bool:
        return self.national or district_code in self.district_codes


EMPTY_SCOPE = Scope()


def scope_of(user: Any) -> Scope:
    """The scope of a user, from their role, regions and coverage only.

    Anonymous and inactive users, and users without a role, reach nothing; so does a superuser
    without a role and kecamatan (Django's admin site is theirs, not the app's data). Coverage
    "national" reaches everything, "regency" every kecamatan of the user's kabupaten.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    role = getattr(user, "role", "") or ""
    if not role:
        return EMPTY_SCOPE
    coverage = getattr(user, "coverage", "") or ""
    if coverage == Coverage.NATIONAL:
        return Scope(national=True, role=role)
    if coverage == Coverage.REGENCY:
        districts = user.coverage_district_codes
        if not districts:
            return EMPTY_SCOPE
        return Scope(role=role, district_codes=districts, institution_id=user.institution_id)
    if not user.district_id:
        return EMPTY_SCOPE
    villages: frozenset[str] | None = None
    if role == Role.VILLAGE_OPERATOR:
        villages = user.village_codes
    return Scope(
        national=False,
        role=role,
        district_codes=frozenset({user.district_id}),
        village_codes=villages,
        institution_id=user.institution_id,
    )


def restrict[M: Model](
    queryset: QuerySet[M],
    scope: Scope,
    *,
    district_field: str | None,
    village_field: str | None,
) -> QuerySet[M]:
    """Filter a queryset to a scope.

    `district_field` and `village_field` are lookups to the district code and village code of the
    model (for example "village__district" and "village"). A model with no village (a kecamatan-wide
    record) passes `village_field=None`: a village operator then sees none of it.
    """
    if scope.national:
        return queryset
    if scope.is_empty:
        return queryset.none()
    if scope.village_codes is not None:
        if village_field is None:
            return queryset.none()
        return queryset.filter(**{f"{village_field}__in": sorted(scope.village_codes)})
    if district_field is None:
        return queryset.none()
    return queryset.filter(**{f"{district_field}__in": sorted(scope.district_codes)})
