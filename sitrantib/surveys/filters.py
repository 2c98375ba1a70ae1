"""The one filterset of the survey module, used by the survey list page and the API alike."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sitrantib.core.filters import BaseFilterSet, YearFilter
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import SurveyPeriod


class SurveyPeriodFilter(BaseFilterSet):
    """Periods by status, year of their start, kecamatan code and a word of the title."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=PeriodStatus.choices)
    year = YearFilter(label=_("Tahun"), field_name="period_start", lookup_expr="year")
    district = django_filters.CharFilter(
        label=_("Kode kecamatan"), field_name="district_id", max_length=20
    )
    q = django_filters.CharFilter(label=_("Cari judul"), method="search", max_length=100)

    class Meta:
        model = SurveyPeriod
        fields = ["status", "year", "district", "q"]

    def search(
        self, queryset: QuerySet[SurveyPeriod], name: str, value: str
    ) -> QuerySet[SurveyPeriod]:
        return queryset.filter(title__icontains=value.strip()) if value.strip() else queryset
