"""One check for every uploaded file: by content, never by the name the client sent.

`check_upload(file, kind=...)` answers what the file really is (PDF with at least one page, a
JPEG/PNG/WEBP photo, a real XLSX within the import limits) and refuses anything else, or anything
over the kind's size, with a message in Bahasa Indonesia (ValidationError). `prepare_photo`
re-encodes a photo without its metadata (location kept only when the user chose it), turned
upright and at most `max_side` pixels wide or high. `stored_name` gives a random file name whose
suffix comes from the detected type. Files are stored in `core.storage.private_storage()`.

    checked = check_upload(upload, kind=UploadKind.EVIDENCE)
    content = prepare_photo(upload) if checked.is_photo else upload
    evidence.file.save(stored_name(checked), content, save=False)
"""

import enum
import io
import secrets
import struct
import warnings
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.spreadsheets import ReadLimits, SpreadsheetError, check_xlsx_archive
from sitrantib.core.text import strip_control_characters

MESSAGE_EMPTY = gettext_noop("Berkas kosong.")
MESSAGE_TOO_LARGE = gettext_noop("Berkas lebih dari %(limit)s MB.")
MESSAGE_TYPE_EVIDENCE = gettext_noop(
    "Jenis berkas tidak diterima. Unggah PDF atau foto (JPEG, PNG, WEBP)."
)
MESSAGE_TYPE_PHOTO = gettext_noop("Jenis berkas tidak diterima. Unggah foto (JPEG, PNG, WEBP).")
MESSAGE_TYPE_SPREADSHEET = gettext_noop(
    "Berkas bukan XLSX yang dapat dibaca. Simpan ulang sebagai .xlsx lalu unggah lagi."
)
MESSAGE_BAD_PDF = gettext_noop("PDF tidak dapat dibuka atau tidak berisi halaman.")
MESSAGE_BAD_IMAGE = gettext_noop("Foto tidak dapat dibuka; berkasnya rusak atau bukan foto.")
MESSAGE_IMAGE_TOO_BIG = gettext_noop(
    "Ukuran foto terlalu besar (%(width)s x %(height)s piksel); paling banyak %(limit)s juta "
    "piksel."
)

_MB = 1024 * 1024
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIXES = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", WEBP: ".webp", XLSX: ".xlsx"}
_PHOTO_FORMATS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}
# Photos beyond this many pixels are refused before they are decoded (a 60,000 x 60,000 PNG of a
# few KB would need 10 GB); it is below Pillow's own bomb limit so Pillow never warns first.
MAX_PHOTO_PIXELS = 50_000_000
# PNG and WEBP cannot be decoded at a reduced scale as JPEG can: a 7000 x 7000 RGBA PNG of 200 KB
# needs 196 MB once decoded. They are held to 16 megapixels (64 MB decoded), more than any phone
# camera's PNG screenshot or scan needs.
MAX_LOSSLESS_PHOTO_PIXELS = 16_000_000


class UploadKind(enum.Enum):
    """What a form accepts, with its size limit in bytes."""

    EVIDENCE = (frozenset({"pdf", "photo"}), 5 * _MB, MESSAGE_TYPE_EVIDENCE)
    PHOTO = (frozenset({"photo"}), 5 * _MB, MESSAGE_TYPE_PHOTO)
    SPREADSHEET = (frozenset({"xlsx"}), 5 * _MB, MESSAGE_TYPE_SPREADSHEET)
    SCAN = (frozenset({"pdf", "photo"}), 10 * _MB, MESSAGE_TYPE_EVIDENCE)

    @property
    def accepts(self) -> frozenset[str]:
        return self.value[0]

    @property
    def max_bytes(self) -> int:
        return self.value[1]

    @property
    def type_message(self) -> str:
        return self.value[2]


