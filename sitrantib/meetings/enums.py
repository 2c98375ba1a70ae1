from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    """Status of a follow-up; moved only by services.transition_action_item."""

    OPEN = "open", _("Terbuka")
    IN_PROGRESS = "in_progress", _("Dikerjakan")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


# Statuses in which an item still waits for its owner (counted as overdue after the due date).
PENDING_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


class EvidenceKind(models.TextChoices):
    NOTE = "note", _("Catatan")
    PHOTO = "photo", _("Foto")
    DOCUMENT = "document", _("Dokumen")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Jatuh tempo dalam 7 hari")
    OVERDUE = "overdue", _("Lewat jatuh tempo")


class Mover(models.TextChoices):
    """Who may make a status move: the section's administrator or the owning institution."""

    ADMIN = "admin", _("Admin Seksi Trantib")
    OWNER = "owner", _("Pemilik tindak lanjut")


class ReminderChannel(models.TextChoices):
    """How a reminder went out; each channel is recorded (and retried) on its own."""

    EMAIL = "email", _("E-mail")
    GATEWAY = "gateway", _("Gerbang pesan")
