"""Field visits to a desa: the visit with its judged situation, its team and its recommendations
(a recommendation may become an action item of the follow-up ledger)."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.text import TextLimit
from sitrantib.fieldwork.enums import Situation, VisitKind
from sitrantib.fieldwork.models.fields import (
    coordinates_pair,
    latitude_field,
    longitude_field,
    text_field,
)
from sitrantib.fieldwork.models.registers import Post, TaskForce
from sitrantib.regions.models import District, Institution, Village


class Visit(TimeStampedModel):
    """A field visit to one desa: what was done and found, the situation judged, the follow-ups."""

    client_id = models.UUIDField(_("id kiriman"), default=uuid.uuid4, unique=True, editable=False)
    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="visits"
    )
    kind = models.CharField(_("jenis kunjungan"), max_length=20, choices=VisitKind.choices)
    planned_activity = models.ForeignKey(
        "planning.PlannedActivity",
        verbose_name=_("kegiatan dalam rencana"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    visited_at = models.DateTimeField(_("waktu kunjungan"))
    ended_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    posts = models.ManyToManyField(
        Post, verbose_name=_("Poskamling yang dikunjungi"), blank=True, related_name="visits"
    )
    task_force = models.ForeignKey(
        TaskForce,
        verbose_name=_("Satgas yang didampingi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    place = models.CharField(_("tempat"), max_length=TextLimit.TITLE, blank=True)
    activity_types = models.JSONField(_("jenis kegiatan"), default=list, blank=True)
    findings = text_field(_("temuan"), TextLimit.DESCRIPTION, blank=True)
    situation = models.CharField(_("situasi"), max_length=10, choices=Situation.choices)
    situation_reason = text_field(_("alasan penilaian situasi"), TextLimit.SHORT_NOTE, blank=True)
    # A "rawan" judgement stays open until resolved (the situation rule, docs/adr/0080).
    resolved_on = models.DateField(_("situasi rawan ditangani pada"), null=True, blank=True)
    resolution_note = text_field(_("catatan penanganan"), TextLimit.SHORT_NOTE, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()

    class Meta:
        verbose_name = _("kunjungan lapangan")
        verbose_name_plural = _("kunjungan lapangan")
        ordering = ["-visited_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "visited_at"], name="visit_district_time_idx"),
            models.Index(fields=["village", "visited_at"], name="visit_village_time_idx"),
            models.Index(
                fields=["district", "situation", "resolved_on"], name="visit_situation_idx"
            ),
        ]
        constraints = [
            coordinates_pair("visit"),
            models.CheckConstraint(
                condition=Q(situation__in=[s.value for s in Situation]),
                name="visit_situation_valid",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(situation=Situation.RAWAN),
                name="visit_only_rawan_resolved",
                violation_error_message=_("Hanya situasi rawan yang dicatat penanganannya."),
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("visited_at")),
                name="visit_end_after_start",
                violation_error_message=_("Waktu selesai tidak boleh sebelum waktu mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.village.name} {self.visited_at:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:visit_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id

    @property
    def is_unresolved_rawan(self) -> bool:
        return self.situation == Situation.RAWAN and self.resolved_on is None


class VisitTeamMember(models.Model):
    """One person of a visit's team, with their institution (kecamatan, Polsek, Koramil, desa)."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("kunjungan"), on_delete=models.CASCADE, related_name="team"
    )
    name = models.CharField(_("nama"), max_length=TextLimit.NAME)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.CharField(_("jabatan"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("tim kunjungan")
        verbose_name_plural = _("tim kunjungan")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.name


class VisitRecommendation(models.Model):
    """A recommendation of a visit; it may become an action item of the follow-up ledger."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("kunjungan"), on_delete=models.CASCADE, related_name="recommendations"
    )
    text = text_field(_("rekomendasi"), TextLimit.SHORT_NOTE)
    action_item = models.OneToOneField(
        "meetings.ActionItem",
        verbose_name=_("tindak lanjut"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_recommendation",
    )

    class Meta:
        verbose_name = _("rekomendasi kunjungan")
        verbose_name_plural = _("rekomendasi kunjungan")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
