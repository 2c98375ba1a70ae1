"""The XLSX of a document template: opened with openpyxl and read back."""

import io

import pytest
from openpyxl import load_workbook

from sitrantib.core.documents import render_document, render_xlsx
from sitrantib.core.tests.test_documents_docx import office, sample_context, sample_templates
from sitrantib.core.xlsx_render import NoSheetTables, html_to_xlsx, sheet_name

__all__ = ["office", "sample_templates"]  # fixtures shared with the DOCX tests


def open_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_has_one_sheet_per_marked_table(office, sample_templates):
    workbook = open_xlsx(render_xlsx("documents_sample/sample.html", sample_context(office)))

    # The "Nama Program" table has no data-sheet: it is not in the workbook.
    assert workbook.sheetnames == ["Anggaran", "Capaian Kinerja"]
    assert workbook.properties.title == "Laporan Contoh 2020"


def test_xlsx_sheet_starts_with_letterhead_title_and_caption(office, sample_templates):
    workbook = open_xlsx(render_xlsx("documents_sample/sample.html", sample_context(office)))

    firsts = [row[0] for row in rows_of(workbook["Anggaran"])[:8]]
    assert firsts == [
        "PEMERINTAH KABUPATEN LUMAJANG",
        "KECAMATAN YOSOWILANGUN",
        "Jl. Mayjen Soekartijo No. 56 Telp. (0334) 390555",
        "YOSOWILANGUN - 67382",
        None,
        "Laporan Contoh",
        "Tabel 1. Anggaran per tahun",
        None,
    ]
    # The second table has no caption: the heading just before it names it.
    assert [row[0] for row in rows_of(workbook["Capaian Kinerja"])][6] == "B. Capaian"
    sheet = workbook["Anggaran"]
    assert "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].font.bold


def test_xlsx_table_has_merged_headers_numbers_and_rupiah_format(office, sample_templates):
    workbook = open_xlsx(render_xlsx("documents_sample/sample.html", sample_context(office)))
    sheet = workbook["Anggaran"]

    assert rows_of(sheet)[8:13] == [
        ["No.", "Uraian", "Anggaran (Rp)", None],
        [None, None, "2019", "2020"],
        ["1", "Pembinaan Linmas", 23400000, 25000000],
        ["2", "Patroli", 1500000, 2000000],
        ["Jumlah", None, 24900000, 27000000],
    ]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A9:A10", "B9:B10", "C9:D9", "A13:B13"} <= merged
    assert sheet["C11"].data_type == "n"
    assert sheet["C11"].number_format == "#,##0"
    assert sheet["C11"].alignment.horizontal == "right"
    assert sheet["A9"].font.bold
    assert sheet["C10"].font.bold
    assert not sheet["B11"].font.bold
    assert sheet["C11"].border.left.style == "thin"
    # Header rows repeat on every printed page; the sheet scrolls under them.
    assert sheet.print_title_rows == "$9:$10"
    assert sheet.freeze_panes == "A11"
    assert workbook["Capaian Kinerja"]["B10"].value == 87.5


def test_xlsx_print_setup_is_a4_fitted_to_width(office, sample_templates):
    portrait = open_xlsx(render_xlsx("documents_sample/sample.html", sample_context(office)))
    landscape = open_xlsx(
        render_document(
            "documents_sample/sample.html",
            sample_context(office, page_size="A4 landscape"),
            "xlsx",
        )
    )

    sheet = portrait["Anggaran"]
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert landscape["Anggaran"].page_setup.orientation == "landscape"
    # Columns are as wide as their text, within bounds.
    widths = [sheet.column_dimensions[c].width for c in "ABCD"]
    assert widths[1] > widths[0]
    assert all(6 <= width <= 50 for width in widths)


def test_xlsx_text_that_looks_like_a_formula_stays_text(office, sample_templates):
    context = sample_context(
        office,
        rows=[
            {"label": "=1+1", "a": 1, "b": 2},
            {"label": "<script>alert(1)</script>\x00\x07 bersih", "a": 3, "b": 4},
        ],
    )

    sheet = open_xlsx(render_xlsx("documents_sample/sample.html", context))["Anggaran"]

    assert sheet["B11"].value == "'=1+1"
    assert sheet["B11"].data_type == "s"
    assert sheet["B12"].value == "<script>alert(1)</script> bersih"


def test_xlsx_merges_rowspan_and_colspan_in_any_order():
    html = (
        "<html><body><table data-sheet='T'>"
        "<tr><th rowspan='3'>A</th><th colspan='2'>B</th></tr>"
        "<tr><td>b1</td><td rowspan='2'>b2</td></tr>"
        "<tr><td data-value='7'>7</td></tr>"
        "</table></body></html>"
    )

    sheet = open_xlsx(html_to_xlsx(html))["T"]

    assert rows_of(sheet) == [["A", "B", None], [None, "b1", "b2"], [None, 7, None]]
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:A3", "B1:C1", "C2:C3"}


def test_xlsx_needs_a_marked_table():
    with pytest.raises(NoSheetTables):
        html_to_xlsx("<html><body><table><tr><td>x</td></tr></table></body></html>")


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()

    names = [sheet_name(n, taken) for n in ["Capaian: 2020/2021", "Capaian  2020 2021", "x" * 40]]

    assert names == ["Capaian 2020 2021", "Capaian 2020 2021 (2)", "x" * 31]
