"""Forms of the visit and incident records: the list filters (period, desa, kind, situation,
category, status, source), recording how a rawan situation was dealt with, a recommendation put in
the follow-up ledger, a photo, and an incident's status move.

The filters are the query string of the lists, of the incident map (`fieldwork:map_data` reads
the same names: period, desa, category, status) and of the monthly counts. A period is written
2026 (year), 2026-Q1 (quarter) or 2026-03 (month), as everywhere in the field work.
"""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sitrantib.core.autocomplete import ModelSearchField, limit_search_fields, register_search
from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.filters import BoundedDateField, YearField
from sitrantib.core.forms import BaseForm
from sitrantib.core.scoping import scope_of
from sitrantib.core.text import TextLimit
from sitrantib.core.uploads import UploadKind, UploadValidator
from sitrantib.fieldwork import access
from sitrantib.fieldwork.enums import IncidentStatus
from sitrantib.fieldwork.forms.villages import code_of, is_wide, village_field
from sitrantib.fieldwork.models import Incident, Visit
from sitrantib.fieldwork.services.incidents import MESSAGE_PARTNER_REQUIRED, PARTNER_KINDS
from sitrantib.meetings.models import InstitutionPerson
from sitrantib.regions.models import Institution
from sitrantib.regions.selectors import villages_visible_to

