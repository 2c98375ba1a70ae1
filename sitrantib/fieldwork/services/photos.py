"""Photos of visits, incidents and citizen reports: checked, re-encoded, metadata stripped."""

from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.core.uploads import UploadKind, check_upload, prepare_photo
from sitrantib.fieldwork.models import CitizenReport, FieldPhoto, Incident, Visit
from sitrantib.fieldwork.services.common import MESSAGE_NOT_WRITER, require_writer

# A visit or incident keeps at most this many photos (a report, not an album).
MAX_PHOTOS = 10
MESSAGE_TOO_MANY = gettext_noop("Paling banyak %(count)d foto per laporan.")


def _owner_kwargs(owner: Visit | Incident | CitizenReport) -> dict[str, Any]:
    if isinstance(owner, Visit):
        return {"visit": owner}
    if isinstance(owner, Incident):
        return {"incident": owner}
    return {"citizen_report": owner}


@transaction.atomic
def store_photo(
    *,
    owner: Visit | Incident | CitizenReport,
    file: IO[bytes],
    actor: Any = None,
    caption: str = "",
    keep_location: bool = False,
) -> FieldPhoto:
    """Check and store one photo of `owner` (no permission check: the caller's service did it).

    The photo is re-encoded upright, at most 2000 px, without EXIF/XMP; the GPS position stays only
    with `keep_location` (the user's choice on the form).
    """
    check_upload(file, kind=UploadKind.PHOTO)
    kwargs = _owner_kwargs(owner)
    # The owner's row is locked so that two uploads at once cannot both pass the count.
    type(owner)._base_manager.select_for_update().only("pk").get(pk=owner.pk)
    if FieldPhoto.objects.filter(**kwargs).count() >= MAX_PHOTOS:
        raise ValidationError({"photo": gettext(MESSAGE_TOO_MANY) % {"count": MAX_PHOTOS}})
    content = prepare_photo(file, keep_location=keep_location)
    photo = FieldPhoto(
        caption=caption[:250],
        kept_location=keep_location,
        size=content.size,
        created_by=actor if getattr(actor, "pk", None) else None,
        **kwargs,
    )
    photo.file.save(content.name or "foto.jpg", content, save=False)
    photo.save()
    return photo


@transaction.atomic
def add_photo(
    *,
    owner: Visit | Incident,
    file: IO[bytes],
    actor: Any,
    caption: str = "",
    keep_location: bool = False,
) -> FieldPhoto:
    """Add a photo to a visit or an incident of a desa the actor records (audited)."""
    require_writer(actor, owner.village)
    photo = store_photo(
        owner=owner, file=file, actor=actor, caption=caption, keep_location=keep_location
    )
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=owner,
        after={"photo_added": photo.pk, "kept_location": keep_location},
    )
    return photo


@transaction.atomic
def remove_photo(*, photo: FieldPhoto, actor: Any) -> None:
    owner = photo.visit or photo.incident
    if owner is None:  # a citizen report's photo goes with the report
        raise PermissionDenied(gettext(MESSAGE_NOT_WRITER))
    require_writer(actor, owner.village)
    record_change(
        actor=actor, action=AuditAction.UPDATE, instance=owner, before={"photo_removed": photo.pk}
    )
    photo.file.delete(save=False)
    photo.delete()
