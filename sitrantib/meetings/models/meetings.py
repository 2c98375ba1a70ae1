"""A meeting and its record: kind, invitations, agenda, attendance and decisions."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.text import TextLimit
from sitrantib.meetings.minutes_text import validate_minutes_lines
from sitrantib.meetings.models.people import InstitutionPerson
from sitrantib.regions.models import District, Institution

# A decision is a paragraph or two; TEXT_LIMITS has no tier between a note and a description.
DECISION_TEXT_LENGTH = 2000


class MeetingKind(models.Model):
    """A kind of meeting (rapat koordinasi, rapat evaluasi, ...): data, seeded by a migration."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis rapat")
        verbose_name_plural = _("jenis rapat")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Meeting(TimeStampedModel):
    """A coordination meeting of the kecamatan: invitation, attendance, minutes and decisions."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.ForeignKey(
        MeetingKind, verbose_name=_("jenis rapat"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"), db_index=True)
    ends_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    venue = models.CharField(_("tempat"), max_length=200)
    chair = models.CharField(_("pimpinan rapat"), max_length=150, blank=True)
    chair_signatory = models.ForeignKey(
        "regions.Signatory",
        verbose_name=_("pimpinan rapat (penandatangan notulen)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Pejabat yang menandatangani notulen: nama, pangkat/golongan dan NIP."),
    )
    letter_number = models.CharField(_("nomor undangan"), max_length=100, blank=True)
    letter_date = models.DateField(_("tanggal undangan"), null=True, blank=True)
    minutes_summary = models.TextField(
        _("ringkasan notulen"),
        blank=True,
        max_length=TextLimit.MINUTES,
        validators=[MaxLengthValidator(TextLimit.MINUTES), validate_minutes_lines],
    )
    minute_taker = models.CharField(_("notulis"), max_length=150, blank=True)
    planned_activity = models.ForeignKey(
        "planning.PlannedActivity",
        verbose_name=_("kegiatan dalam rencana"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        help_text=_("Kegiatan rencana kerja tahunan yang dilaksanakan oleh rapat ini."),
    )
    invited_institutions = models.ManyToManyField(
        Institution,
        verbose_name=_("instansi yang diundang"),
        through="Invitation",
        related_name="meetings_invited",
        blank=True,
    )

    class Meta:
        verbose_name = pgettext_lazy("one meeting", "rapat")
        verbose_name_plural = _("rapat")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["district", "-starts_at"], name="meeting_district_start_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Waktu selesai tidak boleh sebelum waktu mulai."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})

    @property
    def chair_name(self) -> str:
        """Who chaired: the chosen signatory's name, else the name typed on the meeting."""
        signatory = self.chair_signatory
        if signatory is not None and signatory.name:
            return signatory.name
        return self.chair

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class Invitation(models.Model):
    """One institution invited to a meeting, optionally addressed to one of its people."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("one meeting", "rapat"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    person = models.ForeignKey(
        InstitutionPerson,
        verbose_name=_("personel yang diundang"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        ordering = ["meeting", "institution__kind", "institution__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "institution"],
                name="invitation_unique_institution",
                violation_error_message=_("Instansi ini sudah diundang ke rapat ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.institution_id}"

    @property
    def audit_district_code(self) -> str:
        return self.meeting.district_id


class AgendaItem(models.Model):
    """One agenda item of a meeting and, once held, what was discussed under it (notulen)."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("one meeting", "rapat"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("acara"), max_length=250)
    discussion = models.TextField(
        _("pembahasan"),
        blank=True,
        max_length=TextLimit.MINUTES,
        validators=[MaxLengthValidator(TextLimit.MINUTES), validate_minutes_lines],
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("acara rapat")
        verbose_name_plural = _("acara rapat")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_district_code(self) -> str:
        return self.meeting.district_id


class Attendance(models.Model):
    """A person who came to a meeting, and whom they represented."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("one meeting", "rapat"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("mewakili instansi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        InstitutionPerson,
        verbose_name=_("personel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("daftar hadir")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_district_code(self) -> str:
        return self.meeting.district_id


class Decision(models.Model):
    """A decision (kesimpulan/keputusan) taken in a meeting; follow-ups hang from it."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=pgettext_lazy("one meeting", "rapat"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("acara"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.TextField(
        _("keputusan"),
        max_length=DECISION_TEXT_LENGTH,
        validators=[MaxLengthValidator(DECISION_TEXT_LENGTH)],
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("keputusan rapat")
        verbose_name_plural = _("keputusan rapat")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_district_code(self) -> str:
        return self.meeting.district_id
