"""LINMAS register: members, squads and equipment (imports are staged in core.ImportBatch)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.storage import private_storage
from sitrantib.linmas.enums import (
    Education,
    MaritalStatus,
    MemberStatus,
    Position,
    ReadinessLevel,
    Sex,
)
from sitrantib.regions.models import District, Hamlet, Village


class Squad(TimeStampedModel):
    """A regu of a desa's Satlinmas; its name is data (2014 five-squad or 2020 structure)."""

    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="linmas_squads"
    )
    name = models.CharField(_("nama regu"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    leader = models.ForeignKey(
        "linmas.Member",
        verbose_name=_("komandan regu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("regu LINMAS")
        verbose_name_plural = _("regu LINMAS")
        ordering = ["village", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"],
                name="linmas_squad_unique_name_per_village",
                violation_error_message=_("Regu dengan nama ini sudah ada di desa tersebut."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_district_code(self) -> str:
        return self.village_id[:8]


# The NIK of an anonymised member starts with this province code, which no person has
# (docs/adr/0016; input refuses it), followed by the member's id.
ANONYMOUS_NIK_PREFIX = "00"


class Member(TimeStampedModel):
    """One LINMAS member: a person (one NIK in the whole install) serving in one desa."""

    # Masked on the audit pages for viewers who are not administrators (ADR 0010).
    # The birth date with the sex and desa rebuilds a masked NIK (digits 7-12), so it is masked too.
    audit_personal_fields = (
        "nik", "phone", "address", "birth_date", "verification_code", "photo",
    )  # fmt: skip

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="linmas_members"
    )
    hamlet = models.ForeignKey(
        Hamlet,
        verbose_name=_("dusun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linmas_members",
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    resides_in_village = models.BooleanField(_("berdomisili di desa ini"), default=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    education = models.CharField(
        _("pendidikan terakhir"), max_length=15, choices=Education.choices, blank=True
    )
    marital_status = models.CharField(
        _("status perkawinan"), max_length=15, choices=MaritalStatus.choices, blank=True
    )
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    position = models.CharField(
        _("jabatan"), max_length=20, choices=Position.choices, default=Position.ANGGOTA
    )
    squad = models.ForeignKey(
        Squad,
        verbose_name=_("regu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    # The KTA number (docs/adr/0106): issued by SITRANTIB from the yearly serial of the kecamatan
    # (`card_serial`, `card_year`, `card_district` and `card_issued_on` set, unique), or typed by
    # hand for a card issued before or elsewhere (those four empty; a legacy value, checked by the
    # service against the other members' numbers, duplicates of old rows reported by quality.py).
    card_number = models.CharField(_("nomor KTA"), max_length=50, blank=True)
    card_valid_until = models.DateField(_("KTA berlaku sampai"), null=True, blank=True)
    card_district = models.ForeignKey(
        District,
        verbose_name=_("kecamatan penerbit KTA"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    card_year = models.PositiveSmallIntegerField(
        _("tahun terbit KTA"), null=True, blank=True, editable=False
    )
    card_serial = models.PositiveIntegerField(
        _("nomor urut KTA"), null=True, blank=True, editable=False
    )
    card_issued_on = models.DateField(
        _("tanggal terbit KTA"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.AKTIF
    )
    status_date = models.DateField(_("tanggal status"), null=True, blank=True)
    status_reason = models.CharField(_("alasan status"), max_length=255, blank=True)
    photo = models.ImageField(
        _("foto"), upload_to="linmas/photos/", blank=True, storage=private_storage
    )
    verification_code = models.CharField(
        _("kode verifikasi KTA"), max_length=32, unique=True, editable=False
    )
    # The end date of the latest training the member completed, kept by the trainings module
    # through services.record_trained (derived, not audited: the marks and scores that move it are).
    trained_on = models.DateField(
        _("terakhir lulus pelatihan"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("anggota LINMAS")
        verbose_name_plural = _("anggota LINMAS")
        ordering = ["village", "name", "id"]
        indexes = [
            models.Index(fields=["village", "name", "id"], name="linmas_member_list_idx"),
            models.Index(fields=["name", "id"], name="linmas_member_name_idx"),
            models.Index(fields=["status"], name="linmas_member_status_idx"),
            models.Index(fields=["position"], name="linmas_member_position_idx"),
            # The hand-typed duplicate check compares numbers regardless of case (ADR 0106).
            models.Index(Upper("card_number"), name="linmas_member_card_number_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nik__regex=r"^[0-9]{16}$"),
                name="linmas_member_nik_16_digits",
                violation_error_message=_("NIK harus terdiri atas 16 angka."),
            ),
            # An issued number has all its parts, a hand-typed one none (ADR 0106).
            models.CheckConstraint(
                condition=(
                    Q(card_serial__isnull=True, card_year__isnull=True, card_district__isnull=True)
                    | Q(
                        card_serial__isnull=False,
                        card_year__isnull=False,
                        card_district__isnull=False,
                        card_issued_on__isnull=False,
                    )
                    & ~Q(card_number="")
                ),
                name="linmas_member_card_issued_parts",
                violation_error_message=_("Nomor KTA terbitan sistem tidak lengkap."),
            ),
            # Issued numbers never repeat: one serial per kecamatan and year, one text per number.
            models.UniqueConstraint(
                fields=["card_district", "card_year", "card_serial"],
                condition=Q(card_serial__isnull=False),
                name="linmas_member_card_serial_unique",
                violation_error_message=_("Nomor urut KTA ini sudah diterbitkan."),
            ),
            models.UniqueConstraint(
                fields=["card_number"],
                condition=Q(card_serial__isnull=False),
                name="linmas_member_issued_card_number_unique",
                violation_error_message=_("Nomor KTA ini sudah diterbitkan untuk anggota lain."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("linmas:member_detail", kwargs={"pk": self.pk})

    @property
    def card_number_issued(self) -> bool:
        """The KTA number was issued by SITRANTIB (not typed by hand; ADR 0106)."""
        return self.card_serial is not None

    @property
    def is_anonymised(self) -> bool:
        """The member's personal data were erased on request (personal_data.anonymise_member)."""
        return self.nik.startswith(ANONYMOUS_NIK_PREFIX)

    @property
    def audit_district_code(self) -> str:
        return self.village_id[:8]


class CardSerial(models.Model):
    """The last KTA serial of a kecamatan in a year (locked while a number is taken, ADR 0106)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="linmas_card_serial_unique")
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year}: {self.last_serial}"


class EquipmentType(models.Model):
    """A kind of equipment item (HT, rompi, senter, ...): data, seeded and extendable."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    unit = models.CharField(_("satuan"), max_length=20, default="buah")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis perlengkapan")
        verbose_name_plural = _("jenis perlengkapan")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class VillageEquipment(TimeStampedModel):
    """Stock of one item type in one desa by condition, and how many the desa needs."""

    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="linmas_equipment"
    )
    item_type = models.ForeignKey(
        EquipmentType, verbose_name=_("jenis"), on_delete=models.PROTECT, related_name="stocks"
    )
    good = models.PositiveIntegerField(_("jumlah baik"), default=0)
    damaged = models.PositiveIntegerField(_("jumlah rusak"), default=0)
    required = models.PositiveIntegerField(_("jumlah kebutuhan"), default=0)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("perlengkapan desa")
        verbose_name_plural = _("perlengkapan desa")
        ordering = ["village", "item_type__order", "item_type__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "item_type"],
                name="linmas_equipment_unique_type_per_village",
                violation_error_message=_(
                    "Jenis perlengkapan ini sudah tercatat di desa tersebut."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.item_type_id}"

    @property
    def shortage(self) -> int:
        return max(self.required - self.good, 0)

    @property
    def audit_district_code(self) -> str:
        return self.village_id[:8]


class EquipmentIssue(TimeStampedModel):
    """Items of one type handed to a member (returned when `returned_on` is set)."""

    member = models.ForeignKey(
        Member, verbose_name=_("anggota"), on_delete=models.CASCADE, related_name="equipment"
    )
    item_type = models.ForeignKey(
        EquipmentType, verbose_name=_("jenis"), on_delete=models.PROTECT, related_name="issues"
    )
    quantity = models.PositiveSmallIntegerField(pgettext_lazy("quantity", "jumlah"), default=1)
    issued_on = models.DateField(_("tanggal diserahkan"))
    returned_on = models.DateField(_("tanggal dikembalikan"), null=True, blank=True)

    class Meta:
        verbose_name = _("perlengkapan anggota")
        verbose_name_plural = _("perlengkapan anggota")
        ordering = ["member", "item_type__order", "issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="linmas_issue_quantity_positive",
                violation_error_message=_("Jumlah minimal 1."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.item_type_id} x{self.quantity}"

    @property
    def audit_district_code(self) -> str:
        return self.member.village_id[:8]


class VillageReadiness(models.Model):
    """The readiness figures of one desa, stored so pages read them instead of counting members
    (issue 16 A3, ADR 0013). Rewritten by `selectors.refresh_readiness` whenever a member or the
    desa's equipment changes, and for every desa by `manage.py compute_readiness` (the valid-card
    count depends on the day). Always equal to `selectors.fresh_readiness` of `computed_on`.
    """

    village = models.OneToOneField(
        Village,
        verbose_name=_("desa"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="linmas_readiness",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("kecamatan"),
        on_delete=models.CASCADE,
        related_name="linmas_readiness",
    )
    active = models.PositiveIntegerField(_("anggota aktif"), default=0)
    with_decree = models.PositiveIntegerField(_("ber-SK"), default=0)
    with_valid_card = models.PositiveIntegerField(_("KTA berlaku"), default=0)
    # Active members who completed a counted training (`Member.trained_on` set): shown beside
    # the other figures, not weighed in the score (ADR 0015, "Terlatih").
    trained = models.PositiveIntegerField(_("anggota terlatih"), default=0)
    equipment_required = models.PositiveIntegerField(_("kebutuhan perlengkapan"), default=0)
    equipment_good = models.PositiveIntegerField(_("perlengkapan baik"), default=0)
    shortage = models.PositiveIntegerField(_("kekurangan perlengkapan"), default=0)
    # The need the figures were weighed against (ADR 0015), and the RT count it came from: a
    # changed RT count in the desa statistics makes the stored row stale.
    rt_count = models.PositiveIntegerField(_("jumlah RT"), null=True, blank=True)
    need = models.PositiveIntegerField(_("kebutuhan anggota"), null=True, blank=True)
    need_source = models.CharField(_("dasar kebutuhan"), max_length=10, blank=True)
    score = models.DecimalField(
        _("skor kesiapan"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    level = models.CharField(
        _("kesiapan"),
        max_length=10,
        choices=ReadinessLevel.choices,
        default=ReadinessLevel.KOSONG,
    )
    computed_on = models.DateField(_("dihitung pada"))

    class Meta:
        verbose_name = _("kesiapan LINMAS desa")
        verbose_name_plural = _("kesiapan LINMAS desa")
        ordering = ["village"]
        indexes = [
            models.Index(fields=["district", "level"], name="linmas_readiness_dist_idx"),
            models.Index(fields=["level"], name="linmas_readiness_level_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.level}"

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class ReadinessSettings(TimeStampedModel):
    """The readiness rule's parameters of one kecamatan office (ADR 0015); audited when changed.

    Without a row the defaults of `readiness_rule.default_rule` apply.
    """

    district = models.OneToOneField(
        District,
        verbose_name=_("kecamatan"),
        on_delete=models.CASCADE,
        related_name="linmas_readiness_settings",
    )
    members_per_rt = models.DecimalField(
        _("anggota per RT"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Kebutuhan anggota tiap RT; 0 bila kebutuhan tidak dihitung dari RT."),
    )
    default_target = models.PositiveIntegerField(
        _("target bawaan per desa"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Dipakai untuk desa tanpa target sendiri dan tanpa jumlah RT."),
    )

    class Meta:
        verbose_name = _("aturan kesiapan LINMAS")
        verbose_name_plural = _("aturan kesiapan LINMAS")

    def __str__(self) -> str:
        return str(self.district_id)

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class ReadinessTarget(TimeStampedModel):
    """A desa's own target of active members; it wins over members per RT (ADR 0015)."""

    village = models.OneToOneField(
        Village,
        verbose_name=_("desa"),
        on_delete=models.CASCADE,
        related_name="linmas_target",
    )
    members = models.PositiveIntegerField(
        _("target anggota"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    note = models.CharField(_("dasar penetapan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("target anggota LINMAS desa")
        verbose_name_plural = _("target anggota LINMAS desa")
        ordering = ["village"]

    def __str__(self) -> str:
        return f"{self.village_id} {self.members}"

    @property
    def audit_district_code(self) -> str:
        return self.village_id[:8]
