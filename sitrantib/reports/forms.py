"""Forms of the reports pages: the section's analysis of one indicator's achievement (ADR 0102).
Every write goes through reports.performance.narrative.save_narrative; this only reads what was
typed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sitrantib.core.concurrency import MAX_VERSION, VersionedFormMixin
from sitrantib.core.forms import BaseModelForm
from sitrantib.reports.models import IndicatorNarrative


class NarrativeForm(VersionedFormMixin, BaseModelForm):
    """Causes of success or failure, remedies and a note on efficiency. The hidden version is 0
    when the analysis did not exist yet when the page was opened, so a second person writing a
    first analysis at the same time is refused instead of overwriting it."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        max_value=MAX_VERSION,
        label=_("versi"),
    )

    class Meta:
        model = IndicatorNarrative
        fields = ("causes", "remedies", "efficiency")
        widgets = {
            "causes": forms.Textarea(attrs={"rows": 5}),
            "remedies": forms.Textarea(attrs={"rows": 5}),
            "efficiency": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "causes": _(
                "Mengapa target tercapai atau tidak tercapai tahun ini. Dicetak pada LKjIP Bab III."
            ),
            "remedies": _("Apa yang dilakukan atau akan dilakukan agar target tercapai."),
            "efficiency": _(
                "Boleh kosong: penggunaan anggaran, tenaga dan waktu untuk capaian ini."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial.setdefault("version", 0)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any((cleaned.get(name) or "").strip() for name in self.Meta.fields):
            raise forms.ValidationError(
                _("Tulis paling tidak penyebab, upaya perbaikan atau catatan efisiensi.")
            )
        return cleaned

    def narrative_data(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
