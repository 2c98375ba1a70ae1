"""Reading and writing XLSX safely, for every import and export.

Writing: `write_workbook` (bytes), `workbook_file` (a temporary file for `FileResponse`),
`stream_workbook` (chunks for `StreamingHttpResponse`) and `xlsx_response`. All use openpyxl's
write-only mode, so time is linear in the rows and memory does not grow with them. Every text
cell has its control characters removed and formula-looking text neutralised (`safe_cell`).

Reading: `check_xlsx_archive` inspects the ZIP central directory before openpyxl opens anything
(total unpacked size, compression ratio, member count), and `iter_sheet_rows` streams one sheet in
read-only mode counting rows, cells and text length, stopping at the first limit. A crafted file
(a 300 KB "ZIP bomb" unpacking to gigabytes) is refused in bounded time and memory.

The import pipeline (column spec, staged preview, confirm) is `sitrantib.core.imports`;
"""

import datetime as dt
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.text import strip_control_characters

MESSAGE_NOT_XLSX = gettext_noop(
    "Berkas bukan XLSX yang dapat dibaca. Simpan ulang sebagai .xlsx lalu unggah lagi."
)
MESSAGE_EMPTY = gettext_noop("Berkas tidak berisi baris data.")
MESSAGE_MISSING_COLUMNS = gettext_noop("Kolom wajib tidak ada pada baris judul: %(columns)s.")
MESSAGE_TOO_MANY_ROWS = gettext_noop(
    "Berkas berisi lebih dari %(limit)s baris; bagi menjadi beberapa berkas."
)
MESSAGE_TOO_MANY_CELLS = gettext_noop(
    "Berkas berisi lebih dari %(limit)s sel; hapus kolom dan baris yang tidak dipakai atau bagi "
    "menjadi beberapa berkas."
)
MESSAGE_TOO_MANY_COLUMNS = gettext_noop(
    "Baris judul berisi lebih dari %(limit)s kolom; hapus kolom yang tidak dipakai."
)
MESSAGE_CELL_TOO_LONG = gettext_noop(
    "Baris %(row)s, kolom %(column)s: teks lebih dari %(limit)s karakter."
)
MESSAGE_UNPACKED_TOO_LARGE = gettext_noop(
    "Isi berkas terlalu besar setelah dibuka (lebih dari %(limit)s MB); bagi menjadi beberapa "
    "berkas."
)
MESSAGE_SUSPICIOUS_ARCHIVE = gettext_noop(
    "Berkas dimampatkan secara tidak wajar dan ditolak demi keamanan. Simpan ulang sebagai .xlsx "
    "dari Excel atau LibreOffice lalu unggah lagi."
)

# Characters that make a spreadsheet treat a cell as a formula (CSV/XLSX injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# An international phone number (+62 812-3456-7890): digits, spaces and dashes after a "+" can
# form no function call, so it is written as plain text and reads as typed.
_PHONE = re.compile(r"\+[0-9][0-9 \-]*")
# A lone "-" (the usual placeholder for "none" in a table) or a negative number written as text
# ("-5", "-1.234,50", "-12%"): re-read as a formula it is a constant, never a call, so it is
# written as it reads instead of with a visible apostrophe.
_NOT_A_FORMULA = re.compile(r"-(?:[0-9][0-9.,]*%?)?")
# What strip_control_characters keeps but XML 1.0 (and so XLSX) cannot hold.
_XML_UNSAFE = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Excel's limit for one cell.
EXCEL_CELL_MAX = 32767
_MB = 1024 * 1024


@dataclass(frozen=True)
class RowError:
    """A problem in one cell: the row as the user sees it in the spreadsheet, and the column
    (its printed label)."""

    row: int
    column: str
    message: str


