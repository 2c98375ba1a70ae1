"""Forms of the village-document pages: choosers and filters, a document sent or stamped, the
section's verdict, a waiver, the year's obligations, an event's obligation, a document type and
the kecamatan's settings. Writes go through services.py; the receipt time is never a field."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sitrantib.core.autocomplete import ModelSearchField, limit_search_fields
from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.core.text import TextLimit
from sitrantib.core.uploads import UploadKind, UploadValidator
from sitrantib.regions.models import Village
from sitrantib.regions.search import SEARCH_VILLAGES
from sitrantib.villagedocs.enums import ObligationStatus
from sitrantib.villagedocs.models import DocumentSettings, DocumentType

# Up to this many desa the desa is a select; beyond it a search field.
SELECT_LIMIT = 60
MIN_YEAR, MAX_YEAR = 2000, 2100
STATUS_LATE = "late"
ACCEPT, RETURN = "accept", "return"
FILE_ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def village_field(villages: QuerySet[Village], *, required: bool) -> forms.Field:
    """A desa among `villages`: a select for one kecamatan's desa, a search field for many."""
    ordered = villages.order_by("name", "code")
    if ordered.count() <= SELECT_LIMIT:
        field = forms.ModelChoiceField(
            queryset=ordered,
            required=required,
            label=_("Desa"),
            empty_label=_("— pilih desa —") if required else _("Semua desa"),
            to_field_name="code",
        )
        return field
    return ModelSearchField(SEARCH_VILLAGES, required=required, label=_("Desa"))


