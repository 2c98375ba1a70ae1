"""The registers of the field: Poskamling with their duty roster, and the Satgas Keamanan Desa
with their members (each a LINMAS member of the register where they are one)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.text import TextLimit
from sitrantib.fieldwork.enums import PostCondition, Weekday
from sitrantib.fieldwork.models.fields import (
    coordinates_pair,
    latitude_field,
    longitude_field,
    text_field,
)
from sitrantib.regions.models import District, Hamlet, Village


class Post(TimeStampedModel):
    """A Poskamling (pos ronda): where it is, its condition, equipment and duty roster."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="posts"
    )
    hamlet = models.ForeignKey(
        Hamlet,
        verbose_name=_("dusun"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
    )
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    name = models.CharField(_("nama pos"), max_length=TextLimit.NAME)
    address = models.CharField(_("alamat/patokan"), max_length=TextLimit.TITLE, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    condition = models.CharField(
        _("kondisi"), max_length=20, choices=PostCondition.choices, default=PostCondition.GOOD
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    equipment = models.JSONField(_("perlengkapan"), default=list, blank=True)
    equipment_note = models.CharField(
        _("perlengkapan lain"), max_length=TextLimit.SHORT_NOTE, blank=True
    )
    note = text_field(_("catatan"), TextLimit.SHORT_NOTE, blank=True)

    class Meta:
        verbose_name = _("Poskamling")
        verbose_name_plural = _("Poskamling")
        ordering = ["village_id", "name", "pk"]
        indexes = [
            models.Index(fields=["district", "village", "name"], name="post_scope_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"],
                name="post_unique_name_per_village",
                violation_error_message=_("Poskamling dengan nama ini sudah ada di desa ini."),
            ),
            coordinates_pair("post"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:post_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class PostDuty(models.Model):
    """One night of a Poskamling's roster (jadwal ronda): which night, which group."""

    post = models.ForeignKey(
        Post, verbose_name=_("Poskamling"), on_delete=models.CASCADE, related_name="duties"
    )
    weekday = models.PositiveSmallIntegerField(_("malam"), choices=Weekday.choices)
    group_name = models.CharField(_("regu/kelompok"), max_length=TextLimit.NAME, blank=True)

    class Meta:
        verbose_name = _("jadwal ronda")
        verbose_name_plural = _("jadwal ronda")
        ordering = ["post", "weekday", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="postduty_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.post} — {self.get_weekday_display()}"


class PostDutyPerson(models.Model):
    """A person on a roster night: a LINMAS member of the register where they are one."""

    duty = models.ForeignKey(
        PostDuty, verbose_name=_("jadwal"), on_delete=models.CASCADE, related_name="people"
    )
    member = models.ForeignKey(
        "linmas.Member",
        verbose_name=_("anggota LINMAS"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="post_duties",
    )
    name = models.CharField(_("nama"), max_length=TextLimit.NAME)

    class Meta:
        verbose_name = _("petugas ronda")
        verbose_name_plural = _("petugas ronda")
        ordering = ["duty", "pk"]

    def __str__(self) -> str:
        return self.name


class TaskForce(TimeStampedModel):
    """The Satgas Keamanan Desa of one desa: its decree, leader, equipment and members."""

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.OneToOneField(
        Village, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="task_force"
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    leader_name = models.CharField(_("ketua"), max_length=TextLimit.NAME, blank=True)
    leader_member = models.ForeignKey(
        "linmas.Member",
        verbose_name=_("ketua (anggota LINMAS)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    vest_count = models.PositiveIntegerField(_("jumlah rompi"), default=0)
    radio_count = models.PositiveIntegerField(_("jumlah HT"), default=0)
    equipment_note = models.CharField(
        _("perlengkapan lain"), max_length=TextLimit.SHORT_NOTE, blank=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    note = text_field(_("catatan"), TextLimit.SHORT_NOTE, blank=True)

    class Meta:
        verbose_name = _("Satgas Keamanan Desa")
        verbose_name_plural = _("Satgas Keamanan Desa")
        ordering = ["village_id"]
        indexes = [models.Index(fields=["district", "village"], name="taskforce_scope_idx")]

    def __str__(self) -> str:
        return str(_("Satgas Keamanan Desa %(village)s") % {"village": self.village.name})

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:task_force_detail", kwargs={"pk": self.pk})

    @property
    def audit_district_code(self) -> str:
        return self.district_id


class TaskForceMember(models.Model):
    """A member of a Satgas: a LINMAS member of the register where they are one."""

    task_force = models.ForeignKey(
        TaskForce, verbose_name=_("Satgas"), on_delete=models.CASCADE, related_name="members"
    )
    member = models.ForeignKey(
        "linmas.Member",
        verbose_name=_("anggota LINMAS"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_forces",
    )
    name = models.CharField(_("nama"), max_length=TextLimit.NAME)
    position = models.CharField(_("jabatan"), max_length=60, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)

    class Meta:
        verbose_name = _("anggota Satgas")
        verbose_name_plural = _("anggota Satgas")
        ordering = ["task_force", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_force", "member"],
                condition=Q(member__isnull=False),
                name="taskforcemember_unique_member",
                violation_error_message=_("Anggota LINMAS ini sudah tercatat di Satgas ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
