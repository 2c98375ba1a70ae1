"""The filterset base: bounded numbers and dates, one filterset for a page and for the API."""

from typing import Any

import django_filters
import pytest
from django.test import RequestFactory
from rest_framework import serializers, viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from sitrantib.core.filters import (
    BaseFilterSet,
    DateFilter,
    DateRangeFilter,
    IdFilter,
    YearFilter,
    filter_for_page,
)
from sitrantib.core.forms import BaseForm
from sitrantib.core.models import AuditEntry


class _EntryFilter(BaseFilterSet):
    id = IdFilter()
    year = YearFilter(field_name="at", lookup_expr="year")
    since = DateFilter(field_name="at", lookup_expr="date__gte")
    period = DateRangeFilter(field_name="at")
    text = django_filters.CharFilter(field_name="object_repr", lookup_expr="icontains")

    class Meta:
        model = AuditEntry
        fields = ["actor", "action"]


class _EntrySerializer(serializers.ModelSerializer[AuditEntry]):
    class Meta:
        model = AuditEntry
        fields = ["id", "object_repr"]


class _EntryViewSet(viewsets.ReadOnlyModelViewSet[AuditEntry]):
    queryset = AuditEntry.objects.order_by("pk")
    serializer_class = _EntrySerializer
    filterset_class = _EntryFilter
    pagination_class = None


def _entries() -> list[AuditEntry]:
    return [
        AuditEntry.objects.create(
            action=action, object_type="uji.data", object_id=str(i), object_repr=f"data {name}"
        )
        for i, (action, name) in enumerate(
            [("create", "pos"), ("update", "kantor"), ("update", "pos")]
        )
    ]


def _page(**params: str) -> tuple[_EntryFilter, list[AuditEntry]]:
    request = RequestFactory().get("/daftar/", params)
    filterset, rows = filter_for_page(
        _EntryFilter, request=request, queryset=AuditEntry.objects.order_by("pk")
    )
    return filterset, list(rows)


def _api(user: Any, **params: str) -> Any:
    request = APIRequestFactory().get("/api/uji/", params)
    force_authenticate(request, user=user)
    return _EntryViewSet.as_view({"get": "list"})(request)


@pytest.mark.django_db
def test_page_filters_rows_and_keeps_unknown_parameters_harmless(world: Any) -> None:
    made = _entries()

    filterset, rows = _page(action="update", text="POS", cursor="abc")

    assert rows == [made[2]]
    assert filterset.is_valid()


@pytest.mark.django_db
def test_page_without_parameters_shows_every_row(world: Any) -> None:
    made = _entries()

    filterset, rows = _page()

    assert rows == made
    assert not filterset.is_bound


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"id": "9" * 25}, "id"),
        ({"id": "0"}, "id"),
        ({"id": "1e5"}, "id"),
        ({"year": "9999"}, "year"),
        ({"year": "1200"}, "year"),
        ({"since": "9999-12-31"}, "since"),
        ({"period_after": "0001-01-01"}, "period"),
        ({"actor": "9" * 25}, "actor"),
    ],
)
def test_out_of_range_values_are_form_errors_on_the_page(
    world: Any, params: dict[str, str], field: str
) -> None:
    _entries()

    filterset, rows = _page(**params)

    assert list(filterset.errors) == [field]
    assert rows == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"id": "9" * 25}, "id"),
        ({"year": "9999"}, "year"),
        ({"since": "9999-12-31"}, "since"),
        ({"actor": "9" * 25}, "actor"),
    ],
)
def test_out_of_range_values_answer_400_in_the_api(
    world: Any, params: dict[str, str], field: str
) -> None:
    _entries()

    response = _api(world.admin, **params)

    assert response.status_code == 400
    assert list(response.data["errors"]) == [field]


@pytest.mark.django_db
def test_the_api_uses_the_same_filters(world: Any) -> None:
    made = _entries()

    response = _api(world.admin, action="update", text="pos")

    assert response.status_code == 200
    assert [row["id"] for row in response.data] == [made[2].pk]


@pytest.mark.django_db
def test_year_and_id_filters_select_rows(world: Any) -> None:
    made = _entries()
    year = made[0].at.year

    _f, by_year = _page(year=str(year))
    _f, by_id = _page(id=str(made[1].pk))

    assert by_year == made
    assert by_id == [made[1]]


@pytest.mark.django_db
def test_generated_filters_are_bounded_and_the_form_uses_the_project_base(world: Any) -> None:
    class Generated(BaseFilterSet):
        class Meta:
            model = AuditEntry
            fields = ["id", "at"]

    filterset = Generated(
        {"id": "9" * 25, "at": "9999-01-01T00:00"}, queryset=AuditEntry.objects.all()
    )

    assert isinstance(filterset.form, BaseForm)
    assert sorted(filterset.errors) == ["at", "id"]


@pytest.mark.django_db
def test_the_filter_form_renders_with_bootstrap(world: Any) -> None:
    filterset, _rows = _page(year="9999")

    html = str(filterset.form)

    assert 'class="form-control is-invalid"' in html
    assert 'id="id_year_error"' in html
    assert 'class="form-select"' in html  # action


@pytest.mark.django_db
def test_text_filters_refuse_control_characters(world: Any) -> None:
    filterset, rows = _page(text="pos\x07")

    assert list(filterset.errors) == ["text"]
    assert rows == []


def test_an_empty_filter_choice_reads_semua_not_dashes(world):
    from sitrantib.meetings.filters import MeetingFilter

    filterset = MeetingFilter(None, queryset=MeetingFilter._meta.model.objects.none())
    html = str(filterset.form)

    assert "---------" not in html
    assert ">Semua<" in html
