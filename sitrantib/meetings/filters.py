"""The filters of meetings and follow-ups, used by the list pages and the API alike.

`MeetingFilter` serves the meeting list (`/rapat/daftar/`) and `GET /api/v1/meetings/`;
`ActionItemFilter` serves the follow-up ledger (`/rapat/`) and `GET /api/v1/action-items/`.
Choices come from the caller's scope, so an id outside it is refused like an unknown one, and
numbers and dates are bounded (core/filters.py): a 25-digit id or the year 9999 is a form error.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.autocomplete import ModelSearchField
from sitrantib.core.filters import BaseFilterSet, DateFilter, DateTimeFilter, IdField
from sitrantib.meetings.enums import PENDING_STATUSES, ActionStatus
from sitrantib.meetings.forms import DateInput, DateTimeInput
from sitrantib.meetings.models import ActionItem, Meeting, MeetingKind
from sitrantib.meetings.origins import origin_choices, origin_filter
from sitrantib.meetings.registry import SEARCH_DISTRICTS, SEARCH_MEETINGS
from sitrantib.meetings.selectors import ledger_owner_choices, meeting_kinds
from sitrantib.regions.models import Institution

_SMALL_SELECT = {"class": "form-select form-select-sm"}


class ScopedChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of a record by id; a malformed or oversized id is refused before the query."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and self.to_field_name is None:
            IdField(required=False).clean(value)
        return super().to_python(value)


class ScopedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ScopedChoiceField


class SearchChoiceFilter(django_filters.Filter):
    """A choice of one record through a search-as-you-type field (core.autocomplete): the page
    renders a search box, never a <select> of every record; the API takes the id. The field
    accepts only ids in the user's scope (limited in the filterset's __init__)."""

    field_class = ModelSearchField

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value})


class OverdueField(forms.NullBooleanField):
    """Yes for "true"/"1"/"on" (the page's checkbox), no for "false"/"0", else no filter."""

    # Django's NullBooleanField.to_python answers None too; the stubs ignore the same override.
    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]
        if value in ("on", "yes"):
            return True
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        pass


class OverdueCheckbox(forms.CheckboxInput):
    """A checkbox that leaves the filter off when unticked (the API may still send "false")."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, check_test=lambda v: v in (True, "on", "true", "True", "1"))

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class OverdueFilter(django_filters.BooleanFilter):
    field_class = OverdueField


def _kinds(request: Any) -> QuerySet[MeetingKind]:
    return meeting_kinds()


class MeetingFilter(BaseFilterSet):
    """Meetings by part of the title, kind (its code) and start time."""

    q = django_filters.CharFilter(
        label=_("Judul"),
        field_name="title",
        lookup_expr="icontains",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    kind = django_filters.ModelChoiceFilter(
        label=_("Jenis rapat"),
        field_name="kind",
        to_field_name="code",
        queryset=_kinds,
        widget=forms.Select(attrs=_SMALL_SELECT),
    )
    starts_after = DateTimeFilter(
        label=_("Mulai dari"),
        field_name="starts_at",
        lookup_expr="gte",
        widget=DateTimeInput(attrs={"class": "form-control form-control-sm"}),
    )
    starts_before = DateTimeFilter(
        label=_("Mulai sebelum"),
        field_name="starts_at",
        lookup_expr="lt",
        widget=DateTimeInput(attrs={"class": "form-control form-control-sm"}),
    )

    class Meta:
        model = Meeting
        fields = ["q", "kind", "starts_after", "starts_before"]


class ActionItemFilter(BaseFilterSet):
    """Follow-ups by meeting, origin, owner, status, overdue and due date.

    `asal` is "rapat" (items of a meeting) or an origin registered by another app through
    `meetings.origins` ("kunjungan": items from a field visit; docs/adr/0083).

    Expects the queryset annotated by `selectors.with_follow_up_flags` (for `overdue`). A partner
    sees only its own institution's items, so it gets no owner filter (the parameter is ignored).
    The ledger passes `district_code` (its chosen kecamatan): the owner choices are then that
    kecamatan's institutions only.
    """

    meeting = SearchChoiceFilter(
        label=pgettext_lazy("one meeting", "Rapat"),
        key=SEARCH_MEETINGS,
        help_text=_("Ketik sebagian judul rapat lalu pilih."),
    )
    asal = django_filters.ChoiceFilter(
        label=_("Asal"),
        choices=origin_choices,
        empty_label=_("Semua"),
        method="filter_origin",
        widget=forms.Select(attrs=_SMALL_SELECT),
    )
    owner_institution = ScopedChoiceFilter(
        label=_("Instansi"),
        queryset=Institution.objects.none(),
        widget=forms.Select(attrs=_SMALL_SELECT),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ActionStatus.choices,
        empty_label=_("Semua"),
        widget=forms.Select(attrs=_SMALL_SELECT),
    )
    overdue = OverdueFilter(
        label=_("Hanya yang lewat jatuh tempo"), method="filter_overdue", widget=OverdueCheckbox
    )
    # The home page's "open items" number links here (docs/adr/0053).
    pending = OverdueFilter(
        label=_("Hanya yang belum selesai"), method="filter_pending", widget=OverdueCheckbox
    )
    due_after = DateFilter(
        label=_("Batas waktu dari"),
        field_name="due_date",
        lookup_expr="gte",
        widget=DateInput(attrs={"class": "form-control form-control-sm"}),
    )
    due_before = DateFilter(
        label=_("Batas waktu sampai"),
        field_name="due_date",
        lookup_expr="lte",
        widget=DateInput(attrs={"class": "form-control form-control-sm"}),
    )

    class Meta:
        model = ActionItem
        fields = [
            "meeting",
            "asal",
            "owner_institution",
            "status",
            "overdue",
            "pending",
            "due_after",
            "due_before",
        ]

    def __init__(self, *args: Any, district_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owners = (
            ledger_owner_choices(user=self.request.user, district_code=district_code)
            if self.request
            else None
        )
        if owners is None:
            del self.filters["owner_institution"]
        else:
            self.filters["owner_institution"].queryset = owners
        # Built after the filters are final: the form is cached on first use.
        meeting_field = self.form.fields["meeting"]
        assert isinstance(meeting_field, ModelSearchField)
        if self.request is not None:
            meeting_field.limit_to(self.request.user)

    def filter_origin(
        self, queryset: QuerySet[ActionItem], name: str, value: str
    ) -> QuerySet[ActionItem]:
        condition = origin_filter(value) if value else None
        return queryset if condition is None else queryset.filter(condition)

    def filter_overdue(
        self, queryset: QuerySet[ActionItem], name: str, value: bool | None
    ) -> QuerySet[ActionItem]:
        if value is None:
            return queryset
        late = Q(status__in=sorted(PENDING_STATUSES), due_date__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_pending(
        self, queryset: QuerySet[ActionItem], name: str, value: bool | None
    ) -> QuerySet[ActionItem]:
        if value is None:
            return queryset
        pending = Q(status__in=sorted(PENDING_STATUSES))
        return queryset.filter(pending) if value else queryset.exclude(pending)


class KecamatanChoiceForm(forms.Form):
    """The kecamatan a wide scope opens in the ledger or the indicator: a search-as-you-type
    field over the kecamatan of the viewer's scope (its code without JavaScript)."""

    kecamatan = ModelSearchField(
        SEARCH_DISTRICTS,
        label=_("Kecamatan"),
        help_text=_("Ketik sebagian nama kecamatan lalu pilih, atau isi kodenya."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kecamatan"]
        assert isinstance(field, ModelSearchField)
        field.limit_to(user)
