"""Forms of the training pages: the training, its status, sessions, instructors, the settings and
the three ways of enrolling. Every write goes through trainings.services; these only read what
was typed (docs/dev/building-blocks.md, "Forms")."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.budget.models import BudgetLine
from sitrantib.core.autocomplete import ModelSearchField, SearchSelect, limit_search_fields
from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.core.text import TextLimit
from sitrantib.linmas.models import Member
from sitrantib.planning.enums import ActivityKind
from sitrantib.planning.models import PlannedActivity
from sitrantib.planning.selectors import linkable_activities
from sitrantib.regions.models import District, Institution, Signatory, Village
from sitrantib.regions.search import offer_districts
from sitrantib.trainings.enums import TrainingStatus
from sitrantib.trainings.models import (
    Instructor,
    Training,
    TrainingKind,
    TrainingSession,
    TrainingSettings,
)

SEARCH_MEMBERS = "trainings.members"
SEARCH_INSTRUCTORS = "trainings.instructors"

TRAINING_FIELDS = (
    "title",
    "kind",
    "starts_on",
    "ends_on",
    "venue",
    "capacity",
    "village_quota",
    "min_attendance_percent",
    "min_post_score",
    "transport_per_day",
    "budget_line",
    "planned_activity",
    "signatory",
)
# Links offered only when there is something to link (the budget and plan of that year).
OPTIONAL_LINKS = ("budget_line", "planned_activity", "signatory")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _line_label(line: BudgetLine) -> str:
    return f"{line.code} {line.name}".strip()


def _activity_label(activity: PlannedActivity) -> str:
    return f"{activity.name} ({activity.get_kind_display()})"


def _signatory_label(signatory: Signatory) -> str:
    return f"{signatory.title} - {signatory.name}" if signatory.name else signatory.title


class TrainingForm(VersionedFormMixin, BaseModelForm):
    """A training's details. The budget lines and planned activities offered are those of the
    kecamatan for the year the training starts (as typed, else as saved, else this year)."""

    district = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=District.objects.none(), required=False
    )

    class Meta:
        model = Training
        fields = TRAINING_FIELDS
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "capacity": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "village_quota": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "transport_per_day": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(
        self,
        *args: Any,
        district_code: str,
        districts: QuerySet[District] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.district_code = district_code
        kind_current = self.instance.kind_id if self.instance.pk else None
        _choice(self, "kind").queryset = TrainingKind.objects.filter(
            Q(is_active=True) | Q(pk=kind_current or 0)
        )
        _choice(self, "kind").empty_label = None
        year = self._training_year()
        self._offer(
            "budget_line",
            BudgetLine.objects.filter(district_id=district_code, year=year),
            ("position", "code", "pk"),
            _line_label,
        )
        training_first = Case(
            When(kind=ActivityKind.TRAINING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        self._offer(
            "planned_activity",
            linkable_activities(district_code=district_code, year=year),
            (training_first, "position", "pk"),
            _activity_label,
        )
        self._offer(
            "signatory",
            Signatory.objects.filter(office__district_id=district_code),
            ("role", "pk"),
            _signatory_label,
        )
        if districts is None:
            del self.fields["district"]
        else:
            self.fields["district"].required = True
            offer_districts(self, "district", districts)  # a search for a wide scope
            self.order_fields(["district", *TRAINING_FIELDS])

    def _training_year(self) -> int:
        raw = self.data.get(self.add_prefix("starts_on")) if self.is_bound else None
        if raw:
            try:
                typed = self.fields["starts_on"].clean(raw)
            except ValidationError:
                typed = None
            if isinstance(typed, dt.date):
                return typed.year
        if self.instance.pk and self.instance.starts_on:
            return self.instance.starts_on.year
        initial = self.initial.get("starts_on")
        if isinstance(initial, dt.date):
            return initial.year
        return timezone.localdate().year

    def _offer(
        self, name: str, queryset: QuerySet[Any], ordering: tuple[Any, ...], label: Any
    ) -> None:
        """Offer the kecamatan's choices of that year, plus the one already linked; no field
        when there is nothing to choose (the link stays ready for when there is)."""
        field = _choice(self, name)
        current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
        if current:
            queryset = queryset.model.objects.filter(
                Q(pk__in=queryset.values("pk")) | Q(pk=current)
            )
        if not queryset.exists():
            del self.fields[name]
            return
        field.queryset = queryset.order_by(*ordering)
        field.label_from_instance = label  # type: ignore[method-assign]

    def training_data(self) -> dict[str, Any]:
        """The typed values of the training's own fields, for the service."""
        return {
            name: self.cleaned_data[name] for name in TRAINING_FIELDS if name in self.cleaned_data
        }


