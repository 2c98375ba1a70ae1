"""The bad-input corpus: what a careless user or an attacker sends, generated in memory.

Every form, API operation, upload and import of SiTrantib is tested against it (the tests in
`sitrantib/testing/tests/test_bad_input_*.py`, see docs/dev/building-blocks.md "Bad input"):
each case must be refused with a clear message beside the field (400, or the form re-rendered)
and must store nothing — no row, no file.

    for case in cases_for_property(prop, required=True, components=schema["components"]):
        payload = case.apply(base, "name")            # the field replaced, or removed (MISSING)
    for upload in bad_files(UploadKind.PHOTO):        # mislabelled, bombs, path tricks
        client.post(url, {"photo": upload.file()})
    counts = row_counts()                             # one query, every table

Values: wrong types, over-long text (the schema's maxLength + 1 and 100,000 characters), control
characters, huge numbers, dates in the years 0 and 9999, values outside an enumeration. Text that
must be stored and shown as typed (escaped in pages, text cells in XLSX, literal in PDFs):
`SCRIPT` and `FORMULAS`. Files: a PDF named .xlsx, an HTML page named .pdf, a text named .jpg, a
truncated JPEG, a PNG header of 20,000 x 20,000 pixels, a ~100 KB XLSX that unpacks to 200 MB, a
ZIP that is not a workbook, an empty file — and file names with path tricks.
"""

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

# ---------------------------------------------------------------- values

SCRIPT: Final = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULAS: Final = ('=HYPERLINK("http://evil","klik")', "=1+1", "@SUM(A1)")
# One per family: C0 (NUL and ENQ), ESC, DEL, C1, the Unicode line separator.
CONTROL_CHARACTERS: Final = ("\x00", "\x05", "\x1b", "\x7f", "\x85", "\u2028")
VERY_LONG: Final = 100_000
HUGE_INTEGER: Final = 10**20
HUGE_NUMBER: Final = "1" + "0" * 40
NEGATIVE_HUGE: Final = -(10**20)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


@dataclass(frozen=True)
class Case:
    """One bad value for one field: `label` names it in a failure report."""

    label: str
    value: Any

    def apply(self, base: Mapping[str, Any], field: str) -> dict[str, Any]:
        """`base` with `field` set to this value (removed when the value is MISSING)."""
        data = dict(base)
        if self.value is MISSING:
            data.pop(field, None)
        else:
            data[field] = self.value
        return data


def control_cases(prefix: str = "Budi Santoso") -> list[Case]:
    """The same short text with each control character inside it."""
    return [
        Case(f"control U+{ord(char):04X}", f"{prefix[:4]}{char}{prefix[4:]}")
        for char in CONTROL_CHARACTERS
    ]


def text_cases(max_length: int | None) -> list[Case]:
    """Over-long text and control characters for a text field."""
    cases = []
    if max_length:
        cases.append(Case(f"length {max_length + 1}", "a" * (max_length + 1)))
    cases.append(Case(f"length {VERY_LONG}", "a" * VERY_LONG))
    cases.extend(control_cases())
    return cases


def string_type_cases() -> list[Case]:
    """Values no text field accepts (a number is accepted and read as its digits)."""
    return [Case("list for text", ["a", "b"]), Case("object for text", {"a": 1})]


def integer_cases(minimum: float | None = None, maximum: float | None = None) -> list[Case]:
    cases = [
        Case("text for integer", "dua belas"),
        Case("fraction for integer", 1.5),
        Case("huge integer", HUGE_INTEGER),
        Case("huge negative integer", NEGATIVE_HUGE),
        Case("list for integer", [1]),
    ]
    if maximum is not None and maximum < HUGE_INTEGER:
        cases.append(Case(f"maximum {maximum} + 1", int(maximum) + 1))
    if minimum is not None and minimum > NEGATIVE_HUGE:
        cases.append(Case(f"minimum {minimum} - 1", int(minimum) - 1))
    return cases


def decimal_cases() -> list[Case]:
    return [
        Case("text for decimal", "sejuta"),
        Case("huge decimal", HUGE_NUMBER),
        Case("NaN", "NaN"),
        Case("infinity", "Infinity"),
        Case("list for decimal", [1]),
    ]


def date_cases() -> list[Case]:
    return [
        Case("year 0", "0000-01-01"),
        Case("year 9999", "9999-12-31"),
        Case("year 0252", "0252-06-01"),
        Case("no such day", "2026-02-30"),
        Case("text for date", "kemarin"),
        Case("number for date", 20260101),
    ]


