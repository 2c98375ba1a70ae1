"""Stored follow-up figures: the indicator's counts per kecamatan, institution and month."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sitrantib.regions.models import District, Institution


class FollowUpFigure(models.Model):
    """The follow-up indicator's counts of one owning institution's items due in one month of
    one kecamatan, as `selectors.compute_follow_up` counts them (ADR 0021).

    Written only by `services.refresh_follow_up_figures` (after every change of an item, its
    evidence or its due date, and by `manage.py compute_follow_up`); pages read sums of these
    rows instead of counting every item (issue 16 A3). A month without due items has no row.
    """

    district = models.ForeignKey(
        District, verbose_name=_("kecamatan"), on_delete=models.CASCADE, related_name="+"
    )
    owner_institution = models.ForeignKey(
        Institution,
        verbose_name=_("instansi penanggung jawab"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"))
    due = models.PositiveIntegerField(_("jatuh tempo"), default=0)
    followed_up = models.PositiveIntegerField(_("ditindaklanjuti"), default=0)
    pending = models.PositiveIntegerField(_("belum selesai"), default=0)
    cancelled = models.PositiveIntegerField(_("dibatalkan"), default=0)
    computed_at = models.DateTimeField(_("dihitung pada"), auto_now=True)

    class Meta:
        verbose_name = _("angka tindak lanjut")
        verbose_name_plural = _("angka tindak lanjut")
        ordering = ["district", "year", "month", "owner_institution"]
        indexes = [
            models.Index(fields=["district", "year", "month"], name="followupfig_district_ym_idx"),
            # A national year summed from the index alone, without reading the table.
            models.Index(
                fields=["year", "month", "due", "followed_up", "pending", "cancelled"],
                name="followupfig_ym_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "owner_institution", "year", "month"],
                name="followupfig_unique_month",
                violation_error_message=_("Angka bulan ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12),
                name="followupfig_month_valid",
                violation_error_message=_("Bulan harus 1 sampai 12."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.owner_institution_id} {self.year}-{self.month:02d}"
