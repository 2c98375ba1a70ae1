from django.db import models
from django.utils.translation import gettext_lazy as _


class RegencyKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


class VillageKind(models.TextChoices):
    """From the first digit of the 4-digit desa code (Kepmendagri 2025)."""

    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA = "desa", _("Desa")
    DESA_ADAT = "desa_adat", _("Desa adat")


class InstitutionKind(models.TextChoices):
    POLSEK = "polsek", _("Polsek")
    KORAMIL = "koramil", _("Koramil")
    KECAMATAN_UNIT = "kecamatan_unit", _("Unit kerja kecamatan")
    VILLAGE_GOVERNMENT = "village_government", _("Pemerintah desa")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    KUA = "kua", _("KUA")
    SATPOL_PP = "satpol_pp", _("Satpol PP")
    OTHER = "other", _("Lainnya")


class SignatoryRole(models.TextChoices):
    CAMAT = "camat", _("Camat")
    SEKCAM = "sekcam", _("Sekretaris Kecamatan")
    KASI_TRANTIB = "kasi_trantib", _("Kepala Seksi Ketentraman dan Ketertiban")
