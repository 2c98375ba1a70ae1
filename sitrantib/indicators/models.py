"""SAKIP indicators: definitions per kecamatan and year, values per period, the kecamatan's rules.

A definition either names a calculator (calculators.py: it counts from the records of the other
apps and can list the records behind its numerator and denominator) or is manual (a value typed
with evidence, counted only once approved). Values are stored per period (the year, its quarters
and months) and marked stale when a record they count changes; a stale value is computed again
before it is shown, or by `manage.py compute_indicators --year Y` (docs/adr/0091).
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.storage import private_storage
from sitrantib.core.text import TextLimit
from sitrantib.indicators.enums import Method, Polarity, ValueStatus, ZeroTargetRule
from sitrantib.planning.enums import IndicatorLevel
from sitrantib.regions.models import District


def _decimal(label: Any, **kwargs: Any) -> "models.DecimalField[Any, Any]":
    return models.DecimalField(
        label, max_digits=16, decimal_places=4, null=True, blank=True, **kwargs
    )


class IndicatorSettings(TimeStampedModel):
    """A kecamatan's stated rules for achievement (docs/adr/0091)."""

    district = models.OneToOneField(
        District, verbose_name=_("kecamatan"), on_delete=models.CASCADE, related_name="+"
    )
    zero_target = models.CharField(
        _("aturan target 0"),
        max_length=20,
        choices=ZeroTargetRule.choices,
        default=ZeroTargetRule.NOT_APPLICABLE,
    )
    cap_at_100 = models.BooleanField(_("capaian dibatasi 100%"), default=False)

    class Meta:
        verbose_name = _("aturan capaian")
        verbose_name_plural = _("aturan capaian")

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class IndicatorDefinition(TimeStampedModel):
    """One indicator of a kecamatan's plan for a year: what it is, how it is counted, its target."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    plan_indicator = models.ForeignKey(
        "planning.Indicator",
        verbose_name=_("indikator dalam KAK"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="definitions",
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama indikator"), max_length=TextLimit.TITLE)
    level = models.CharField(_("tingkat"), max_length=12, choices=IndicatorLevel.choices)
    unit = models.CharField(_("satuan"), max_length=50)
    polarity = models.CharField(
        _("polaritas"), max_length=10, choices=Polarity.choices, default=Polarity.POSITIVE
    )
    method = models.CharField(
        _("cara menghitung"), max_length=12, choices=Method.choices, default=Method.CALCULATED
    )
    calculator = models.CharField(_("penghitung"), max_length=40, blank=True)
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    source = models.TextField(
        _("sumber data"),
        max_length=TextLimit.SHORT_NOTE,
        blank=True,
        validators=[MaxLengthValidator(TextLimit.SHORT_NOTE)],
    )
    target = models.DecimalField(
        _("target tahunan"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    # Targets of the four quarters where set ([null, 50, null, 100]); the year's otherwise.
    quarter_targets = models.JSONField(_("target triwulan"), default=list, blank=True)
    published = models.BooleanField(_("ditampilkan di halaman publik"), default=False)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("definisi indikator")
        verbose_name_plural = _("definisi indikator")
        ordering = ["district", "year", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "code"],
                name="indicatordefinition_unique_code",
                violation_error_message=_("Kode indikator ini sudah dipakai pada tahun itu."),
            ),
            models.CheckConstraint(
                condition=Q(method=Method.MANUAL) | ~Q(calculator=""),
                name="indicatordefinition_calculated_has_calculator",
                violation_error_message=_("Indikator yang dihitung harus menyebut penghitungnya."),
            ),
        ]
        indexes = [models.Index(fields=["district", "year", "position"], name="indicator_year_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicators:definition_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class IndicatorValue(models.Model):
    """The value of one indicator for one period, with what it was counted from."""

    definition = models.ForeignKey(
        IndicatorDefinition,
        verbose_name=_("indikator"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    # "2026" (year), "2026-Q1" (quarter), "2026-03" (month): the keys of fieldwork's Period.
    period_key = models.CharField(_("periode"), max_length=10)
    period_kind = models.CharField(_("jenis periode"), max_length=10)
    start = models.DateField(_("awal"))
    end = models.DateField(_("akhir"))
    value = _decimal(pgettext_lazy("capaian kinerja", "realisasi"))
    numerator = _decimal(_("pembilang"))
    denominator = _decimal(_("penyebut"))
    target = _decimal(_("target"))
    achievement = models.DecimalField(
        _("capaian (%)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.COMPUTED
    )
    stale = models.BooleanField(_("perlu dihitung ulang"), default=True, db_index=True)
    computed_at = models.DateTimeField(_("dihitung pada"), null=True, blank=True)
    note = models.TextField(
        _("catatan"),
        max_length=TextLimit.SHORT_NOTE,
        blank=True,
        validators=[MaxLengthValidator(TextLimit.SHORT_NOTE)],
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        ordering = ["definition", "start", "period_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "period_key"], name="indicatorvalue_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition} {self.period_key}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:value_detail", kwargs={"pk": self.pk})

    @property
    def grade(self) -> str:
        """The reading of the achievement ("sangat_baik" ... "sangat_kurang"; "" without one)."""
        from sitrantib.indicators.achievement import grade

        return grade(self.achievement)

    @property
    def is_counted(self) -> bool:
        """Whether the value counts: computed, or manual approved with evidence."""
        return self.value is not None

    @property
    def audit_district_code(self) -> str:
        return self.definition.district_id


def evidence_upload_to(instance: "ManualEvidence", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    return f"indicators/evidence/{uuid.uuid4().hex}{suffix}"


class ManualEvidence(models.Model):
    """A file that proves a manual value (a report, a signed list)."""

    value = models.ForeignKey(
        IndicatorValue, verbose_name=_("nilai"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        _("berkas"), upload_to=evidence_upload_to, max_length=200, storage=private_storage
    )
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    content_type = models.CharField(_("jenis berkas"), max_length=100, blank=True)
    description = models.CharField(_("keterangan"), max_length=TextLimit.TITLE, blank=True)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bukti nilai manual")
        verbose_name_plural = _("bukti nilai manual")
        ordering = ["value", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""

    @property
    def audit_district_code(self) -> str:
        return self.value.definition.district_id or ""
