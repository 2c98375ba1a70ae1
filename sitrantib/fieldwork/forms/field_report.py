"""What the visit and incident report forms of the field share (views/field_forms.py).

Both work on a phone without a connection (docs/adr/0084): everything the form needs to be
filled in is on the page — the desa of the user's scope, the Poskamling, Satgas and dusun of
those desa (each option names its desa in `data-village`, and offline/field-form.js shows only
the chosen desa's) — so a page answered from the service worker's cache is complete. A report
carries a client-made id (`client_id`); the services return the first record for a resend.

The forms themselves are in `visit_form.py` (`VisitForm.visit_input()`) and `incident_form.py`
(`IncidentForm.incident_input()`), each giving the services' data class; `save_report(...)`
(views) stores the record and its photos all-or-nothing.
"""

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sitrantib.core.autocomplete import ModelSearchField, limit_search_fields
from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseForm
from sitrantib.core.text import first_control_character
from sitrantib.fieldwork.forms.villages import (
    MESSAGE_VILLAGE_OUTSIDE,
    SEARCH_WRITABLE_VILLAGES,
    is_wide,
    writable_villages,
)
from sitrantib.fieldwork.services.photos import MAX_PHOTOS
from sitrantib.regions.models import Village

MESSAGE_COORDINATES_PAIR = gettext_noop("Isi lintang dan bujur keduanya, atau kosongkan keduanya.")
MESSAGE_TOO_MANY_PHOTOS = gettext_noop("Paling banyak %(count)d foto per laporan.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class VillageOptionsMixin:
    """Options that carry their desa in `data-village` (field-form.js shows the chosen desa's)."""

    village_of: dict[str, str]

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(name, value, *args, **kwargs)  # type: ignore[misc]
        key = str(getattr(value, "value", value))
        village = getattr(self, "village_of", {}).get(key)
        if village:
            option["attrs"]["data-village"] = village
        return option


class VillageCheckboxes(VillageOptionsMixin, forms.CheckboxSelectMultiple):
    pass


class VillageSelect(VillageOptionsMixin, forms.Select):
    pass


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"accept": "image/jpeg,image/png,image/webp", **(attrs or {})})


class PhotosField(forms.FileField):
    """Several photos at once; each is checked by the photo service (core.uploads)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(PhotosField, self).clean(f, initial) for f in files if f]
        if len(cleaned) > MAX_PHOTOS:
            raise ValidationError(_(MESSAGE_TOO_MANY_PHOTOS) % {"count": MAX_PHOTOS})
        return cleaned


def aware(day: dt.date, time: dt.time | None) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(0, 0)))


class FieldReportForm(VersionedFormMixin, BaseForm):
    """What the visit and incident forms share: desa, coordinates, photos and the client id."""

    village = forms.ModelChoiceField(
        label=_("Desa"),
        queryset=Village.objects.none(),
        error_messages={"invalid_choice": _(MESSAGE_VILLAGE_OUTSIDE)},
    )
    latitude = forms.DecimalField(
        label=_("Lintang"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Bujur"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    photos = PhotosField(
        label=_("Foto"),
        required=False,
        help_text=_("Boleh beberapa foto (JPEG, PNG, WEBP), paling besar 5 MB per foto."),
    )
    keep_photo_location = forms.BooleanField(
        label=_("Simpan lokasi foto"),
        required=False,
        help_text=_("Bila tidak dicentang, lokasi GPS di dalam foto dihapus."),
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: Any, user: Any, editing: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.editing = editing
        villages = writable_villages(user)
        # The desa whose Poskamling, Satgas and dusun the page offers (all of a small scope,
        # only the chosen one of a wide scope: the script fetches another desa's on a change).
        self.option_villages = villages
        self.wide = editing is None and is_wide(villages)
        field = self.fields["village"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = villages
        if editing is not None:
            field.queryset = Village.objects.filter(code=editing.village_id)
            field.disabled = True
            self.initial.setdefault("village", editing.village_id)
            self.option_villages = field.queryset
            del self.fields["client_id"]
        elif self.wide:
            self.fields["village"] = ModelSearchField(
                SEARCH_WRITABLE_VILLAGES,
                label=_("Desa"),
                help_text=_("Ketik sedikitnya dua huruf nama desa, lalu pilih dari daftar."),
                error_messages={"invalid_choice": _(MESSAGE_VILLAGE_OUTSIDE)},
            )
            self.option_villages = villages.filter(code__in=[self._raw_village()])
            self.initial.setdefault("client_id", uuid.uuid4())
        else:
            codes = list(villages.values_list("code", flat=True)[:2])
            if len(codes) == 1:  # an operator: their own desa
                self.initial.setdefault("village", codes[0])
                field.empty_label = None
            self.initial.setdefault("client_id", uuid.uuid4())
        limit_search_fields(self, user)

    def _raw_village(self) -> str:
        """The desa code posted (or given as initial), as text; "" when none."""
        raw = self.data.get(self.add_prefix("village")) if self.is_bound else None
        if raw is None:
            raw = self.initial.get("village")
        text = str(raw or "").strip()[:20]
        return "" if first_control_character(text) is not None else text

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and not self.has_error("latitude"):
            self.add_error("longitude", _(MESSAGE_COORDINATES_PAIR))
        return data

    @property
    def chosen_village(self) -> Village:
        village = self.cleaned_data["village"]
        assert isinstance(village, Village)
        return village

    @property
    def photo_files(self) -> list[Any]:
        return list(self.cleaned_data.get("photos") or [])


def label_name(obj: Any) -> str:
    return str(obj.name)


def label_with_village(obj: Any) -> str:
    return f"{obj.name} ({obj.village.name})"


def village_map(rows: Sequence[Any]) -> dict[str, str]:
    return {str(row.pk): row.village_id for row in rows}
