import django_filters
from django.db.models import QuerySet
from rest_framework import viewsets

from sitrantib.core.api import KeyPagination
from sitrantib.regions.api.serializers import InstitutionSerializer, VillageSerializer
from sitrantib.regions.models import Institution, Village
from sitrantib.regions.selectors import institutions_visible_to, villages_with_latest_statistics


class VillageFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(field_name="district_id", help_text="Kode kecamatan")
    kind = django_filters.CharFilter(field_name="kind")

    class Meta:
        model = Village
        fields = ["district", "kind"]


class VillagePagination(KeyPagination):
    ordering = "code"


class VillageViewSet(viewsets.ReadOnlyModelViewSet):
    """Desa/kelurahan in the caller's scope with their latest statistics and its source."""

    serializer_class = VillageSerializer
    filterset_class = VillageFilter
    pagination_class = VillagePagination
    lookup_field = "code"
    lookup_value_regex = r"\d{2}\.\d{2}\.\d{2}\.\d{4}"

    def get_queryset(self) -> QuerySet[Village]:
        return villages_with_latest_statistics(user=self.request.user)


class InstitutionFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="kind")
    district = django_filters.CharFilter(field_name="district_id")

    class Meta:
        model = Institution
        fields = ["kind", "district"]


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Institutions the section works with (Polsek, Koramil, kecamatan units, desa governments)."""

    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter

    def get_queryset(self) -> QuerySet[Institution]:
        return institutions_visible_to(user=self.request.user).order_by("pk")
