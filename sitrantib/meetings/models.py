import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.storage import private_storage
from sitrantib.meetings.enums import ActionStatus, EvidenceKind, ReminderChannel, ReminderKind
from sitrantib.regions.models import District, Institution

DEFAULT_LETTER_PATTERN = "{classification}/{serial}/{unit_code}/{year}"
DEFAULT_CLASSIFICATION = "300.1.4"


class MeetingKind(models.Model):
    """A kind of meeting (rapat koordinasi, rapat evaluasi, ...): data, seeded by a migration."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis rapat")
        verbose_name_plural = _("jenis rapat")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class InstitutionPerson(TimeStampedModel):
    """A person of a partner institution (Kapolsek, Danramil, Kepala Desa, ...) with position."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("personel instansi")
        verbose_name_plural = _("personel instansi")
        ordering = ["institution", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"

    @property
    def audit_district_code(self) -> str:
        return self.institution.district_id


class LetterNumbering(TimeStampedModel):
    """How one office numbers its letters: a pattern and its unit code (formats.md)."""

    district = models.OneToOneField(
        District, verbose_name=_("kecamatan"), on_delete=models.CASCADE, related_name="numbering"
    )
    pattern = models.CharField(
        _("pola nomor surat"),
        max_length=100,
        default=DEFAULT_LETTER_PATTERN,
        help_text=_("Bagian yang tersedia: {classification}, {serial}, {unit_code}, {year}."),
    )
    unit_code = models.CharField(
        _("kode unit"), max_length=30, blank=True, help_text=_("Misalnya 427.83")
    )
    invitation_classification = models.CharField(
        _("kode klasifikasi undangan"), max_length=30, default=DEFAULT_CLASSIFICATION
    )

    class Meta:
        verbose_name = _("penomoran surat")
        verbose_name_plural = _("penomoran surat")

    def __str__(self) -> str:
        return self.pattern

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class LetterSerial(models.Model):
    """The last serial used per office, classification and year; locked while allocating."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.CASCADE, related_name="+"
    )
    classification = models.CharField(_("kode klasifikasi"), max_length=30)
    year = models.PositiveSmallIntegerField(_("tahun"))
    last_serial = models.PositiveIntegerField(_("nomor urut terakhir"), default=0)

    class Meta:
        verbose_name = _("nomor urut surat")
        verbose_name_plural = _("nomor urut surat")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "classification", "year"],
                name="letterserial_unique_per_year",
                violation_error_message=_("Nomor urut untuk klasifikasi dan tahun ini sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.classification} {self.year}: {self.last_serial}"


class Meeting(TimeStampedModel):
    """A coordination meeting of the kecamatan: invitation, attendance, minutes and decisions."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.ForeignKey(
        MeetingKind, verbose_name=_("jenis rapat"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"), db_index=True)
    ends_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    venue = models.CharField(_("tempat"), max_length=200)
    chair = models.CharField(_("pimpinan rapat"), max_length=150, blank=True)
    letter_number = models.CharField(_("nomor undangan"), max_length=100, blank=True)
    letter_date = models.DateField(_("tanggal undangan"), null=True, blank=True)
    minutes_summary = models.TextField(_("ringkasan notulen"), blank=True)
    minute_taker = models.CharField(_("notulis"), max_length=150, blank=True)
    invited_institutions = models.ManyToManyField(
        Institution,
        verbose_name=_("instansi yang diundang"),
        through="Invitation",
        related_name="meetings_invited",
        blank=True,
    )

    class Meta:
        verbose_name = _("rapat")
        verbose_name_plural = _("rapat")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "-starts_at"], name="meeting_district_start_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Waktu selesai tidak boleh sebelum waktu mulai."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class Invitation(models.Model):
    """One institution invited to a meeting, optionally addressed to one of its people."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="invitations"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    person = models.ForeignKey(
        InstitutionPerson,
        verbose_name=_("personel yang diundang"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        ordering = ["meeting", "institution__kind", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "institution"],
                name="invitation_unique_institution",
                violation_error_message=_("Instansi ini sudah diundang ke rapat ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.institution_id}"

    @property
    def audit_district_code(self) -> str:
        return self.meeting.district_id


class AgendaItem(models.Model):
    """One agenda item of a meeting and, once held, what was discussed under it (notulen)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("acara"), max_length=250)
    discussion = models.TextField(_("pembahasan"), blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("acara rapat")
        verbose_name_plural = _("acara rapat")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_district_code(self) -> str:
        return self.meeting.district_id


class Attendance(models.Model):
    """A person who came to a meeting, and whom they represented."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="attendances"
    )
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("mewakili instansi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        InstitutionPerson,
        verbose_name=_("personel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("daftar hadir")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_district_code(self) -> str:
        return self.meeting.district_id


class Decision(models.Model):
    """A decision (kesimpulan/keputusan) taken in a meeting; follow-ups hang from it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("acara"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.TextField(_("keputusan"))
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("keputusan rapat")
        verbose_name_plural = _("keputusan rapat")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_district_code(self) -> str:
        return self.meeting.district_id


class ActionItem(TimeStampedModel):
    """A follow-up (tindak lanjut) owned by one institution, with a due date and a status.

    "Followed up" means status done with at least one evidence (services enforce it).
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("rapat"), on_delete=models.PROTECT, related_name="action_items"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("keputusan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    description = models.TextField(_("uraian tindak lanjut"))
    owner_institution = models.ForeignKey(
        Institution,
        verbose_name=_("instansi penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    owner_person = models.ForeignKey(
        InstitutionPerson,
        verbose_name=_("personel penanggung jawab"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_date = models.DateField(_("batas waktu"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="actionitem_status_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="actionitem_cancel_has_reason",
                violation_error_message=_("Pembatalan wajib disertai alasan."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ActionStatus]),
                name="actionitem_status_valid",
                violation_error_message=_("Status tindak lanjut tidak dikenal."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:action_item_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.meeting.district_id


class ActionItemTransition(models.Model):
    """One status move of an action item: who moved it, from what to what, and why."""

    item = models.ForeignKey(
        ActionItem,
        verbose_name=_("tindak lanjut"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("dari status"), max_length=20, choices=ActionStatus.choices)
    to_status = models.CharField(_("ke status"), max_length=20, choices=ActionStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
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
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")
        ordering = ["item", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_status} -> {self.to_status}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """Random file names: evidence is served only through a scoped view, never guessed."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"meetings/evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(TimeStampedModel):
    """Proof of a follow-up: a note, a photo or a document."""

    item = models.ForeignKey(
        ActionItem,
        verbose_name=_("tindak lanjut"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=EvidenceKind.choices)
    note = models.TextField(_("catatan"), blank=True)
    file = models.FileField(
        _("berkas"),
        upload_to=evidence_upload_to,
        blank=True,
        max_length=200,
        storage=private_storage,
    )
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    content_type = models.CharField(_("jenis berkas"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)

    class Meta:
        verbose_name = _("bukti tindak lanjut")
        verbose_name_plural = _("bukti tindak lanjut")
        ordering = ["item", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(note="") | ~Q(file=""),
                name="evidence_note_or_file",
                violation_error_message=_("Bukti harus berupa catatan atau berkas."),
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.note[:60]

    def get_absolute_url(self) -> str:
        return reverse("meetings:evidence_file", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.item.meeting.district_id


class SentReminder(models.Model):
    """A reminder already sent on one channel: (item, kind, bucket, channel) is unique, so
    re-runs send nothing twice, and a channel that failed is retried without repeating the other.
    """

    item = models.ForeignKey(
        ActionItem,
        verbose_name=_("tindak lanjut"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=ReminderKind.choices)
    bucket = models.DateField(_("periode pengingat"))
    channel = models.CharField(
        _("saluran"),
        max_length=20,
        choices=ReminderChannel.choices,
        default=ReminderChannel.EMAIL,
    )
    sent_at = models.DateTimeField(_("dikirim pada"), auto_now_add=True)
    recipients = models.TextField(_("penerima"), blank=True)

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "bucket", "channel"],
                name="sentreminder_unique_channel",
                violation_error_message=_("Pengingat ini sudah dikirim."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.bucket} {self.channel}"
