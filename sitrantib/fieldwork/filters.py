"""The one parser of the field work's list filters (core/filters.py), used by the list pages,
the incident map's points (`fieldwork:map_data`) and the API.

Every name is read and checked here once: a period written 2026 (year), 2026-Q1 (quarter) or
2026-03 (month); a desa (a select of the viewer's desa, or a search field beyond
forms.villages.SELECT_LIMIT, docs/adr/0109); a category, status, source, kind or situation among
its choices; a Poskamling's active flag, condition and id. A malformed value is a form error:
the page shows it beside the filter and no rows (never an unfiltered list that looks filtered),
the map and the API answer 400 with the message, never a 500.

The pages and the map use the Indonesian names (`desa`, `kecamatan`); the API keeps its
documented names (`village`) on the same fields.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sitrantib.core.autocomplete import ModelSearchField
from sitrantib.core.filters import BaseFilterSet, IdFilter
from sitrantib.fieldwork.enums import (
    IncidentSource,
    IncidentStatus,
    PostCondition,
    Situation,
    VisitKind,
)
from sitrantib.fieldwork.forms.villages import VillageSearchFilter, is_wide
from sitrantib.fieldwork.models import Incident, IncidentCategory, Post, TaskForce, Visit
from sitrantib.fieldwork.situation import Period, parse_period
from sitrantib.regions.models import Village
from sitrantib.regions.selectors import villages_visible_to

PERIOD_MAX_LENGTH = 7
CODE_MAX = 40
DISTRICT_CODE_MAX = 8


class PeriodField(forms.CharField):
    """A period "2026", "2026-Q1" or "2026-03" (cleaned to a situation.Period)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", PERIOD_MAX_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "2026-03"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Period | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_period(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="period") from None


class PeriodFilter(django_filters.Filter):
    """Rows whose moment (`field_name`) lies in the period, in the site's time zone."""

    field_class = PeriodField

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        start, after = value.moments()
        return qs.filter(**{f"{self.field_name}__gte": start, f"{self.field_name}__lt": after})


def category_choices() -> list[tuple[str, str]]:
    return list(IncidentCategory.objects.order_by("order", "name").values_list("code", "name"))


class RecordFilter(BaseFilterSet):
    """The period and the desa (of the viewer's scope) every record list filters by."""

    desa = django_filters.ChoiceFilter(
        field_name="village_id", label=_("Desa"), empty_label=_("Semua desa")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        villages = villages_visible_to(user=user) if user is not None else Village.objects.none()
        if is_wide(villages):  # a kabupaten or the country: searched as typed (ADR 0109)
            self.filters["desa"] = VillageSearchFilter(
                field_name="village_id", label=_("Desa"), required=False
            )
            field = self.form.fields["desa"]
            assert isinstance(field, ModelSearchField)
            field.limit_to(user)
            return
        self.filters["desa"].extra["choices"] = [
            (code, name) for code, name in villages.order_by("name").values_list("code", "name")
        ]


class VisitFilter(RecordFilter):
    period = PeriodFilter(
        field_name="visited_at",
        label=_("Periode"),
        help_text=_("2026 (tahun), 2026-Q1 (triwulan) atau 2026-03 (bulan)"),
    )
    kind = django_filters.ChoiceFilter(
        choices=VisitKind.choices, label=_("Jenis kunjungan"), empty_label=_("Semua jenis")
    )
    situation = django_filters.ChoiceFilter(
        choices=Situation.choices, label=_("Situasi"), empty_label=_("Semua situasi")
    )

    class Meta:
        model = Visit
        fields = ["period", "desa", "kind", "situation"]


class IncidentFilter(RecordFilter):
    period = PeriodFilter(
        field_name="occurred_at",
        label=_("Periode"),
        help_text=_("2026 (tahun), 2026-Q1 (triwulan) atau 2026-03 (bulan)"),
    )
    category = django_filters.ChoiceFilter(
        field_name="category__code",
        choices=category_choices,
        label=_("Kategori"),
        empty_label=_("Semua kategori"),
    )
    status = django_filters.ChoiceFilter(
        choices=IncidentStatus.choices, label=_("Status"), empty_label=_("Semua status")
    )
    source = django_filters.ChoiceFilter(
        choices=IncidentSource.choices, label=_("Sumber laporan"), empty_label=_("Semua sumber")
    )

    class Meta:
        model = Incident
        fields = ["period", "desa", "category", "status", "source"]


def first_error(filterset: BaseFilterSet) -> str:
    """The first message of an invalid filterset (the map's 400 answer)."""
    for messages in filterset.errors.values():
        for message in messages:
            return str(message)
    return ""


class MapIncidentFilter(IncidentFilter):
    """The incident list's filters plus the kecamatan, for the map's points."""

    kecamatan = django_filters.CharFilter(
        field_name="district_id", max_length=DISTRICT_CODE_MAX, label=_("Kecamatan")
    )

    class Meta:
        model = Incident
        fields = ["period", "desa", "category", "status", "source", "kecamatan"]


class MapPostFilter(BaseFilterSet):
    """The Poskamling of the map: kecamatan, desa, active (1/0), condition and one post (pos)."""

    kecamatan = django_filters.CharFilter(
        field_name="district_id", max_length=DISTRICT_CODE_MAX, label=_("Kecamatan")
    )
    desa = django_filters.CharFilter(field_name="village_id", max_length=CODE_MAX, label=_("Desa"))
    active = django_filters.TypedChoiceFilter(
        field_name="is_active",
        choices=[("1", _("Aktif")), ("0", _("Tidak aktif"))],
        coerce=lambda value: value == "1",
        label=_("Aktif"),
    )
    condition = django_filters.ChoiceFilter(choices=PostCondition.choices, label=_("Kondisi"))
    pos = IdFilter(field_name="pk", label=_("Poskamling"))

    class Meta:
        model = Post
        fields = ["kecamatan", "desa", "active", "condition", "pos"]


# The API: the same fields under the documented names ---------------------------------------------


def _village() -> django_filters.CharFilter:
    return django_filters.CharFilter(
        field_name="village_id", max_length=CODE_MAX, label=_("Kode desa")
    )


class PostApiFilter(BaseFilterSet):
    village = _village()
    is_active = django_filters.BooleanFilter(label=_("Aktif"))

    class Meta:
        model = Post
        fields = ["village", "is_active"]


class TaskForceApiFilter(BaseFilterSet):
    village = _village()

    class Meta:
        model = TaskForce
        fields = ["village"]


class VisitApiFilter(BaseFilterSet):
    village = _village()
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices, label=_("Jenis kunjungan"))
    situation = django_filters.ChoiceFilter(choices=Situation.choices, label=_("Situasi"))
    period = PeriodFilter(field_name="visited_at", label=_("Periode: 2026, 2026-Q1 atau 2026-03"))

    class Meta:
        model = Visit
        fields = ["village", "kind", "situation", "period"]


class IncidentApiFilter(BaseFilterSet):
    village = _village()
    category = django_filters.CharFilter(
        field_name="category__code", max_length=CODE_MAX, label=_("Kode kategori")
    )
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices, label=_("Status"))
    period = PeriodFilter(field_name="occurred_at", label=_("Periode: 2026, 2026-Q1 atau 2026-03"))

    class Meta:
        model = Incident
        fields = ["village", "category", "status", "period"]
