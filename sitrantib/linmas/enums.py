from decimal import Decimal

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
    """A desa's readiness from its score (ADR 0013)."""

    SIAP = "siap", _("Siap")
    CUKUP = "cukup", _("Cukup")
    KURANG = "kurang", _("Kurang")
    KOSONG = "kosong", _("Belum ada anggota")


def readiness_score(
    *, active: int, with_decree: int, with_valid_card: int, equipment_required: int, shortage: int
) -> Decimal | None:
    """Mean of the known shares (SK, valid KTA, equipment covered); None without active members.

    Pure, so the readiness selectors, the stored figures and the migration share one rule.
    """
    if not active:
        return None
    parts = [Decimal(with_decree) / active, Decimal(with_valid_card) / active]
    if equipment_required:
        parts.append(Decimal(equipment_required - shortage) / equipment_required)
    return sum(parts, Decimal(0)) / len(parts)


def readiness_level(score: Decimal | None) -> str:
    if score is None:
        return ReadinessLevel.KOSONG.value
    if score >= Decimal("0.8"):
        return ReadinessLevel.SIAP.value
    if score >= Decimal("0.5"):
        return ReadinessLevel.CUKUP.value
    return ReadinessLevel.KURANG.value
