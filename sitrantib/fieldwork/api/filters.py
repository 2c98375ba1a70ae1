"""Filters of the field-work API: desa by code, category by code, status, kind, situation and a
period written as on the situation page (2026, 2026-Q1, 2026-03).

A malformed value (a period "2026-13", a code with a control character, a status that is not
one) answers 400 with the message under its name, never a 500 and never an unfiltered list.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sitrantib.core.filters import BaseFilterSet
from sitrantib.fieldwork.enums import IncidentStatus, Situation, VisitKind
from sitrantib.fieldwork.models import Incident, Post, TaskForce, Visit
from sitrantib.fieldwork.situation import Period, parse_period

CODE_MAX = 40


class PeriodField(forms.CharField):
    """A period "2026", "2026-Q1" or "2026-03" as a situation.Period."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Period | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_period(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class PeriodFilter(django_filters.CharFilter):
    """Rows whose moment (`field_name`) lies in the period, in the site's time zone."""

    field_class = PeriodField

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value is None:
            return qs
        start, after = value.moments()
        return qs.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": after})


def _village() -> django_filters.CharFilter:
    return django_filters.CharFilter(
        field_name="village_id", max_length=CODE_MAX, label=_("Kode desa")
    )


class PostFilter(BaseFilterSet):
    village = _village()
    is_active = django_filters.BooleanFilter(label=_("Aktif"))

    class Meta:
        model = Post
        fields = ["village", "is_active"]


class TaskForceFilter(BaseFilterSet):
    village = _village()

    class Meta:
        model = TaskForce
        fields = ["village"]


class VisitFilter(BaseFilterSet):
    village = _village()
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label=_("Jenis kunjungan"))
    situation = django_filters.ChoiceFilter(choices=Situation.choices, label=_("Situasi"))
    period = PeriodFilter(field_name="visited_at", label=_("Periode: 2026, 2026-Q1 atau 2026-03"))

    class Meta:
        model = Visit
        fields = ["village", "kind", "situation", "period"]


class IncidentFilter(BaseFilterSet):
    village = _village()
    category = django_filters.CharFilter(
        field_name="category__code", max_length=CODE_MAX, label=_("Kode kategori")
    )
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices, label=_("Status"))
    period = PeriodFilter(field_name="occurred_at", label=_("Periode: 2026, 2026-Q1 atau 2026-03"))

    class Meta:
        model = Incident
        fields = ["village", "category", "status", "period"]
