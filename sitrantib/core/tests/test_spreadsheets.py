import base64
import datetime as dt
import io
import random
import resource
import time
import tracemalloc
import zipfile

import pytest
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from sitrantib.core.spreadsheets import (
    DEFAULT_LIMITS,
    MESSAGE_SUSPICIOUS_ARCHIVE,
    ReadLimits,
    SpreadsheetError,
    check_xlsx_archive,
    iter_sheet_rows,
    safe_cell,
    stream_workbook,
    workbook_file,
    write_workbook,
    xlsx_response,
)


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("content", [b"", b"nik,nama\n1,Budi\n", b"PK\x03\x04rusak"])
def test_not_an_xlsx_file_says_so(content):
    with pytest.raises(SpreadsheetError) as excinfo:
        list(iter_sheet_rows(io.BytesIO(content)))

    assert str(excinfo.value) == (
        "Berkas bukan XLSX yang dapat dibaca. Simpan ulang sebagai .xlsx lalu unggah lagi."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-1+1", "'-1+1"),
        ("-1-A1", "'-1-A1"),
        ("-(1)", "'-(1)"),
        ("--1", "'--1"),
        ("-", "-"),
        ("-5", "-5"),
        ("-1.234,50", "-1.234,50"),
        ("-12%", "-12%"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("+6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+62 812-3456-7890"),
        ("Budi\x05", "Budi"),
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


def test_written_phone_number_is_text_without_apostrophe():
    data = write_workbook([("A", ["telepon"], [["+6281234567890"], ["081234567890"]])])

    sheet = load_workbook(io.BytesIO(data)).active
    cell = sheet["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("+6281234567890", "s", True)
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("081234567890", "s")


def test_written_header_is_bold_and_frozen():
    data = write_workbook([("A", ["nama"], [["Budi"]])])

    sheet = load_workbook(io.BytesIO(data)).active
    assert (sheet["A1"].font.b, sheet["A2"].font.b, sheet.freeze_panes) == (True, False, "A2")


def test_control_characters_are_removed_so_the_file_opens():
    data = write_workbook([("A\x07", ["nama\x00"], [["Bu\x05di\tx\ny", "Lahir\x1f di \ud800X"]])])

    sheet = load_workbook(io.BytesIO(data)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["nama", None],
        ["Budi\tx\ny", "Lahir di X"],
    ]


@pytest.mark.parametrize("count", [100, 3000])
def test_writer_streams_every_row_of_a_generator(count):
    rows = ([n, f"Nama {n}", "+62812" + str(n)] for n in range(count))

    chunks = list(stream_workbook([("Data", ["no", "nama", "telepon"], rows)], chunk_size=4096))

    sheet = load_workbook(io.BytesIO(b"".join(chunks)), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == count + 1
    assert values[-1] == (count - 1, f"Nama {count - 1}", f"+62812{count - 1}")
    assert len(chunks) > 1


def test_workbook_file_and_response_are_downloads_not_cached():
    handle = workbook_file([("A", ["x"], [[1]])])
    assert handle.read(2) == b"PK"
    handle.close()

    response = xlsx_response([("A", ["x"], [[1]])], filename="data.xlsx")

    assert response["Cache-Control"] == "no-store"
    assert 'filename="data.xlsx"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    response.file_to_stream.close()  # response.close() would also end the request
    assert content[:2] == b"PK"


# ---------------------------------------------------------------- crafted files


def _bomb(rows: int) -> bytes:
    """A real XLSX whose sheet holds `rows` identical rows: tiny compressed, huge unpacked."""
    template = io.BytesIO(write_workbook([("Data", ["nik"], [["1"]])]))
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAA</t></is></c></row>'
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                with target.open(zipfile.ZipInfo(item.filename), "w", force_zip64=True) as handle:
                    handle.write(head)
                    block = row * 1000
                    for _ in range(rows // 1000):
                        handle.write(block)
                    handle.write(b"</sheetData></worksheet>")
            else:
                target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _recompress(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
    return out.getvalue()


def _max_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def test_zip_bomb_is_refused_in_bounded_time_and_memory():
    bomb = _recompress(_bomb(2_000_000))  # ~150 MB of sheet XML
    unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert len(bomb) < 1_000_000 < 100_000_000 < unpacked

    rss_before = _max_rss()
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError) as excinfo:
        list(iter_sheet_rows(io.BytesIO(bomb)))
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"\nZIP bomb: {len(bomb) / 1024:.0f} KB unpacking to {unpacked / 2**20:.0f} MB refused in "
        f"{elapsed:.3f} s, peak extra memory {peak / 2**20:.1f} MB (tracemalloc), "
        f"peak RSS growth {(_max_rss() - rss_before) / 1024:.1f} MB"
    )
    assert "tidak wajar" in str(excinfo.value) or "terlalu besar" in str(excinfo.value)
    assert peak < 100 * 2**20


def _shared_strings_bomb(entries: int) -> bytes:
    """A real XLSX whose shared-strings table holds `entries` empty strings, padded with random
    comments so that every part stays within the size and ratio limits."""
    rng = random.Random(1)
    template = io.BytesIO(write_workbook([("Data", ["nik"], [["1"]])]))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            target.writestr(item.filename, data)
        parts = [
            b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main">'
        ]
        for _ in range(entries // 50):
            parts.append(b"<si/>" * 50 + b"<!--" + base64.b64encode(rng.randbytes(12)) + b"-->")
        parts.append(b"</sst>")
        target.writestr("xl/sharedStrings.xml", b"".join(parts))
    return out.getvalue()


def test_shared_strings_bomb_within_the_size_limits_is_refused_before_openpyxl_reads_it():
    bomb = _shared_strings_bomb(2_000_000)
    sizes = {i.filename: i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()}
    assert len(bomb) < 1_000_000
    assert sizes["xl/sharedStrings.xml"] < DEFAULT_LIMITS.max_uncompressed_bytes

    started = time.perf_counter()
    with pytest.raises(SpreadsheetError) as excinfo:
        check_xlsx_archive(io.BytesIO(bomb))
    elapsed = time.perf_counter() - started

    print(f"\nshared-strings bomb: {len(bomb) / 1024:.0f} KB refused in {elapsed:.3f} s")
    assert str(excinfo.value) == gettext(MESSAGE_SUSPICIOUS_ARCHIVE)


def test_shared_strings_at_the_limit_are_accepted():
    check_xlsx_archive(io.BytesIO(_shared_strings_bomb(50_000)), limits=ReadLimits())


def test_many_rows_within_the_archive_limits_stop_at_the_row_limit():
    data = _bomb(30_000)  # stored with ordinary ratios: the row counter refuses it
    limits = ReadLimits(max_rows=1000, max_blank_rows=0)

    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError) as excinfo:
        list(iter_sheet_rows(io.BytesIO(data), limits=limits))
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"\nrow limit: refused after 1,001 rows in {elapsed:.3f} s, peak {peak / 2**20:.1f} MB")
    assert str(excinfo.value) == (
        "Berkas berisi lebih dari 1000 baris; bagi menjadi beberapa berkas."
    )


def test_forged_dimension_and_wide_rows_stop_at_the_cell_limit():
    workbook = Workbook()
    sheet = workbook.active
    for row in range(1, 100):
        sheet.cell(row=row, column=16000, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(SpreadsheetError) as excinfo:
        list(iter_sheet_rows(io.BytesIO(buffer.getvalue()), limits=ReadLimits(max_columns=20000)))

    assert str(excinfo.value).startswith("Berkas berisi lebih dari 1000000 sel")


def test_a_too_long_text_names_its_row_and_column():
    data = _xlsx([["nama"], ["x" * 50]])

    with pytest.raises(SpreadsheetError) as excinfo:
        list(iter_sheet_rows(data, limits=ReadLimits(max_string_length=10)))

    assert str(excinfo.value) == "Baris 2, kolom A: teks lebih dari 10 karakter."


def test_too_many_members_is_suspicious():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("[Content_Types].xml", "<x/>")
        target.writestr("xl/workbook.xml", "<x/>")
        for n in range(600):
            target.writestr(f"xl/media/{n}.bin", b"")

    with pytest.raises(SpreadsheetError) as excinfo:
        list(iter_sheet_rows(out))

    assert "tidak wajar" in str(excinfo.value)


def test_high_ratio_member_below_the_total_limit_is_suspicious():
    bomb = _recompress(_bomb(300_000))  # ~18 MB of sheet XML in a few dozen KB

    with pytest.raises(SpreadsheetError) as excinfo:
        list(iter_sheet_rows(io.BytesIO(bomb)))

    assert "tidak wajar" in str(excinfo.value)


def test_without_the_archive_check_the_streaming_counter_still_stops_the_bomb():
    bomb = _recompress(_bomb(2_000_000))
    limits = ReadLimits(max_uncompressed_bytes=10**10, max_ratio=10**6)

    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError) as excinfo:
        list(iter_sheet_rows(io.BytesIO(bomb), limits=limits))
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"\nbomb, archive check off: row counter refused it in {elapsed:.3f} s, peak "
          f"{peak / 2**20:.1f} MB")  # fmt: skip
    assert "lebih dari 20000 baris" in str(excinfo.value)
    assert peak < 100 * 2**20


def test_lazy_text_and_aware_times_are_written_as_plain_cells():
    from django.utils import timezone
    from django.utils.translation import gettext_lazy

    moment = timezone.make_aware(dt.datetime(2026, 3, 1, 9, 30), timezone.get_fixed_timezone(0))
    content = write_workbook([("Data", ["a", "b"], [[gettext_lazy("Hadir"), moment]])])

    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[2]] == ["Hadir", dt.datetime(2026, 3, 1, 16, 30)]
