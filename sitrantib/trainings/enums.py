from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingStatus(models.TextChoices):
    """Status of a training; moved only by services.transition_training (docs/adr/0060)."""

    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Pendaftaran dibuka")
    RUNNING = "running", _("Berlangsung")
    FINISHED = "finished", _("Selesai")
    REPORTED = "reported", _("Dilaporkan")
    CANCELLED = "cancelled", _("Dibatalkan")


# Statuses in which participants may still be enrolled or withdrawn.
ENROLLING_STATUSES = frozenset({TrainingStatus.DRAFT, TrainingStatus.OPEN, TrainingStatus.RUNNING})
# Statuses in which attendance and scores may be recorded.
RECORDING_STATUSES = frozenset({TrainingStatus.RUNNING, TrainingStatus.FINISHED})
# Statuses whose completed participants count as trained (readiness, "Jumlah LINMAS terbina").
COUNTED_STATUSES = frozenset({TrainingStatus.FINISHED, TrainingStatus.REPORTED})


class AttendanceStatus(models.TextChoices):
    HADIR = "hadir", _("Hadir")
    IZIN = "izin", _("Izin")
    SAKIT = "sakit", _("Sakit")
    ALPA = "alpa", _("Alpa")


class EnrolmentMethod(models.TextChoices):
    MANUAL = "manual", _("Dipilih satu per satu")
    QUOTA = "quota", _("Kuota per desa")
    VILLAGE = "village", _("Semua anggota desa yang belum terlatih")
    IMPORT = "api", _("Lewat API")