class SpreadsheetError(ValueError):
    """The whole file cannot be read (not XLSX, no header, too large)."""


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on what reading one workbook may cost. Defaults fit a 5 MB upload of 20,000 rows."""

    max_rows: int = 20_000
    max_cells: int = 1_000_000
    max_string_length: int = EXCEL_CELL_MAX
    max_columns: int = 200
    # Blank rows (formatted but empty) read beyond the data rows before the file is refused.
    max_blank_rows: int = 5_000
    max_uncompressed_bytes: int = 50 * _MB
    max_members: int = 500
    max_ratio: int = 100
    # Small parts compress well beyond 100:1 legitimately; the ratio is checked above this size.
    ratio_checked_above: int = 1 * _MB
    # openpyxl reads the whole shared-strings table when it opens a workbook, before any row or
    # cell limit can act; two million empty entries fit in 11 MB and cost 17 s. The entries are
    # counted in the raw XML first (fast) and a table larger than a 20,000-row import can need
    # is refused.
    max_shared_strings: int = 400_000


DEFAULT_LIMITS = ReadLimits()


# ---------------------------------------------------------------- writing


def clean_text(value: str) -> str:
    """Text that XML can hold: no control characters (tab and newlines stay), no lone surrogates,
    at most Excel's 32,767 characters."""
    value = strip_control_characters(value)
    if _XML_UNSAFE.search(value):
        value = _XML_UNSAFE.sub("", value)
    return value[:EXCEL_CELL_MAX]


def is_phone_number(value: str) -> bool:
    return _PHONE.fullmatch(value) is not None


def safe_cell(value: Any) -> Any:
    """A value that a spreadsheet shows as text, never runs as a formula (`=HYPERLINK(...)`).

    Formula-looking text gets a leading apostrophe (visible, so a reader sees it is not a
    formula, and it stays text when copied to CSV); a phone number such as `+6281234567890` is
    left as it is (the writer stores it as a text cell marked "quote prefix"), and so are a lone
    "-" placeholder and a negative number as text ("-5"), which no spreadsheet can run.
    """
    if isinstance(value, Promise):  # a lazy translation: its text in the current language
        value = str(value)
    if isinstance(value, str):
        value = clean_text(value)
        if (
            value.startswith(_FORMULA_PREFIXES)
            and not is_phone_number(value)
            and not _NOT_A_FORMULA.fullmatch(value)
        ):
            return "'" + value
    elif isinstance(value, dt.datetime) and timezone.is_aware(value):
        # XLSX has no time zones: write the time as read in Jakarta.
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _header_cells(sheet: Any, headers: Sequence[Any]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(str(header)))
        cell.font = bold
        cells.append(cell)
    return cells


def _row_cells(sheet: Any, row: Sequence[Any]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    values: list[Any] = []
    for value in row:
        value = safe_cell(value)
        if isinstance(value, str) and value.startswith("+"):
            # A phone number (safe_cell leaves no other text starting with "+"): a text cell
            # marked "quote prefix", shown as typed without an apostrophe, that stays text when
            # someone edits it in Excel or LibreOffice.
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "@"
            cell.quotePrefix = True
            values.append(cell)
        else:
            values.append(value)
    return values


def write_workbook_to(
    target: IO[bytes], sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]
) -> None:
    """Write an XLSX with one sheet per (title, headers, rows) into `target` (write-only mode).

    Rows may be a generator: each row is written as it comes, never held. The header is bold and
    frozen; every text cell passes `safe_cell`.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=clean_text(str(title))[:31] or "Data")
        for index, header in enumerate(headers, start=1):
            width = min(max(len(str(header)) + 2, 10), 60)
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.append(_header_cells(sheet, headers))
        for row in rows:
            sheet.append(_row_cells(sheet, row))
    if not workbook.worksheets:
        workbook.create_sheet(title="Data")
    workbook.save(target)


def write_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX with one sheet per (title, headers, rows), as bytes (small exports, templates)."""
    buffer = io.BytesIO()
    write_workbook_to(buffer, sheets)
    return buffer.getvalue()


