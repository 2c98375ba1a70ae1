"""The filtersets of regions, shared by the pages and the API (one per list)."""

import django_filters

from sitrantib.core.filters import BaseFilterSet
from sitrantib.regions.enums import InstitutionKind, VillageKind
from sitrantib.regions.models import Institution, Village


class VillageFilter(BaseFilterSet):
    """Desa by kecamatan code and kind: the API's `/villages/` and the home page's table."""

    district = django_filters.CharFilter(
        field_name="district_id", max_length=8, help_text="Kode kecamatan"
    )
    kind = django_filters.ChoiceFilter(choices=VillageKind.choices)
    # Part of the desa's name: the site search's "see all" (docs/adr/0053).
    desa = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", max_length=100, help_text="Nama desa"
    )

    class Meta:
        model = Village
        fields = ["district", "kind", "desa"]


class InstitutionFilter(BaseFilterSet):
    """Institutions by kind and kecamatan code (API `/institutions/`)."""

    kind = django_filters.ChoiceFilter(choices=InstitutionKind.choices)
    district = django_filters.CharFilter(field_name="district_id", max_length=8)
    village = django_filters.CharFilter(field_name="village_id", max_length=13)

    class Meta:
        model = Institution
        fields = ["kind", "district", "village"]
