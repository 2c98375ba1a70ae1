"""Choices of the indicators: polarity, how a value is counted, the rules for odd targets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Polarity(models.TextChoices):
    """Higher is better (capaian = realisasi / target) or lower (2 - realisasi / target)."""

    POSITIVE = "positive", _("Positif (makin tinggi makin baik)")
    NEGATIVE = "negative", _("Negatif (makin rendah makin baik)")


class Method(models.TextChoices):
    CALCULATED = "calculated", _("Dihitung dari data")
    MANUAL = "manual", _("Diisi manual dengan bukti")


class ZeroTargetRule(models.TextChoices):
    """What achievement is when the target is 0 (no national rule: a stated choice, ADR 0091)."""

    NOT_APPLICABLE = "not_applicable", _("Capaian tidak dihitung (ditampilkan sebagai -)")
    MET_IF_ZERO = "met_if_zero", _("100% bila realisasi memenuhi target 0, selain itu 0%")


class ValueStatus(models.TextChoices):
    COMPUTED = "computed", _("Dihitung")
    DRAFT = "draft", _("Draf (manual)")
    APPROVED = "approved", _("Disetujui")
