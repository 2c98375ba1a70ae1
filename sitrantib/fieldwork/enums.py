"""Choices of the field work: visit kinds, situations, activity types, incident statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VisitKind(models.TextChoices):
    """What a field visit is for (KAK: monitoring every desa, accompaniment, monitoring and
    evaluation)."""

    MONITORING = "monitoring", _("Monitoring")
    ACCOMPANIMENT = "accompaniment", _("Pendampingan Satgas/Poskamling")
    EVALUATION = "evaluation", _("Monitoring dan evaluasi")


class Situation(models.TextChoices):
    """The situation of a desa as judged on a visit."""

    KONDUSIF = "kondusif", _("Kondusif")
    WASPADA = "waspada", _("Waspada")
    RAWAN = "rawan", _("Rawan")


class ActivityType(models.TextChoices):
    """Activity types of Permendagri 26/2020 Pasal 3 ayat (4): the controlled vocabulary."""

    DETECTION = "detection", _("Deteksi dan cegah dini")
    GUIDANCE = "guidance", _("Pembinaan dan penyuluhan")
    PATROL = "patrol", _("Patroli")
    SECURING = "securing", _("Pengamanan")
    ESCORT = "escort", _("Pengawalan")
    ENFORCEMENT = "enforcement", _("Penertiban")
    RIOT = "riot", _("Penanganan unjuk rasa dan kerusuhan massa")


class PostCondition(models.TextChoices):
    GOOD = "good", _("Baik")
    MINOR_DAMAGE = "minor_damage", _("Rusak ringan")
    MAJOR_DAMAGE = "major_damage", _("Rusak berat")


class Equipment(models.TextChoices):
    """Basic equipment of a Poskamling (the list the domain notes name)."""

    KENTONGAN = "kentongan", _("Kentongan")
    LIGHT = "light", _("Lampu penerangan")
    FLASHLIGHT = "flashlight", _("Senter")
    RADIO = "radio", _("HT (handy-talkie)")
    VEST = "vest", _("Rompi/jaket pengaman")
    LOGBOOK = "logbook", _("Buku jaga")
    FIRST_AID = "first_aid", _("Kotak P3K")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Senin")
    TUESDAY = 1, _("Selasa")
    WEDNESDAY = 2, _("Rabu")
    THURSDAY = 3, _("Kamis")
    FRIDAY = 4, _("Jumat")
    SATURDAY = 5, _("Sabtu")
    SUNDAY = 6, _("Minggu")


class IncidentStatus(models.TextChoices):
    """reported -> verified -> handled -> closed, or handed over (dirujuk) to the Polsek/Koramil."""

    REPORTED = "reported", _("Dilaporkan")
    VERIFIED = "verified", _("Diverifikasi")
    HANDLED = "handled", _("Ditangani")
    HANDED_OVER = "handed_over", _("Dirujuk ke mitra")
    CLOSED = "closed", pgettext_lazy("status kejadian", "Selesai")
    REJECTED = "rejected", _("Tidak terbukti")


# Statuses in which an incident counts as handled (the desa situation rule, docs/adr/0080).
RESPONDED_STATUSES = frozenset(
    {IncidentStatus.HANDLED, IncidentStatus.HANDED_OVER, IncidentStatus.CLOSED}
)
# Statuses of incidents still waiting for the section.
OPEN_INCIDENT_STATUSES = frozenset({IncidentStatus.REPORTED, IncidentStatus.VERIFIED})


class IncidentSource(models.TextChoices):
    PATROL = "patrol", _("Patroli")
    CITIZEN = "citizen", _("Laporan warga")
    POLSEK = "polsek", _("Polsek")
    KORAMIL = "koramil", _("Koramil")
    VILLAGE = "village", _("Pemerintah desa")
    VISIT = "visit", _("Kunjungan lapangan")
    OTHER = "other", _("Lainnya")


class CitizenReportStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima, menunggu verifikasi")
    VERIFIED = "verified", _("Diverifikasi menjadi kejadian")
    REJECTED = "rejected", _("Ditolak")


class PeriodKind(models.TextChoices):
    MONTH = "month", pgettext_lazy("jenis periode", "Bulan")
    QUARTER = "quarter", _("Triwulan")
    YEAR = "year", _("Tahun")
