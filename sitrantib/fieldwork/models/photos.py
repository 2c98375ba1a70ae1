"""Photos of a visit, an incident or a citizen report, kept under random names in private
storage and served only through a scoped view."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sitrantib.core.storage import private_storage
from sitrantib.core.text import TextLimit
from sitrantib.fieldwork.models.citizen_reports import CitizenReport
from sitrantib.fieldwork.models.incidents import Incident
from sitrantib.fieldwork.models.visits import Visit


def photo_upload_to(instance: "FieldPhoto", filename: str) -> str:
    """Random names: photos are served only through a scoped view."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"fieldwork/photos/{uuid.uuid4().hex}{suffix}"


class FieldPhoto(models.Model):
    """A photo of a visit, an incident or a citizen report, re-encoded without metadata (the GPS
    position only where the user chose to keep it: core.uploads.prepare_photo)."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    citizen_report = models.ForeignKey(
        CitizenReport, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    file = models.FileField(
        _("foto"), upload_to=photo_upload_to, max_length=200, storage=private_storage
    )
    caption = models.CharField(_("keterangan"), max_length=TextLimit.TITLE, blank=True)
    kept_location = models.BooleanField(_("lokasi foto disimpan"), default=False)
    size = models.PositiveIntegerField(_("ukuran (byte)"), default=0)
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("foto lapangan")
        verbose_name_plural = _("foto lapangan")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(visit__isnull=False, incident__isnull=True, citizen_report__isnull=True)
                    | Q(visit__isnull=True, incident__isnull=False, citizen_report__isnull=True)
                    | Q(visit__isnull=True, incident__isnull=True, citizen_report__isnull=False)
                ),
                name="fieldphoto_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or str(self.file.name or "")
