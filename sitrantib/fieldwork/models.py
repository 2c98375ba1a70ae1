"""Field work: Poskamling and Satgas registers, field visits, incidents, citizen reports.

Every record names its desa and, denormalised, its kecamatan (`district`) so that scope filters
and the kecamatan-wide lists use one indexed column. Visits and incidents carry a client-made id
(`client_id`, unique): a resend of the same report returns the first record (docs/adr/0081).
Whether a desa is "tentram dan tertib" in a period is computed by `situation.py` from visits and
incidents under the kecamatan's `SituationRule` (docs/adr/0080); nothing is ticked by hand.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.storage import private_storage
from sitrantib.core.text import TextLimit
from sitrantib.fieldwork.enums import (
    CitizenReportStatus,
    IncidentSource,
    IncidentStatus,
    PostCondition,
    Situation,
    VisitKind,
    Weekday,
)
from sitrantib.regions.models import District, Hamlet, Institution, Village

MAX_LOSS = Decimal("999999999999")
# UNVERIFIED default (docs/adr/0080): configurable per kecamatan in SituationRule.
DEFAULT_SERIOUS_INCIDENT_DAYS = 7


def _text(label: Any, limit: int, **kwargs: Any) -> "models.TextField[Any, Any]":
    return models.TextField(
        label, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs
    )


def _latitude() -> "models.DecimalField[Any, Any]":
    return models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )


def _longitude() -> "models.DecimalField[Any, Any]":
    return models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )


def _both_or_neither(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(latitude__isnull=True, longitude__isnull=True)
        | Q(latitude__isnull=False, longitude__isnull=False),
        name=f"{prefix}_coordinates_pair",
        violation_error_message=_("Lintang dan bujur diisi keduanya atau tidak sama sekali."),
    )


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


class SituationRule(TimeStampedModel):
    """How a kecamatan decides that a desa is "tentram dan tertib" in a period (docs/adr/0080).

    A desa is tentram dan tertib when every condition switched on holds:
    - `require_visit`: it was visited at least once in the period;
    - `require_rawan_resolved`: no visit judged "rawan" on or before the period's last day is
      still unresolved at the end of that day;
    - `serious_incident_days` (N, None = off): no serious incident was, on any day of the
      period, unhandled for longer than N days (handled = moved to handled, handed over or
      closed; an incident handled exactly N days after it happened is on time).
    """

    district = models.OneToOneField(
        District, verbose_name=_("kecamatan"), on_delete=models.CASCADE, related_name="+"
    )
    require_visit = models.BooleanField(_("wajib dikunjungi dalam periode"), default=True)
    require_rawan_resolved = models.BooleanField(
        _("situasi rawan harus sudah ditangani pada akhir periode"), default=True
    )
    serious_incident_days = models.PositiveSmallIntegerField(
        _("batas hari penanganan kejadian serius"),
        null=True,
        blank=True,
        default=DEFAULT_SERIOUS_INCIDENT_DAYS,
        validators=[MaxValueValidator(365)],
        help_text=_("Kosongkan untuk tidak memakai syarat ini."),
    )

    class Meta:
        verbose_name = _("aturan desa tentram dan tertib")
        verbose_name_plural = _("aturan desa tentram dan tertib")

    def __str__(self) -> str:
        return str(self.district)

    @property
    def audit_district_code(self) -> str:
        return self.district_id


# Registers ---------------------------------------------------------------------------------------


class Post(TimeStampedModel):
    """A Poskamling (pos ronda): where it is, its condition, equipment and duty roster."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="posts"
    )
    hamlet = models.ForeignKey(
        Hamlet,
        verbose_name=_("dusun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
    )
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    name = models.CharField(_("nama pos"), max_length=TextLimit.NAME)
    address = models.CharField(_("alamat/patokan"), max_length=TextLimit.TITLE, blank=True)
    latitude = _latitude()
    longitude = _longitude()
    condition = models.CharField(
        _("kondisi"), max_length=20, choices=PostCondition.choices, default=PostCondition.GOOD
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    equipment = models.JSONField(_("perlengkapan"), default=list, blank=True)
    equipment_note = models.CharField(
        _("perlengkapan lain"), max_length=TextLimit.SHORT_NOTE, blank=True
    )
    note = _text(_("catatan"), TextLimit.SHORT_NOTE, blank=True)

    class Meta:
        verbose_name = _("Poskamling")
        verbose_name_plural = _("Poskamling")
        ordering = ["village_id", "name", "pk"]
        indexes = [
            models.Index(fields=["district", "village", "name"], name="post_scope_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"],
                name="post_unique_name_per_village",
                violation_error_message=_("Poskamling dengan nama ini sudah ada di desa ini."),
            ),
            _both_or_neither("post"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:post_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class PostDuty(models.Model):
    """One night of a Poskamling's roster (jadwal ronda): which night, which group."""

    post = models.ForeignKey(
        Post, verbose_name=_("Poskamling"), on_delete=models.CASCADE, related_name="duties"
    )
    weekday = models.PositiveSmallIntegerField(_("malam"), choices=Weekday.choices)
    group_name = models.CharField(_("regu/kelompok"), max_length=TextLimit.NAME, blank=True)

    class Meta:
        verbose_name = _("jadwal ronda")
        verbose_name_plural = _("jadwal ronda")
        ordering = ["post", "weekday", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="postduty_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.post} — {self.get_weekday_display()}"


class PostDutyPerson(models.Model):
    """A person on a roster night: a LINMAS member of the register where they are one."""

    duty = models.ForeignKey(
        PostDuty, verbose_name=_("jadwal"), on_delete=models.CASCADE, related_name="people"
    )
    member = models.ForeignKey(
        "linmas.Member",
        verbose_name=_("anggota LINMAS"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="post_duties",
    )
    name = models.CharField(_("nama"), max_length=TextLimit.NAME)

    class Meta:
        verbose_name = _("petugas ronda")
        verbose_name_plural = _("petugas ronda")
        ordering = ["duty", "pk"]

    def __str__(self) -> str:
        return self.name


class TaskForce(TimeStampedModel):
    """The Satgas Keamanan Desa of one desa: its decree, leader, equipment and members."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.OneToOneField(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="task_force"
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    leader_name = models.CharField(_("ketua"), max_length=TextLimit.NAME, blank=True)
    leader_member = models.ForeignKey(
        "linmas.Member",
        verbose_name=_("ketua (anggota LINMAS)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    vest_count = models.PositiveIntegerField(_("jumlah rompi"), default=0)
    radio_count = models.PositiveIntegerField(_("jumlah HT"), default=0)
    equipment_note = models.CharField(
        _("perlengkapan lain"), max_length=TextLimit.SHORT_NOTE, blank=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    note = _text(_("catatan"), TextLimit.SHORT_NOTE, blank=True)

    class Meta:
        verbose_name = _("Satgas Keamanan Desa")
        verbose_name_plural = _("Satgas Keamanan Desa")
        ordering = ["village_id"]
        indexes = [models.Index(fields=["district", "village"], name="taskforce_scope_idx")]

    def __str__(self) -> str:
        return str(_("Satgas Keamanan Desa %(village)s") % {"village": self.village.name})

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:task_force_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class TaskForceMember(models.Model):
    """A member of a Satgas: a LINMAS member of the register where they are one."""

    task_force = models.ForeignKey(
        TaskForce, verbose_name=_("Satgas"), on_delete=models.CASCADE, related_name="members"
    )
    member = models.ForeignKey(
        "linmas.Member",
        verbose_name=_("anggota LINMAS"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_forces",
    )
    name = models.CharField(_("nama"), max_length=TextLimit.NAME)
    position = models.CharField(_("jabatan"), max_length=60, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("anggota Satgas")
        verbose_name_plural = _("anggota Satgas")
        ordering = ["task_force", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "member"],
                condition=Q(member__isnull=False),
                name="taskforcemember_unique_member",
                violation_error_message=_("Anggota LINMAS ini sudah tercatat di Satgas ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


# Visits ------------------------------------------------------------------------------------------


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
    findings = _text(_("temuan"), TextLimit.DESCRIPTION, blank=True)
    situation = models.CharField(_("situasi"), max_length=10, choices=Situation.choices)
    situation_reason = _text(_("alasan penilaian situasi"), TextLimit.SHORT_NOTE, blank=True)
    # A "rawan" judgement stays open until resolved (the situation rule, docs/adr/0080).
    resolved_on = models.DateField(_("situasi rawan ditangani pada"), null=True, blank=True)
    resolution_note = _text(_("catatan penanganan"), TextLimit.SHORT_NOTE, blank=True)
    latitude = _latitude()
    longitude = _longitude()

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
            _both_or_neither("visit"),
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
    text = _text(_("rekomendasi"), TextLimit.SHORT_NOTE)
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


# Incidents ---------------------------------------------------------------------------------------


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
    description = _text(_("uraian kejadian"), TextLimit.DESCRIPTION)
    affected_count = models.PositiveIntegerField(_("jumlah orang terdampak"), default=0)
    losses = _text(_("kerugian"), TextLimit.SHORT_NOTE, blank=True)
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
    status_note = _text(_("catatan status"), TextLimit.SHORT_NOTE, blank=True)
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
    latitude = _latitude()
    longitude = _longitude()

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
            _both_or_neither("incident"),
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
    note = _text(_("catatan"), TextLimit.SHORT_NOTE, blank=True)
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


# Citizen reports ---------------------------------------------------------------------------------


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
    description = _text(_("uraian"), TextLimit.DESCRIPTION)
    contact_name = models.CharField(_("nama pelapor"), max_length=TextLimit.NAME, blank=True)
    contact_phone = models.CharField(_("nomor HP pelapor"), max_length=20, blank=True)
    received_at = models.DateTimeField(_("diterima pada"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CitizenReportStatus.choices,
        default=CitizenReportStatus.RECEIVED,
    )
    reason = _text(_("alasan penolakan"), TextLimit.SHORT_NOTE, blank=True)
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


# Photos ------------------------------------------------------------------------------------------


def photo_upload_to(instance: "FieldPhoto", filename: str) -> str:
    """Random names: photos are served only through a scoped view."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"fieldwork/photos/{uuid.uuid4().hex}{suffix}"


class FieldPhoto(models.Model):
    """A photo of a visit, an incident or a citizen report, re-encoded without metadata (the GPS
    position only where the user chose to keep it: core.uploads.prepare_photo)."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    citizen_report = models.ForeignKey(
        CitizenReport, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    file = models.FileField(
        _("foto"), upload_to=photo_upload_to, max_length=200, storage=private_storage
    )
    caption = models.CharField(_("keterangan"), max_length=TextLimit.TITLE, blank=True)
    kept_location = models.BooleanField(_("lokasi foto disimpan"), default=False)
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
        verbose_name = _("foto lapangan")
        verbose_name_plural = _("foto lapangan")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(visit__isnull=False, incident__isnull=True, citizen_report__isnull=True)
                    | Q(visit__isnull=True, incident__isnull=False, citizen_report__isnull=True)
                    | Q(visit__isnull=True, incident__isnull=True, citizen_report__isnull=False)
                ),
                name="fieldphoto_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or str(self.file.name or "")
