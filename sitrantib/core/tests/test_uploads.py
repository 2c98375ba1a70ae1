import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from sitrantib.core.spreadsheets import write_workbook
from sitrantib.core.uploads import (
    GPS_IFD,
    UploadKind,
    UploadValidator,
    check_upload,
    client_file_name,
    prepare_photo,
    stored_name,
)


def _photo(fmt="JPEG", size=(300, 200), *, gps=True, mode="RGB"):
    image = Image.new(mode, size, "red" if mode == "RGB" else None)
    exif = Image.Exif()
    exif[0x010F] = "KameraMerek"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90 degrees
    if gps:
        exif[GPS_IFD] = {1: "S", 2: (8.0, 10.0, 0.0), 3: "E", 4: (113.0, 13.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, exif=exif.tobytes())
    return buffer.getvalue()


def _pdf(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _file(content, name):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (_pdf(), "surat.jpg", ("application/pdf", ".pdf", "pdf")),
        (_photo("JPEG"), "foto.pdf", ("image/jpeg", ".jpg", "photo")),
        (_photo("PNG"), "foto", ("image/png", ".png", "photo")),
        (_photo("WEBP"), "foto.exe", ("image/webp", ".webp", "photo")),
    ],
)
def test_evidence_type_comes_from_content_not_name(content, name, expected):
    checked = check_upload(_file(content, name), kind=UploadKind.EVIDENCE)

    assert (checked.content_type, checked.suffix, checked.family) == expected
    assert checked.size == len(content)


def test_a_real_workbook_passes_as_spreadsheet():
    content = write_workbook([("Data", ["a"], [[1]])])

    checked = check_upload(_file(content, "data.bin"), kind=UploadKind.SPREADSHEET)

    assert (checked.suffix, checked.family) == (".xlsx", "xlsx")


@pytest.mark.parametrize(
    ("content", "name", "kind", "message"),
    [
        (_pdf(), "data.xlsx", UploadKind.SPREADSHEET,
         "Berkas bukan XLSX yang dapat dibaca. Simpan ulang sebagai .xlsx lalu unggah lagi."),
        (b"<html><script>alert(1)</script></html>", "bukti.pdf", UploadKind.EVIDENCE,
         "Jenis berkas tidak diterima. Unggah PDF atau foto (JPEG, PNG, WEBP)."),
        (b"\xff\xd8\xff\xe0" + b"bukan foto" * 50, "foto.jpg", UploadKind.PHOTO,
         "Foto tidak dapat dibuka; berkasnya rusak atau bukan foto."),
        (b"%PDF-1.4\nrusak", "bukti.pdf", UploadKind.EVIDENCE,
         "PDF tidak dapat dibuka atau tidak berisi halaman."),
        (_pdf(), "foto.jpg", UploadKind.PHOTO,
         "Jenis berkas tidak diterima. Unggah foto (JPEG, PNG, WEBP)."),
        (b"", "kosong.pdf", UploadKind.EVIDENCE, "Berkas kosong."),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "besar.pdf", UploadKind.EVIDENCE,
         "Berkas lebih dari 5 MB."),
    ],
)  # fmt: skip
def test_mislabelled_or_broken_files_are_refused_with_a_message(content, name, kind, message):
    with pytest.raises(ValidationError) as excinfo:
        check_upload(_file(content, name), kind=kind)

    assert excinfo.value.messages == [message]


def test_scan_allows_ten_megabytes():
    content = _pdf()[:-6] + b" " * (6 * 1024 * 1024) + _pdf()[-6:]

    with pytest.raises(ValidationError):
        check_upload(_file(content, "a.pdf"), kind=UploadKind.EVIDENCE)
    checked = check_upload(_file(_pdf(), "a.pdf"), kind=UploadKind.SCAN)

    assert UploadKind.SCAN.max_bytes == 10 * 1024 * 1024
    assert checked.family == "pdf"


def _huge_png():
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_huge_dimension_image_is_refused_not_a_server_error():
    content = _huge_png()

    with pytest.raises(ValidationError) as check:
        check_upload(_file(content, "bom.png"), kind=UploadKind.PHOTO)
    with pytest.raises(ValidationError) as prepare:
        prepare_photo(_file(content, "bom.png"))

    expected = ["Ukuran foto terlalu besar (8000 x 8000 piksel); paling banyak 16 juta piksel."]
    assert (check.value.messages, prepare.value.messages) == (expected, expected)


def test_lossless_photo_is_held_to_a_lower_pixel_count_than_a_jpeg():
    """A PNG cannot be decoded at a reduced scale: 4100 x 4000 would cost 64 MB+ per copy."""
    buffer = io.BytesIO()
    Image.new("L", (4100, 4000)).save(buffer, format="PNG")

    with pytest.raises(ValidationError) as check:
        check_upload(_file(buffer.getvalue(), "layar.png"), kind=UploadKind.PHOTO)

    assert check.value.messages == [
        "Ukuran foto terlalu besar (4100 x 4000 piksel); paling banyak 16 juta piksel."
    ]


def test_prepared_photo_has_no_metadata_is_upright_and_resized():
    prepared = prepare_photo(_file(_photo(size=(3000, 1000)), "foto.jpg"), max_side=600)

    image = Image.open(io.BytesIO(prepared.read()))
    assert (image.format, image.size) == ("JPEG", (200, 600))  # rotated by its orientation
    assert dict(image.getexif()) == {}
    assert prepared.name.endswith(".jpg")
    assert "foto" not in prepared.name


def test_prepared_photo_keeps_only_the_location_when_asked():
    prepared = prepare_photo(_file(_photo(), "foto.jpg"), keep_location=True)

    exif = Image.open(io.BytesIO(prepared.read())).getexif()
    assert list(exif) == [GPS_IFD]
    assert exif.get_ifd(GPS_IFD)[1] == "S"


def test_transparent_png_stays_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, format="PNG")

    prepared = prepare_photo(_file(buffer.getvalue(), "logo.png"))

    assert Image.open(io.BytesIO(prepared.read())).format == "PNG"
    assert prepared.name.endswith(".png")


def test_stored_name_is_random_with_the_detected_suffix():
    checked = check_upload(_file(_pdf(), "../../etc/passwd.jpg"), kind=UploadKind.EVIDENCE)

    first, second = stored_name(checked), stored_name(checked)

    assert first != second
    assert first.endswith(".pdf")
    assert "/" not in first
    assert ".." not in first


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\budi\\laporan.xlsx", "laporan.xlsx"),
        ("data\x00\x07.xlsx", "data.xlsx"),
        ("", "berkas"),
        (".htaccess", "htaccess"),
    ],
)
def test_client_file_name_is_for_display_only_and_safe(name, shown):
    assert client_file_name(name) == shown


def test_upload_validator_works_in_a_form_field():
    validator = UploadValidator(UploadKind.PHOTO)

    validator(_file(_photo(), "a.jpg"))
    with pytest.raises(ValidationError):
        validator(_file(_pdf(), "a.jpg"))
