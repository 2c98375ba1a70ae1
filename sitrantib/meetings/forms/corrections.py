"""Forms that correct what was recorded: a follow-up, a decision, a person."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseForm
from sitrantib.meetings.forms.widgets import DateInput
from sitrantib.meetings.models import (
    DECISION_TEXT_LENGTH,
    ITEM_TEXT_LENGTH,
    AgendaItem,
    InstitutionPerson,
)
from sitrantib.meetings.selectors import invitable_institutions, invitable_people
from sitrantib.regions.models import Institution


class ActionItemEditForm(VersionedFormMixin, BaseForm):
    """Correct a follow-up: what, who owns it, when it is due (its status moves separately)."""

    description = forms.CharField(
        label=_("Uraian tindak lanjut"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ITEM_TEXT_LENGTH,
    )
    owner_institution = forms.ModelChoiceField(
        label=_("Instansi penanggung jawab"), queryset=Institution.objects.none()
    )
    owner_person = forms.ModelChoiceField(
        label=_("Personel penanggung jawab"),
        queryset=InstitutionPerson.objects.none(),
        required=False,
        help_text=_("Boleh kosong; harus dari instansi penanggung jawab."),
    )
    due_date = forms.DateField(label=_("Batas waktu"), widget=DateInput())

    def __init__(self, *args: Any, district_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_institution"]
        assert isinstance(field, forms.ModelChoiceField)
        current = self.initial.get("owner_institution")
        # An owner deactivated since the item was assigned stays choosable on this item.
        field.queryset = (
            invitable_institutions(district_code=district_code)
            | Institution.objects.filter(
                pk__in=[current] if current else [], district_id=district_code
            )
        ).distinct()
        person_field = self.fields["owner_person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = invitable_people(district_code=district_code)


class DecisionEditForm(VersionedFormMixin, BaseForm):
    text = forms.CharField(
        label=_("Keputusan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DECISION_TEXT_LENGTH,
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Acara"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args: Any, agenda_items: QuerySet[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agenda_item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agenda_items


class PersonEditForm(VersionedFormMixin, BaseForm):
    name = forms.CharField(label=_("Nama"), max_length=150)
    position = forms.CharField(label=_("Jabatan"), max_length=150)
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    is_active = forms.BooleanField(
        label=_("Masih aktif"),
        required=False,
    )
