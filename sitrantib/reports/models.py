"""What the reports app stores: the section's analysis of each indicator's achievement.

The LKjIP (chapter III A) asks, per indicator and year, why the target was or was not met, what
the section will do about it and how efficiently resources were used. The numbers come from the
indicators app; these words are written by the section's administrator (docs/adr/0102).
"""

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sitrantib.core.models import TimeStampedModel
from sitrantib.core.text import TextLimit
from sitrantib.indicators.models import IndicatorDefinition


def _text(label: Any, **kwargs: Any) -> "models.TextField[str, str]":
    return models.TextField(
        label,
        max_length=TextLimit.DESCRIPTION,
        blank=True,
        validators=[MaxLengthValidator(TextLimit.DESCRIPTION)],
        **kwargs,
    )


class IndicatorNarrative(TimeStampedModel):
    """The section's analysis of one indicator of one kecamatan and year (its definition):
    causes of success or failure, the remedies, and a note on the efficiency of resources."""

    definition = models.OneToOneField(
        IndicatorDefinition,
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        related_name="narrative",
    )
    causes = _text(_("penyebab keberhasilan/kegagalan"))
    remedies = _text(_("upaya perbaikan/pemecahan masalah"))
    efficiency = _text(_("efisiensi penggunaan sumber daya"))

    class Meta:
        verbose_name = _("analisis capaian indikator")
        verbose_name_plural = _("analisis capaian indikator")
        ordering = ["definition"]

    def __str__(self) -> str:
        return str(self.definition)

    @property
    def audit_district_code(self) -> str:
        return self.definition.district_id
