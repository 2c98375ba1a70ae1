"""The desa, dusun and regions in a user's scope, and the scope filter every read goes through."""

from typing import Any

from django.db.models import QuerySet

from sitrantib.core.scoping import Scope, restrict, scope_of
from sitrantib.linmas.selectors.access import can_read_members, can_write
from sitrantib.regions.models import District, Hamlet, Regency, Village


def restrict_village(queryset: QuerySet[Any], scope: Scope, prefix: str = "") -> QuerySet[Any]:
    return restrict(
        queryset,
        scope,
        district_field=f"{prefix}village__district",
        village_field=f"{prefix}village",
    )


def villages_in_scope(*, scope: Scope) -> QuerySet[Village]:
    return restrict(Village.objects.all(), scope, district_field="district", village_field="code")


def villages_writable_by(*, user: Any) -> QuerySet[Village]:
    scope = scope_of(user)
    if not can_write(scope):
        return Village.objects.none()
    return villages_in_scope(scope=scope).order_by("code")


def villages_readable_by(*, user: Any) -> QuerySet[Village]:
    scope = scope_of(user)
    if not can_read_members(scope):
        return Village.objects.none()
    return villages_in_scope(scope=scope).order_by("code")


def hamlets_writable_by(*, user: Any) -> QuerySet[Hamlet]:
    """Dusun of the desa the user may write in (for choosing a member's dusun)."""
    scope = scope_of(user)
    if not can_write(scope):
        return Hamlet.objects.none()
    return restrict_village(Hamlet.objects.all(), scope)


def nik_region_lookup(district_code: str) -> bool | None:
    """For nik.check_nik: does the kecamatan exist; None when its province is not loaded."""
    if District.objects.filter(code=district_code).exists():
        return True
    if District.objects.filter(code__startswith=district_code[:3]).exists():
        return False
    return None


# What a readiness or equipment page lists: one row per kabupaten, per kecamatan, or per desa.
LEVEL_REGENCY = "kabupaten"
LEVEL_DISTRICT = "kecamatan"
LEVEL_VILLAGE = "desa"


def is_wide(scope: Scope) -> bool:
    """A scope wider than one kecamatan first sees summaries (issue 16 A1)."""
    return scope.national or len(scope.district_codes) > 1


def regencies_in_scope(*, scope: Scope) -> QuerySet[Regency]:
    if scope.national:
        return Regency.objects.all()
    return Regency.objects.filter(districts__code__in=sorted(scope.district_codes)).distinct()


def districts_in_scope(*, scope: Scope) -> QuerySet[District]:
    return restrict(District.objects.all(), scope, district_field="code", village_field=None)


def regions_at(*, scope: Scope, level: str, parent: str = "") -> QuerySet[Any]:
    """The kabupaten (LEVEL_REGENCY) or kecamatan (of kabupaten `parent`) in the scope."""
    if level == LEVEL_REGENCY:
        return regencies_in_scope(scope=scope)
    districts = districts_in_scope(scope=scope)
    return districts.filter(regency=parent) if parent else districts
