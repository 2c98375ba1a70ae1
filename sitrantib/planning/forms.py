"""Forms of the plan pages. Lists (legal basis, executors, participants) are typed one per line."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.filters import YearField
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.core.text import TextLimit
from sitrantib.planning.enums import CodeLevel
from sitrantib.planning.models import AnnualPlan, Indicator, PlannedActivity, PlanSection
from sitrantib.planning.services import ParticipantData

MONTH_CHOICES = [
    (1, _("Januari")),
    (2, _("Februari")),
    (3, _("Maret")),
    (4, _("April")),
    (5, _("Mei")),
    (6, _("Juni")),
    (7, _("Juli")),
    (8, _("Agustus")),
    (9, _("September")),
    (10, _("Oktober")),
    (11, _("November")),
    (12, _("Desember")),
]
MAX_LINES = 100


class LinesField(forms.CharField):
    """A list typed one item per line (empty lines dropped)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", TextLimit.DESCRIPTION * 2)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        lines = [line.strip() for line in str(text).splitlines() if line.strip()]
        if len(lines) > MAX_LINES:
            raise ValidationError(_("Paling banyak %(n)s baris.") % {"n": MAX_LINES})
        if any(len(line) > TextLimit.SHORT_NOTE for line in lines):
            raise ValidationError(
                _("Setiap baris paling panjang %(n)s karakter.") % {"n": TextLimit.SHORT_NOTE}
            )
        return lines


class PlanCreateForm(BaseForm):
    year = YearField(label=_("Tahun"))
    title = forms.CharField(
        label=_("Judul dokumen"), max_length=TextLimit.TITLE, initial="KERANGKA ACUAN KERJA (KAK)"
    )
    programme_name = forms.CharField(label=_("Nama program"), max_length=TextLimit.TITLE)
    activity_name = forms.CharField(label=_("Nama kegiatan"), max_length=TextLimit.TITLE)


class PlanForm(VersionedFormMixin, BaseModelForm):
    executors = LinesField(label=_("Pelaksana"), help_text=_("Satu pelaksana per baris."))

    class Meta:
        model = AnnualPlan
        fields = [
            "title",
            "programme_name",
            "activity_name",
            "executors",
            "signing_place",
            "signing_date",
            "signatory",
            "statistics_source",
        ]
        widgets = {"signing_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from sitrantib.regions.models import Signatory

        self.fields["signatory"].queryset = Signatory.objects.filter(  # type: ignore[attr-defined]
            office__district_id=self.instance.district_id
        ).order_by("role")


class CodeForm(BaseForm):
    level = forms.ChoiceField(label=_("Tingkat"), choices=CodeLevel.choices)
    scheme = forms.CharField(
        label=_("Skema kode"),
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("Skema kode")}),
        help_text=_("Misalnya lokal, atau Permendagri 90/2019."),
    )
    code = forms.CharField(
        label=_("Kode"), max_length=50, widget=forms.TextInput(attrs={"placeholder": "7.01.04"})
    )
    name = forms.CharField(label=_("Nama"), max_length=TextLimit.TITLE, required=False)


class SectionForm(VersionedFormMixin, BaseModelForm):
    items = LinesField(label=_("Butir"), help_text=_("Satu butir per baris."))

    class Meta:
        model = PlanSection
        fields = ["key", "number", "title", "text", "items"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(VersionedFormMixin, BaseModelForm):
    class Meta:
        model = Indicator
        fields = ["level", "name", "unit", "target", "target_text"]


def _participants(lines: list[str]) -> list[ParticipantData]:
    result = []
    for line in lines:
        name, _sep, count = line.rpartition("|")
        if not _sep:
            result.append(ParticipantData(name=line.strip()))
            continue
        count = count.strip()
        if count and not count.isdigit():
            raise ValidationError(
                _("Tulis jumlah orang sebagai angka setelah tanda |, misalnya Linmas | 180.")
            )
        result.append(ParticipantData(name=name.strip(), count=int(count) if count else None))
    return result


class ActivityForm(VersionedFormMixin, BaseModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("Bulan"),
        choices=MONTH_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    executors = LinesField(label=_("Pelaksana"), help_text=_("Satu pelaksana per baris."))
    participants = LinesField(
        label=_("Peserta"),
        help_text=_("Satu peserta per baris; jumlah orang setelah |, misalnya Linmas | 180."),
    )

    class Meta:
        model = PlannedActivity
        fields = [
            "kind",
            "name",
            "procedure",
            "months",
            "schedule",
            "venue",
            "executors",
            "per_village",
            "participants_heading",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["participants"] = "\n".join(
                p.name if p.count is None else f"{p.name} | {p.count}"
                for p in self.instance.participants.order_by("position")
            )
            self.initial["months"] = self.instance.month_list

    def clean_participants(self) -> list[ParticipantData]:
        return _participants(self.cleaned_data.get("participants") or [])


class NoteForm(BaseForm):
    note = forms.CharField(label=_("Catatan"), max_length=TextLimit.SHORT_NOTE, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