def datetime_cases() -> list[Case]:
    return [
        Case("year 9999 with offset", "9999-12-31T23:59:59+14:00"),
        Case("year 0252", "0252-06-01T08:00:00+07:00"),
        Case("year 0", "0000-01-01T00:00:00Z"),
        Case("text for date-time", "besok pagi"),
    ]


def time_cases() -> list[Case]:
    return [Case("hour 25", "25:00"), Case("text for time", "siang")]


def boolean_cases() -> list[Case]:
    return [Case("text for boolean", "barangkali"), Case("list for boolean", [True])]


def choice_cases() -> list[Case]:
    return [
        Case("not a choice", "bukan-pilihan"),
        Case("script as a choice", SCRIPT),
        Case("list for choice", ["x"]),
    ]


def array_cases() -> list[Case]:
    return [Case("text for list", "bukan daftar"), Case("object for list", {"a": 1})]


def object_cases() -> list[Case]:
    return [Case("text for object", "bukan objek"), Case("list for object", [1, 2])]


def uuid_cases() -> list[Case]:
    # A number is a valid UUID for DRF (uuid.UUID(int=12)), so it is not in the corpus.
    return [Case("not a uuid", "bukan-uuid"), Case("list for uuid", ["x"])]


def _resolve(prop: Mapping[str, Any], components: Mapping[str, Any]) -> Mapping[str, Any]:
    """The property with `$ref`, `allOf` and `oneOf` (an enumeration or blank) resolved."""
    ref = prop.get("$ref")
    if ref:
        return _resolve(components["schemas"][ref.rsplit("/", 1)[-1]], components)
    for key in ("allOf", "oneOf", "anyOf"):
        if key in prop:
            parts = [_resolve(part, components) for part in prop[key]]
            enums = [value for part in parts for value in part.get("enum", ())]
            if enums:
                return {**prop, "enum": enums}
            return {**parts[0], **{k: v for k, v in prop.items() if k != key}}
    return prop


def cases_for_property(
    prop: Mapping[str, Any], *, required: bool, components: Mapping[str, Any]
) -> list[Case]:
    """Bad values for one property of an OpenAPI request schema (drf-spectacular's output)."""
    prop = _resolve(prop, components)
    cases: list[Case] = [Case("missing required", MISSING)] if required else []
    kind = prop.get("type")
    fmt = prop.get("format")
    if "enum" in prop:
        return cases + choice_cases()
    if kind == "string" and fmt == "date":
        return cases + date_cases()
    if kind == "string" and fmt == "date-time":
        return cases + datetime_cases()
    if kind == "string" and fmt == "time":
        return cases + time_cases()
    if kind == "string" and fmt == "uuid":
        return cases + uuid_cases()
    if kind == "string" and fmt == "decimal":
        return cases + decimal_cases()
    if kind == "string" and fmt == "binary":
        return cases  # files: the upload corpus (bad_files)
    if kind == "string":
        return cases + text_cases(prop.get("maxLength")) + string_type_cases()
    if kind == "integer":
        return cases + integer_cases(prop.get("minimum"), prop.get("maximum"))
    if kind == "number":
        return cases + [c for c in decimal_cases() if c.label != "NaN"]
    if kind == "boolean":
        return cases + boolean_cases()
    if kind == "array":
        return cases + array_cases()
    if kind == "object":
        return cases + object_cases()
    return cases


def sample(cases: Sequence[Case], *, limit: int, seed: str) -> list[Case]:
    """At most `limit` cases, always the first (missing, when required) and a rotation of the
    rest chosen by `seed`, so that across many fields every kind of case is sent."""
    if len(cases) <= limit:
        return list(cases)
    first, rest = cases[0], list(cases[1:])
    start = zlib.crc32(seed.encode()) % len(rest)
    rotated = rest[start:] + rest[:start]
    return [first, *rotated[: limit - 1]]


# ---------------------------------------------------------------- files


@dataclass(frozen=True)
class BadFile:
    """A file as a client sends it: the name and content type it claims, and what it holds."""

    label: str
    name: str
    content: bytes
    content_type: str

    def upload(self) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(self.name, self.content, content_type=self.content_type)


XLSX_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@functools.cache
def pdf_bytes(text: str = "") -> bytes:
    """A real one-page PDF (pypdf opens it)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if text:
        writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@functools.cache
def png_bytes(width: int = 40, height: int = 30) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A PNG whose header claims `width` x `height` pixels (1.2 GB decoded at 20,000²) in a few
    hundred bytes: the image data holds only the first rows."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" + b"\x00" * (width * 3), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


@functools.cache
def xlsx_bomb(unpacked_mb: int = 200) -> bytes:
    """An XLSX of ~200 KB whose worksheet unpacks to `unpacked_mb` MB (a ZIP bomb). It has the
    parts of a real workbook, so only the unpacking limits can refuse it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="' + _NS + b'"><sheetData>')
            block = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@functools.cache