def workbook_file(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
) -> IO[bytes]:
    """The XLSX in an anonymous temporary file, positioned at its start, for `FileResponse`
    (which closes it, and the file disappears). Memory stays flat however many rows."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller (FileResponse) closes it
    try:
        write_workbook_to(handle, sheets)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle


def stream_workbook(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    *,
    chunk_size: int = 64 * 1024,
) -> Iterator[bytes]:
    """The XLSX as chunks of bytes for `StreamingHttpResponse` or a task writing to storage.

    An XLSX is a ZIP whose directory comes last, so the workbook is written to a temporary file
    first; the chunks are then read from it.
    """
    with workbook_file(sheets) as handle:
        while chunk := handle.read(chunk_size):
            yield chunk


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    *,
    filename: str,
    personal: bool = True,
) -> FileResponse:
    """A download of the workbook; exports with personal data are never cached."""
    response = FileResponse(
        workbook_file(sheets),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )
    if personal:
        response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- reading


def _mb(limit: int) -> str:
    return f"{limit / _MB:g}"


def check_xlsx_archive(file: IO[bytes], *, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse a file that is not a ZIP with a workbook, or that would unpack to too much.

    Only the ZIP central directory is read (no member is decompressed). Python's zipfile stops
    decompressing a member at its declared size, so the declared sizes checked here bound what
    openpyxl can later unpack.
    """
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SpreadsheetError(_(MESSAGE_NOT_XLSX)) from exc
    finally:
        file.seek(0)
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError(_(MESSAGE_NOT_XLSX))
    if len(members) > limits.max_members:
        raise SpreadsheetError(_(MESSAGE_SUSPICIOUS_ARCHIVE))
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.max_uncompressed_bytes:
            raise SpreadsheetError(
                _(MESSAGE_UNPACKED_TOO_LARGE) % {"limit": _mb(limits.max_uncompressed_bytes)}
            )
        if (
            member.file_size > limits.ratio_checked_above
            and member.file_size > limits.max_ratio * max(member.compress_size, 1)
        ):
            raise SpreadsheetError(_(MESSAGE_SUSPICIOUS_ARCHIVE))
    shared = [m for m in members if m.filename.lower() == "xl/sharedstrings.xml"]
    if shared:
        _check_shared_strings(file, shared[0], limits=limits)


_SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s/>]")
_SCAN_CHUNK = 1 * _MB


def _check_shared_strings(file: IO[bytes], member: zipfile.ZipInfo, *, limits: ReadLimits) -> None:
    """Count the <si> entries of the shared-strings part by scanning its XML in chunks.

    The part's unpacked size is already bounded by the checks above, so the scan is bounded too
    (tens of milliseconds for the largest allowed part); no XML is parsed. A tag cut by a chunk
    boundary is counted in the next window: only matches starting before the overlap count now.
    """
    overlap = 64
    count = 0
    carry = b""
    try:
        with zipfile.ZipFile(file) as archive, archive.open(member) as part:
            while chunk := part.read(_SCAN_CHUNK):
                data = carry + chunk
                cutoff = max(len(data) - overlap, 0)
                count += sum(1 for m in _SHARED_STRING.finditer(data) if m.start() < cutoff)
                if count > limits.max_shared_strings:
                    raise SpreadsheetError(_(MESSAGE_SUSPICIOUS_ARCHIVE))
                carry = data[cutoff:]
            count += len(_SHARED_STRING.findall(carry))
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SpreadsheetError(_(MESSAGE_NOT_XLSX)) from exc
    finally:
        file.seek(0)
    if count > limits.max_shared_strings:
        raise SpreadsheetError(_(MESSAGE_SUSPICIOUS_ARCHIVE))


_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)\""
)


