"""Forms of the survey pages: the period, the questionnaire (public and paper), the import."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sitrantib.regions.models import District
from sitrantib.surveys.enums import Education, Occupation, Sex
from sitrantib.surveys.models import PeriodElement, SurveyPeriod


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.ModelForm):
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
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class QuestionnaireForm(forms.Form):
    """The questionnaire of one period: one 1-4 question per element with its own labels."""

    client_id = forms.UUIDField(widget=forms.HiddenInput())
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect)
    age = forms.IntegerField(label=_("Umur (tahun)"), min_value=10, max_value=110)
    education = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=[("", "---------"), *Education.choices]
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan utama"), choices=[("", "---------"), *Occupation.choices]
    )
    service = forms.CharField(label=_("Layanan yang diterima"), max_length=200, required=False)
    suggestion = forms.CharField(
        label=_("Saran dan masukan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Honeypot: hidden from people by CSS; automated senders fill it.
    website = forms.CharField(label=_("Situs web"), required=False)

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
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["age"].widget.attrs.update({"inputmode": "numeric"})
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            if name != "website":
                field.widget.attrs["class"] += " form-control-lg" if css == "form-control" else ""

    def element_fields(self) -> list[tuple[PeriodElement, forms.BoundField]]:
        return [(element, self[element.code]) for element in self.elements]

    def answers(self) -> dict[str, int]:
        return {e.code: self.cleaned_data[e.code] for e in self.elements}

    def respondent(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("sex", "age", "education", "occupation", "service")}


class TransitionForm(forms.Form):
    status = forms.CharField()


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )


class ImportConfirmForm(forms.Form):
    content = forms.CharField(widget=forms.HiddenInput())


class ElementForm(forms.Form):
    """One element of a kecamatan's default questionnaire on the edit page."""

    code = forms.CharField(label=_("Kode"), max_length=10)
    name = forms.CharField(label=_("Nama unsur"), max_length=150)
    weight = forms.IntegerField(
        label=_("Bobot relatif"),
        min_value=1,
        max_value=1000,
        initial=1,
        help_text=_("Bilangan bulat 1 atau lebih; bobot unsur = bobot relatif / jumlah semuanya."),
    )
    question = forms.CharField(label=_("Pertanyaan"), max_length=300)
    label_1 = forms.CharField(label=_("Label nilai 1"), max_length=100)
    label_2 = forms.CharField(label=_("Label nilai 2"), max_length=100)
    label_3 = forms.CharField(label=_("Label nilai 3"), max_length=100)
    label_4 = forms.CharField(label=_("Label nilai 4"), max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
            if name == "weight":
                field.widget.attrs["inputmode"] = "numeric"


ElementFormSet = forms.formset_factory(ElementForm, extra=1, can_delete=True)
