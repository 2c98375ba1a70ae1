"""Long tables through the HTML → DOCX/XLSX converters: time that grows with the rows, not with
their square, and the cells written where they belong."""

import io
import time

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


def test_docx_of_a_400_row_table_takes_seconds_and_keeps_every_cell():
    # python-docx's table.cell() reads the whole table on each call: used per cell, this table
    # took about two minutes (16 s at 150 rows); read once, about a second.
    started = time.perf_counter()
    content = html_to_docx(long_table(400), load_image)
    elapsed = time.perf_counter() - started

    assert elapsed < 15, f"{elapsed:.1f} s"
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


def test_table_layout_of_5000_rows_is_linear():
    # The width of each row was found by scanning every cell placed so far (quadratic).
    table = parse(long_table(5000)).body.find_all("table")[0]
    started = time.perf_counter()
    grid = layout(table)
    elapsed = time.perf_counter() - started

    assert elapsed < 2, f"{elapsed:.1f} s"
    assert (grid.rows, grid.columns, grid.header_rows) == (5003, 6, 1)


def test_xlsx_of_a_2000_row_table_keeps_placeholders_and_negative_text_as_they_read():
    started = time.perf_counter()
    content = html_to_xlsx(long_table(2000))
    elapsed = time.perf_counter() - started

    assert elapsed < 20, f"{elapsed:.1f} s"
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
