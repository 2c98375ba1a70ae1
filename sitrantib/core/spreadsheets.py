"""Reading and writing XLSX safely, for every import and export.

Imports are all-or-nothing: `read_rows` returns every row with its row number; the caller
validates all of them and saves nothing unless there is no `RowError`.
"""

import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MESSAGE_NOT_XLSX = gettext_noop(
    "Berkas bukan XLSX yang dapat dibaca. Simpan ulang sebagai .xlsx lalu unggah lagi."
)
MESSAGE_EMPTY = gettext_noop("Berkas tidak berisi baris data.")
MESSAGE_MISSING_COLUMNS = gettext_noop("Kolom wajib tidak ada pada baris judul: %(columns)s.")
MESSAGE_TOO_MANY_ROWS = gettext_noop(
    "Berkas berisi lebih dari %(limit)s baris; bagi menjadi beberapa berkas."
)

# Characters that make a spreadsheet treat a cell as a formula (CSV/XLSX injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RowError:
    """A problem in one cell: the row as the user sees it in the spreadsheet, and the column."""

    row: int
    column: str
    message: str


class SpreadsheetError(ValueError):
    """The whole file cannot be read (not XLSX, no header, too large)."""


def read_rows(
    file: IO[bytes],
    *,
    required: Sequence[str],
    header_aliases: dict[str, str] | None = None,
    max_rows: int = 5000,
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet as (row number, {column key: value}); blank rows are skipped.

    Headers are matched case-insensitively after trimming; `header_aliases` maps a printed
    header (lower case) to a column key. Raises SpreadsheetError for an unreadable file.
    """
    from openpyxl import load_workbook

    aliases = {k.lower(): v for k, v in (header_aliases or {}).items()}
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise SpreadsheetError(_(MESSAGE_NOT_XLSX)) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise SpreadsheetError(_(MESSAGE_EMPTY))
        keys = []
        for cell in header_row:
            text = str(cell).strip().lower() if cell is not None else ""
            keys.append(aliases.get(text, text))
        missing = [c for c in required if c not in keys]
        if missing:
            raise SpreadsheetError(_(MESSAGE_MISSING_COLUMNS) % {"columns": ", ".join(missing)})
        result: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(rows, start=2):
            if values is None or all(
                v is None or (isinstance(v, str) and not v.strip()) for v in values
            ):
                continue
            if len(result) >= max_rows:
                raise SpreadsheetError(_(MESSAGE_TOO_MANY_ROWS) % {"limit": max_rows})
            result.append((number, {k: v for k, v in zip(keys, values, strict=False) if k}))
        if not result:
            raise SpreadsheetError(_(MESSAGE_EMPTY))
        return result
    finally:
        workbook.close()


def safe_cell(value: Any) -> Any:
    """A value that a spreadsheet shows as text, never runs as a formula (`=HYPERLINK(...)`)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def write_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX with one sheet per (title, headers, rows); every text cell passes `safe_cell`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def iter_errors_by_row(errors: Iterable[RowError]) -> Iterator[tuple[int, list[RowError]]]:
    """Errors grouped by row number, in row order, for previews."""
    grouped: dict[int, list[RowError]] = {}
    for error in errors:
        grouped.setdefault(error.row, []).append(error)
    yield from sorted(grouped.items())
