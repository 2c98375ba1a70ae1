"""Forms of citizen reports (pengaduan, docs/adr/0082): the public phone-first form, the code
lookup, and the section's verify and reject forms.

The public form checks shape only (lengths, choices, the photo's content); the time window, the
phone format and the category being active are the service's rules (services.reports), put back
beside their fields by the view.
"""

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sitrantib.core.autocomplete import limit_search_fields
from sitrantib.core.filters import BoundedDateTimeField
from sitrantib.core.forms import BaseForm
from sitrantib.core.scoping import Scope
from sitrantib.core.text import TextLimit
from sitrantib.core.uploads import UploadKind, UploadValidator
from sitrantib.fieldwork.enums import CitizenReportStatus
from sitrantib.fieldwork.forms.villages import village_field
from sitrantib.fieldwork.models import IncidentCategory
from sitrantib.fieldwork.services import reports
from sitrantib.regions.models import District, Village

_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=_DATETIME_FORMAT, **kwargs)


def active_categories() -> QuerySet[IncidentCategory]:
    return IncidentCategory.objects.filter(is_active=True).order_by("order", "name")


def grouped_category_choices(categories: list[IncidentCategory]) -> list[Any]:
    """Categories under their group (optgroups), in the list's order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for category in categories:
        groups.setdefault(category.group or str(_("Lainnya")), []).append(
            (str(category.pk), category.name)
        )
    return [("", _("— pilih jenis kejadian —")), *groups.items()]


class CitizenReportForm(BaseForm):
    """What a reporter fills on a phone: few fields, the contact optional (docs/adr/0082)."""

    client_id = forms.UUIDField(widget=forms.HiddenInput())
    category = forms.ModelChoiceField(
        label=_("Jenis kejadian"),
        queryset=IncidentCategory.objects.none(),
        empty_label=None,
        error_messages={"required": _("Pilih jenis kejadian.")},
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    village = forms.ModelChoiceField(
        label=_("Desa"),
        queryset=Village.objects.none(),
        empty_label=_("— pilih desa —"),
        error_messages={"required": _("Pilih desa tempat kejadian.")},
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    place = forms.CharField(
        label=_("Tempat"),
        max_length=TextLimit.TITLE,
        help_text=_("Dusun, RT/RW, nama jalan atau patokan terdekat."),
        error_messages={"required": _("Tulis tempat kejadian.")},
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}),
    )
    occurred_at = BoundedDateTimeField(
        label=_("Waktu kejadian"),
        input_formats=[_DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=_("Paling lama 90 hari yang lalu."),
        error_messages={"required": _("Isi waktu kejadian.")},
        widget=DateTimeInput(attrs={"class": "form-control form-control-lg"}),
    )
    description = forms.CharField(
        label=_("Apa yang terjadi?"),
        max_length=TextLimit.DESCRIPTION,
        error_messages={"required": _("Ceritakan singkat apa yang terjadi.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photo = forms.FileField(
        label=_("Foto (boleh dilewati)"),
        required=False,
        validators=[UploadValidator(UploadKind.PHOTO)],
        help_text=_(
            "JPEG, PNG atau WEBP, paling besar 5 MB. Data tersembunyi dalam foto (merek HP, "
            "waktu, lokasi) kami hapus."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    keep_location = forms.BooleanField(
        label=_("Sertakan lokasi foto"),
        required=False,
        help_text=_("Centang bila lokasi yang tersimpan di foto boleh kami pakai untuk peta."),
    )
    contact_name = forms.CharField(
        label=_("Nama Anda (boleh dikosongkan)"),
        max_length=TextLimit.NAME,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_phone = forms.CharField(
        label=_("Nomor HP/WhatsApp (boleh dikosongkan)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    # Honeypot: hidden from people by CSS; automated senders fill it (as the survey's form).
    website = forms.CharField(
        label=_("Situs web"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = list(active_categories())
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = active_categories()
        category.choices = grouped_category_choices(categories)
        village = self.fields["village"]
        assert isinstance(village, forms.ModelChoiceField)
        village.queryset = Village.objects.filter(district=district).order_by("name")
        now = timezone.localtime()
        occurred = self.fields["occurred_at"]
        occurred.widget.attrs["max"] = now.strftime(_DATETIME_FORMAT)
        occurred.widget.attrs["min"] = (now - reports.OLDEST).strftime(_DATETIME_FORMAT)
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())
            self.initial.setdefault("occurred_at", now.replace(second=0, microsecond=0))

    def report_input(self) -> reports.ReportInput:
        data = self.cleaned_data
        occurred: dt.datetime = data["occurred_at"]
        return reports.ReportInput(
            village=data["village"],
            category=data["category"],
            place=data["place"].strip(),
            occurred_at=occurred,
            description=data["description"].strip(),
            contact_name=data["contact_name"].strip(),
            contact_phone=data["contact_phone"].strip(),
        )


class CodeLookupForm(BaseForm):
    """The code a reporter wrote down; spaces, dashes and lower case are forgiven."""

    code = forms.CharField(
        label=_("Kode laporan"),
        max_length=40,
        error_messages={"required": _("Tulis kode laporan Anda.")},
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg text-uppercase report-code-input",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = reports.normalise_code(self.cleaned_data["code"])
        if len(code) != reports.CODE_LENGTH:
            raise forms.ValidationError(
                _("Kode laporan terdiri dari %(count)d huruf dan angka.")
                % {"count": reports.CODE_LENGTH}
            )
        return code


class VerifyReportForm(BaseForm):
    """Verify a report into an incident: the category may be corrected, a note kept."""

    category = forms.ModelChoiceField(
        label=_("Kategori kejadian"),
        queryset=IncidentCategory.objects.none(),
        empty_label=None,
    )
    note = forms.CharField(
        label=_("Catatan verifikasi"),
        max_length=TextLimit.SHORT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, current: IncidentCategory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        # The report's own category stays choosable even when it was made inactive since.
        category.queryset = IncidentCategory.objects.filter(
            Q(is_active=True) | Q(pk=current.pk)
        ).order_by("order", "name")
        self.initial.setdefault("category", current.pk)


class RejectReportForm(BaseForm):
    """Reject a report: the reason is required and the reporter reads it with the code."""

    reason = forms.CharField(
        label=_("Alasan penolakan"),
        max_length=TextLimit.SHORT_NOTE,
        help_text=_("Pelapor membaca alasan ini di halaman status laporannya."),
        error_messages={"required": _("Tulis alasan penolakan; pelapor akan membacanya.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QueueFilterForm(BaseForm):
    """Filters of the moderation queue: status and desa (of the kecamatan taking reports in the
    administrator's scope). The desa is a select for one kecamatan and a search field for a
    kabupaten or national administrator (forms.villages, docs/adr/0109); the query string keeps
    the desa code either way."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua")), *CitizenReportStatus.choices],
    )

    def __init__(self, *args: Any, scope: Scope, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if scope.national:
            # Every desa of the country: those of kecamatan taking reports.
            villages = Village.objects.filter(district__office__isnull=False)
        else:
            villages = Village.objects.filter(district_id__in=sorted(scope.district_codes))
        self.fields["village"] = village_field(villages, required=False, label=_("Desa"))
        limit_search_fields(self, user)
