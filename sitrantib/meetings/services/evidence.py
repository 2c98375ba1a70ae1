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
from sitrantib.meetings.services.common import ERR_NOT_OWNER
from sitrantib.meetings.services.figures import refresh_for_item

ERR_EVIDENCE_EMPTY = gettext_noop("Isi catatan atau unggah berkas sebagai bukti.")
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
