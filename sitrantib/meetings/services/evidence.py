"""Evidence of a follow-up: a note, a photo or a PDF, checked by content."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext, gettext_noop
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from sitrantib.core.audit import save_new
from sitrantib.meetings.enums import ActionStatus, EvidenceKind
from sitrantib.meetings.models import ActionItem, Evidence
from sitrantib.meetings.selectors import item_mover
from sitrantib.meetings.services.common import ERR_NOT_OWNER

ERR_EVIDENCE_EMPTY = gettext_noop("Isi catatan atau unggah berkas sebagai bukti.")
ERR_EVIDENCE_CLOSED = gettext_noop(
    "Bukti tidak dapat ditambahkan pada tindak lanjut yang dibatalkan."
)
ERR_FILE_TOO_LARGE = gettext_noop("Ukuran berkas paling besar 5 MB.")
ERR_FILE_TYPE = gettext_noop("Berkas harus berupa foto (JPG, PNG, WEBP) atau dokumen PDF.")

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
_PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The suffix a stored file gets, from the type its content was detected as (never the client's).
FILE_SUFFIXES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
}
# What pypdf may raise on a damaged or hostile file; each becomes ERR_FILE_TYPE.
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    RecursionError,
    OSError,
)


def inspect_upload(file: UploadedFile) -> tuple[str, str]:
    """(evidence kind, content type) of an uploaded file, or ValidationError in Bahasa Indonesia.

    The content is checked, not the name: a PDF starts with %PDF- and must open in pypdf with at
    least one page, a photo must open in Pillow as JPEG, PNG or WEBP.
    """
    if file.size is None or file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(gettext(ERR_FILE_TOO_LARGE))
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head == b"%PDF-":
        _check_pdf(file)
        return EvidenceKind.DOCUMENT, "application/pdf"
    try:
        with Image.open(file) as image:
            image_format = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(gettext(ERR_FILE_TYPE)) from None
    finally:
        file.seek(0)
    if image_format not in _PHOTO_FORMATS:
        raise ValidationError(gettext(ERR_FILE_TYPE))
    return EvidenceKind.PHOTO, _PHOTO_FORMATS[image_format]


def _check_pdf(file: UploadedFile) -> None:
    try:
        pages = len(PdfReader(file).pages)
    except _PDF_ERRORS:
        raise ValidationError(gettext(ERR_FILE_TYPE)) from None
    finally:
        file.seek(0)
    if pages < 1:
        raise ValidationError(gettext(ERR_FILE_TYPE))


@transaction.atomic
def add_evidence(
    *, item: ActionItem, actor: Any, note: str = "", file: UploadedFile | None = None
) -> Evidence:
    """Attach a note, photo or document to an item (its owner or an administrator)."""
    if item_mover(user=actor, item=item) is None:
        raise PermissionDenied(gettext(ERR_NOT_OWNER))
    if item.status == ActionStatus.CANCELLED:
        raise ValidationError(gettext(ERR_EVIDENCE_CLOSED))
    note = note.strip()
    if not note and file is None:
        raise ValidationError(gettext(ERR_EVIDENCE_EMPTY))
    evidence = Evidence(
        item=item, note=note, kind=EvidenceKind.NOTE, created_by=actor, updated_by=actor
    )
    if file is not None:
        kind, content_type = inspect_upload(file)
        evidence.kind = kind
        evidence.content_type = content_type
        evidence.size = file.size or 0
        evidence.original_name = (file.name or "")[:200]
        evidence.full_clean(exclude=["file"])
        # The stored name's suffix comes from the detected type, never from the client's name.
        evidence.file.save(f"bukti{FILE_SUFFIXES[content_type]}", file, save=False)
    save_new(evidence, actor=actor)
    return evidence
