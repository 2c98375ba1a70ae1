"""Choices of the village documents: how a deadline is set, obligation and submission states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    """How often a document falls due, which fixes what a period is for it."""

    MONTHLY = "monthly", _("Bulanan")
    SEMESTER = "semester", _("Semesteran")
    YEARLY = "yearly", _("Tahunan")
    EVENT = "event", _("Sesuai peristiwa")


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Belum diterima")
    SUBMITTED = "submitted", _("Diterima, menunggu pemeriksaan")
    RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
    ACCEPTED = "accepted", _("Diterima lengkap")
    WAIVED = "waived", _("Tidak wajib pada periode ini")


class Channel(models.TextChoices):
    UPLOAD = "upload", _("Diunggah operator desa")
    STAMP = "stamp", _("Dicap diterima di kecamatan")


class Verdict(models.TextChoices):
    PENDING = "pending", _("Menunggu pemeriksaan")
    ACCEPTED = "accepted", pgettext_lazy("hasil pemeriksaan dokumen", "Diterima")
    RETURNED = "returned", _("Dikembalikan")


class OnTimeBasis(models.TextChoices):
    """Which receipt decides "on time" when a document was returned and sent again (ADR 0090)."""

    ACCEPTED = "accepted", _("Waktu terima dokumen yang akhirnya diterima lengkap")
    FIRST = "first", _("Waktu terima kiriman pertama")
