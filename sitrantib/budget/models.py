"""Budget lines per year with their ceiling (pagu) and its revisions, and the money spent.

A line keeps its name as written and an optional account code in any of the forms in use,
compared by `code_key` (codes.py). Spending never takes a line past its ceiling: the service
refuses it; a ceiling revised below what is already spent is kept (it was decided outside the
system) and shown as a data-quality finding (docs/adr/0041-budget-codes-and-ceiling.md).
"""

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.storage import private_storage
from sitrantib.core.text import TextLimit

MAX_AMOUNT = Decimal("999999999999999")  # 15 digits of whole rupiah


def _money(label: Any, **kwargs: Any) -> "models.DecimalField[Any, Any]":
    return models.DecimalField(
        label,
        max_digits=15,
        decimal_places=0,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
        **kwargs,
    )


class BudgetTable(TimeStampedModel):
    """A printed table of budget lines with the total it states (e.g. the KAK's requested lines)."""

    district = models.ForeignKey(
        "regions.District", verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    title = models.CharField(_("judul tabel"), max_length=TextLimit.TITLE)
    stated_total = _money(_("jumlah tercetak"), null=True, blank=True)
    plan = models.ForeignKey(
        "planning.AnnualPlan",
        verbose_name=_("rencana"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_tables",
    )
    source_note = models.CharField(_("sumber"), max_length=TextLimit.SHORT_NOTE, blank=True)

    class Meta:
        verbose_name = _("tabel anggaran")
        verbose_name_plural = _("tabel anggaran")
        ordering = ["district", "-year", "pk"]
        indexes = [models.Index(fields=["district", "year"], name="budgettable_district_year_idx")]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class BudgetLine(TimeStampedModel):
    """One line of a year's budget: code (optional), name as written, ceiling, what it funds."""

    district = models.ForeignKey(
        "regions.District",
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    table = models.ForeignKey(
        BudgetTable,
        verbose_name=_("tabel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines",
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    code = models.CharField(
        _("kode rekening"),
        max_length=40,
        blank=True,
        help_text=_(
            "Boleh kosong. Contoh: 5.1.02.01.01.0052, 5.1.2.01.01.0052 atau 5.1.02.01.001.00052."
        ),
    )
    code_key = models.CharField(
        _("kode rekening (dinormalkan)"), max_length=60, blank=True, editable=False
    )
    name = models.CharField(_("uraian"), max_length=TextLimit.TITLE)
    name_key = models.CharField(
        _("uraian (dinormalkan)"), max_length=TextLimit.TITLE, editable=False
    )
    ceiling = _money(_("pagu"))
    initial_amount = _money(_("nilai awal"), editable=False, default=Decimal(0))
    activity = models.ForeignKey(
        "planning.PlannedActivity",
        verbose_name=_("kegiatan yang dibiayai"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
    )

    class Meta:
        verbose_name = _("mata anggaran")
        verbose_name_plural = _("mata anggaran")
        ordering = ["district", "year", "position", "pk"]
        indexes = [
            models.Index(fields=["district", "year"], name="budgetline_district_year_idx"),
            models.Index(fields=["district", "code_key"], name="budgetline_code_idx"),
            models.Index(fields=["district", "name_key"], name="budgetline_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.code} {self.name}".replace("  ", " ")

    def get_absolute_url(self) -> str:
        return reverse("budget:line", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class CeilingRevision(TimeStampedModel):
    """A change of a line's ceiling: when, from what to what, and why."""

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("mata anggaran"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    on_date = models.DateField(_("tanggal"))
    previous_amount = _money(_("pagu sebelumnya"))
    new_amount = _money(_("pagu baru"))
    reason = models.CharField(_("alasan"), max_length=TextLimit.SHORT_NOTE)

    class Meta:
        verbose_name = _("revisi pagu")
        verbose_name_plural = _("revisi pagu")
        ordering = ["line", "on_date", "pk"]

    def __str__(self) -> str:
        return f"{self.line_id} {self.on_date}: {self.previous_amount} -> {self.new_amount}"

    @property
    def audit_district_code(self) -> str:
        return self.line.district_id

    @property
    def change(self) -> Decimal:
        return self.new_amount - self.previous_amount


class Spending(TimeStampedModel):
    """Money spent from a line (realisasi): date, amount, what for, evidence, the event it paid."""

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("mata anggaran"),
        on_delete=models.PROTECT,
        related_name="spending",
    )
    on_date = models.DateField(_("tanggal"))
    amount = _money(
        _("jumlah"),
    )
    description = models.CharField(_("uraian"), max_length=TextLimit.SHORT_NOTE)
    evidence = models.FileField(
        _("bukti"),
        upload_to="budget/evidence/",
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    evidence_name = models.CharField(_("nama berkas bukti"), max_length=200, blank=True)
    event_kind = models.CharField(_("jenis kegiatan yang dibiayai"), max_length=30, blank=True)
    event_id = models.PositiveBigIntegerField(_("ID kegiatan yang dibiayai"), null=True, blank=True)
    event_label = models.CharField(
        _("kegiatan yang dibiayai"), max_length=TextLimit.TITLE, blank=True
    )

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["line", "on_date", "pk"]
        indexes = [models.Index(fields=["line", "on_date"], name="spending_line_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="spending_amount_positive",
                violation_error_message=_("Jumlah realisasi harus lebih dari nol."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.on_date} {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("budget:line", kwargs={"pk": self.line_id})

    @property
    def audit_district_code(self) -> str:
        return self.line.district_id
