"""Read-only API of regions: desa with their latest figures, and institutions.

Filters are the app's filtersets (regions/filters.py), shared with the pages; every object
returned alone carries its version as ETag (core.api.VersionedMixin).
"""

from django.db.models import QuerySet
from rest_framework import viewsets

from sitrantib.core.api import KeyPagination, VersionedMixin
from sitrantib.regions.api.serializers import InstitutionSerializer, VillageSerializer
from sitrantib.regions.filters import InstitutionFilter, VillageFilter
from sitrantib.regions.models import Institution, Village
from sitrantib.regions.selectors import institutions_visible_to, villages_with_latest_statistics


class VillagePagination(KeyPagination):
    ordering = "code"


class VillageViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Desa/kelurahan in the caller's scope with their latest statistics and its source."""

    serializer_class = VillageSerializer
    filterset_class = VillageFilter
    pagination_class = VillagePagination
    lookup_field = "code"
    lookup_value_regex = r"\d{2}\.\d{2}\.\d{2}\.\d{4}"

    def get_queryset(self) -> QuerySet[Village]:
        return villages_with_latest_statistics(user=self.request.user)


class InstitutionViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Institutions the section works with (Polsek, Koramil, kecamatan units, desa governments)."""

    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter
    queryset = Institution.objects.none()  # for the schema; get_queryset scopes it

    def get_queryset(self) -> QuerySet[Institution]:
        return institutions_visible_to(user=self.request.user).order_by("pk")
