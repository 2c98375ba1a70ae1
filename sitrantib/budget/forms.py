"""Forms of the budget pages."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sitrantib.budget.models import MAX_AMOUNT, BudgetLine
from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.filters import BoundedDateField, YearField
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.core.text import TextLimit
from sitrantib.core.uploads import UploadKind, UploadValidator
from sitrantib.planning.models import PlannedActivity

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_value=MAX_AMOUNT, decimal_places=0, max_digits=15
    )


class LineForm(VersionedFormMixin, BaseModelForm):
    class Meta:
        model = BudgetLine
        fields = ["code", "name", "activity"]

    def __init__(self, *args: Any, activities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = (  # type: ignore[attr-defined]
            activities if activities is not None else PlannedActivity.objects.none()
        )


class NewLineForm(LineForm):
    ceiling = _amount(_("Pagu (Rp)"))

    class Meta(LineForm.Meta):
        fields = ["code", "name", "ceiling", "activity"]


class RevisionForm(VersionedFormMixin, BaseForm):
    new_amount = _amount(_("Pagu baru (Rp)"))
    on_date = BoundedDateField(label=_("Tanggal"), widget=DATE_WIDGET, initial=timezone.localdate)
    reason = forms.CharField(label=_("Alasan"), max_length=TextLimit.SHORT_NOTE)


class SpendingForm(BaseForm):
    on_date = BoundedDateField(label=_("Tanggal"), widget=DATE_WIDGET, initial=timezone.localdate)
    amount = _amount(_("Jumlah (Rp)"))
    description = forms.CharField(label=_("Uraian"), max_length=TextLimit.SHORT_NOTE)
    evidence = forms.FileField(
        label=_("Bukti (PDF atau foto)"),
        required=False,
        validators=[UploadValidator(UploadKind.EVIDENCE)],
    )
    event = forms.ChoiceField(label=_("Kegiatan yang dibiayai"), required=False)
    event_label = forms.CharField(
        label=_("Kegiatan yang dibiayai (uraian)"),
        max_length=TextLimit.TITLE,
        required=False,
        help_text=_("Bila kegiatannya belum tercatat di SiTrantib."),
    )

    def __init__(self, *args: Any, events: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events = {f"{e.kind}:{e.object_id}": e for e in events if e.object_id}
        cast(forms.ChoiceField, self.fields["event"]).choices = [
            ("", _("— tanpa kegiatan tercatat —"))
        ] + [(key, f"{e.on_date:%d-%m-%Y} {e.label}") for key, e in self.events.items()]
        if not self.events:
            del self.fields["event"]


class ImportForm(BaseForm):
    year = YearField(label=_("Tahun anggaran"))
    file = forms.FileField(label=_("Berkas XLSX"))


class YearForm(BaseForm):
    tahun = YearField(label=_("Tahun"), required=False)
