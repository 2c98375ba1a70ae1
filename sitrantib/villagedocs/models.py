"""Village documents: types with deadline rules, obligations per desa and period, submissions.

A desa is obliged to send a document for a period (an `Obligation`, generated from the type's
rule or, for documents that follow an event such as the Kepala Desa's inauguration, made by hand
with the event's date). Each sending is a `Submission` whose receipt time is stamped by the
system, never typed. The section accepts a submission or returns it with a reason; whether the
obligation was met on time is decided by the kecamatan's stated basis (docs/adr/0090).
"""

import datetime as dt
import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.storage import private_storage
from sitrantib.core.text import TextLimit
from sitrantib.regions.models import District, Village
from sitrantib.villagedocs.enums import (
    Channel,
    Frequency,
    ObligationStatus,
    OnTimeBasis,
    Verdict,
)

# Statuses of an obligation with nothing that may still be accepted: late once past the deadline.
LATE_STATUSES = (ObligationStatus.OPEN, ObligationStatus.RETURNED)

# UNVERIFIED defaults (docs/adr/0090): configurable per kecamatan.
DEFAULT_REMINDER_DAYS = 7


def _text(label: Any, limit: int, **kwargs: Any) -> "models.TextField[Any, Any]":
    return models.TextField(
        label, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs
    )


