"""The one filterset of budget lines (pages and API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from sitrantib.budget.models import BudgetLine
from sitrantib.core.filters import BaseFilterSet, YearFilter


class LineFilter(BaseFilterSet):
    year = YearFilter(field_name="year", label=_("Tahun"))
    q = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", label=_("Uraian"), max_length=150
    )

    class Meta:
        model = BudgetLine
        fields = ["year", "q"]
