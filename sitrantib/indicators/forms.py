"""Forms of the indicator pages: a definition, the kecamatan's achievement rules, a manual value
with its evidence, and the approval. Every write goes through indicators.services; these only
read what was typed (docs/dev/building-blocks.md, "Forms")."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.core.text import TextLimit
from sitrantib.core.uploads import UploadKind, UploadValidator
from sitrantib.indicators.calculators import CALCULATORS
from sitrantib.indicators.enums import Method
from sitrantib.indicators.models import IndicatorDefinition, IndicatorSettings
from sitrantib.planning.models import Indicator

DEFINITION_FIELDS = (
    "code",
    "name",
    "level",
    "unit",
    "polarity",
    "method",
    "calculator",
    "source",
    "plan_indicator",
    "params",
    "target",
    "published",
    "position",
)
QUARTERS = (1, 2, 3, 4)
MESSAGE_NEEDS_CALCULATOR = _("Pilih penghitung untuk indikator yang dihitung dari data.")
MESSAGE_MANUAL_NO_CALCULATOR = _(
    "Indikator manual tidak memakai penghitung; kosongkan pilihan ini."
)

DECIMAL_ATTRS = {"inputmode": "decimal", "step": "any"}


def calculator_choices() -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [("", _("— tidak ada (manual) —"))]
    choices += [(code, str(c.name)) for code, c in sorted(CALCULATORS.items())]
    return choices


def _plan_label(indicator: Indicator) -> str:
    return f"{indicator.plan.year} · {indicator.name}"


# A quarter's target holds what the yearly target may hold (16 digits, 4 after the point).
QUARTER_TARGET: dict[str, Any] = {
    "required": False,
    "min_value": 0,
    "max_digits": 16,
    "decimal_places": 4,
    "widget": forms.NumberInput(attrs=DECIMAL_ATTRS),
}


class DefinitionForm(VersionedFormMixin, BaseModelForm):
    """A definition: what it is, how it is counted, its targets (the year's and the quarters')."""

    calculator = forms.ChoiceField(
        label=_("Penghitung"),
        required=False,
        help_text=_("Untuk indikator yang dihitung: cara menghitungnya dijelaskan di bawah."),
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    q1 = forms.DecimalField(label=_("Target triwulan I"), **QUARTER_TARGET)
    q2 = forms.DecimalField(label=_("Target triwulan II"), **QUARTER_TARGET)
    q3 = forms.DecimalField(label=_("Target triwulan III"), **QUARTER_TARGET)
    q4 = forms.DecimalField(label=_("Target triwulan IV"), **QUARTER_TARGET)

    class Meta:
        model = IndicatorDefinition
        fields = DEFINITION_FIELDS
        widgets = {
            "source": forms.Textarea(attrs={"rows": 2}),
            "target": forms.NumberInput(attrs=DECIMAL_ATTRS),
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "code": _("Huruf kecil, angka dan tanda hubung, misalnya desa-tentram."),
            "source": _("Dari mana angkanya diambil, dengan kata-kata."),
            "published": _("Nilai, target dan capaiannya tampil di halaman publik tanpa login."),
            "params": _("Jarang perlu diisi: parameter penghitung dalam JSON, misalnya {}."),
        }

    def __init__(self, *args: Any, district_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The year of a definition stays: a new year gets its own definitions.
            del self.fields["year"]
        else:
            self.initial.setdefault("year", self.instance.year)
        calculator_field = self.fields["calculator"]
        assert isinstance(calculator_field, forms.ChoiceField)
        calculator_field.choices = calculator_choices()
        for number in QUARTERS:
            self.fields[f"q{number}"].widget.attrs.update(DECIMAL_ATTRS)
        targets = list(self.instance.quarter_targets or []) if self.instance.pk else []
        for number, target in zip(QUARTERS, targets, strict=False):
            if target is not None and f"q{number}" not in self.initial:
                self.initial[f"q{number}"] = Decimal(str(target))
        plan_field = self.fields["plan_indicator"]
        assert isinstance(plan_field, forms.ModelChoiceField)
        plan_field.queryset = (
            Indicator.objects.filter(plan__district_id=district_code)
            .select_related("plan")
            .order_by("-plan__year", "plan__revision", "position", "pk")
        )
        plan_field.label_from_instance = _plan_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method")
        calculator = data.get("calculator") or ""
        if method == Method.CALCULATED and not calculator:
            self.add_error("calculator", MESSAGE_NEEDS_CALCULATOR)
        if method == Method.MANUAL and calculator:
            self.add_error("calculator", MESSAGE_MANUAL_NO_CALCULATOR)
        return data

    def _post_clean(self) -> None:
        # The quarter targets travel as one list; the model checks the rest.
        self.instance.quarter_targets = self.quarter_targets()
        if "year" in self.fields and self.cleaned_data.get("year"):
            self.instance.year = self.cleaned_data["year"]
        super()._post_clean()  # type: ignore[misc]

    def quarter_targets(self) -> list[str | None]:
        values = [self.cleaned_data.get(f"q{n}") for n in QUARTERS]
        if all(v is None for v in values):
            return []
        return [None if v is None else str(v) for v in values]

    def definition_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in DEFINITION_FIELDS}
        data["calculator"] = data["calculator"] or ""
        data["quarter_targets"] = self.quarter_targets()
        return data


class SettingsForm(VersionedFormMixin, BaseModelForm):
    class Meta:
        model = IndicatorSettings
        fields = ("zero_target", "cap_at_100")
        widgets = {"zero_target": forms.RadioSelect}
        help_texts = {
            "zero_target": _(
                "Tidak ada aturan nasional untuk target 0. Pilih: capaian tidak dihitung, atau "
                "100% bila realisasi memenuhi target 0 (polaritas positif: nilai berapa pun; "
                "polaritas negatif: hanya realisasi 0) dan 0% bila tidak."
            ),
            "cap_at_100": _(
                "Bila dicentang, capaian dibatasi paling tinggi 100%. Bila tidak, "
                "capaian ditampilkan apa adanya, misalnya 107,14%."
            ),
        }

    def settings_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ManualValueForm(VersionedFormMixin, BaseForm):
    """The value of a manual indicator for one period, its note and a file that proves it."""

    number = forms.DecimalField(
        label=pgettext_lazy("capaian kinerja", "Realisasi"),
        max_digits=16,
        decimal_places=4,
        min_value=0,
        widget=forms.NumberInput(attrs=DECIMAL_ATTRS),
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=TextLimit.SHORT_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dari mana angka ini: laporan, daftar hadir, berita acara."),
    )
    evidence = forms.FileField(
        label=_("Bukti (PDF atau foto)"),
        required=False,
        validators=[UploadValidator(UploadKind.SCAN)],
        help_text=_("Nilai manual dihitung setelah ada bukti dan disetujui."),
    )
    description = forms.CharField(
        label=_("Keterangan bukti"), required=False, max_length=TextLimit.TITLE
    )

    def __init__(self, *args: Any, has_evidence: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_evidence = has_evidence

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.has_evidence and not data.get("evidence") and "evidence" not in self.errors:
            self.add_error(
                "evidence",
                ValidationError(_("Unggah bukti: nilai manual harus disertai bukti.")),
            )
        return data


class ApproveForm(BaseForm):
    """A deliberate click: the approver has read the value and its evidence."""

    confirm = forms.BooleanField(label=_("Saya sudah memeriksa nilai dan buktinya"), required=True)
