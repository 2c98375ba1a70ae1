import io

import pytest
from openpyxl import Workbook, load_workbook

from sitrantib.core.spreadsheets import SpreadsheetError, read_rows, safe_cell, write_workbook


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_read_rows_gives_row_numbers_keys_and_skips_blank_rows():
    file = _xlsx(
        [
            ["NIK", "Nama Lengkap"],
            ["3508070101900001", "Budi"],
            [None, None],
            ["3508074101900002", "Siti"],
        ]
    )

    rows = read_rows(file, required=["nik", "nama"], header_aliases={"nama lengkap": "nama"})

    assert rows == [
        (2, {"nik": "3508070101900001", "nama": "Budi"}),
        (4, {"nik": "3508074101900002", "nama": "Siti"}),
    ]


def test_read_rows_missing_required_column_names_it():
    with pytest.raises(SpreadsheetError) as excinfo:
        read_rows(_xlsx([["nama"], ["Budi"]]), required=["nik", "nama"])

    assert str(excinfo.value) == "Kolom wajib tidak ada pada baris judul: nik."


@pytest.mark.parametrize("content", [b"", b"nik,nama\n1,Budi\n", b"PK\x03\x04rusak"])
def test_read_rows_not_an_xlsx_file_says_so(content):
    with pytest.raises(SpreadsheetError) as excinfo:
        read_rows(io.BytesIO(content), required=["nik"])

    assert str(excinfo.value) == (
        "Berkas bukan XLSX yang dapat dibaca. Simpan ulang sebagai .xlsx lalu unggah lagi."
    )


def test_read_rows_header_only_is_empty():
    with pytest.raises(SpreadsheetError) as excinfo:
        read_rows(_xlsx([["nik"]]), required=["nik"])

    assert str(excinfo.value) == "Berkas tidak berisi baris data."


def test_read_rows_refuses_more_rows_than_the_limit():
    with pytest.raises(SpreadsheetError) as excinfo:
        read_rows(_xlsx([["nik"], ["1"], ["2"], ["3"]]), required=["nik"], max_rows=2)

    assert str(excinfo.value) == "Berkas berisi lebih dari 2 baris; bagi menjadi beberapa berkas."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62812", "'+62812"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Budi", "Budi"),
        (42, 42),
        (None, None),
    ],
)
def test_safe_cell_defuses_formula_looking_text(value, expected):
    assert safe_cell(value) == expected


def test_written_workbook_keeps_formula_looking_text_as_text():
    data = write_workbook(
        [("Anggota", ["nama", "catatan"], [["Budi", '=HYPERLINK("http://x","klik")'], ["Siti", 5]])]
    )

    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Anggota"
    assert [c.value for c in sheet[1]] == ["nama", "catatan"]
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value == '\'=HYPERLINK("http://x","klik")'
    assert sheet["B3"].value == 5
