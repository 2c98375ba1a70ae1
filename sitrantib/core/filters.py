"""Base pieces for the one filterset per app (django-filter), used by its pages and its API.

An app writes `<app>/filters.py`::

    class MemberFilter(BaseFilterSet):
        year = YearFilter(field_name="status_date", lookup_expr="year")
        class Meta:
            model = Member
            fields = ["village", "status"]

The page view calls `filter_for_page(MemberFilter, request=request, queryset=...)` and shows
`{{ filter.form }}` (the project's Bootstrap renderer); the API view sets
`filterset_class = MemberFilter` (DjangoFilterBackend answers 400 with the form's errors).

Numbers and dates in a query string are bounded so that a 25-digit id or the year 9999 is a form
error (400 in the API), never an overflow in the database (500).
"""

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.http import HttpRequest
from django_filters.fields import RangeField
from django_filters.widgets import DateRangeWidget

from sitrantib.core.api import MAX_ID, MAX_YEAR, MIN_YEAR, validate_year_range
from sitrantib.core.forms import BaseForm


class IdField(forms.IntegerField):
    """A database id: a whole number from 1 to 2^63 - 1."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class BoundedIntegerField(forms.IntegerField):
    """A whole number that fits a 64-bit database column."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -MAX_ID - 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class YearField(forms.IntegerField):
    """A year between MIN_YEAR and MAX_YEAR."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(**kwargs)


class BoundedDateField(forms.DateField):
    """A date whose year lies between MIN_YEAR and MAX_YEAR."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        validate_year_range(value)


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time whose year lies between MIN_YEAR and MAX_YEAR (no overflow with offsets)."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        validate_year_range(value)


class BoundedDateRangeField(RangeField):
    """From and to dates (each optional), both bounded."""

    widget = DateRangeWidget

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = (BoundedDateField(), BoundedDateField())
        super().__init__(fields, *args, **kwargs)

    def compress(self, data_list: list[Any]) -> slice | None:
        if data_list:
            start, stop = data_list
            if start or stop:
                return slice(start, stop)
        return None


class IdFilter(django_filters.NumberFilter):
    """Filters by an id; a non-number or a number past 2^63 - 1 is a form error."""

    field_class = IdField


class IntegerFilter(django_filters.NumberFilter):
    """Filters by a whole number that fits a 64-bit column."""

    field_class = BoundedIntegerField


class YearFilter(django_filters.NumberFilter):
    """Filters by a year (1900-2100). Use `lookup_expr="year"` on a date field."""

    field_class = YearField


class DateFilter(django_filters.DateFilter):
    """Filters by a date with a bounded year."""

    field_class = BoundedDateField


class DateTimeFilter(django_filters.DateTimeFilter):
    """Filters by a date and time with a bounded year."""

    field_class = BoundedDateTimeField


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """Filters by a from/to date range (`<name>_after`, `<name>_before`), bounded."""

    field_class = BoundedDateRangeField


_BOUNDED_DEFAULTS: "dict[type[models.Field[Any, Any]], dict[str, Any]]" = {
    models.AutoField: {"filter_class": IdFilter},
    models.BigAutoField: {"filter_class": IdFilter},
    models.SmallAutoField: {"filter_class": IdFilter},
    models.IntegerField: {"filter_class": IntegerFilter},
    models.BigIntegerField: {"filter_class": IntegerFilter},
    models.SmallIntegerField: {"filter_class": IntegerFilter},
    models.PositiveIntegerField: {"filter_class": IntegerFilter},
    models.PositiveBigIntegerField: {"filter_class": IntegerFilter},
    models.PositiveSmallIntegerField: {"filter_class": IntegerFilter},
    models.DateField: {"filter_class": DateFilter},
    models.DateTimeField: {"filter_class": DateTimeFilter},
}


class BaseFilterSet(django_filters.FilterSet):
    """Base of every app's filterset: bounded numbers and dates, the project's form base.

    Filters generated from `Meta.fields` for integer, id, date and datetime columns are the
    bounded ones above; declare `IdFilter` / `YearFilter` / `DateFilter` for the rest.
    """

    FILTER_DEFAULTS = {**django_filters.FilterSet.FILTER_DEFAULTS, **_BOUNDED_DEFAULTS}

    def get_form_class(self) -> type[forms.Form]:
        form_class: type[forms.Form] = super().get_form_class()
        if not issubclass(form_class, BaseForm):
            form_class = type(form_class.__name__, (BaseForm, form_class), {})
        return form_class

    @property
    def page_queryset(self) -> models.QuerySet[Any]:
        """The filtered rows for a page: none while the form has errors (shown beside them)."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs


def filter_for_page[F: BaseFilterSet](
    filterset_class: type[F],
    *,
    request: HttpRequest,
    queryset: models.QuerySet[Any],
    **kwargs: Any,
) -> tuple[F, models.QuerySet[Any]]:
    """The filterset bound to the page's query string and the rows it lets through.

    A page without any parameters shows every row in scope; a page with invalid parameters shows
    the form with its errors and no rows (never an unfiltered list that looks filtered).
    """
    data = request.GET if request.GET else None
    filterset = filterset_class(data, queryset=queryset, request=request, **kwargs)
    return filterset, filterset.page_queryset
