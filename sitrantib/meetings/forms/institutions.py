"""Forms of the institutions page: institutions, their people, and letter numbering."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseForm
from sitrantib.meetings.services import check_pattern
from sitrantib.regions.enums import InstitutionKind
from sitrantib.regions.models import Institution
from sitrantib.regions.search import SEARCH_INSTITUTIONS, offer_choices


class PersonForm(BaseForm):
    institution = forms.ModelChoiceField(label=_("Instansi"), queryset=Institution.objects.none())
    name = forms.CharField(label=_("Nama"), max_length=150)
    position = forms.CharField(label=_("Jabatan"), max_length=150)
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a search beyond a few dozen institutions (a kabupaten or national administrator)
        offer_choices(self, "institution", institutions, search_key=SEARCH_INSTITUTIONS)


class NumberingForm(VersionedFormMixin, BaseForm):
    pattern = forms.CharField(
        label=_("Pola nomor surat"),
        max_length=100,
        help_text=_("Bagian yang tersedia: {classification}, {serial}, {unit_code}, {year}."),
    )
    unit_code = forms.CharField(label=_("Kode unit"), max_length=30, required=False)
    invitation_classification = forms.CharField(label=_("Kode klasifikasi undangan"), max_length=30)

    def clean_pattern(self) -> str:
        pattern: str = self.cleaned_data["pattern"]
        try:
            check_pattern(pattern)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return pattern


class SerialStartForm(BaseForm):
    """Where the invitation serial of a year continues (an office joining mid-year)."""

    year = forms.IntegerField(label=_("Tahun"), min_value=1900, max_value=2100)
    start = forms.IntegerField(
        label=_("Nomor urut berikutnya"),
        min_value=1,
        max_value=999_999,
        help_text=_(
            "Undangan berikutnya memakai nomor ini, lalu berlanjut. Tidak boleh sama dengan atau "
            "di bawah nomor yang sudah terpakai."
        ),
    )


class InstitutionForm(BaseForm):
    """A new institution of the kecamatan (desa governments come with the desa list)."""

    kind = forms.ChoiceField(label=_("Jenis"), choices=())
    name = forms.CharField(label=_("Nama"), max_length=150)
    short_name = forms.CharField(
        label=_("Singkatan"),
        max_length=50,
        required=False,
        help_text=_("Misalnya PKM Yosowilangun; dipakai pada daftar hadir."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Pilih jenis instansi"))] + [
            (value, label)
            for value, label in InstitutionKind.choices
            if value != InstitutionKind.VILLAGE_GOVERNMENT
        ]