PERIOD_MAX_LENGTH = 7
SEARCH_OWNER_INSTITUTIONS = "fieldwork.owner_institutions"
SEARCH_OWNER_PEOPLE = "fieldwork.owner_people"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthlyForm(BaseForm):
    """The year and desa of the monthly counts by category."""

    year = YearField(label=_("Tahun"), required=False)
    desa = forms.ChoiceField(label=_("Desa"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = villages_visible_to(user=user)
        if is_wide(villages):  # a kabupaten or the country: searched as typed (ADR 0109)
            self.fields["desa"] = village_field(villages, required=False, label=_("Desa"))
            limit_search_fields(self, user)
            return
        field = self.fields["desa"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext("Semua desa"))] + [
            (code, name) for code, name in villages.order_by("name").values_list("code", "name")
        ]

    def clean_desa(self) -> str:
        return code_of(self.cleaned_data.get("desa"))

    @property
    def chosen_year(self) -> int:
        year = self.cleaned_data.get("year") if self.is_bound and self.is_valid() else None
        return year or timezone.localdate().year


# Visits ------------------------------------------------------------------------------------------


class ResolveForm(VersionedFormMixin, BaseForm):
    """How and when a situation judged rawan was dealt with."""

    resolved_on = BoundedDateField(label=_("Ditangani pada tanggal"), widget=DateInput())
    note = forms.CharField(
        label=_("Catatan penanganan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
    )


def _owner_institutions(user: Any) -> QuerySet[Institution]:
    """Institutions an administrator may make owner of a follow-up: those of its kecamatan."""
    scope = scope_of(user)
    if not access.can_manage_any(scope):
        return Institution.objects.none()
    institutions = Institution.objects.filter(is_active=True)
    if not scope.national:
        institutions = institutions.filter(district_id__in=sorted(scope.district_codes))
    return institutions


def _owner_people(user: Any) -> QuerySet[InstitutionPerson]:
    return InstitutionPerson.objects.filter(
        institution__in=_owner_institutions(user), is_active=True
    )


def _institution_label(institution: Institution) -> str:
    return institution.name


def _person_label(person: InstitutionPerson) -> str:
    return f"{person.name}, {person.position} ({person.institution.name})"


register_search(
    SEARCH_OWNER_INSTITUTIONS,
    queryset_for=_owner_institutions,
    label=_institution_label,
    search_fields=("name", "short_name"),
    ordering=("name", "pk"),
)
register_search(
    SEARCH_OWNER_PEOPLE,
    queryset_for=_owner_people,
    label=_person_label,
    search_fields=("name",),
    ordering=("name", "pk"),
    select_related=("institution",),
)


class RecommendationActionForm(BaseForm):
    """A visit's recommendation into the follow-up ledger: who follows it up, by when."""

    owner_institution = ModelSearchField(
        SEARCH_OWNER_INSTITUTIONS,
        label=_("Instansi penanggung jawab"),
        help_text=_("Ketik sebagian nama instansi kecamatan ini, lalu pilih."),
    )
    owner_person = ModelSearchField(
        SEARCH_OWNER_PEOPLE,
        label=_("Personel penanggung jawab"),
        required=False,
        help_text=_("Boleh kosong; harus dari instansi penanggung jawab."),
    )
    due_date = BoundedDateField(label=_("Batas waktu"), widget=DateInput())

    def __init__(self, *args: Any, user: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visit = visit
        limit_search_fields(self, user)
        # Only the institutions and people of the visit's own kecamatan.
        for name, condition in (
            ("owner_institution", Q(district_id=visit.district_id)),
            ("owner_person", Q(institution__district_id=visit.district_id)),
        ):
            field = self.fields[name]
            assert isinstance(field, ModelSearchField)
            field.queryset = field.queryset.filter(condition)  # type: ignore[union-attr]
            field.widget.queryset = field.queryset

    def clean_due_date(self) -> dt.date:
        due: dt.date = self.cleaned_data["due_date"]
        visited = timezone.localtime(self.visit.visited_at).date()
        if due < visited:
            raise forms.ValidationError(
                gettext("Batas waktu tidak boleh sebelum tanggal kunjungan.")
            )
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person, institution = data.get("owner_person"), data.get("owner_institution")
        if (
            person is not None
            and institution is not None
            and person.institution_id != (institution.pk)
        ):
            self.add_error(
                "owner_person",
                gettext("%(name)s bukan personel instansi penanggung jawab.")
                % {"name": person.name},
            )
        return data


# Photos ------------------------------------------------------------------------------------------


class PhotoForm(BaseForm):
    """One photo of a visit or an incident; its location is kept only when the user ticks it."""

    photo = forms.FileField(
        label=_("Foto"),
        help_text=_("JPG, PNG atau WEBP, paling besar 5 MB. Data EXIF dihapus."),
        validators=[UploadValidator(UploadKind.PHOTO)],
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(
        label=_("Keterangan foto"), required=False, max_length=TextLimit.TITLE
    )
    keep_location = forms.BooleanField(
        label=_("Simpan lokasi foto"),
        required=False,
        initial=False,
        help_text=_("Tanpa centang, koordinat GPS di dalam foto dihapus."),
    )


# Incidents ---------------------------------------------------------------------------------------


def partners_of(district_code: str) -> QuerySet[Institution]:
    """The Polsek and Koramil of a kecamatan an incident may be handed over to."""
    return Institution.objects.filter(
        district_id=district_code, kind__in=sorted(PARTNER_KINDS), is_active=True
    ).order_by("kind", "name")


class IncidentTransitionForm(VersionedFormMixin, BaseForm):
    """The next status of an incident (only the moves its workflow allows from here)."""

    status = forms.ChoiceField(label=_("Status baru"), choices=())
    handed_to = forms.ModelChoiceField(
        label=_("Dirujuk ke"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("Pilih Polsek/Koramil"),
        help_text=_("Hanya untuk status Dirujuk ke mitra."),
    )
    note = forms.CharField(
        label=_("Catatan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        help_text=_("Wajib diisi bila kejadian ditolak, dikembalikan atau dibuka lagi."),
    )

    def __init__(self, *args: Any, incident: Incident, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, IncidentStatus(value).label) for value in targets]
        partner = self.fields["handed_to"]
        assert isinstance(partner, forms.ModelChoiceField)
        partner.queryset = partners_of(incident.district_id)
        if IncidentStatus.HANDED_OVER not in targets:
            del self.fields["handed_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == IncidentStatus.HANDED_OVER and not data.get("handed_to"):
            self.add_error("handed_to", gettext(MESSAGE_PARTNER_REQUIRED))
        if data.get("status") != IncidentStatus.HANDED_OVER:
            data["handed_to"] = None
        return data
