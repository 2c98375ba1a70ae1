"""Citizen reports from the public form (no login), moderated into an incident or rejected with
a reason (docs/adr/0082)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sitrantib.core.text import TextLimit
from sitrantib.fieldwork.enums import CitizenReportStatus
from sitrantib.fieldwork.models.fields import text_field
from sitrantib.fieldwork.models.incidents import Incident, IncidentCategory
from sitrantib.regions.models import District, Village


class CitizenReport(models.Model):
    """A report from the public form (no login), waiting to be verified into an incident or
    rejected with a reason. The reporter follows it with `tracking_code`; the contact is personal
    data shown only to the section (docs/adr/0082)."""

    client_id = models.UUIDField(_("id kiriman"), unique=True)
    tracking_code = models.CharField(_("kode laporan"), max_length=12, unique=True)
    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="citizen_reports"
    )
    category = models.ForeignKey(
        IncidentCategory,
        verbose_name=_("kategori"),
        on_delete=models.PROTECT,
        related_name="citizen_reports",
    )
    place = models.CharField(_("tempat"), max_length=TextLimit.TITLE)
    occurred_at = models.DateTimeField(_("waktu kejadian"))
    description = text_field(_("uraian"), TextLimit.DESCRIPTION)
    contact_name = models.CharField(_("nama pelapor"), max_length=TextLimit.NAME, blank=True)
    contact_phone = models.CharField(_("nomor HP pelapor"), max_length=20, blank=True)
    received_at = models.DateTimeField(_("diterima pada"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CitizenReportStatus.choices,
        default=CitizenReportStatus.RECEIVED,
    )
    reason = text_field(_("alasan penolakan"), TextLimit.SHORT_NOTE, blank=True)
    incident = models.OneToOneField(
        Incident,
        verbose_name=_("kejadian"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citizen_report",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperiksa oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    # Shown in the audit log to administrators only (core.audit.visible_changes).
    audit_personal_fields = ("contact_name", "contact_phone")

    class Meta:
        verbose_name = _("pengaduan warga")
        verbose_name_plural = _("pengaduan warga")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "status", "received_at"], name="report_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CitizenReportStatus.REJECTED) | ~Q(reason=""),
                name="citizenreport_rejection_has_reason",
                violation_error_message=_("Penolakan wajib disertai alasan."),
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def audit_district_code(self) -> str:
        return self.district_id
