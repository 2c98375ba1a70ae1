"""Forms of the overview pages: the period chooser, the year of the calendar, the situation rule."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sitrantib.core.concurrency import VersionedFormMixin
from sitrantib.core.forms import BaseForm, BaseModelForm
from sitrantib.fieldwork.models import SituationRule
from sitrantib.fieldwork.situation import Period, current_month, parse_period


class PeriodForm(BaseForm):
    """?period=2026-03 (month), 2026-Q1 (quarter) or 2026 (year); this month when empty."""

    period = forms.CharField(
        label=_("Periode"),
        max_length=10,
        required=False,
        help_text=_("Bulan 2026-03, triwulan 2026-Q1 atau tahun 2026."),
    )

    def clean_period(self) -> Period:
        text = (self.cleaned_data.get("period") or "").strip()
        if not text:
            return current_month()
        try:
            return parse_period(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class YearForm(BaseForm):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)

    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("tahun"):
            return int(self.cleaned_data["tahun"])
        return timezone.localdate().year


class RuleForm(VersionedFormMixin, BaseModelForm):
    class Meta:
        model = SituationRule
        fields = ("require_visit", "require_rawan_resolved", "serious_incident_days")
        widgets = {
            "serious_incident_days": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 0, "max": 365}
            )
        }
        help_texts = {
            "require_visit": _(
                "Desa dihitung tentram dan tertib hanya bila petugas mengunjunginya paling "
                "sedikit sekali dalam periode itu. Ini juga dasar hitungan “desa terpantau”."
            ),
            "require_rawan_resolved": _(
                "Bila sebuah kunjungan menilai situasi desa “rawan”, desa itu baru dihitung "
                "tentram dan tertib setelah penanganannya dicatat paling lambat hari terakhir "
                "periode."
            ),
            "serious_incident_days": _(
                "Kejadian serius (misalnya kebakaran, pencurian dengan kekerasan) harus mulai "
                "ditangani, dirujuk ke mitra atau diselesaikan paling lambat sekian hari setelah "
                "terjadi. Ditangani tepat pada hari ke-N masih tepat waktu. Kosongkan untuk "
                "tidak memakai syarat ini."
            ),
        }

    def rule_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


def month_starts(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]