class TransitionForm(VersionedFormMixin, BaseForm):
    status = forms.ChoiceField(label=_("Status baru"), choices=())
    note = forms.CharField(
        label=_("Catatan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        help_text=_("Wajib diisi bila pelatihan dibatalkan atau statusnya dikembalikan."),
    )

    def __init__(
        self, *args: Any, targets: list[tuple[str, str]], current: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (value, BACK_LABELS.get((current, value)) or ACTION_LABELS.get(value, label))
            for value, label in targets
        ]


# What the button of each move says (the status it leads to).
ACTION_LABELS: dict[str, Any] = {
    TrainingStatus.DRAFT: _("Kembalikan ke draf"),
    TrainingStatus.OPEN: _("Buka pendaftaran"),
    TrainingStatus.RUNNING: pgettext_lazy("pelatihan", "Mulai"),
    TrainingStatus.FINISHED: _("Selesai"),
    TrainingStatus.REPORTED: _("Dilaporkan"),
    TrainingStatus.CANCELLED: _("Batalkan"),
}

# A move back says so: the same status reached going back is another act.
BACK_LABELS: dict[tuple[str, str], Any] = {
    (TrainingStatus.RUNNING, TrainingStatus.OPEN): _("Kembali ke pendaftaran"),
    (TrainingStatus.FINISHED, TrainingStatus.RUNNING): _("Buka kembali (berlangsung)"),
    (TrainingStatus.REPORTED, TrainingStatus.FINISHED): _("Tarik laporan (kembali ke selesai)"),
    (TrainingStatus.CANCELLED, TrainingStatus.DRAFT): _("Pulihkan sebagai draf"),
}


class SessionForm(VersionedFormMixin, BaseModelForm):
    """A session; the instructor is one of the kecamatan's instructors (searched as typed)."""

    instructor = ModelSearchField(
        SEARCH_INSTRUCTORS,
        label=_("Instruktur"),
        required=False,
        help_text=_("Ketik sebagian nama instruktur; boleh dikosongkan dan ditetapkan nanti."),
    )

    class Meta:
        model = TrainingSession
        fields = ("date", "start_time", "end_time", "topic", "place", "instructor", "honorarium")
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "honorarium": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, user: Any, district_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_search_fields(self, user)
        field = self.fields["instructor"]
        assert isinstance(field, ModelSearchField)
        assert field.queryset is not None
        field.queryset = field.queryset.filter(district_id=district_code)
        field.widget.queryset = field.queryset

    def session_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InstructorForm(VersionedFormMixin, BaseModelForm):
    class Meta:
        model = Instructor
        fields = (
            "institution",
            "name",
            "rank",
            "id_number",
            "position",
            "phone",
            "topics",
            "tax_percent",
            "is_active",
        )
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "tax_percent": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        }

    def __init__(self, *args: Any, district_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.institution_id if self.instance.pk else None
        institutions = Institution.objects.filter(
            Q(is_active=True) | Q(pk=current or 0), district_id=district_code
        )
        _choice(self, "institution").queryset = institutions.order_by("kind", "name", "pk")

    def instructor_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SettingsForm(VersionedFormMixin, BaseModelForm):
    class Meta:
        model = TrainingSettings
        fields = ("certificate_pattern", "unit_code", "assignment_classification")

    def settings_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TrainingMemberSelect(SearchSelect):
    """The member search of one training: it asks the training's own endpoint, which offers only
    the active members of its kecamatan not yet enrolled."""

    def __init__(self, url: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(SEARCH_MEMBERS, attrs)
        self.url = url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["search"]["url"] = self.url
        return context


class EnrolMemberForm(BaseForm):
    member = ModelSearchField(
        SEARCH_MEMBERS,
        label=pgettext_lazy("satu orang", "Anggota LINMAS"),
        help_text=_("Ketik sedikitnya dua huruf nama atau NIK lengkap, lalu pilih dari daftar."),
    )

    def __init__(self, *args: Any, training: Training, search_url: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix="one", **kwargs)
        field = self.fields["member"]
        assert isinstance(field, ModelSearchField)
        field.widget = TrainingMemberSelect(search_url)
        # Any member of the kecamatan may be posted: the service names why one is refused
        # (not active, already enrolled, beyond the capacity or the desa quota).
        field.queryset = Member.objects.filter(
            village__district_id=training.district_id
        ).select_related("village")
        field.widget.queryset = field.queryset


def _villages_of(training: Training) -> QuerySet[Village]:
    return Village.objects.filter(district_id=training.district_id).order_by("name", "code")


class EnrolQuotaForm(BaseForm):
    per_village = forms.IntegerField(
        label=_("Jumlah per desa"),
        min_value=1,
        max_value=10000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Misalnya 15: setiap desa diisi sampai 15 peserta, urut nama."),
    )
    villages = forms.ModelMultipleChoiceField(
        label=_("Desa"),
        queryset=Village.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan untuk semua desa."),
    )

    def __init__(self, *args: Any, training: Training, **kwargs: Any) -> None:
        super().__init__(*args, prefix="quota", **kwargs)
        field = self.fields["villages"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = _villages_of(training)
        if training.village_quota and not self.is_bound:
            self.initial.setdefault("per_village", training.village_quota)


class EnrolVillageForm(BaseForm):
    village = forms.ModelChoiceField(
        label=_("Desa"),
        queryset=Village.objects.none(),
        help_text=_("Semua anggota aktif desa ini yang belum terlatih pada jenis pelatihan ini."),
    )

    def __init__(self, *args: Any, training: Training, **kwargs: Any) -> None:
        super().__init__(*args, prefix="village", **kwargs)
        _choice(self, "village").queryset = _villages_of(training)
