"""How a field-work form or filter offers a desa (docs/adr/0109).

Up to `SELECT_LIMIT` desa (one kecamatan: Lumajang's largest has 20) the desa is a plain select,
quick on a phone and complete offline. Beyond it - a kabupaten or national user - it is a
search-as-you-type field (core.autocomplete) backed by a scoped endpoint, so no page lists
hundreds or tens of thousands of desa:

- `fieldwork.villages_writable`: the desa whose visits, incidents and registers the user may
  write (the report forms);
- `regions.villages`: the desa the user may read (the list filters).

A desa outside the user's scope is refused by the field itself, beside it, whatever id is posted.
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sitrantib.core.autocomplete import ModelSearchField
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import access
from sitrantib.regions.models import Village
from sitrantib.regions.search import SEARCH_VILLAGES, register_village_search
from sitrantib.regions.selectors import villages_in_scope

# Up to this many desa the desa is a select; beyond it a search field.
SELECT_LIMIT = 60
SEARCH_WRITABLE_VILLAGES = "fieldwork.villages_writable"

MESSAGE_VILLAGE_OUTSIDE = gettext_noop(
    "Desa ini tidak termasuk wilayah yang boleh Anda laporkan. "
    "Ketik sebagian nama desa lalu pilih dari daftar."
)


def writable_villages(user: Any) -> QuerySet[Village]:
    """The desa whose field reports `user` may write (an operator: their own desa)."""
    scope = scope_of(user)
    if not access.can_write_any(scope):
        return Village.objects.none()
    return villages_in_scope(scope=scope).order_by("name", "code")


register_village_search(SEARCH_WRITABLE_VILLAGES, villages_for=writable_villages)


def is_wide(villages: QuerySet[Village]) -> bool:
    """More desa than a select should hold (one query, at most SELECT_LIMIT + 1 rows read)."""
    return (
        len(villages.order_by().values_list("code", flat=True)[: SELECT_LIMIT + 1]) > SELECT_LIMIT
    )


def village_field(
    villages: QuerySet[Village],
    *,
    required: bool,
    label: Any,
    search_key: str = SEARCH_VILLAGES,
    invalid_message: Any = None,
) -> forms.Field:
    """A desa choice among `villages`: a select for a few, a search field (of search
    `search_key`, limited to the user by limit_search_fields) for many. `invalid_message`
    replaces the field's own message for a desa that is not among the choices."""
    ordered = villages.order_by("name", "code")
    errors = {"invalid_choice": invalid_message} if invalid_message else {}
    if not is_wide(ordered):
        return forms.ModelChoiceField(
            queryset=ordered,
            required=required,
            label=label,
            empty_label=_("— pilih desa —") if required else _("Semua desa"),
            error_messages=errors,
        )
    return ModelSearchField(search_key, required=required, label=label, error_messages=errors)


class VillageSearchFilter(django_filters.Filter):
    """A list filter by desa for a wide scope: a search field (of the desa the user reads, limited
    in the filterset) whose chosen desa filters `field_name` (a desa code) - the query string
    keeps the code, as the select of a small scope does."""

    field_class = ModelSearchField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("key", SEARCH_VILLAGES)
        super().__init__(*args, **kwargs)

    def filter(self, qs: Any, value: Any) -> Any:
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value.code})


def code_of(value: Any) -> str:
    """The desa code of a select's code or a search field's desa; "" for none."""
    if isinstance(value, Village):
        return value.code
    return str(value or "")
