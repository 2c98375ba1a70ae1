"""Long tables through the HTML → DOCX/XLSX converters: work that grows with the rows, not with
their square, and the cells written where they belong.

The work is counted, not timed: the number of Python lines executed (in our converters and in
python-docx/openpyxl below them) for a table of N rows and of 2N rows. Linear work about doubles;
the quadratic reading these converters once did (python-docx's table.cell() reading the whole
table per cell; each row's width found by scanning every cell placed so far) quadruples. The
seconds are printed by `manage.py bench_documents`.
"""

import io
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from docx import Document
from openpyxl import load_workbook

from sitrantib.core.documents import load_image
from sitrantib.core.docx_render import html_to_docx
from sitrantib.core.html_tree import layout, parse
from sitrantib.core.xlsx_render import html_to_xlsx


def long_table(rows: int) -> str:
    body = "".join(
        f"<tr><td>{i}</td><td>Desa {i}</td><td>Patroli {i}</td>"
        f'<td class="num" data-value="{i * 1000}">{i * 1000}</td><td>-</td><td>-5</td></tr>'
        for i in range(1, rows + 1)
    )
    return (
        "<html><head><title>Uji</title></head><body><h1>Uji</h1>"
        '<table class="grid" data-sheet="Data"><thead><tr><th>No</th><th>Desa</th>'
        "<th>Uraian</th><th>Jumlah</th><th>Ket</th><th>Selisih</th></tr></thead>"
        f'<tbody>{body}<tr><td colspan="3" rowspan="2">Jumlah</td><td>x</td><td>y</td>'
        "<td>z</td></tr><tr><td>p</td><td>q</td><td>r</td></tr></tbody></table></body></html>"
    )


def lines_executed(work: Callable[[], Any]) -> int:
    """How many Python lines `work()` executes (every module), counted with a trace function."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


def growth(work: Callable[[int], Any], rows: int) -> float:
    """Lines executed for twice `rows` rows over those for `rows` rows."""
    return lines_executed(lambda: work(2 * rows)) / lines_executed(lambda: work(rows))


def test_docx_work_grows_with_the_rows_not_their_square():
    # Read per cell, python-docx's table.cell() made this 16 s at 150 rows and two minutes at 400.
    ratio = growth(lambda rows: html_to_docx(long_table(rows), load_image), 60)
    assert ratio < 2.3, ratio


def test_xlsx_work_grows_with_the_rows_not_their_square():
    ratio = growth(lambda rows: html_to_xlsx(long_table(rows)), 60)
    assert ratio < 2.3, ratio


def test_table_layout_grows_with_the_rows_not_their_square():
    # Each row's width was found by scanning every cell placed so far (6 s for 5,000 rows).
    ratio = growth(lambda rows: layout(parse(long_table(rows)).body.find_all("table")[0]), 500)
    assert ratio < 2.3, ratio


def test_docx_of_a_400_row_table_keeps_every_cell():
    content = html_to_docx(long_table(400), load_image)

    table = Document(io.BytesIO(content)).tables[0]
    assert len(table.rows) == 403
    assert [c.text for c in table.rows[400].cells] == [
        "400",
        "Desa 400",
        "Patroli 400",
        "400000",
        "-",
        "-5",
    ]
    merged = table.rows[401].cells
    assert [c.text for c in merged] == ["Jumlah", "Jumlah", "Jumlah", "x", "y", "z"]
    assert table.rows[402].cells[0].text == "Jumlah"
    assert [c.text for c in table.rows[402].cells[3:]] == ["p", "q", "r"]


def test_table_layout_of_5000_rows_places_every_cell():
    grid = layout(parse(long_table(5000)).body.find_all("table")[0])

    assert (grid.rows, grid.columns, grid.header_rows) == (5003, 6, 1)


def test_xlsx_of_a_2000_row_table_keeps_placeholders_and_negative_text_as_they_read():
    content = html_to_xlsx(long_table(2000))

    sheet = load_workbook(io.BytesIO(content))["Data"]
    header = next(r for r in range(1, 10) if sheet.cell(row=r, column=1).value == "No")
    last = header + 2000
    assert [sheet.cell(row=last, column=c).value for c in range(1, 7)] == [
        "2000",
        "Desa 2000",
        "Patroli 2000",
        2000000,
        "-",
        "-5",
    ]
