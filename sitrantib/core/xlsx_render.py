"""The XLSX of a document template: one sheet per `<table data-sheet="...">` of the rendered HTML.

`html_to_xlsx(html)` reads the tree of `core.html_tree`. Each sheet starts with the letterhead
lines and the document's title (its h1), the heading or caption just before the table, then the
table itself: header rows bold and repeated on every printed page, colspan and rowspan as merged
cells, a cell with `data-value` as a real number ("#,##0" for whole numbers such as Rupiah,
`data-format` for another format), every text cell through `core.spreadsheets.safe_cell` so no
text runs as a formula. Columns get widths from their text; the print setup is A4 (landscape when
the template's page is), fitted to the page width. Tables without `data-sheet` are left out.
"""

import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from sitrantib.core.html_tree import Element, Grid, layout, number_value, parse
from sitrantib.core.spreadsheets import safe_cell

WHOLE_NUMBER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_LETTERHEAD_STYLES = {
    "gov": (12, True),
    "office": (14, True),
    "contact": (10, False),
    "town": (10, True),
}
CM_PER_INCH = 2.54


class NoSheetTables(ValueError):
    """The template has no table marked `data-sheet`, so there is nothing to put in a workbook."""


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = " ".join(_SHEET_NAME_FORBIDDEN.sub(" ", wanted).split()).strip("'")[:31] or "Tabel"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def _letterhead(body: Element) -> list[tuple[str, str]]:
    """(kind, text) of each letterhead line, in order."""
    for element in body.iter():
        if element.has_class("kop"):
            lines = []
            for line in element.iter():
                kind = next((k for k in _LETTERHEAD_STYLES if line.has_class(k)), None)
                if kind is not None and line.text():
                    lines.append((kind, line.text()))
            return lines
    return []


def _sheet_tables(body: Element) -> list[tuple[Element, str]]:
    """Every table marked data-sheet, with the heading or caption just before it."""
    found: list[tuple[Element, str]] = []
    heading = ""
    inside: set[int] = set()
    for element in body.iter():
        if element.tag in ("h2", "h3", "h4"):
            heading = element.text()
        if element.tag == "table" and "data-sheet" in element.attrs and id(element) not in inside:
            captions = [
                child.text()
                for child in element.children
                if isinstance(child, Element) and child.tag == "caption"
            ]
            found.append((element, captions[0] if captions and captions[0] else heading))
            inside.update(id(nested) for nested in element.find_all("table"))
    return found


def _cell_value(element: Element) -> tuple[Any, str | None]:
    number = number_value(element)
    if number is not None:
        fmt = element.attrs.get("data-format", "").strip()
        if isinstance(number, int):
            return number, fmt or WHOLE_NUMBER_FORMAT
        return float(number), fmt or DECIMAL_FORMAT
    text = element.text()
    if not text:
        return None, None
    value = safe_cell(text)
    if isinstance(value, str) and value.startswith("+"):
        # A phone number (safe_cell leaves no other text starting with "+"): text, quote prefix.
        return value, "@"
    return value, None


def _write_title_rows(sheet: Any, lines: list[tuple[str, int, bool]], width: int) -> int:
    row = 1
    for text, size, bold in lines:
        cell = sheet.cell(row=row, column=1, value=safe_cell(text) if text else None)
        cell.font = Font(size=size, bold=bold)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=False)
        if width > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    return row


def _write_table(sheet: Any, table: Element, grid: Grid, top: int) -> None:
    bordered = table.has_class("grid")
    longest = [0] * grid.columns
    for cell in grid.cells:
        row, column = top + cell.row, 1 + cell.column
        value, fmt = _cell_value(cell.element)
        target = sheet.cell(row=row, column=column, value=value)
        if fmt:
            target.number_format = fmt
            if fmt == "@":
                target.quotePrefix = True
        numeric = isinstance(value, int | float)
        horizontal = "right" if numeric or cell.element.has_class("num") else None
        if cell.header or cell.element.tag == "th":
            target.font = Font(bold=True)
            horizontal = "center"
            if bordered:
                target.fill = _HEADER_FILL
        target.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row + cell.rowspan - 1,
                end_column=column + cell.colspan - 1,
            )
        if bordered:
            for r in range(row, row + cell.rowspan):
                for c in range(column, column + cell.colspan):
                    sheet.cell(row=r, column=c).border = _BORDER
        if cell.colspan == 1:
            shown = f"{value:,.2f}" if isinstance(value, float) else str(value or "")
            length = max((len(line) for line in shown.split("\n")), default=0)
            longest[cell.column] = max(longest[cell.column], length)
    for index, length in enumerate(longest):
        sheet.column_dimensions[get_column_letter(index + 1)].width = max(6, min(length + 2, 50))


def _print_setup(sheet: Any, landscape: bool, margins_cm: tuple[float, ...], header: range) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    top, right, bottom, left = margins_cm
    sheet.page_margins.top = top / CM_PER_INCH
    sheet.page_margins.right = right / CM_PER_INCH
    sheet.page_margins.bottom = bottom / CM_PER_INCH
    sheet.page_margins.left = left / CM_PER_INCH
    if len(header):
        sheet.print_title_rows = f"{header.start}:{header.stop - 1}"
    sheet.oddFooter.right.text = "Halaman &P dari &N"
    sheet.oddFooter.right.size = 8


def html_to_xlsx(html: str) -> bytes:
    """The workbook of a rendered document template (see the module docstring)."""
    document = parse(html)
    tables = _sheet_tables(document.body)
    if not tables:
        raise NoSheetTables("The document has no table marked data-sheet")
    letterhead = _letterhead(document.body)
    titles = [element.text() for element in document.body.iter() if element.tag == "h1"]
    title = next((text for text in titles if text), document.title)
    draft = next(
        (e.text() for e in document.body.iter() if e.has_class("draft-header") and e.text()), ""
    )
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = document.title[:255] or title[:255]
    workbook.properties.language = "id-ID"
    taken: set[str] = set()
    for table, subtitle in tables:
        grid = layout(table)
        width = max(grid.columns, 1)
        sheet = workbook.create_sheet(sheet_name(table.attrs["data-sheet"], taken))
        lines = [(text, *_LETTERHEAD_STYLES[kind]) for kind, text in letterhead]
        if draft:
            lines.insert(0, (draft, 12, True))
        if title:
            lines.append(("", 10, False))
            lines.append((title, 12, True))
        if subtitle and subtitle != title:
            lines.append((subtitle, 11, True))
        top = _write_title_rows(sheet, lines, width)
        if lines:
            top += 1  # a blank row between the titles and the table
        _write_table(sheet, table, grid, top)
        header = range(top, top + grid.header_rows)
        if grid.header_rows:
            sheet.freeze_panes = f"A{top + grid.header_rows}"
        _print_setup(sheet, document.page.landscape, document.page.margins_cm, header)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