class DocumentType(TimeStampedModel):
    """A document desa send to or through the kecamatan, with the rule that sets its deadline.

    The rule by frequency (periods: a month, a half year, a year):
    - monthly: due `due_day` of the month after the period (day 10 by default);
    - semester: due on `due_month`/`due_day` of the period's year (semester I: 31 July);
    - yearly: due on `due_month`/`due_day` of the period's year plus `year_offset` (RKPDes for year
      Y: 30 September of Y-1, offset -1; LPPD for Y: 31 March of Y+1, offset +1);
    - event: due `due_months_after_event` calendar months after the event date given on the
      obligation (RPJMDes: 3 months after the inauguration; 30 November + 3 months = the last
      day of February), or `due_days_after_event` days after it (draft APBDes: 3 days).
    A `due_day` above the month's length means its last day. Rules are data: a kabupaten may set
    earlier deadlines. `district` empty = the default for every kecamatan.
    """

    district = models.ForeignKey(
        District,
        verbose_name=_("kecamatan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong: berlaku untuk semua kecamatan."),
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama dokumen"), max_length=TextLimit.TITLE)
    basis = models.CharField(_("dasar hukum"), max_length=TextLimit.TITLE, blank=True)
    frequency = models.CharField(_("frekuensi"), max_length=10, choices=Frequency.choices)
    due_month = models.PositiveSmallIntegerField(
        _("bulan batas waktu"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    due_day = models.PositiveSmallIntegerField(
        _("tanggal batas waktu"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    year_offset = models.SmallIntegerField(
        _("geser tahun"), default=0, validators=[MinValueValidator(-1), MaxValueValidator(1)]
    )
    due_days_after_event = models.PositiveSmallIntegerField(
        _("hari sesudah peristiwa"), null=True, blank=True, validators=[MaxValueValidator(366)]
    )
    due_months_after_event = models.PositiveSmallIntegerField(
        _("bulan sesudah peristiwa"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("Bulan kalender; bila diisi, dipakai sebagai ganti hari sesudah peristiwa."),
    )
    semester = models.PositiveSmallIntegerField(
        _("semester"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2)],
        help_text=_("Untuk dokumen semesteran yang hanya wajib pada satu semester."),
    )
    counts_for_indicator = models.BooleanField(
        _("dihitung dalam indikator ketepatan waktu"), default=True
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis dokumen desa")
        verbose_name_plural = _("jenis dokumen desa")
        ordering = ["order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "code"],
                name="documenttype_unique_code_per_district",
                violation_error_message=_("Kode jenis dokumen ini sudah dipakai."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(district__isnull=True),
                name="documenttype_unique_default_code",
                violation_error_message=_("Kode jenis dokumen ini sudah dipakai."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_district_code(self) -> str | None:
        return self.district_id

    def clean(self) -> None:
        """The rule must be complete for its frequency (messages under the field to fill)."""
        super().clean()
        errors: dict[str, Any] = {}
        if self.frequency == Frequency.YEARLY:
            if self.due_month is None:
                errors["due_month"] = _("Isi bulan batas waktu untuk dokumen tahunan.")
            if self.due_day is None:
                errors["due_day"] = _("Isi tanggal batas waktu untuk dokumen tahunan.")
        elif self.frequency == Frequency.EVENT:
            if self.due_days_after_event is None and self.due_months_after_event is None:
                errors["due_months_after_event"] = _(
                    "Isi berapa bulan atau berapa hari sesudah peristiwa batas waktunya."
                )
            elif self.due_days_after_event is not None and self.due_months_after_event is not None:
                errors["due_days_after_event"] = _(
                    "Isi bulan atau hari sesudah peristiwa, bukan keduanya."
                )
        if errors:
            raise ValidationError(errors)


class DocumentSettings(TimeStampedModel):
    """A kecamatan's choices for its village documents (docs/adr/0090)."""

    district = models.OneToOneField(
        District, verbose_name=_("kecamatan"), on_delete=models.CASCADE, related_name="+"
    )
    on_time_basis = models.CharField(
        _("dasar tepat waktu"),
        max_length=10,
        choices=OnTimeBasis.choices,
        default=OnTimeBasis.ACCEPTED,
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("pengingat berapa hari sebelum batas waktu"),
        default=DEFAULT_REMINDER_DAYS,
        validators=[MaxValueValidator(60)],
    )

    class Meta:
        verbose_name = _("pengaturan dokumen desa")
        verbose_name_plural = _("pengaturan dokumen desa")

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class Obligation(TimeStampedModel):
    """One desa's duty to send one document for one period, with its deadline."""

    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("jenis dokumen"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="obligations"
    )
    # "2026" (year), "2026-S1" (half year), "2026-03" (month) or "2026-E<n>" (an event).
    period_key = models.CharField(_("periode"), max_length=12)
    year = models.PositiveSmallIntegerField(_("tahun"))
    event_date = models.DateField(_("tanggal peristiwa"), null=True, blank=True)
    due_date = models.DateField(_("batas waktu"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ObligationStatus.choices,
        default=ObligationStatus.OPEN,
    )
    # The receipt that decides "on time" under the kecamatan's basis, kept when it is known
    # (services.refresh_obligation); None while nothing counts yet.
    counted_received_at = models.DateTimeField(
        _("waktu terima yang dihitung"), null=True, blank=True
    )
    on_time = models.BooleanField(_("tepat waktu"), null=True, blank=True)
    note = _text(_("catatan"), TextLimit.SHORT_NOTE, blank=True)

    class Meta:
        verbose_name = _("kewajiban dokumen")
        verbose_name_plural = _("kewajiban dokumen")
        ordering = ["due_date", "village_id", "pk"]
        indexes = [
            models.Index(fields=["district", "year", "document_type"], name="obligation_year_idx"),
            models.Index(fields=["village", "due_date"], name="obligation_village_idx"),
            models.Index(fields=["district", "status", "due_date"], name="obligation_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "village", "period_key"],
                name="obligation_unique_per_period",
                violation_error_message=_("Kewajiban dokumen ini untuk periode itu sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ObligationStatus]),
                name="obligation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_type.name} {self.period_key} — {self.village.name}"

    def get_absolute_url(self) -> str:
        return reverse("villagedocs:obligation_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id

    def is_late(self, today: dt.date) -> bool:
        """Past its deadline with nothing received or only a returned document (the same rule
        as selectors.late_obligations; one waiting for the section's check is not late yet)."""
        return self.status in LATE_STATUSES and today > self.due_date


def submission_upload_to(instance: "Submission", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    return f"villagedocs/{uuid.uuid4().hex}{suffix}"


class Submission(models.Model):
    """One sending of a document: uploaded by the desa or stamped as received at the kecamatan.
    `received_at` is set by the system when it is recorded, never typed (docs/adr/0090)."""

    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("kewajiban"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    channel = models.CharField(_("cara"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("diterima pada"), auto_now_add=True, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(
        _("berkas"),
        upload_to=submission_upload_to,
        blank=True,
        max_length=200,
        storage=private_storage,
    )
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)
    note = _text(_("catatan"), TextLimit.SHORT_NOTE, blank=True)
    verdict = models.CharField(
        _("hasil pemeriksaan"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING
    )
    verdict_reason = _text(_("alasan dikembalikan"), TextLimit.SHORT_NOTE, blank=True)
    verdict_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperiksa oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pengiriman dokumen")
        verbose_name_plural = _("pengiriman dokumen")
        ordering = ["obligation", "received_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(verdict=Verdict.RETURNED) | ~Q(verdict_reason=""),
                name="submission_return_has_reason",
                violation_error_message=_("Dokumen yang dikembalikan wajib disertai alasan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.obligation} ({self.received_at:%d-%m-%Y})"

    @property
    def audit_district_code(self) -> str:
        return self.obligation.district_id


class SentDocumentReminder(models.Model):
    """A reminder already sent to one person for an obligation: never twice for the same kind and
    bucket (reminders.py: "soon" once per deadline, "late" once per week)."""

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("kewajiban"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=10)  # "soon" or "late"
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("one person", "penerima"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    bucket = models.DateField(_("kelompok"))
    sent_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat dokumen terkirim")
        verbose_name_plural = _("pengingat dokumen terkirim")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "kind", "user", "bucket"], name="documentreminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.bucket}"
