"""The situation rule of a kecamatan: when a desa counts as "tentram dan tertib" (docs/adr/0080)."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.regions.models import District

# UNVERIFIED default (docs/adr/0080): configurable per kecamatan in SituationRule.
DEFAULT_SERIOUS_INCIDENT_DAYS = 7


class SituationRule(TimeStampedModel):
    """How a kecamatan decides that a desa is "tentram dan tertib" in a period (docs/adr/0080).

    A desa is tentram dan tertib when every condition switched on holds:
    - `require_visit`: it was visited at least once in the period;
    - `require_rawan_resolved`: no visit judged "rawan" on or before the period's last day is
      still unresolved at the end of that day;
    - `serious_incident_days` (N, None = off): no serious incident was, on any day of the
      period, unhandled for longer than N days (handled = moved to handled, handed over or
      closed; an incident handled exactly N days after it happened is on time).
    """

    district = models.OneToOneField(
        District, verbose_name=_("kecamatan"), on_delete=models.CASCADE, related_name="+"
    )
    require_visit = models.BooleanField(_("wajib dikunjungi dalam periode"), default=True)
    require_rawan_resolved = models.BooleanField(
        _("situasi rawan harus sudah ditangani pada akhir periode"), default=True
    )
    serious_incident_days = models.PositiveSmallIntegerField(
        _("batas hari penanganan kejadian serius"),
        null=True,
        blank=True,
        default=DEFAULT_SERIOUS_INCIDENT_DAYS,
        validators=[MaxValueValidator(365)],
        help_text=_("Kosongkan untuk tidak memakai syarat ini."),
    )

    class Meta:
        verbose_name = _("aturan desa tentram dan tertib")
        verbose_name_plural = _("aturan desa tentram dan tertib")

    def __str__(self) -> str:
        return str(self.district)

    @property
    def audit_district_code(self) -> str:
        return self.district_id
