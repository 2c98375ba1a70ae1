"""Evidence of a follow-up: a note, a photo or a PDF, checked by content (core/uploads.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_new
from sitrantib.core.uploads import (
    UploadKind,
    check_upload,
    client_file_name,
    prepare_photo,
    stored_name,
)
from sitrantib.meetings.enums import ActionStatus, EvidenceKind
from sitrantib.meetings.models import ActionItem, Evidence
from sitrantib.meetings.selectors import item_mover
from sitrantib.meetings.services.action_items import transition_action_item
from sitrantib.meetings.services.common import ERR_NOT_OWNER
from sitrantib.meetings.services.figures import refresh_for_item

ERR_EVIDENCE_EMPTY = gettext_noop("Isi catatan atau unggah berkas sebagai bukti.")
ERR_ALREADY_CLOSED = gettext_noop("Tindak lanjut ini sudah selesai atau dibatalkan.")
# The longer side of an evidence photo's thumbnail, in pixels (shown in lists and on phones).
THUMBNAIL_SIDE = 320
ERR_EVIDENCE_CLOSED = gettext_noop(
    "Bukti tidak dapat ditambahkan pada tindak lanjut yang dibatalkan."
)


@transaction.atomic
def add_evidence(
    *, item: ActionItem, actor: User, note: str = "", file: UploadedFile | None = None
) -> Evidence:
    """Attach a note, photo or document to an item (its owner or an administrator; audited).

    The file's type is read from its content (PDF with a page, JPEG/PNG/WEBP photo) within the
    evidence size limit; a photo is stored re-encoded without its metadata, under a random name.
    Refuses a user who may not update the item (PermissionDenied), a cancelled item, neither
    note nor file, or a file of another type or too large (ValidationError).
    """
    if item_mover(user=actor, item=item) is None:
        raise PermissionDenied(gettext(ERR_NOT_OWNER))
    if item.status == ActionStatus.CANCELLED:
        raise ValidationError(gettext(ERR_EVIDENCE_CLOSED))
    note = note.strip()
    if not note and file is None:
        raise ValidationError(gettext(ERR_EVIDENCE_EMPTY))
    evidence = Evidence(item=item, note=note, kind=EvidenceKind.NOTE)
    if file is not None:
        checked = check_upload(file, kind=UploadKind.EVIDENCE)
        content: File[bytes]
        if checked.is_photo:
            photo = prepare_photo(file)
            name = photo.name or stored_name(checked)
            content = photo
            evidence.kind = EvidenceKind.PHOTO
            evidence.content_type = "image/png" if name.endswith(".png") else "image/jpeg"
            evidence.size = photo.size
            # The thumbnail is made from the re-encoded copy, by the same checked helper.
            thumbnail = prepare_photo(photo, max_side=THUMBNAIL_SIDE)
            evidence.thumbnail.save(thumbnail.name or "thumb.jpg", thumbnail, save=False)
        else:
            content = file
            name = stored_name(checked)
            evidence.kind = EvidenceKind.DOCUMENT
            evidence.content_type = checked.content_type
            evidence.size = checked.size
        evidence.original_name = client_file_name(file.name or "", max_length=200)
        evidence.full_clean(exclude=["file"])
        evidence.file.save(name, content, save=False)
    save_new(evidence, actor=actor)
    refresh_for_item(item)
    return evidence


@transaction.atomic
def complete_with_evidence(
    *,
    item: ActionItem,
    actor: User,
    note: str = "",
    file: UploadedFile | None = None,
    expected_version: int | None = None,
) -> Evidence:
    """Attach evidence and mark the follow-up done, in one step (one transaction).

    The same rules as the two steps apart: the evidence is checked by `add_evidence`, and the
    item moves along ACTION_ITEM_WORKFLOW (open -> in progress -> done), so done still needs
    the evidence just added. Refuses what either step refuses, and an item already done or
    cancelled (ValidationError); nothing is saved when any part is refused.
    """
    if item.status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        raise ValidationError(gettext(ERR_ALREADY_CLOSED))
    evidence = add_evidence(item=item, actor=actor, note=note, file=file)
    if item.status == ActionStatus.OPEN:
        item = transition_action_item(
            item=item,
            to_status=ActionStatus.IN_PROGRESS,
            actor=actor,
            expected_version=expected_version,
        )
        expected_version = None
    transition_action_item(
        item=item, to_status=ActionStatus.DONE, actor=actor, expected_version=expected_version
    )
    return evidence


def ensure_thumbnail(evidence: Evidence) -> bool:
    """Give a photo stored before thumbnails existed its thumbnail; True when it has one.

    Derived data, not a change of the record: saved without a new version or audit entry.
    """
    if evidence.kind != EvidenceKind.PHOTO or not evidence.file:
        return False
    if evidence.thumbnail:
        return True
    with evidence.file.open("rb") as stored:
        try:
            thumbnail = prepare_photo(stored, max_side=THUMBNAIL_SIDE)
        except ValidationError:
            return False
    evidence.thumbnail.save(thumbnail.name or "thumb.jpg", thumbnail, save=False)
    Evidence.objects.filter(pk=evidence.pk).update(thumbnail=evidence.thumbnail.name)
    return True
