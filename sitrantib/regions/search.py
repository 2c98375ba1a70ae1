"""The desa and kecamatan searches every form may use (core.autocomplete), scoped by the user;
desa labelled by regions.choices. Imported by RegionsConfig.ready.

A kecamatan choice (`offer_districts`, `DistrictChoiceForm`) is a select up to
`DISTRICT_SELECT_LIMIT` kecamatan (a kabupaten has at most a few dozen) and a search field of
`regions.districts` beyond it (a national user: 7,277 kecamatan), docs/adr/0111."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from sitrantib.core.autocomplete import ModelSearchField, register_search
from sitrantib.core.scoping import scope_of
from sitrantib.regions.choices import CHOICE_ORDERING, village_label, villages_for_choice
from sitrantib.regions.models import District, Regency, Village
from sitrantib.regions.selectors import (
    districts_visible_to,
    institutions_visible_to,
    villages_visible_to,
)

SEARCH_VILLAGES = "regions.villages"


def register_village_search(key: str, *, villages_for: Any) -> None:
    """Register desa search `key` over `villages_for(user)`, with the shared label and order."""

    def queryset_for(user: Any) -> QuerySet[Village]:
        return villages_for_choice(villages_for(user))

    register_search(
        key,
        queryset_for=queryset_for,
        label=village_label,
        search_fields=("name",),
        code_field="code",
        ordering=CHOICE_ORDERING,
    )


register_village_search(SEARCH_VILLAGES, villages_for=lambda user: villages_visible_to(user=user))


SEARCH_DISTRICTS = "regions.districts"
# Up to this many kecamatan the choice is a select; beyond it a search field (docs/adr/0111).
DISTRICT_SELECT_LIMIT = 60


def district_label(district: District) -> str:
    return f"{district.name} ({district.code})"


register_search(
    SEARCH_DISTRICTS,
    queryset_for=lambda user: districts_visible_to(user=user),
    label=district_label,
    search_fields=("name",),
    code_field="code",
    ordering=("name", "code"),
)


def is_wide(districts: QuerySet[District]) -> bool:
    """More kecamatan than a select should hold (one query, at most the limit + 1 codes)."""
    codes = districts.order_by().values_list("code", flat=True)[: DISTRICT_SELECT_LIMIT + 1]
    return len(codes) > DISTRICT_SELECT_LIMIT


def district_search_field(districts: QuerySet[District], **kwargs: Any) -> ModelSearchField:
    """A search field of `regions.districts` accepting only `districts` (a code or a pk)."""
    field = ModelSearchField(SEARCH_DISTRICTS, **kwargs)
    field.queryset = districts
    field.widget.queryset = districts
    return field


def offer_choices(
    form: forms.BaseForm, name: str, queryset: QuerySet[Any], *, search_key: str
) -> None:
    """Offer `queryset` in the choice field `name` of `form`: its select for up to
    DISTRICT_SELECT_LIMIT records, else the same field (label, required, help text kept) as a
    search of `search_key` accepting only `queryset`."""
    field = form.fields[name]
    codes = queryset.order_by().values_list("pk", flat=True)[: DISTRICT_SELECT_LIMIT + 1]
    if len(codes) <= DISTRICT_SELECT_LIMIT:
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset
        return
    search = ModelSearchField(
        search_key,
        label=field.label,
        required=field.required,
        help_text=field.help_text,
        initial=field.initial,
    )
    search.queryset = queryset
    search.widget.queryset = queryset
    form.fields[name] = search


def offer_districts(form: forms.BaseForm, name: str, districts: QuerySet[District]) -> None:
    """Offer `districts` in the kecamatan field `name` of `form`: its select for a few, the same
    field as a search (label, required, help text kept) for a wide scope."""
    offer_choices(form, name, districts, search_key=SEARCH_DISTRICTS)


SEARCH_REGENCIES = "regions.regencies"
SEARCH_INSTITUTIONS = "regions.institutions"


def _regencies_visible_to(user: Any) -> QuerySet[Regency]:
    scope = scope_of(user)
    if scope.national:
        return Regency.objects.all()
    return Regency.objects.filter(districts__code__in=sorted(scope.district_codes)).distinct()


register_search(
    SEARCH_REGENCIES,
    queryset_for=_regencies_visible_to,
    label=lambda regency: f"{regency.name} ({regency.code})",
    search_fields=("name",),
    code_field="code",
    ordering=("name", "code"),
)
register_search(
    SEARCH_INSTITUTIONS,
    queryset_for=lambda user: institutions_visible_to(user=user),
    label=lambda institution: f"{institution.name} ({institution.district_id})",
    search_fields=("name",),
    ordering=("name", "pk"),
)


class DistrictChoiceForm(forms.Form):
    """The kecamatan a page of a wide scope shows (GET `kecamatan=<code>`): a select of the
    kecamatan for a few, a search field for many; `chosen` is the kecamatan shown."""

    def __init__(
        self, *, districts: QuerySet[District], chosen: District | None, label: Any
    ) -> None:
        super().__init__(initial={"kecamatan": chosen.code if chosen else None})
        if is_wide(districts):
            self.fields["kecamatan"] = district_search_field(districts, label=label)
        else:
            self.fields["kecamatan"] = forms.ModelChoiceField(
                districts.order_by("name", "code"),
                to_field_name="code",
                label=label,
                empty_label=None,
            )
            self.fields["kecamatan"].widget.attrs["class"] = "form-select form-select-sm"