def zip_not_workbook() -> bytes:
    """A ZIP archive (as XLSX is) holding no workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("catatan.txt", "bukan lembar kerja")
    return buffer.getvalue()


_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)

HTML_PAGE: Final = (
    b"<!DOCTYPE html><html><body>" + SCRIPT.encode() + b"<p>Laporan</p></body></html>"
)

# File names that try to leave the storage folder or to fool a reader; none may decide where or
# under what name a file is stored.
PATH_TRICK_NAMES: Final = (
    "../../../../etc/passwd",
    "..\\..\\..\\windows\\win.ini",
    "/etc/cron.d/sitrantib",
    "%2e%2e%2f%2e%2e%2fbukti",
    "bukti\u202egpj.exe",
    "CON",
    ".htaccess",
    "<script>alert(1)</script>",
    "a" * 300,
)


def mislabelled_files(suffix: str) -> list[BadFile]:
    """Files whose name says `suffix` (".pdf", ".xlsx", ".jpg") and whose content is not that."""
    return [
        BadFile("PDF named .xlsx", "anggota.xlsx", pdf_bytes(), XLSX_TYPE),
        BadFile("HTML named .pdf", "laporan.pdf", HTML_PAGE, "application/pdf"),
        BadFile("text named .jpg", "foto.jpg", b"bukan foto, hanya teks\n" * 20, "image/jpeg"),
        BadFile(
            "truncated JPEG",
            "foto.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50,
            "image/jpeg",
        ),
        BadFile("PNG header 20000x20000", "foto.png", png_bomb(), "image/png"),
        BadFile("XLSX bomb (200 MB unpacked)", "anggota.xlsx", xlsx_bomb(), XLSX_TYPE),
        BadFile("ZIP without a workbook", "anggota.xlsx", zip_not_workbook(), XLSX_TYPE),
        BadFile("empty file", f"kosong{suffix}", b"", "application/octet-stream"),
        BadFile("PDF header only", f"rusak{suffix}", b"%PDF-1.7\n%%EOF\n", "application/pdf"),
    ]


def path_trick_files(content: bytes, suffix: str, content_type: str) -> list[BadFile]:
    """`content` under each path-trick name (with `suffix`)."""
    return [
        BadFile(f"path trick {name[:24]!r}", f"{name}{suffix}", content, content_type)
        for name in PATH_TRICK_NAMES
    ]


def bad_files(accepts: Iterable[str]) -> list[BadFile]:
    """Every corpus file an upload accepting `accepts` ("pdf", "photo", "xlsx") must refuse:
    the mislabelled and crafted files, and each path-trick name on content it refuses."""
    accepts = set(accepts)
    refused: list[BadFile] = []
    for bad in mislabelled_files(".xlsx" if accepts == {"xlsx"} else ".pdf"):
        if bad.label == "PDF named .xlsx" and "pdf" in accepts:
            continue  # a real PDF is a good PDF, whatever its name
        refused.append(bad)
    wrong = HTML_PAGE if accepts != {"xlsx"} else pdf_bytes()
    refused.extend(path_trick_files(wrong, ".pdf" if accepts != {"xlsx"} else ".xlsx", "text/html"))
    return refused


# ---------------------------------------------------------------- what was stored


def counted_models(ignore: Iterable[str] = ()) -> list[Any]:
    """Every concrete model with a table (not proxies, not unmanaged), except `ignore`
    ("app_label.ModelName")."""
    from django.apps import apps

    skip = set(ignore)
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label not in skip
    ]


def row_counts(ignore: Iterable[str] = ()) -> dict[str, int]:
    """The number of rows of every table, in one query."""
    from django.db import connection

    models = counted_models(ignore)
    quote = connection.ops.quote_name
    # Table names come from the models, never from input.
    parts = ", ".join(
        f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})"  # noqa: S608
        for m in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        values = cursor.fetchone()
    return {m._meta.label: int(v) for m, v in zip(models, values, strict=True)}


def changed_counts(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, str]:
    """The tables whose row count moved: {"linmas.Member": "3 -> 4"}."""
    return {
        name: f"{before[name]} -> {after[name]}"
        for name in before
        if before[name] != after.get(name)
    }


def stored_files(*roots: Any) -> list[str]:
    """Every file under the given folders (the media and private storage roots)."""
    from pathlib import Path

    found: list[str] = []
    for root in roots:
        path = Path(root)
        if path.exists():
            found.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file())
    return found
