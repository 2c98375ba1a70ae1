"""The incident report form (kejadian) and its edit values.

The shared part (desa, coordinates, photos, client id, offline options) is
`field_report.FieldReportForm`.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from sitrantib.core.filters import BoundedDateField
from sitrantib.core.formatting import parse_rupiah
from sitrantib.core.text import TextLimit
from sitrantib.fieldwork.enums import IncidentSource
from sitrantib.fieldwork.forms.field_report import (
    DateInput,
    FieldReportForm,
    TimeInput,
    VillageSelect,
    aware,
    label_name,
    label_with_village,
    village_map,
)
from sitrantib.fieldwork.models import MAX_LOSS, IncidentCategory
from sitrantib.fieldwork.services.incidents import IncidentInput
from sitrantib.regions.models import Hamlet

MESSAGE_AMOUNT_TOO_LARGE = gettext_noop("Taksiran kerugian terlalu besar.")
MESSAGE_AMOUNT_NEGATIVE = gettext_noop("Taksiran kerugian tidak boleh negatif.")
MESSAGE_AMOUNT_WHOLE = gettext_noop("Tulis taksiran kerugian dalam rupiah utuh.")


class IncidentForm(FieldReportForm):
    """An incident report (kejadian)."""

    hamlet = forms.ModelChoiceField(
        label=pgettext_lazy("satu dusun", "Dusun"),
        queryset=Hamlet.objects.none(),
        required=False,
        widget=VillageSelect(),
    )
    place = forms.CharField(label=_("Tempat"), required=False, max_length=TextLimit.TITLE)
    occurred_date = BoundedDateField(label=_("Tanggal kejadian"), widget=DateInput())
    occurred_time = forms.TimeField(label=_("Jam kejadian"), widget=TimeInput())
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=IncidentCategory.objects.none())
    description = forms.CharField(
        label=_("Uraian kejadian"),
        max_length=TextLimit.DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    affected_count = forms.IntegerField(
        label=_("Jumlah orang terdampak"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    losses = forms.CharField(
        label=_("Kerugian"),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya barang yang hilang atau rusak."),
    )
    loss_amount = forms.CharField(
        label=_("Taksiran kerugian (Rp)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Contoh: 15.000.000"),
    )
    source = forms.ChoiceField(
        label=_("Sumber laporan"), choices=IncidentSource.choices, initial=IncidentSource.VILLAGE
    )

    field_order = [
        "village",
        "hamlet",
        "place",
        "occurred_date",
        "occurred_time",
        "category",
        "description",
        "affected_count",
        "losses",
        "loss_amount",
        "source",
        "latitude",
        "longitude",
        "photos",
        "keep_photo_location",
        "client_id",
        "version",
    ]

    def __init__(self, *args: Any, user: Any, editing: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, editing=editing, **kwargs)
        villages = self.option_villages
        hamlets = list(
            Hamlet.objects.filter(village__in=villages)
            .select_related("village")
            .order_by("village__name", "name")
        )
        field = self.fields["hamlet"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Hamlet.objects.filter(pk__in=[h.pk for h in hamlets])
        multi = len({h.village_id for h in hamlets}) > 1
        field.label_from_instance = label_with_village if multi else label_name  # type: ignore[method-assign]
        field.widget.village_of = village_map(hamlets)
        categories = IncidentCategory.objects.filter(is_active=True)
        if editing is not None:
            categories = IncidentCategory.objects.filter(
                pk__in=[*categories.values_list("pk", flat=True), editing.category_id]
            )
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = categories.order_by("order", "name")

    def clean_affected_count(self) -> int:
        return self.cleaned_data.get("affected_count") or 0

    def clean_loss_amount(self) -> Decimal | None:
        text = (self.cleaned_data.get("loss_amount") or "").strip()
        if not text:
            return None
        try:
            amount = parse_rupiah(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        if amount < 0:
            raise ValidationError(_(MESSAGE_AMOUNT_NEGATIVE))
        if amount != amount.to_integral_value():
            raise ValidationError(_(MESSAGE_AMOUNT_WHOLE))
        if amount > MAX_LOSS:
            raise ValidationError(_(MESSAGE_AMOUNT_TOO_LARGE))
        return amount

    @property
    def errors_by_field(self) -> dict[str, list[str]]:
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}

    def incident_input(self) -> IncidentInput:
        data = self.cleaned_data
        return IncidentInput(
            category=data["category"],
            occurred_at=aware(data["occurred_date"], data["occurred_time"]),
            description=data["description"],
            source=data["source"],
            hamlet=data.get("hamlet"),
            place=data["place"],
            affected_count=data["affected_count"],
            losses=data["losses"],
            loss_amount=data["loss_amount"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )


def incident_initial(incident: Any) -> dict[str, Any]:
    """The edit form's values of a stored incident."""
    when = timezone.localtime(incident.occurred_at)
    return {
        "hamlet": incident.hamlet_id,
        "place": incident.place,
        "occurred_date": when.date(),
        "occurred_time": when.time().replace(second=0, microsecond=0),
        "category": incident.category_id,
        "description": incident.description,
        "affected_count": incident.affected_count,
        "losses": incident.losses,
        "loss_amount": f"{incident.loss_amount:.0f}" if incident.loss_amount is not None else "",
        "source": incident.source,
        "latitude": incident.latitude,
        "longitude": incident.longitude,
    }