def _year_field(required: bool = False, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Tahun"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class YearForm(BaseForm):
    """?tahun= of the overview pages; this year when empty or wrong."""

    tahun = _year_field()

    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("tahun"):
            return int(self.cleaned_data["tahun"])
        return timezone.localdate().year


class ObligationFilterForm(BaseForm):
    """Filters of the obligation list (GET): year, document type, desa, status."""

    tahun = _year_field()
    jenis = forms.ModelChoiceField(
        queryset=DocumentType.objects.none(),
        required=False,
        label=_("Jenis dokumen"),
        empty_label=_("Semua jenis"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Semua status")),
            *ObligationStatus.choices,
            (STATUS_LATE, _("Terlambat (lewat batas waktu, belum diterima)")),
        ],
    )

    def __init__(
        self,
        *args: Any,
        types: QuerySet[DocumentType],
        villages: QuerySet[Village],
        user: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jenis"].queryset = types  # type: ignore[attr-defined]
        self.fields = {
            "tahun": self.fields["tahun"],
            "jenis": self.fields["jenis"],
            "desa": village_field(villages, required=False),
            "status": self.fields["status"],
        }
        limit_search_fields(self, user)


class SubmitForm(BaseForm):
    """A desa operator sends the document: a PDF or a photo, and a note."""

    prefix = "submit"

    file = forms.FileField(
        label=_("Berkas dokumen"),
        error_messages={"required": _("Unggah berkas dokumennya (PDF atau foto).")},
        help_text=_("PDF atau foto (JPG, PNG, WEBP), paling besar 10 MB."),
        validators=[UploadValidator(UploadKind.SCAN)],
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StampForm(BaseForm):
    """The kecamatan staff stamp a paper document received; a scan may be added."""

    prefix = "stamp"

    file = forms.FileField(
        label=_("Pindaian dokumen (boleh kosong)"),
        required=False,
        help_text=_("PDF atau foto (JPG, PNG, WEBP), paling besar 10 MB."),
        validators=[UploadValidator(UploadKind.SCAN)],
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class JudgeForm(BaseForm):
    """The section's check of a waiting submission: accepted, or returned with a reason."""

    prefix = "judge"

    decision = forms.ChoiceField(
        label=_("Hasil pemeriksaan"),
        choices=[(ACCEPT, _("Diterima lengkap")), (RETURN, _("Dikembalikan untuk diperbaiki"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan dikembalikan"),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila dikembalikan: apa yang harus diperbaiki desa."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == RETURN and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Tulis alasan agar desa dapat memperbaikinya."))
        return data


class WaiveForm(BaseForm):
    prefix = "waive"
    reason = forms.CharField(
        label=_("Alasan tidak wajib"),
        max_length=TextLimit.SHORT_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: Kepala Desa belum dilantik pada periode ini."),
    )


class GenerateForm(BaseForm):
    tahun = _year_field(required=True)


class EventObligationForm(BaseForm):
    """An obligation that follows an event: the type, the desa and the event's date."""

    document_type = forms.ModelChoiceField(
        queryset=DocumentType.objects.none(),
        label=_("Jenis dokumen"),
        empty_label=_("— pilih jenis —"),
    )
    event_date = forms.DateField(
        label=_("Tanggal peristiwa"),
        widget=DateInput(),
        help_text=_("Misalnya tanggal pelantikan Kepala Desa; batas waktu dihitung dari sini."),
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        types: QuerySet[DocumentType],
        villages: QuerySet[Village],
        user: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = types  # type: ignore[attr-defined]
        self.fields = {
            "document_type": self.fields["document_type"],
            "desa": village_field(villages, required=True),
            "event_date": self.fields["event_date"],
            "note": self.fields["note"],
        }
        limit_search_fields(self, user)


RULE_HELP = {
    "frequency": _(
        "Bulanan: satu dokumen tiap bulan. Semesteran: tiap setengah tahun. Tahunan: sekali "
        "setahun. Sesuai peristiwa: dibuat satu per satu, misalnya setelah pelantikan Kepala Desa."
    ),
    "due_month": _(
        "Tahunan: bulan batas waktunya (3 = Maret). Semesteran: bulan batas waktu semester I "
        "(7 = Juli); semester II enam bulan sesudahnya. Tidak dipakai untuk dokumen bulanan."
    ),
    "due_day": _(
        "Tanggal batas waktu. Bulanan: tanggal di bulan berikutnya (10 = tanggal 10 bulan "
        "sesudahnya). Tanggal melewati akhir bulan berarti hari terakhir bulan itu (31 pada "
        "Februari = 28 atau 29 Februari)."
    ),
    "year_offset": _(
        "Khusus tahunan: 0 = di tahun dokumen itu, -1 = setahun sebelumnya (RKPDes tahun 2027 "
        "paling lambat 30 September 2026), +1 = setahun sesudahnya (LPPD tahun 2026 paling "
        "lambat 31 Maret 2027)."
    ),
    "due_months_after_event": _(
        "Khusus dokumen sesuai peristiwa: jumlah bulan kalender sesudah tanggal peristiwa "
        "(RPJMDes: 3; pelantikan 30 November → batas waktu akhir Februari). Isi bulan atau "
        "hari, bukan keduanya."
    ),
    "due_days_after_event": _(
        "Khusus dokumen sesuai peristiwa: jumlah hari sesudah tanggal peristiwa (rancangan "
        "APBDes: 3 hari sesudah disepakati bersama BPD)."
    ),
    "semester": _(
        "Kosongkan bila wajib di kedua semester; isi 1 atau 2 bila hanya wajib pada satu semester."
    ),
    "counts_for_indicator": _(
        "Dicentang: dokumen ini ikut dihitung dalam indikator rata-rata persentase desa yang "
        "menyerahkan dokumen tepat waktu."
    ),
    "code": _(
        "Huruf kecil, angka dan tanda hubung, misalnya lppd. Sama dengan kode jenis "
        "bawaan berarti menggantikan jenis bawaan itu untuk kecamatan ini."
    ),
}


class DocumentTypeForm(VersionedFormMixin, BaseModelForm):
    """A kecamatan's own document type and the rule of its deadline."""

    class Meta:
        model = DocumentType
        fields = (
            "code",
            "name",
            "basis",
            "frequency",
            "due_month",
            "due_day",
            "year_offset",
            "semester",
            "due_months_after_event",
            "due_days_after_event",
            "counts_for_indicator",
            "order",
            "is_active",
        )
        help_texts = RULE_HELP
        widgets = {
            name: forms.NumberInput(attrs={"inputmode": "numeric"})
            for name in (
                "due_month",
                "due_day",
                "due_months_after_event",
                "due_days_after_event",
                "order",
            )
        }

    def __init__(self, *args: Any, district: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.district = district

    def type_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def validate_unique(self) -> None:
        # The district is not a field of the form: check the code within the kecamatan here.
        try:
            self.instance.validate_constraints()
        except ValidationError as exc:
            for message in exc.messages:
                self.add_error("code", message)


class SettingsForm(VersionedFormMixin, BaseModelForm):
    class Meta:
        model = DocumentSettings
        fields = ("on_time_basis", "reminder_days")
        widgets = {
            "on_time_basis": forms.RadioSelect,
            "reminder_days": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }
        help_texts = {
            "on_time_basis": _(
                "Bila dokumen dikembalikan lalu dikirim ulang, waktu terima mana yang menentukan "
                "tepat waktu. “Yang akhirnya diterima lengkap”: desa baru tepat waktu bila "
                "dokumen yang benar sampai sebelum batas waktu (lebih ketat). “Kiriman pertama”: "
                "desa tepat waktu bila kiriman pertamanya sampai sebelum batas waktu, walaupun "
                "perbaikannya menyusul (lebih longgar). Mengubah pilihan ini menghitung ulang "
                "semua kewajiban kecamatan."
            ),
            "reminder_days": _(
                "Operator desa diingatkan sekian hari sebelum batas waktu (0 = tanpa pengingat "
                "sebelum batas waktu)."
            ),
        }

    def settings_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
