"""The yearly activity plan (KAK) of the Trantib section: its codes, text, indicators, activities.

A plan is one revision of one kecamatan's plan for one year. Drafts are edited; the Camat approves
a draft; an approved plan is never edited again — a change starts a new draft revision (the
approved one stays readable) that, once approved, supersedes it (docs/adr/0040).
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.text import TextLimit
from sitrantib.planning.enums import (
    ActivityKind,
    CodeLevel,
    IndicatorLevel,
    PlanStatus,
    SectionKey,
)


def _text(
    label: Any, limit: int = TextLimit.DESCRIPTION, **kwargs: Any
) -> "models.TextField[Any, Any]":
    return models.TextField(
        label, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs
    )


class AnnualPlan(TimeStampedModel):
    """One revision of a kecamatan's yearly activity plan (KAK), with who approved it and when."""

    district = models.ForeignKey(
        "regions.District",
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    revision = models.PositiveSmallIntegerField(_("revisi"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    title = models.CharField(_("judul dokumen"), max_length=TextLimit.TITLE)
    programme_name = models.CharField(_("nama program"), max_length=TextLimit.TITLE)
    activity_name = models.CharField(_("nama kegiatan"), max_length=TextLimit.TITLE)
    executors = models.JSONField(
        _("pelaksana"), default=list, blank=True, help_text=_("Satu pelaksana per baris.")
    )
    signing_place = models.CharField(
        _("tempat penandatanganan"), max_length=TextLimit.NAME, blank=True
    )
    signing_date = models.DateField(_("tanggal penandatanganan"), null=True, blank=True)
    signatory = models.ForeignKey(
        "regions.Signatory",
        verbose_name=_("penandatangan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    statistics_source = models.ForeignKey(
        "regions.StatisticSource",
        verbose_name=_("sumber data desa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tabel wilayah dan penduduk per desa yang dirujuk rencana ini."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("revisi sebelumnya"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_revisions",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("disalin dari"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    status_note = models.CharField(_("catatan status"), max_length=TextLimit.SHORT_NOTE, blank=True)
    source_note = models.CharField(_("asal data"), max_length=TextLimit.SHORT_NOTE, blank=True)

    class Meta:
        verbose_name = _("rencana kegiatan")
        verbose_name_plural = _("rencana kegiatan")
        ordering = ["-year", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "revision"],
                name="plan_unique_revision",
                violation_error_message=_("Revisi rencana ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["district", "year"],
                condition=Q(status="draft"),
                name="plan_one_draft_per_year",
                violation_error_message=_("Sudah ada draf rencana untuk tahun ini."),
            ),
            models.UniqueConstraint(
                fields=["district", "year"],
                condition=Q(status="approved"),
                name="plan_one_approved_per_year",
                violation_error_message=_("Sudah ada rencana yang disetujui untuk tahun ini."),
            ),
        ]
        indexes = [models.Index(fields=["district", "year"], name="plan_district_year_idx")]

    def __str__(self) -> str:
        return f"KAK {self.year} rev. {self.revision}"

    def get_absolute_url(self) -> str:
        return reverse("planning:detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanCode(models.Model):
    """A programme, kegiatan or sub-kegiatan code in one scheme (a local one, or 7.01.04...)."""

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="codes"
    )
    level = models.CharField(_("tingkat"), max_length=12, choices=CodeLevel.choices)
    scheme = models.CharField(
        _("skema kode"),
        max_length=50,
        help_text=_("Misalnya lokal, atau Permendagri 90/2019."),
    )
    code = models.CharField(_("kode"), max_length=50)
    name = models.CharField(_("nama"), max_length=TextLimit.TITLE, blank=True)

    class Meta:
        verbose_name = _("kode program/kegiatan")
        verbose_name_plural = _("kode program/kegiatan")
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "level", "scheme"],
                name="plancode_one_per_scheme",
                violation_error_message=_("Kode untuk tingkat dan skema ini sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.scheme})"


class PlanSection(models.Model):
    """One text section of the KAK: its printed number and heading, a paragraph and a list."""

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField(_("bagian"), max_length=30, choices=SectionKey.choices)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    number = models.CharField(_("nomor"), max_length=20, blank=True)
    title = models.CharField(_("judul"), max_length=TextLimit.TITLE)
    text = _text(_("uraian"), blank=True)
    items = models.JSONField(_("butir"), default=list, blank=True)
    tables = models.JSONField(
        _("tabel yang dirujuk"),
        default=list,
        blank=True,
        help_text=_("Judul tabel data desa yang dimuat dari sumber statistik wilayah."),
    )

    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("bagian KAK")
        verbose_name_plural = _("bagian KAK")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Indicator(models.Model):
    """A performance indicator of the plan at one level, with its target for the plan's year."""

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="indicators"
    )
    level = models.CharField(_("tingkat"), max_length=12, choices=IndicatorLevel.choices)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("indikator"), max_length=TextLimit.TITLE)
    unit = models.CharField(_("satuan"), max_length=50, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_text = models.CharField(
        _("target (uraian)"),
        max_length=TextLimit.NAME,
        blank=True,
        help_text=_("Untuk target berupa rentang atau kata, misalnya 80-90 atau Baik."),
    )
    printed_in = models.CharField(_("tercetak di"), max_length=100, blank=True)

    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_target(self) -> bool:
        return self.target is not None or bool(self.target_text)

    @property
    def target_display(self) -> Decimal | str | None:
        return self.target if self.target is not None else (self.target_text or None)


class PlannedActivity(models.Model):
    """An activity the plan schedules: kind, months, venue, executors and who takes part."""

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="activities"
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    kind = models.CharField(_("jenis"), max_length=15, choices=ActivityKind.choices)
    name = models.CharField(_("nama kegiatan"), max_length=TextLimit.TITLE)
    procedure = models.CharField(_("prosedur"), max_length=TextLimit.SHORT_NOTE, blank=True)
    months = models.JSONField(_("bulan"), default=list, blank=True)
    schedule = models.CharField(_("waktu (tercetak)"), max_length=TextLimit.SHORT_NOTE, blank=True)
    venue = models.CharField(_("tempat"), max_length=TextLimit.SHORT_NOTE, blank=True)
    executors = models.JSONField(_("pelaksana"), default=list, blank=True)
    per_village = models.BooleanField(
        _("di setiap desa"),
        default=False,
        help_text=_("Dilaksanakan di masing-masing desa: kalender menunjukkan per desa."),
    )
    participants_heading = models.CharField(
        _("judul daftar peserta (tercetak)"), max_length=TextLimit.SHORT_NOTE, blank=True
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("disalin dari"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("kegiatan terencana")
        verbose_name_plural = _("kegiatan terencana")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_district_code(self) -> str:
        return self.plan.district_id

    @property
    def month_list(self) -> list[int]:
        return sorted(int(m) for m in self.months)


class Participant(models.Model):
    """Who takes part in a planned activity, with a count where the plan gives one."""

    activity = models.ForeignKey(
        PlannedActivity,
        verbose_name=_("kegiatan"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("peserta"), max_length=TextLimit.NAME)
    count = models.PositiveIntegerField(_("jumlah orang"), null=True, blank=True)
    printed = models.CharField(_("tercetak"), max_length=TextLimit.SHORT_NOTE, blank=True)

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["activity", "position", "pk"]

    def __str__(self) -> str:
        return self.name if self.count is None else f"{self.name} ({self.count})"