@dataclass(frozen=True)
class CheckedUpload:
    """What an uploaded file really is."""

    content_type: str
    suffix: str
    size: int
    family: str  # "pdf", "photo" or "xlsx"
    width: int = 0
    height: int = 0

    @property
    def is_photo(self) -> bool:
        return self.family == "photo"


def _size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if isinstance(size, int):
        return size
    file.seek(0, io.SEEK_END)
    end = file.tell()
    file.seek(0)
    return end


def check_upload(
    file: IO[bytes], *, kind: UploadKind, limits: ReadLimits | None = None
) -> CheckedUpload:
    """The detected type of `file`, or ValidationError with a message in Bahasa Indonesia.

    The content decides: a PDF starts with "%PDF-" and opens in pypdf with at least one page; a
    photo opens in Pillow as JPEG, PNG or WEBP within MAX_PHOTO_PIXELS; an XLSX passes the ZIP
    bomb check and opens in openpyxl (`limits`: the import's own). The client's file name and
    content type are ignored. The file is left at position 0.
    """
    size = _size(file)
    if size == 0:
        raise ValidationError(_(MESSAGE_EMPTY), code="empty")
    if size > kind.max_bytes:
        raise ValidationError(
            _(MESSAGE_TOO_LARGE) % {"limit": kind.max_bytes // _MB}, code="too_large"
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-") and "pdf" in kind.accepts:
            _check_pdf(file)
            return CheckedUpload(PDF, SUFFIXES[PDF], size, "pdf")
        if head.startswith(b"PK\x03\x04") and "xlsx" in kind.accepts:
            _check_xlsx(file, limits or ReadLimits())
            return CheckedUpload(XLSX, SUFFIXES[XLSX], size, "xlsx")
        if "photo" in kind.accepts and _looks_like_image(head):
            content_type, width, height = _check_photo(file)
            return CheckedUpload(
                content_type, SUFFIXES[content_type], size, "photo", width=width, height=height
            )
    finally:
        file.seek(0)
    raise ValidationError(_(kind.type_message), code="file_type")


def _looks_like_image(head: bytes) -> bool:
    return (
        head.startswith(b"\xff\xd8\xff")
        or head.startswith(b"\x89PNG\r\n\x1a\n")
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


# What pypdf may raise on a damaged or hostile file.
def _pdf_errors() -> tuple[type[BaseException], ...]:
    from pypdf.errors import PyPdfError

    return (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
        RecursionError,
        OSError,
        ZeroDivisionError,
    )


def _check_pdf(file: IO[bytes]) -> None:
    from pypdf import PdfReader

    try:
        pages = len(PdfReader(file).pages)
    except _pdf_errors():
        raise ValidationError(_(MESSAGE_BAD_PDF), code="bad_pdf") from None
    if pages < 1:
        raise ValidationError(_(MESSAGE_BAD_PDF), code="bad_pdf")


def _check_xlsx(file: IO[bytes], limits: ReadLimits) -> None:
    """A ZIP holding a workbook, within the unpacking limits; the sheet itself is read (once) by
    the import that follows, which refuses a workbook whose XML does not parse."""
    try:
        check_xlsx_archive(file, limits=limits)
    except SpreadsheetError as exc:
        raise ValidationError(str(exc), code="bad_xlsx") from None


def _open_image(file: IO[bytes]) -> Any:
    """Pillow's image, header read only; too many pixels is a ValidationError, never a 500."""
    from PIL import Image, UnidentifiedImageError

    file.seek(0)
    # Pillow closes the stream it reads, so it gets its own copy (at most the kind's size).
    data = io.BytesIO(file.read())
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(data)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _(MESSAGE_IMAGE_TOO_BIG)
            % {"width": "?", "height": "?", "limit": MAX_PHOTO_PIXELS // 1_000_000},
            code="image_too_big",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, zipfile.BadZipFile):
        raise ValidationError(_(MESSAGE_BAD_IMAGE), code="bad_image") from None
    width, height = image.size
    limit = MAX_PHOTO_PIXELS if image.format == "JPEG" else MAX_LOSSLESS_PHOTO_PIXELS
    if width * height > limit:
        image.close()
        raise ValidationError(
            _(MESSAGE_IMAGE_TOO_BIG)
            % {"width": width, "height": height, "limit": limit // 1_000_000},
            code="image_too_big",
        )
    return image


def _check_photo(file: IO[bytes]) -> tuple[str, int, int]:
    image = _open_image(file)
    try:
        image_format = image.format or ""
        width, height = image.size
        if image_format not in _PHOTO_FORMATS:
            raise ValidationError(_(MESSAGE_BAD_IMAGE), code="bad_image")
        try:
            image.verify()
        except (OSError, SyntaxError, ValueError, IndexError, TypeError):
            raise ValidationError(_(MESSAGE_BAD_IMAGE), code="bad_image") from None
    finally:
        image.close()
    return _PHOTO_FORMATS[image_format], width, height


GPS_IFD = 0x8825


def prepare_photo(
    file: IO[bytes], *, keep_location: bool = False, max_side: int = 2000
) -> "ContentFile[bytes]":
    """The photo re-encoded: turned upright, at most `max_side` px on its longer side, without
    EXIF, XMP or comments — except the GPS position when `keep_location` is True.

    JPEG out (PNG when the photo has transparency). The name is random with the matching
    suffix. Raises ValidationError for what `check_upload` would refuse as a photo.
    """
    from PIL import Image, ImageOps

    image = _open_image(file)
    try:
        if (image.format or "") not in _PHOTO_FORMATS:
            raise ValidationError(_(MESSAGE_BAD_IMAGE), code="bad_image")
        gps: dict[int, Any] = {}
        try:
            exif = image.getexif()
            if keep_location and GPS_IFD in exif:
                gps = dict(exif.get_ifd(GPS_IFD))
            if image.format == "JPEG":
                # Decode at a reduced scale when the photo is far larger than needed.
                image.draft("RGB", (max_side, max_side))
            image.load()
            # Shrink first, in place, then turn upright: one full-size copy in memory, not three.
            if max(image.size) > max_side:
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            upright = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError, IndexError, TypeError, struct.error):
            raise ValidationError(_(MESSAGE_BAD_IMAGE), code="bad_image") from None
    finally:
        image.close()
    has_alpha = upright.mode in ("RGBA", "LA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    out_exif = Image.Exif()
    if gps:
        out_exif[GPS_IFD] = gps
    buffer = io.BytesIO()
    if has_alpha:
        upright = upright.convert("RGBA")
        upright.save(buffer, format="PNG", optimize=True, exif=out_exif.tobytes() if gps else b"")
        content_type = PNG
    else:
        upright = upright.convert("RGB")
        upright.save(
            buffer,
            format="JPEG",
            quality=85,
            optimize=True,
            exif=out_exif.tobytes() if gps else b"",
        )
        content_type = JPEG
    return ContentFile(buffer.getvalue(), name=_random_name(SUFFIXES[content_type]))


def _random_name(suffix: str) -> str:
    return f"{secrets.token_hex(16)}{suffix}"


def stored_name(checked: CheckedUpload) -> str:
    """A random file name (no path, no client text) with the suffix of the detected type."""
    return _random_name(checked.suffix)


def client_file_name(name: str, *, fallback: str = "berkas", max_length: int = 200) -> str:
    """The client's file name for display only: its last path part, no control characters,
    trimmed. Never used to store a file."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = strip_control_characters(base).strip().lstrip(".")
    return base[:max_length] or fallback


class UploadValidator:
    """A form-field validator: `forms.FileField(validators=[UploadValidator(UploadKind.PHOTO)])`."""

    def __init__(self, kind: UploadKind) -> None:
        self.kind = kind

    def __call__(self, file: IO[bytes]) -> None:
        check_upload(file, kind=self.kind)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash(self.kind)
