"""Choices of the survey module (SKM/IKM, PermenPANRB 14/2017)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")
    PUBLISHED = "published", _("Dipublikasikan")


class Grade(models.TextChoices):
    """Mutu pelayanan and the performance label of the unit (kinerja unit pelayanan)."""

    A = "A", _("Sangat Baik")
    B = "B", _("Baik")
    C = "C", _("Kurang Baik")
    D = "D", _("Tidak Baik")


class ResponseSource(models.TextChoices):
    ONLINE = "online", _("Daring")
    PAPER = "paper", _("Formulir kertas")
    IMPORT = "import", _("Impor XLSX")


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Education(models.TextChoices):
    NONE = "tidak_sekolah", _("Tidak sekolah")
    SD = "sd", _("SD/sederajat")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/sederajat")
    DIPLOMA = "diploma", _("D1/D2/D3")
    S1 = "s1", _("D4/S1")
    S2 = "s2", _("S2")
    S3 = "s3", _("S3")


class Occupation(models.TextChoices):
    PNS = "pns", _("PNS/ASN")
    TNI_POLRI = "tni_polri", _("TNI/Polri")
    PRIVATE = "swasta", _("Pegawai swasta")
    ENTREPRENEUR = "wirausaha", _("Wirausaha")
    FARMER = "petani", _("Petani/nelayan")
    STUDENT = "pelajar", _("Pelajar/mahasiswa")
    HOUSEWIFE = "ibu_rumah_tangga", _("Ibu rumah tangga")
    OTHER = "lainnya", _("Lainnya")


# Age bands of the report's profile table (lower bound inclusive, upper bound inclusive).
AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 19),
    (20, 29),
    (30, 39),
    (40, 49),
    (50, 59),
    (60, None),
)
