"""The one filterset of plans (list page and API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from sitrantib.core.filters import BaseFilterSet, YearFilter
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import AnnualPlan


class PlanFilter(BaseFilterSet):
    year = YearFilter(field_name="year", label=_("Tahun"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Status"))

    class Meta:
        model = AnnualPlan
        fields = ["year", "status"]
