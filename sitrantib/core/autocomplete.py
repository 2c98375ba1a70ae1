"""Search-as-you-type choices: a scoped JSON endpoint, a widget and a form field.

A choice among thousands of members, desa, squads or meetings is never a <select> of every
option. An app registers what can be searched (in its AppConfig.ready or a module imported
there), scoped by the user through its selector:

    register_search(
        "linmas.members",
        queryset_for=lambda user: members_visible_to(user=user).filter(status=AKTIF),
        label=lambda m: f"{m.name} ({m.village.name})",
        search_fields=("name",),          # istartswith: an index on the name serves it
        code_field="nik",                 # exact match
        select_related=("village",),
    )

and a form uses the field, limited to the user when the form is built:

    leader = ModelSearchField("linmas.members", label=_("Ketua regu"))
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        limit_search_fields(self, user)

`/sistem/cari/<key>/?q=` answers at most 20 matches `[{"id", "label"}]` from the user's own
queryset (nothing below the minimum length; login required; `no-store`). The widget is a text
input with `role="combobox"`, a listbox filled by core/search-select.js (arrow keys, Enter,
Escape); without JavaScript it stays a plain text input where the id or code is typed. The field
accepts only an id (or code) in the user's queryset.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET

from sitrantib.core.text import first_control_character, strip_control_characters

MIN_QUERY_LENGTH = 2
MAX_RESULTS = 20
MAX_QUERY_LENGTH = 100

MESSAGE_INVALID_CHOICE = gettext_noop(
    "Pilihan tidak ditemukan. Ketik sebagian nama lalu pilih dari daftar, atau isi kodenya."
)


@dataclass(frozen=True)
class SearchSource:
    """What one search key finds, for whom, and how each match is shown."""

    key: str
    queryset_for: Callable[[Any], QuerySet[Any]]
    label: Callable[[Any], str]
    search_fields: tuple[str, ...]
    code_field: str | None = None
    min_length: int = MIN_QUERY_LENGTH
    ordering: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()

    def matches(self, *, user: Any, query: str) -> QuerySet[Any]:
        """The user's objects whose name starts with `query` (or whose code is `query`)."""
        condition = Q()
        for name in self.search_fields:
            condition |= Q(**{f"{name}__istartswith": query})
        if self.code_field:
            condition |= Q(**{self.code_field: query})
        queryset = self.queryset_for(user).filter(condition)
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return queryset.order_by(*(self.ordering or (*self.search_fields[:1], "pk")))


_SOURCES: dict[str, SearchSource] = {}


def register_search(
    key: str,
    *,
    queryset_for: Callable[[Any], QuerySet[Any]],
    label: Callable[[Any], str],
    search_fields: Sequence[str] = ("name",),
    code_field: str | None = None,
    min_length: int = MIN_QUERY_LENGTH,
    ordering: Sequence[str] = (),
    select_related: Sequence[str] = (),
) -> SearchSource:
    """Make `key` searchable at /sistem/cari/<key>/; `queryset_for(user)` is the user's scope."""
    if not search_fields and not code_field:
        raise ValueError("A search needs search_fields or a code_field")
    source = SearchSource(
        key=key,
        queryset_for=queryset_for,
        label=label,
        search_fields=tuple(search_fields),
        code_field=code_field,
        min_length=max(1, min_length),
        ordering=tuple(ordering),
        select_related=tuple(select_related),
    )
    existing = _SOURCES.get(key)
    if existing is not None and existing.queryset_for is not queryset_for:
        raise ValueError(f"Search {key!r} is registered twice")
    _SOURCES[key] = source
    return source


def search_source(key: str) -> SearchSource:
    """The registered search `key`; LookupError when there is none."""
    try:
        return _SOURCES[key]
    except KeyError:
        raise LookupError(f"No search {key!r} is registered") from None


def clean_query(text: str) -> str:
    return strip_control_characters(text).strip()[:MAX_QUERY_LENGTH]


def search(source: SearchSource, *, user: Any, query: str) -> list[dict[str, str]]:
    """At most MAX_RESULTS matches `{"id", "label"}` from the user's queryset."""
    query = clean_query(query)
    if len(query) < source.min_length:
        return []
    return [
        {"id": str(obj.pk), "label": source.label(obj)}
        for obj in source.matches(user=user, query=query)[:MAX_RESULTS]
    ]


@require_GET
@login_required
def search_view(request: HttpRequest, key: str) -> JsonResponse:
    """The JSON endpoint behind the widget (login required, scoped, never cached)."""
    try:
        source = search_source(key)
    except LookupError:
        raise Http404 from None
    results = search(source, user=request.user, query=request.GET.get("q", ""))
    response = JsonResponse(results, safe=False)
    response["Cache-Control"] = "no-store"
    return response


class SearchSelect(forms.TextInput):
    """A text input that searches as the user types (core/search-select.js).

    Rendered with `role="combobox"` and its listbox; the current value is shown by its label
    (one query) when the field has been limited to a user.
    """

    template_name = "core/widgets/search_select.html"

    def __init__(self, key: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.key = key
        self.queryset: QuerySet[Any] | None = None

    def label_for(self, value: Any) -> str:
        if value in (None, "") or self.queryset is None:
            return ""
        source = search_source(self.key)
        obj = _find(self.queryset, source, value)
        return source.label(obj) if obj is not None else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        source = _SOURCES.get(self.key)
        context["widget"]["search"] = {
            "url": reverse("core:search", kwargs={"key": self.key}),
            "min_length": source.min_length if source else MIN_QUERY_LENGTH,
            "listbox_id": f"{widget_id}_listbox",
            "label": self.label_for(value),
        }
        return context


def _find(queryset: QuerySet[Any], source: SearchSource, value: Any) -> Model | None:
    """The object of `queryset` whose id (or code) is `value`, or None. A value with a control
    character names no record (and a NUL byte would reach PostgreSQL, which cannot compare it)."""
    text = str(value).strip()
    if first_control_character(text) is not None:
        return None
    lookups: list[dict[str, str]] = [{"pk": text}]
    if source.code_field:
        lookups.append({source.code_field: text})
    for lookup in lookups:
        try:
            found: Model | None = queryset.filter(**lookup).first()
        except (ValueError, TypeError, OverflowError, ValidationError):
            continue
        if found is not None:
            return found
    return None


class ModelSearchField(forms.ModelChoiceField):
    """A choice of one object of search `key`, valid only within the user's queryset.

    Until `limit_to(user)` (or `limit_search_fields(form, user)`) the field accepts nothing.
    """

    default_error_messages = {"invalid_choice": gettext_lazy(MESSAGE_INVALID_CHOICE)}

    def __init__(self, key: str, **kwargs: Any) -> None:
        self.key = key
        kwargs.setdefault("widget", SearchSelect(key))
        super().__init__(queryset=None, **kwargs)

    def limit_to(self, user: Any) -> None:
        self.queryset = search_source(self.key).queryset_for(user)
        self.widget.queryset = self.queryset

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, Model):
            value = value.pk
        obj = (
            _find(self.queryset, search_source(self.key), value)
            if self.queryset is not None
            else None
        )
        if obj is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return obj


def limit_search_fields(form: forms.BaseForm, user: Any) -> None:
    """Limit every ModelSearchField of `form` to what `user` may choose."""
    for field in form.fields.values():
        if isinstance(field, ModelSearchField):
            field.limit_to(user)
