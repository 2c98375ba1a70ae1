"""The filter of trainings, used by the list page (`/pelatihan/`) and the API alike.

Numbers are bounded (core/filters.py): a year outside 1900-2100 or a 25-digit id is a form error.
"""

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from sitrantib.core.filters import BaseFilterSet, IdField, YearFilter
from sitrantib.trainings.enums import TrainingStatus
from sitrantib.trainings.models import Training, TrainingKind


class BoundedChoiceField(django_filters.fields.ModelChoiceField):
    """A choice by id; a malformed or oversized id is refused before the query."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            IdField(required=False).clean(value)
        return super().to_python(value)


class BoundedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedChoiceField


class TrainingFilter(BaseFilterSet):
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label=_("Judul memuat"), max_length=100
    )
    year = YearFilter(field_name="starts_on", lookup_expr="year", label=_("Tahun"))
    status = django_filters.ChoiceFilter(
        choices=TrainingStatus.choices, label=_("Status"), empty_label=_("Semua status")
    )
    kind = BoundedChoiceFilter(
        queryset=TrainingKind.objects.order_by("order", "code"),
        label=_("Jenis"),
        empty_label=_("Semua jenis"),
    )

    class Meta:
        model = Training
        fields = ["q", "year", "status", "kind"]
