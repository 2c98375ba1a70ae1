"""Forms of the survey pages: the period, the questionnaire (public and paper), the import."""

import json
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sitrantib.core.concurrency import MAX_VERSION, VersionedFormMixin
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.regions.models import District
from sitrantib.surveys.enums import Education, Occupation, Sex
from sitrantib.surveys.models import PeriodElement, SurveyPeriod


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(VersionedFormMixin, BaseModelForm):
    district = forms.ModelChoiceField(
        queryset=District.objects.none(), label=_("Kecamatan"), required=True
    )

    class Meta:
        model = SurveyPeriod
        fields = [
            "title",
            "service_unit",
            "services",
            "period_start",
            "period_end",
            "population",
            "follow_up_plan",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "follow_up_plan": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, districts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if districts is None or self.instance.pk:
            del self.fields["district"]
        else:
            district_field = self.fields["district"]
            assert isinstance(district_field, forms.ModelChoiceField)
            district_field.queryset = districts
            if districts.count() == 1:
                self.fields["district"].initial = districts.first()
                self.fields["district"].widget = forms.HiddenInput()


# Large controls for thumbs on a phone (the questionnaire is filled in at the front desk).
_LARGE_CONTROL = "form-control form-control-lg"
_LARGE_SELECT = "form-select form-select-lg"


class QuestionnaireForm(BaseForm):
    """The questionnaire of one period: one 1-4 question per element with its own labels."""

    client_id = forms.UUIDField(widget=forms.HiddenInput())
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect)
    age = forms.IntegerField(
        label=_("Umur (tahun)"),
        min_value=10,
        max_value=110,
        widget=forms.NumberInput(attrs={"class": _LARGE_CONTROL, "inputmode": "numeric"}),
    )
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"),
        choices=[("", "---------"), *Education.choices],
        widget=forms.Select(attrs={"class": _LARGE_SELECT}),
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan utama"),
        choices=[("", "---------"), *Occupation.choices],
        widget=forms.Select(attrs={"class": _LARGE_SELECT}),
    )
    service = forms.CharField(
        label=_("Layanan yang diterima"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": _LARGE_CONTROL}),
    )
    suggestion = forms.CharField(
        label=_("Saran dan masukan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": _LARGE_CONTROL}),
    )
    # Honeypot: hidden from people by CSS; automated senders fill it.
    website = forms.CharField(
        label=_("Situs web"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, elements: list[PeriodElement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.elements = elements
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())
        for element in elements:
            self.fields[element.code] = forms.TypedChoiceField(
                label=element.question,
                choices=[(value, label) for value, label in element.labels],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def element_fields(self) -> list[tuple[PeriodElement, forms.BoundField]]:
        return [(element, self[element.code]) for element in self.elements]

    def answers(self) -> dict[str, int]:
        return {e.code: self.cleaned_data[e.code] for e in self.elements}

    def respondent(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("sex", "age", "education", "occupation", "service")}


class TransitionForm(VersionedFormMixin, BaseForm):
    """A move of a period's status, from the buttons of the detail page."""

    status = forms.CharField(max_length=20)
    note = forms.CharField(max_length=500, required=False)


class ImportForm(BaseForm):
    file = forms.FileField(
        label=_("Berkas XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


_SMALL_CONTROL = "form-control form-control-sm"


class ElementForm(BaseForm):
    """One element of a kecamatan's default questionnaire on the edit page."""

    code = forms.CharField(
        label=_("Kode"), max_length=10, widget=forms.TextInput(attrs={"class": _SMALL_CONTROL})
    )
    name = forms.CharField(
        label=_("Nama unsur"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": _SMALL_CONTROL}),
    )
    weight = forms.IntegerField(
        label=_("Bobot relatif"),
        min_value=1,
        max_value=1000,
        initial=1,
        help_text=_("Bilangan bulat 1 atau lebih; bobot unsur = bobot relatif / jumlah semuanya."),
        widget=forms.NumberInput(attrs={"class": _SMALL_CONTROL, "inputmode": "numeric"}),
    )
    question = forms.CharField(
        label=_("Pertanyaan"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": _SMALL_CONTROL}),
    )
    label_1 = forms.CharField(
        label=_("Label nilai 1"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": _SMALL_CONTROL}),
    )
    label_2 = forms.CharField(
        label=_("Label nilai 2"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": _SMALL_CONTROL}),
    )
    label_3 = forms.CharField(
        label=_("Label nilai 3"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": _SMALL_CONTROL}),
    )
    label_4 = forms.CharField(
        label=_("Label nilai 4"),
        max_length=100,
        widget=forms.TextInput(attrs={"class": _SMALL_CONTROL}),
    )


ElementFormSet = forms.formset_factory(ElementForm, extra=1, can_delete=True)

# At most this many elements travel in the element set's version (far above any questionnaire).
_MAX_SET_ELEMENTS = 200


class ElementSetVersionForm(BaseForm):
    """The element set the page was opened with (code -> version), posted back with the formset.

    A save against a set someone else changed meanwhile is refused (services.StaleElementSet).
    An old page without the field is not checked.
    """

    opened = forms.CharField(widget=forms.HiddenInput, required=False, max_length=8000)

    def clean_opened(self) -> dict[str, int] | None:
        text = self.cleaned_data["opened"]
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        valid = (
            isinstance(value, dict)
            and len(value) <= _MAX_SET_ELEMENTS
            and all(
                isinstance(k, str)
                and isinstance(v, int)
                and not isinstance(v, bool)
                and 1 <= v <= MAX_VERSION
                for k, v in value.items()
            )
        )
        if not valid:
            raise forms.ValidationError(_("Versi daftar unsur tidak terbaca; muat ulang halaman."))
        return value

    @staticmethod
    def encode(version: dict[str, int]) -> str:
        return json.dumps(version, sort_keys=True, separators=(",", ":"))
