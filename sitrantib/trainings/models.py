"""LINMAS training: events, sessions, instructors, enrolment, attendance, scores, certificates.

Completion is computed from attendance and the post-test by the rule stated on the training and
stored on each enrolment (`completed`, `attendance_percent`, `completion_reason`) whenever a mark,
a score, a session or the rule changes (services.recompute_completion); it is never ticked by hand
(docs/adr/0060).
"""

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.text import TextLimit
from sitrantib.regions.models import District, Institution, Village
from sitrantib.trainings.enums import AttendanceStatus, EnrolmentMethod, TrainingStatus

MAX_AMOUNT = Decimal("999999999999")
DEFAULT_MIN_ATTENDANCE_PERCENT = 80
DEFAULT_MIN_POST_SCORE = 60
# UNVERIFIED defaults (docs/adr/0061): configurable per kecamatan in TrainingSettings.
DEFAULT_CERTIFICATE_PATTERN = "{serial}/SERT-LINMAS/{unit_code}/{year}"
DEFAULT_ASSIGNMENT_CLASSIFICATION = "800.1.11.1"


def _money(label: Any, **kwargs: Any) -> "models.DecimalField[Any, Any]":
    return models.DecimalField(
        label,
        max_digits=15,
        decimal_places=0,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
        **kwargs,
    )


def _percent(
    label: Any, default: int, **kwargs: Any
) -> "models.PositiveSmallIntegerField[Any, Any]":
    return models.PositiveSmallIntegerField(
        label, default=default, validators=[MinValueValidator(0), MaxValueValidator(100)], **kwargs
    )


class TrainingKind(models.Model):
    """A kind of training (dasar, teknis, penyegaran): data, seeded by a migration."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis pelatihan")
        verbose_name_plural = _("jenis pelatihan")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class TrainingSettings(TimeStampedModel):
    """How one kecamatan numbers its certificates and assignment letters (docs/adr/0061)."""

    district = models.OneToOneField(
        District,
        verbose_name=_("kecamatan"),
        on_delete=models.CASCADE,
        related_name="training_settings",
    )
    certificate_pattern = models.CharField(
        _("pola nomor sertifikat"),
        max_length=100,
        default=DEFAULT_CERTIFICATE_PATTERN,
        help_text=_("Bagian yang tersedia: {serial}, {year}, {kind}, {unit_code}."),
    )
    unit_code = models.CharField(
        _("kode unit"), max_length=30, blank=True, help_text=_("Misalnya TRANTIB.YSW")
    )
    assignment_classification = models.CharField(
        _("kode klasifikasi surat tugas"),
        max_length=30,
        default=DEFAULT_ASSIGNMENT_CLASSIFICATION,
    )

    class Meta:
        verbose_name = _("pengaturan pelatihan")
        verbose_name_plural = _("pengaturan pelatihan")

    def __str__(self) -> str:
        return str(self.district)

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class CertificateSerial(models.Model):
    """The last certificate serial of a kecamatan in a year (locked while a number is taken)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"], name="trainings_certificate_serial_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year}: {self.last_serial}"


