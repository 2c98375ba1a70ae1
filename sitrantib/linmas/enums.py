from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Position(models.TextChoices):
    """Positions of Permendagri 26/2020 (Satlinmas desa)."""

    KEPALA_SATLINMAS = "kepala_satlinmas", _("Kepala Satlinmas")
    KEPALA_PELAKSANA = "kepala_pelaksana", _("Kepala Pelaksana")
    KOMANDAN_REGU = "komandan_regu", _("Komandan Regu")
    ANGGOTA = "anggota", _("Anggota")


class MemberStatus(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    NONAKTIF = "nonaktif", _("Nonaktif")
    BERHENTI = "berhenti", _("Berhenti")
    MENINGGAL = "meninggal", _("Meninggal")


class Education(models.TextChoices):
    """Highest completed schooling, in order (the rank is the position in this list)."""

    TIDAK_SEKOLAH = "tidak_sekolah", _("Tidak/belum sekolah")
    SD = "sd", _("SD/sederajat")
    SLTP = "sltp", _("SLTP/sederajat")
    SLTA = "slta", _("SLTA/sederajat")
    DIPLOMA = "diploma", _("Diploma")
    S1 = "s1", _("S1")
    S2 = "s2", _("S2/S3")


EDUCATION_RANK = {value: rank for rank, value in enumerate(Education.values)}


class MaritalStatus(models.TextChoices):
    BELUM_KAWIN = "belum_kawin", _("Belum kawin")
    KAWIN = "kawin", _("Kawin")
    CERAI = "cerai", _("Cerai hidup/mati")


class ReadinessLevel(models.TextChoices):
    """A desa's readiness from its score (ADR 0013, weighed against the need: ADR 0015)."""

    SIAP = "siap", _("Siap")
    CUKUP = "cukup", _("Cukup")
    KURANG = "kurang", _("Kurang")
    KOSONG = "kosong", _("Belum ada anggota")
    # The desa's need is unknown: no RT count and no target (ADR 0015).
    TAK_NILAI = "tak_nilai", _("Tidak dapat dinilai")
