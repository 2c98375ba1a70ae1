"""The filterset of the audit log page, on core.filters.BaseFilterSet."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from sitrantib.core.enums import AuditAction
from sitrantib.core.filters import BaseFilterSet, DateFilter
from sitrantib.core.models import AuditEntry

_SMALL = {"class": "form-control form-control-sm"}


def _day_input() -> forms.DateInput:
    return forms.DateInput(attrs={**_SMALL, "type": "date"}, format="%Y-%m-%d")


class AuditFilter(BaseFilterSet):
    """Entries by action, kind of record (part of its label), actor's user name and day range."""

    action = django_filters.ChoiceFilter(
        label=_("Tindakan"),
        choices=AuditAction.choices,
        empty_label=_("Semua"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    object_type = django_filters.CharFilter(
        label=_("Jenis data"),
        lookup_expr="icontains",
        max_length=100,
        widget=forms.TextInput(attrs=_SMALL),
    )
    actor = django_filters.CharFilter(
        label=_("Pelaku"),
        field_name="actor_name",
        lookup_expr="iexact",
        max_length=150,
        widget=forms.TextInput(attrs=_SMALL),
    )
    date_from = DateFilter(
        label=_("Dari tanggal"), field_name="at", lookup_expr="date__gte", widget=_day_input()
    )
    date_to = DateFilter(
        label=_("Sampai tanggal"), field_name="at", lookup_expr="date__lte", widget=_day_input()
    )

    class Meta:
        model = AuditEntry
        fields = ["action", "object_type", "actor", "date_from", "date_to"]
