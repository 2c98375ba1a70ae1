"""Follow-ups: the action items, their status history, evidence and sent reminders."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.storage import private_storage
from sitrantib.core.text import TextLimit
from sitrantib.meetings.enums import ActionStatus, EvidenceKind, ReminderChannel, ReminderKind
from sitrantib.meetings.models.meetings import Decision, Meeting
from sitrantib.meetings.models.people import InstitutionPerson
from sitrantib.regions.models import District, Institution

# What a follow-up asks, and a note of evidence: a paragraph or two.
ITEM_TEXT_LENGTH = 2000


class ActionItem(TimeStampedModel):
    """A follow-up (tindak lanjut) owned by one institution, with a due date and a status.

    "Followed up" means status done with at least one evidence (services enforce it).
    Most items come from a meeting (a decision of it, or assigned on its page); an item without a
    meeting comes from another app (a field visit's recommendation: docs/adr/0083), which tells
    its origin through `meetings.origins`, and carries the date it arose on (`origin_date`).
    Scoping goes through `district` whatever the origin.
    """

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("one meeting", "rapat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    # The date of what an item without a meeting came from (the visit): no due date before it.
    origin_date = models.DateField(_("tanggal asal"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("keputusan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    description = models.TextField(
        _("uraian tindak lanjut"),
        max_length=ITEM_TEXT_LENGTH,
        validators=[MaxLengthValidator(ITEM_TEXT_LENGTH)],
    )
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
    cancel_reason = models.TextField(
        _("alasan pembatalan"),
        blank=True,
        max_length=TextLimit.SHORT_NOTE,
        validators=[MaxLengthValidator(TextLimit.SHORT_NOTE)],
    )
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
            models.CheckConstraint(
                condition=Q(decision__isnull=True) | Q(meeting__isnull=False),
                name="actionitem_decision_needs_meeting",
                violation_error_message=_("Hanya tindak lanjut dari rapat yang punya keputusan."),
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(origin_date__isnull=False),
                name="actionitem_meeting_or_origin_date",
                violation_error_message=_(
                    "Tindak lanjut tanpa rapat wajib mencatat tanggal asalnya."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("meetings:action_item_detail", kwargs={"pk": self.pk})

    @property
    def is_followed_up(self) -> bool:
        """Done with at least one evidence. Reads the `has_evidence` annotation of
        `selectors.with_follow_up_flags` when present (no query), else asks the database."""
        if self.status != ActionStatus.DONE:
            return False
        has_evidence = getattr(self, "has_evidence", None)
        if has_evidence is None:
            return self.evidence.exists()
        return bool(has_evidence)

    @property
    def audit_district_code(self) -> str:
        return self.district_id


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
    note = models.TextField(
        _("catatan"),
        blank=True,
        max_length=TextLimit.SHORT_NOTE,
        validators=[MaxLengthValidator(TextLimit.SHORT_NOTE)],
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
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")
        ordering = ["item", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_status} -> {self.to_status}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    """Random file names: evidence is served only through a scoped view, never guessed."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"meetings/evidence/{uuid.uuid4().hex}{suffix}"


def evidence_thumbnail_upload_to(instance: "Evidence", filename: str) -> str:
    """A small copy of a photo, under its own random name (served only through a scoped view)."""
    suffix = PurePosixPath(filename).suffix.lower() or ".jpg"
    return f"meetings/evidence/thumbs/{uuid.uuid4().hex}{suffix}"


class Evidence(TimeStampedModel):
    """Proof of a follow-up: a note, a photo or a document."""

    item = models.ForeignKey(
        ActionItem,
        verbose_name=_("tindak lanjut"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=EvidenceKind.choices)
    note = models.TextField(
        _("catatan"),
        blank=True,
        max_length=ITEM_TEXT_LENGTH,
        validators=[MaxLengthValidator(ITEM_TEXT_LENGTH)],
    )
    file = models.FileField(
        _("berkas"),
        upload_to=evidence_upload_to,
        blank=True,
        max_length=200,
        storage=private_storage,
    )
    thumbnail = models.FileField(
        _("gambar kecil"),
        upload_to=evidence_thumbnail_upload_to,
        blank=True,
        max_length=200,
        storage=private_storage,
        editable=False,
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
    def has_thumbnail(self) -> bool:
        """A photo with its file: the page shows its small copy."""
        return self.kind == EvidenceKind.PHOTO and bool(self.file)

    @property
    def audit_district_code(self) -> str:
        return self.item.district_id


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
    recipients = models.TextField(
        _("penerima"),
        blank=True,
        max_length=TextLimit.DESCRIPTION,
        validators=[MaxLengthValidator(TextLimit.DESCRIPTION)],
    )

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
