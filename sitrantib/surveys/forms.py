"""Forms of the survey pages: the period, the questionnaire (public and paper), the import."""

import json
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sitrantib.core.concurrency import MAX_VERSION, VersionedFormMixin
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.regions.models import District
from sitrantib.regions.search import offer_districts
from sitrantib.surveys.enums import Education, Occupation, Sex
from sitrantib.surveys.models import PeriodElement, SurveyPeriod


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(VersionedFormMixin, BaseModelForm):
    district = forms.ModelChoiceField(
        queryset=District.objects.none(),
        label=_("Kecamatan"),
        required=True,
        empty_label=_("— pilih kecamatan —"),
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
            "services": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, districts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if districts is None or self.instance.pk:
            del self.fields["district"]
        else:
            offer_districts(self, "district", districts)  # a search for a wide scope
            if districts.count() == 1:
                self.fields["district"].initial = districts.first()
                self.fields["district"].widget = forms.HiddenInput()


# Large controls for thumbs on a phone (the questionnaire is filled in at the front desk).
_LARGE_CONTROL = "form-control form-control-lg"
_LARGE_SELECT = "form-select form-select-lg"


MESSAGE_QUESTION_UNANSWERED = _("Pertanyaan %(number)s — %(name)s: belum dijawab.")
MESSAGE_SERVICE_CHOICE = _("Pilih layanan dari daftar: %(services)s.")

# The fields in the order the page shows them: the first one in error gets the focus.
_PROFILE_ORDER = ("sex", "age", "education", "occupation", "service")


class QuestionnaireForm(BaseForm):
    """The questionnaire of one period: one 1-4 question per element with its own labels.

    The service is a choice among the period's services (`services`); without services the
    field is left out. An unanswered question's error names it ("Pertanyaan 4 — Waktu
    Penyelesaian: belum dijawab."); `focus_first_error` puts `autofocus` on the first field in
    error, so the browser scrolls to it without JavaScript.
    """

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
        choices=[("", _("— pilih pendidikan —")), *Education.choices],
        widget=forms.Select(attrs={"class": _LARGE_SELECT}),
    )
    occupation = forms.ChoiceField(
        label=_("Pekerjaan utama"),
        choices=[("", _("— pilih pekerjaan —")), *Occupation.choices],
        widget=forms.Select(attrs={"class": _LARGE_SELECT}),
    )
    service = forms.ChoiceField(
        label=_("Layanan yang diterima"),
        widget=forms.Select(attrs={"class": _LARGE_SELECT}),
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

    def __init__(
        self,
        *args: Any,
        elements: list[PeriodElement],
        services: list[str] | None = None,
        service_required: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.elements = elements
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())
        self._set_services(services or [], required=service_required)
        for number, element in enumerate(elements, start=1):
            unanswered = MESSAGE_QUESTION_UNANSWERED % {"number": number, "name": element.name}
            self.fields[element.code] = forms.TypedChoiceField(
                label=element.question,
                choices=[(value, label) for value, label in element.labels],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": unanswered, "invalid_choice": unanswered},
            )

    def _set_services(self, services: list[str], *, required: bool) -> None:
        """Only the period's services are offered; one service alone is chosen already."""
        if not services:
            del self.fields["service"]
            return
        field = self.fields["service"]
        assert isinstance(field, forms.ChoiceField)
        empty = _("— pilih layanan —") if required else _("— tidak diisi —")
        field.choices = [("", empty), *((name, name) for name in services)]
        field.required = required
        field.error_messages["invalid_choice"] = MESSAGE_SERVICE_CHOICE % {
            "services": "; ".join(services)
        }
        field.error_messages["required"] = _("Pilih layanan yang Anda terima.")
        if len(services) == 1 and required:
            self.initial.setdefault("service", services[0])

    def ordered_errors(self) -> list[tuple[str, str, str]]:
        """(field name, anchor id, message) of every field error, in the order of the page."""
        codes = [e.code for e in self.elements]
        found: list[tuple[str, str, str]] = []
        for name in [*_PROFILE_ORDER, *codes, "suggestion"]:
            if name in self.fields and name in self.errors:
                anchor = f"question-{name}" if name in codes else f"field-{name}"
                found.extend((name, anchor, str(message)) for message in self.errors[name])
        return found

    def focus_first_error(self) -> None:
        """`autofocus` on the first field in error: the page opens scrolled to it."""
        errors = self.ordered_errors()
        if errors:
            widget = self.fields[errors[0][0]].widget
            widget.attrs = {**widget.attrs, "autofocus": True}

    def element_fields(self) -> list[tuple[PeriodElement, forms.BoundField, str]]:
        """(element, its field, its "not answered" message) in the order of the page."""
        return [
            (element, self[element.code], str(self.fields[element.code].error_messages["required"]))
            for element in self.elements
        ]

    def answers(self) -> dict[str, int]:
        return {e.code: self.cleaned_data[e.code] for e in self.elements}

    def respondent(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data.get(k) or "" for k in _PROFILE_ORDER} | {"age": data["age"]}

    def add_submission_errors(self, errors: dict[str, Any]) -> None:
        """The field errors of a refused submission (services.InvalidSubmission) beside their
        fields; what has no field here goes to the top of the form."""
        placed = False
        for group in ("answers", "respondent"):
            for name, messages in errors.get(group, {}).items():
                if name in self.fields:
                    self.add_error(name, messages)
                    placed = True
        for message in errors.get("suggestion", []):
            self.add_error("suggestion", message)
            placed = True
        others = list(errors.get("non_field_errors", []))
        if others or not placed:
            self.add_error(None, others or [_("Periksa kembali isian yang ditandai.")])


class TransitionForm(VersionedFormMixin, BaseForm):
    """A move of a period's status, from the buttons of the detail page."""

    status = forms.CharField(max_length=20)
    note = forms.CharField(max_length=500, required=False)


class PublishForm(VersionedFormMixin, BaseForm):
    """The confirmation of publishing: below the sample target it must be ticked explicitly."""

    accept_below_target = forms.BooleanField(
        label=_("Saya mengerti hasil ini belum representatif dan tetap mempublikasikannya."),
        required=False,
    )

    def __init__(self, *args: Any, shortfall: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.shortfall = shortfall
        if not shortfall:
            del self.fields["accept_below_target"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.shortfall and not data.get("accept_below_target"):
            self.add_error(
                "accept_below_target",
                _(
                    "Sampel masih kurang %(n)s responden. Centang pernyataan ini untuk tetap "
                    "mempublikasikan, atau buka kembali survei sampai target tercapai."
                )
                % {"n": self.shortfall},
            )
        return data


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
