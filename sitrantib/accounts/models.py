from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sitrantib.core.enums import COVERAGE_ROLES, Coverage, Role
from sitrantib.regions.models import District

MESSAGE_ROLE_REQUIRED = gettext_noop("Pengguna selain superadmin wajib punya peran.")
MESSAGE_DISTRICT_REQUIRED = gettext_noop(
    "Pengguna wajib punya kecamatan, kecuali cakupannya kabupaten atau nasional."
)
MESSAGE_REGENCY_REQUIRED = gettext_noop("Cakupan kabupaten wajib menyebut kabupatennya.")
MESSAGE_REGENCY_ONLY_FOR_REGENCY = gettext_noop("Kabupaten hanya diisi untuk cakupan kabupaten.")
MESSAGE_COVERAGE_ROLE = gettext_noop(
    "Cakupan kabupaten atau nasional hanya untuk Camat, Admin Seksi Trantib, atau Staf Kecamatan."
)
MESSAGE_DISTRICT_OUTSIDE_REGENCY = gettext_noop(
    "Kecamatan itu tidak berada di kabupaten yang dipilih."
)


class User(AbstractUser):
    """A person who logs in. Their role and regions (their scope) are data on this record."""

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, blank=True)
    district = models.ForeignKey(
        "regions.District",
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    villages = models.ManyToManyField(
        "regions.Village",
        verbose_name=_("desa"),
        blank=True,
        related_name="operators",
        help_text=_("Untuk operator desa: desa yang datanya boleh ia kelola."),
    )
    institution = models.ForeignKey(
        "regions.Institution",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Untuk mitra: instansi yang ia wakili (Polsek, Koramil, ...)."),
    )
    coverage = models.CharField(
        _("cakupan"),
        max_length=10,
        choices=Coverage.choices,
        blank=True,
        default=Coverage.BY_ROLE,
        help_text=_(
            "Kosong: kecamatannya (operator desa: desanya). Kabupaten atau nasional hanya "
            "diberikan dengan sengaja; superadmin tidak otomatis melihat semuanya."
        ),
    )
    regency = models.ForeignKey(
        "regions.Regency",
        verbose_name=_("kabupaten"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Untuk cakupan kabupaten: semua kecamatan di kabupaten ini."),
    )
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("wajib ganti kata sandi"),
        default=False,
        help_text=_("Kata sandi sementara: pengguna harus menggantinya setelah masuk."),
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | ~Q(role=""),
                name="user_role_required",
                violation_error_message=_(MESSAGE_ROLE_REQUIRED),
            ),
            models.CheckConstraint(
                condition=Q(is_superuser=True) | ~Q(coverage="") | Q(district__isnull=False),
                name="user_district_required_by_role",
                violation_error_message=_(MESSAGE_DISTRICT_REQUIRED),
            ),
            models.CheckConstraint(
                condition=Q(coverage=Coverage.REGENCY, regency__isnull=False)
                | ~Q(coverage=Coverage.REGENCY) & Q(regency__isnull=True),
                name="user_regency_iff_regency_coverage",
                violation_error_message=_(MESSAGE_REGENCY_REQUIRED),
            ),
        ]

    # Shown in the audit log to administrators only (sitrantib.core.audit.visible_changes).
    audit_personal_fields = ("phone", "email")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def audit_district_code(self) -> str:
        return self.district_id or ""

    def clean(self) -> None:
        """Role, coverage and regions fit together (the constraints, with a message per field)."""
        super().clean()
        errors: dict[str, Any] = {}
        if self.coverage and self.role and self.role not in COVERAGE_ROLES:
            errors["coverage"] = _(MESSAGE_COVERAGE_ROLE)
        if self.coverage == Coverage.REGENCY and self.regency_id is None:
            errors["regency"] = _(MESSAGE_REGENCY_REQUIRED)
        if self.coverage != Coverage.REGENCY and self.regency_id is not None:
            errors["regency"] = _(MESSAGE_REGENCY_ONLY_FOR_REGENCY)
        if (
            self.coverage == Coverage.REGENCY
            and self.regency_id
            and self.district_id
            and self.district_id[:5] != self.regency_id
        ):
            errors["district"] = _(MESSAGE_DISTRICT_OUTSIDE_REGENCY)
        if not self.is_superuser:
            if not self.role:
                errors["role"] = _(MESSAGE_ROLE_REQUIRED)
            if not self.coverage and not self.district_id:
                errors["district"] = _(MESSAGE_DISTRICT_REQUIRED)
        if errors:
            raise ValidationError(errors)

    @cached_property
    def coverage_district_codes(self) -> frozenset[str]:
        """Codes of the kecamatan a user reaches: every one of their kabupaten for a regency
        coverage, else their own kecamatan (computed once, cached for the request)."""
        if self.coverage == Coverage.REGENCY and self.regency_id:
            return frozenset(
                District.objects.filter(regency_id=self.regency_id).values_list("code", flat=True)
            )
        return frozenset({self.district_id}) if self.district_id else frozenset()

    @cached_property
    def village_codes(self) -> frozenset[str]:
        """Codes of the desa a village operator manages (cached for the request)."""
        if self.pk is None:
            return frozenset()
        return frozenset(self.villages.values_list("code", flat=True))


class LoginFailure(models.Model):
    """A login attempt not known to have succeeded, kept to slow down password guessing.

    Stored before the password is checked (services.start_login_attempt) and removed when it
    turns out right, so an attempt still being checked counts as a failure.
    """

    username = models.CharField(_("nama pengguna"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("kegagalan masuk")
        verbose_name_plural = _("kegagalan masuk")
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_user_at_idx"),
            models.Index(fields=["ip_address", "at"], name="loginfailure_ip_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"
