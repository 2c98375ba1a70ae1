"""Reads of regions. Every query of villages and their data for a user goes through here."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from sitrantib.core.scoping import Scope, restrict, scope_of
from sitrantib.regions.models import (
    District,
    DistrictStatistic,
    Institution,
    OfficeProfile,
    Village,
    VillageBoundary,
    VillageStatistic,
)


def villages_visible_to(*, user: Any) -> QuerySet[Village]:
    """The desa a user may see: a village operator only their own, others their kecamatan."""
    return restrict(
        Village.objects.all(), scope_of(user), district_field="district", village_field="code"
    )


def villages_in_scope(*, scope: Scope) -> QuerySet[Village]:
    return restrict(Village.objects.all(), scope, district_field="district", village_field="code")


def districts_visible_to(*, user: Any) -> QuerySet[District]:
    scope = scope_of(user)
    if scope.national:
        return District.objects.all()
    return District.objects.filter(code__in=sorted(scope.district_codes))


def institutions_visible_to(*, user: Any) -> QuerySet[Institution]:
    return restrict(
        Institution.objects.select_related("village"),
        scope_of(user),
        district_field="district",
        village_field="village",
    )


def latest_statistics_prefetch() -> Prefetch:
    """Prefetch of each village's statistics, newest year first, with their source (2 queries)."""
    return Prefetch(
        "statistics",
        queryset=VillageStatistic.objects.select_related("source").order_by("-year", "-source_id"),
        to_attr="statistics_newest_first",
    )


def villages_with_latest_statistics(*, user: Any) -> QuerySet[Village]:
    return (
        villages_visible_to(user=user)
        .select_related("district")
        .prefetch_related(latest_statistics_prefetch())
        .order_by("code")
    )


def latest_statistic(village: Village) -> VillageStatistic | None:
    """The newest figures of a village prefetched by `latest_statistics_prefetch`."""
    rows: list[VillageStatistic] = getattr(village, "statistics_newest_first", [])
    return rows[0] if rows else None


def district_statistics(*, district: District, user: Any) -> QuerySet[DistrictStatistic]:
    """Printed kecamatan totals; a village operator, who sees only part of it, gets none."""
    return restrict(
        DistrictStatistic.objects.filter(district=district).select_related("source"),
        scope_of(user),
        district_field="district",
        village_field=None,
    )


def offices_visible_to(*, user: Any) -> QuerySet[OfficeProfile]:
    """Offices of the kecamatan in the user's scope (no village operator edits an office)."""
    return restrict(
        OfficeProfile.objects.select_related("district"),
        scope_of(user),
        district_field="district",
        village_field=None,
    )


def boundaries_for(*, villages: QuerySet[Village]) -> QuerySet[VillageBoundary]:
    return VillageBoundary.objects.filter(village__in=villages).select_related("village")


def office_for_district(*, district_code: str) -> OfficeProfile | None:
    return (
        OfficeProfile.objects.select_related("district__regency")
        .prefetch_related("signatories")
        .filter(district_id=district_code)
        .first()
    )


def office_for_request(request: HttpRequest) -> OfficeProfile | None:
    """The user's own office; for visitors, the office of a single-kecamatan install."""
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "district_id", None):
        return (
            OfficeProfile.objects.select_related("district__regency")
            .filter(district_id=user.district_id)
            .first()
        )
    offices = list(OfficeProfile.objects.select_related("district__regency")[:2])
    return offices[0] if len(offices) == 1 else None


def village_statistics_editable_by(*, user: Any) -> QuerySet[VillageStatistic]:
    """Desa statistics an administrator may correct: those of the desa in their scope (their
    kecamatan, or every kecamatan of a regency or national coverage); nobody else corrects
    printed figures, so for anyone else the page answers 404."""
    scope = scope_of(user)
    if not scope.is_admin:
        return VillageStatistic.objects.none()
    return restrict(
        VillageStatistic.objects.select_related("village__district", "source"),
        scope,
        district_field="village__district",
        village_field="village",
    )


def district_statistics_editable_by(*, user: Any) -> QuerySet[DistrictStatistic]:
    """The printed kecamatan totals an administrator may correct: those of the kecamatan in
    their scope; for anyone else none (the page answers 404)."""
    scope = scope_of(user)
    if not scope.is_admin:
        return DistrictStatistic.objects.none()
    return restrict(
        DistrictStatistic.objects.select_related("district", "source"),
        scope,
        district_field="district",
        village_field=None,
    )


def villages_with_editable_statistics(*, user: Any) -> QuerySet[Village]:
    """The desa whose statistics `user` may add to or correct (an administrator's kecamatan)."""
    scope = scope_of(user)
    if not scope.is_admin:
        return Village.objects.none()
    return villages_in_scope(scope=scope)
