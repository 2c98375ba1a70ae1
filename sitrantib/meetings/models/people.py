"""The people of partner institutions and how an office numbers its letters."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.regions.models import District, Institution

DEFAULT_LETTER_PATTERN = "{classification}/{serial}/{unit_code}/{year}"
DEFAULT_CLASSIFICATION = "300.1.4"


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