class Instructor(TimeStampedModel):
    """A person who teaches: from the institutions register (Polsek, Koramil, others)."""

    audit_personal_fields = ("phone",)

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="instructors"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructors",
    )
    name = models.CharField(_("nama"), max_length=TextLimit.NAME)
    rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    id_number = models.CharField(
        _("NIP/NRP"), max_length=30, blank=True, help_text=_("NIP untuk ASN, NRP untuk TNI/Polri.")
    )
    position = models.CharField(_("jabatan"), max_length=TextLimit.NAME, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    topics = models.CharField(
        _("materi yang diajarkan"), max_length=TextLimit.SHORT_NOTE, blank=True
    )
    tax_percent = models.DecimalField(
        _("PPh atas honorarium (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Tarif PPh Pasal 21 yang dipotong dari honorarium; 0 bila tidak dipotong."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("instruktur")
        verbose_name_plural = _("instruktur")
        ordering = ["district", "name", "pk"]
        indexes = [models.Index(fields=["district", "name"], name="instructor_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class Training(TimeStampedModel):
    """One training event of a kecamatan."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="trainings"
    )
    kind = models.ForeignKey(
        TrainingKind, verbose_name=_("jenis pelatihan"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=TextLimit.TITLE)
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    venue = models.CharField(
        _("tempat"),
        max_length=TextLimit.TITLE,
        help_text=_("Misalnya: Kantor Kecamatan dan lapangan."),
    )
    capacity = models.PositiveIntegerField(
        _("kapasitas peserta"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    village_quota = models.PositiveIntegerField(
        _("kuota per desa"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=_("Misalnya 15 anggota per desa; kosong bila tidak dibatasi."),
    )
    min_attendance_percent = _percent(
        _("kehadiran minimal (%)"),
        DEFAULT_MIN_ATTENDANCE_PERCENT,
        help_text=_("Persentase sesi yang dihadiri (hanya status Hadir) agar dinyatakan lulus."),
    )
    min_post_score = _percent(
        _("nilai post-test minimal"),
        DEFAULT_MIN_POST_SCORE,
        help_text=_("Nilai post-test (0-100) paling rendah agar dinyatakan lulus."),
    )
    transport_per_day = _money(
        _("uang transport per hari hadir (Rp)"),
        help_text=_("Dibayarkan per hari kehadiran peserta; 0 bila tidak ada."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TrainingStatus.choices, default=TrainingStatus.DRAFT
    )
    status_note = models.CharField(_("catatan status"), max_length=TextLimit.SHORT_NOTE, blank=True)
    status_date = models.DateField(_("tanggal status"), null=True, blank=True)
    budget_line = models.ForeignKey(
        "budget.BudgetLine",
        verbose_name=_("mata anggaran"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
    )
    planned_activity = models.ForeignKey(
        "planning.PlannedActivity",
        verbose_name=_("kegiatan dalam rencana"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        help_text=_("Kegiatan rencana kerja tahunan yang dilaksanakan oleh pelatihan ini."),
    )
    signatory = models.ForeignKey(
        "regions.Signatory",
        verbose_name=_("penandatangan sertifikat"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong: Camat dari profil kantor."),
    )

    class Meta:
        verbose_name = _("pelatihan")
        verbose_name_plural = _("pelatihan")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(
                fields=["district", "-starts_on", "-id"], name="training_district_start_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="training_ends_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trainings:training_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class TrainingSession(TimeStampedModel):
    """One session of a training: date, time, topic, place and the instructor assigned to it."""

    training = models.ForeignKey(
        Training, verbose_name=_("pelatihan"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    topic = models.CharField(_("materi"), max_length=TextLimit.TITLE)
    place = models.CharField(_("tempat"), max_length=TextLimit.TITLE, blank=True)
    instructor = models.ForeignKey(
        Instructor,
        verbose_name=_("instruktur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    assignment_number = models.CharField(_("nomor surat tugas"), max_length=100, blank=True)
    assignment_date = models.DateField(_("tanggal surat tugas"), null=True, blank=True)
    honorarium = _money(_("honorarium instruktur (Rp, bruto)"))

    class Meta:
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")
        ordering = ["training", "date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["training", "date", "start_time"], name="session_order_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="training_session_ends_after_start",
                violation_error_message=_("Jam selesai harus sesudah jam mulai."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.topic}"

    @property
    def audit_district_code(self) -> str:
        return self.training.district_id


class Enrolment(TimeStampedModel):
    """A LINMAS member taking part in a training, with test scores and the computed completion."""

    training = models.ForeignKey(
        Training, verbose_name=_("pelatihan"), on_delete=models.CASCADE, related_name="enrolments"
    )
    member = models.ForeignKey(
        "linmas.Member",
        verbose_name=_("anggota LINMAS"),
        on_delete=models.PROTECT,
        related_name="training_enrolments",
    )
    # The member's desa when enrolled: quotas and the sheets per desa, scoping of village operators.
    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(
        _("cara pendaftaran"),
        max_length=10,
        choices=EnrolmentMethod.choices,
        default=EnrolmentMethod.MANUAL,
    )
    pre_score = models.PositiveSmallIntegerField(
        _("nilai pre-test"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    post_score = models.PositiveSmallIntegerField(
        _("nilai post-test"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    # Computed (services.recompute_completion), never edited.
    attended_sessions = models.PositiveIntegerField(_("sesi dihadiri"), default=0, editable=False)
    attendance_percent = models.DecimalField(
        _("kehadiran (%)"), max_digits=5, decimal_places=2, default=Decimal(0), editable=False
    )
    completed = models.BooleanField(_("lulus"), default=False, editable=False)
    completion_reason = models.CharField(
        _("keterangan kelulusan"), max_length=TextLimit.SHORT_NOTE, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        ordering = ["training", "village", "member__name", "pk"]
        indexes = [
            models.Index(fields=["training", "village"], name="enrolment_training_village_idx"),
            models.Index(fields=["member", "completed"], name="enrolment_member_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "member"],
                name="enrolment_unique_member",
                violation_error_message=_("Anggota ini sudah terdaftar pada pelatihan ini."),
            ),
            models.CheckConstraint(
                condition=Q(pre_score__lte=100) | Q(pre_score__isnull=True),
                name="enrolment_pre_score_range",
            ),
            models.CheckConstraint(
                condition=Q(post_score__lte=100) | Q(post_score__isnull=True),
                name="enrolment_post_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} - {self.training}"

    @property
    def audit_district_code(self) -> str:
        return self.training.district_id


class AttendanceMark(models.Model):
    """Whether one participant was at one session: hadir, izin, sakit or alpa (one per pair)."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("sesi"), on_delete=models.CASCADE, related_name="marks"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("peserta"), on_delete=models.CASCADE, related_name="marks"
    )
    status = models.CharField(_("kehadiran"), max_length=5, choices=AttendanceStatus.choices)
    marked_at = models.DateTimeField(_("dicatat pada"), auto_now=True)
    marked_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kehadiran peserta")
        verbose_name_plural = _("kehadiran peserta")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="attendance_unique_session_enrolment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}: {self.status}"


class Certificate(TimeStampedModel):
    """A numbered certificate of a participant who completed; revocable with a reason."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("peserta"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(_("nomor sertifikat"), max_length=100, unique=True)
    serial = models.PositiveIntegerField(_("nomor urut"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    issued_on = models.DateField(_("tanggal terbit"))
    verification_code = models.CharField(
        _("kode verifikasi"), max_length=32, unique=True, editable=False
    )
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True, editable=False)
    revoke_reason = models.CharField(
        _("alasan pencabutan"), max_length=TextLimit.SHORT_NOTE, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("sertifikat pelatihan")
        verbose_name_plural = _("sertifikat pelatihan")
        ordering = ["year", "serial", "pk"]
        constraints = [
            # One certificate in force per participant; a revoked one stays for the record.
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_one_valid_per_enrolment",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("trainings_public:verify", kwargs={"code": self.verification_code})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def audit_district_code(self) -> str:
        return self.enrolment.training.district_id
