"""Incidents: their categories (data, seeded with the domain's list), the incident moved through
its statuses, and the history of those moves."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.text import TextLimit
from sitrantib.fieldwork.enums import IncidentSource, IncidentStatus
from sitrantib.fieldwork.models.fields import (
    coordinates_pair,
    latitude_field,
    longitude_field,
    text_field,
)
from sitrantib.regions.models import District, Hamlet, Institution, Village

MAX_LOSS = Decimal("999999999999")


class IncidentCategory(models.Model):
    """A kind of disturbance (curanmor, banjir, ...): data, seeded with the domain's default list.

    `is_serious`: incidents of this category count in the situation rule's "serious incident left
    unhandled" condition (docs/adr/0080).
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    group = models.CharField(_("kelompok"), max_length=60, blank=True)
    is_serious = models.BooleanField(_("kejadian serius"), default=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori kejadian")
        verbose_name_plural = _("kategori kejadian")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Incident(TimeStampedModel):
    """A disturbance or disaster in a desa, moved reported -> verified -> handled -> closed or
    handed over to a partner (Polsek/Koramil), who then sees it."""

    client_id = models.UUIDField(_("id kiriman"), default=uuid.uuid4, unique=True, editable=False)
    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="incidents"
    )
    hamlet = models.ForeignKey(
        Hamlet,
        verbose_name=_("dusun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
    )
    place = models.CharField(_("tempat"), max_length=TextLimit.TITLE, blank=True)
    category = models.ForeignKey(
        IncidentCategory,
        verbose_name=_("kategori"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    occurred_at = models.DateTimeField(_("waktu kejadian"))
    description = text_field(_("uraian kejadian"), TextLimit.DESCRIPTION)
    affected_count = models.PositiveIntegerField(_("jumlah orang terdampak"), default=0)
    losses = text_field(_("kerugian"), TextLimit.SHORT_NOTE, blank=True)
    loss_amount = models.DecimalField(
        _("taksiran kerugian (Rp)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_LOSS)],
    )
    source = models.CharField(_("sumber laporan"), max_length=20, choices=IncidentSource.choices)
    is_serious = models.BooleanField(_("kejadian serius"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=IncidentStatus.choices,
        default=IncidentStatus.REPORTED,
    )
    status_note = text_field(_("catatan status"), TextLimit.SHORT_NOTE, blank=True)
    handed_to = models.ForeignKey(
        Institution,
        verbose_name=_("dirujuk ke"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents_handed_over",
    )
    # The first moment the incident was handled, handed over or closed (situation rule).
    responded_at = models.DateTimeField(_("mulai ditangani"), null=True, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()

    class Meta:
        verbose_name = _("kejadian")
        verbose_name_plural = _("kejadian")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "occurred_at"], name="incident_district_time_idx"),
            models.Index(fields=["village", "occurred_at"], name="incident_village_time_idx"),
            models.Index(fields=["district", "status"], name="incident_status_idx"),
            models.Index(fields=["handed_to", "occurred_at"], name="incident_partner_idx"),
            models.Index(fields=["category", "occurred_at"], name="incident_category_idx"),
        ]
        constraints = [
            coordinates_pair("incident"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in IncidentStatus]),
                name="incident_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=IncidentStatus.HANDED_OVER) | Q(handed_to__isnull=False),
                name="incident_handed_over_has_partner",
                violation_error_message=_("Kejadian yang dirujuk harus menyebut instansi mitra."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.name} — {self.village.name} {self.occurred_at:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:incident_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class IncidentTransition(models.Model):
    """One move of an incident's status: when, by whom, with what note."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("kejadian"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("dari status"), max_length=20, choices=IncidentStatus.choices)
    to_status = models.CharField(_("ke status"), max_length=20, choices=IncidentStatus.choices)
    note = text_field(_("catatan"), TextLimit.SHORT_NOTE, blank=True)
    handed_to = models.ForeignKey(
        Institution,
        verbose_name=_("dirujuk ke"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat status kejadian")
        verbose_name_plural = _("riwayat status kejadian")
        ordering = ["incident", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
