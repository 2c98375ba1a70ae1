from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sitrantib.core.enums import Role


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
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | ~Q(role="") & Q(district__isnull=False),
                name="user_role_and_district_required",
                violation_error_message=_(
                    "Pengguna selain superadmin wajib punya peran dan kecamatan."
                ),
            )
        ]

    # Shown in the audit log to administrators only (sitrantib.core.audit.visible_changes).
    audit_personal_fields = ("phone", "email")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def audit_district_code(self) -> str:
        return self.district_id or ""

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
