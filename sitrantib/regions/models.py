from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.text import TextLimit, reject_control_characters
from sitrantib.regions.enums import InstitutionKind, RegencyKind, SignatoryRole, VillageKind


class Province(models.Model):
    """Provinsi, keyed by its two-digit Kemendagri code."""

    code = models.CharField(_("kode"), max_length=2, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    """Kabupaten or kota (code `PP.KK`)."""

    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    province = models.ForeignKey(
        Province, verbose_name=_("provinsi"), on_delete=models.PROTECT, related_name="regencies"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=RegencyKind.choices)
    official_area_km2 = models.DecimalField(
        _("luas resmi (km²)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    official_area_source = models.CharField(_("sumber luas resmi"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """Kecamatan (code `PP.KK.CC`): the office that runs SiTrantib."""

    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="districts",
    )

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_district_code(self) -> str:
        return self.code


class Village(models.Model):
    """Desa or kelurahan (code `PP.KK.CC.NNNN`)."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="villages"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=VillageKind.choices)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:village_detail", kwargs={"code": self.code})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class Hamlet(TimeStampedModel):
    """Dusun of a desa, with its RW and RT counts where known."""

    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.CASCADE, related_name="hamlets"
    )
    name = models.CharField(_("nama"), max_length=100)
    rw_count = models.PositiveSmallIntegerField(_("jumlah RW"), null=True, blank=True)
    rt_count = models.PositiveSmallIntegerField(_("jumlah RT"), null=True, blank=True)

    class Meta:
        verbose_name = _("dusun")
        verbose_name_plural = _("dusun")
        ordering = ["village", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"],
                name="hamlet_unique_name_per_village",
                violation_error_message=_("Dusun dengan nama ini sudah ada di desa tersebut."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_district_code(self) -> str:
        return self.village.district_id


class StatisticSource(models.Model):
    """Where a set of figures was taken from (a document, a BPS publication)."""

    title = models.CharField(_("judul"), max_length=255, unique=True)
    published_on = models.DateField(_("tanggal"), null=True, blank=True)
    note = models.TextField(
        _("catatan"),
        blank=True,
        max_length=TextLimit.SHORT_NOTE,
        validators=[MaxLengthValidator(TextLimit.SHORT_NOTE), reject_control_characters],
    )

    class Meta:
        verbose_name = _("sumber data")
        verbose_name_plural = _("sumber data")
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title


class StatisticFigures(models.Model):
    """The yearly figures a kecamatan tables per desa, as printed by their source."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    source = models.ForeignKey(
        StatisticSource, verbose_name=_("sumber"), on_delete=models.PROTECT, related_name="+"
    )
    hamlet_count = models.PositiveIntegerField(_("jumlah dusun"), null=True, blank=True)
    rw_count = models.PositiveIntegerField(_("jumlah RW"), null=True, blank=True)
    rt_count = models.PositiveIntegerField(_("jumlah RT"), null=True, blank=True)
    area = models.DecimalField(_("luas"), max_digits=12, decimal_places=3, null=True, blank=True)
    area_unit = models.CharField(
        _("satuan luas"),
        max_length=10,
        blank=True,
        help_text=_("Satuan sebagaimana tercetak pada sumber, misalnya Km2 atau Ha."),
    )
    male = models.PositiveIntegerField(_("penduduk laki-laki"), null=True, blank=True)
    female = models.PositiveIntegerField(_("penduduk perempuan"), null=True, blank=True)
    population = models.PositiveIntegerField(_("jumlah penduduk"), null=True, blank=True)
    households = models.PositiveIntegerField(_("jumlah rumah tangga"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        abstract = True


class VillageStatistic(StatisticFigures):
    """Figures of one desa for one year from one source."""

    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.CASCADE, related_name="statistics"
    )
    printed_name = models.CharField(_("nama tercetak"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("statistik desa")
        verbose_name_plural = _("statistik desa")
        ordering = ["village", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "source"],
                name="villagestatistic_unique_per_source_year",
                violation_error_message=_("Statistik desa untuk tahun dan sumber ini sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year}"

    @property
    def audit_district_code(self) -> str:
        return self.village_id[:8]


class DistrictStatistic(StatisticFigures):
    """The totals a source states for the whole kecamatan (its "JUMLAH" row)."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.CASCADE, related_name="statistics"
    )

    class Meta:
        verbose_name = _("jumlah tercetak kecamatan")
        verbose_name_plural = _("jumlah tercetak kecamatan")
        ordering = ["district", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "source"],
                name="districtstatistic_unique_per_source_year",
                violation_error_message=_("Jumlah kecamatan untuk tahun dan sumber ini sudah ada."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year}"

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class VillageBoundary(models.Model):
    """Simplified boundary of a desa for maps (GeoJSON geometry, lon/lat). Not an official area."""

    village = models.OneToOneField(
        Village,
        verbose_name=_("desa"),
        on_delete=models.CASCADE,
        related_name="boundary",
        primary_key=True,
    )
    geometry = models.JSONField(_("geometri"))
    centroid_lon = models.FloatField(_("bujur titik tengah"))
    centroid_lat = models.FloatField(_("lintang titik tengah"))
    estimated_area_km2 = models.DecimalField(
        _("perkiraan luas dari peta (km²)"), max_digits=12, decimal_places=3
    )
    source = models.CharField(_("sumber"), max_length=200)

    class Meta:
        verbose_name = _("batas desa")
        verbose_name_plural = _("batas desa")

    def __str__(self) -> str:
        return str(self.village_id)


class OfficeProfile(TimeStampedModel):
    """The kecamatan office as its letterhead prints it.

    Administrators edit it; templates read it, never a literal address.
    """

    district = models.OneToOneField(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="office"
    )
    government_line = models.CharField(
        _("baris pemerintah"), max_length=150, help_text=_("Misalnya PEMERINTAH KABUPATEN LUMAJANG")
    )
    office_line = models.CharField(
        _("baris kantor"), max_length=150, help_text=_("Misalnya KECAMATAN YOSOWILANGUN")
    )
    address = models.CharField(_("alamat"), max_length=200)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    town = models.CharField(_("kota/kecamatan pada kop"), max_length=100)
    postcode = models.CharField(
        _("kode pos"), max_length=5, validators=[RegexValidator(r"^\d{5}$", _("Kode pos 5 angka."))]
    )
    letter_place = models.CharField(
        _("tempat pada tanggal surat"), max_length=100, help_text=_("Misalnya Lumajang")
    )
    email = models.EmailField(_("surel"), blank=True)
    emblem = models.ImageField(_("lambang daerah"), upload_to="office/", blank=True)

    class Meta:
        verbose_name = _("profil kantor")
        verbose_name_plural = _("profil kantor")

    def __str__(self) -> str:
        return self.office_line

    @property
    def audit_district_code(self) -> str:
        return self.district_id

    @property
    def contact_line(self) -> str:
        """The second letterhead line: address and telephone as the office prints them."""
        if self.phone:
            return f"{self.address} Telp. {self.phone}"
        return self.address

    @property
    def town_line(self) -> str:
        return f"{self.town} - {self.postcode}"


class Signatory(TimeStampedModel):
    """An official who signs documents: title, name, rank and NIP for the signature block."""

    office = models.ForeignKey(
        OfficeProfile,
        verbose_name=_("kantor"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    role = models.CharField(_("jabatan"), max_length=20, choices=SignatoryRole.choices)
    title = models.CharField(
        _("sebutan jabatan pada tanda tangan"),
        max_length=150,
        help_text=_("Misalnya CAMAT YOSOWILANGUN"),
    )
    name = models.CharField(_("nama"), max_length=150, blank=True)
    rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", _("NIP terdiri atas 18 angka."))],
    )

    class Meta:
        verbose_name = _("penandatangan")
        verbose_name_plural = _("penandatangan")
        ordering = ["office", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "role"],
                name="signatory_unique_role_per_office",
                violation_error_message=_("Jabatan ini sudah punya penandatangan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.name or '-'}"

    @property
    def audit_district_code(self) -> str:
        return self.office.district_id


class Institution(TimeStampedModel):
    """A body the section works with: Polsek, Koramil, kecamatan units, desa governments."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="institutions"
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("desa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=InstitutionKind.choices)
    name = models.CharField(_("nama"), max_length=150)
    short_name = models.CharField(_("singkatan"), max_length=50, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["district", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="institution_unique_name_per_district",
                violation_error_message=_("Instansi dengan nama ini sudah ada di kecamatan ini."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="village_government") | Q(village__isnull=False),
                name="institution_village_government_has_village",
                violation_error_message=_("Pemerintah desa harus menyebut desanya."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_district_code(self) -> str:
        return self.district_id