def _install_bounded_sheet_size() -> None:
    """Make openpyxl's read-only worksheet look for <dimension> in the head of the sheet only.

    openpyxl (3.1) parses the WHOLE sheet when opening a workbook if the sheet has no
    <dimension> element — before a single row is read, so no row limit can stop it: a crafted
    sheet costs seconds and hundreds of MB there. The element, when present, is always near the
    top; 64 KB is plenty. Installed once, for every read-only workbook of the process.
    """
    from openpyxl.reader import excel
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    if getattr(excel.ReadOnlyWorksheet, "_sitrantib_bounded", False):
        return

    class BoundedReadOnlyWorksheet(ReadOnlyWorksheet):
        _sitrantib_bounded = True

        def _get_size(self) -> None:
            src = self._get_source()
            try:
                head = src.read(64 * 1024)
            finally:
                src.close()
            match = _DIMENSION.search(head)
            if match is not None:
                ref = match.group(1).decode()
                try:
                    boundaries = range_boundaries(ref)
                except ValueError:
                    return
                self._min_column, self._min_row, self._max_column, self._max_row = boundaries

    excel.ReadOnlyWorksheet = BoundedReadOnlyWorksheet


def open_workbook(file: IO[bytes], *, limits: ReadLimits = DEFAULT_LIMITS) -> Any:
    """An openpyxl read-only workbook, after the archive check. The caller closes it."""
    from openpyxl import load_workbook

    _install_bounded_sheet_size()
    check_xlsx_archive(file, limits=limits)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as exc:
        raise SpreadsheetError(_(MESSAGE_NOT_XLSX)) from exc


def _column_label(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def iter_sheet_rows(
    file: IO[bytes],
    *,
    limits: ReadLimits = DEFAULT_LIMITS,
    sheet: str | None = None,
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of one sheet — `sheet` by title if the workbook has it, else the
    first — streamed in read-only mode. Every row is yielded, blank ones included.

    Raises SpreadsheetError as soon as the rows, cells, columns of the first row or the length
    of one text exceed `limits`; nothing beyond the limit is read. The dimension the file claims
    is ignored (a forged "A1:XFD1048576" would otherwise pad every row).
    """
    workbook = open_workbook(file, limits=limits)
    try:
        worksheet = (
            workbook[sheet] if sheet and sheet in workbook.sheetnames else workbook.worksheets[0]
        )
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()
        cells = 0
        last_row = limits.max_rows + limits.max_blank_rows + 1
        rows = worksheet.iter_rows(values_only=True)
        number = 0
        while True:
            try:
                values = next(rows, None)
            except (KeyError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile) as exc:
                raise SpreadsheetError(_(MESSAGE_NOT_XLSX)) from exc
            if values is None:
                return
            number += 1
            if number > last_row:
                raise SpreadsheetError(_(MESSAGE_TOO_MANY_ROWS) % {"limit": limits.max_rows})
            if number == 1 and len(values) > limits.max_columns:
                raise SpreadsheetError(_(MESSAGE_TOO_MANY_COLUMNS) % {"limit": limits.max_columns})
            cells += len(values)
            if cells > limits.max_cells:
                raise SpreadsheetError(_(MESSAGE_TOO_MANY_CELLS) % {"limit": limits.max_cells})
            for index, value in enumerate(values, start=1):
                if isinstance(value, str) and len(value) > limits.max_string_length:
                    raise SpreadsheetError(
                        _(MESSAGE_CELL_TOO_LONG)
                        % {
                            "row": number,
                            "column": _column_label(index),
                            "limit": limits.max_string_length,
                        }
                    )
            yield number, tuple(values)
    finally:
        workbook.close()


def is_blank(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def iter_errors_by_row(errors: Iterable[RowError]) -> Iterator[tuple[int, list[RowError]]]:
    """Errors grouped by row number, in row order, for previews."""
    grouped: dict[int, list[RowError]] = {}
    for error in errors:
        grouped.setdefault(error.row, []).append(error)
    yield from sorted(grouped.items())
