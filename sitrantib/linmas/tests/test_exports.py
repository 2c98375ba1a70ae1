import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sitrantib.regions.models import OfficeProfile

from .conftest import download, make_member


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def office(world):
    return OfficeProfile.objects.create(
        district=world.district, government_line="PEMERINTAH KABUPATEN LUMAJANG",
        office_line="KECAMATAN YOSOWILANGUN", address="Jl. Raya Yosowilangun", town="YOSOWILANGUN",
        postcode="67382", letter_place="Lumajang",
    )  # fmt: skip


def test_export_xlsx_has_summary_and_sheet_per_desa(client, world):
    make_member(
        world.village,
        name="Anggota Satu",
        serial=1,
        decree_number="188/1/2025",
        trained_on=dt.date(2026, 3, 12),
    )
    make_member(world.sibling_village, name="Anggota Dua", serial=2)
    client.force_login(world.admin)
    response = client.get("/linmas/ekspor/register.xlsx")
    workbook = load_workbook(io.BytesIO(download(response)))
    header = [c.value for c in workbook["Ringkasan"][1]]
    summary = [[c.value for c in row] for row in workbook["Ringkasan"].iter_rows(min_row=2)]
    assert workbook.sheetnames == ["Ringkasan", "Darungan", "Kraton"]
    assert header[5:7] == ["KTA berlaku", "Terlatih"]
    assert summary == [
        ["35.08.07.2001", "Darungan", 1, 1, 1, 0, 1, None, 0, None, "Tidak dapat dinilai"],
        ["35.08.07.2002", "Kraton", 1, 1, 0, 0, 0, None, 0, None, "Tidak dapat dinilai"],
    ]
    assert [c.value for c in workbook["Darungan"][2]][:3] == [1, "3508071708900001", "Anggota Satu"]


def test_export_xlsx_masks_nik_for_camat(client, world):
    make_member(world.village, serial=1)
    client.force_login(world.camat)
    workbook = load_workbook(io.BytesIO(download(client.get("/linmas/ekspor/register.xlsx"))))
    assert workbook["Darungan"]["B2"].value == "3508********0001"


def test_export_pdf_has_letterhead_and_members(client, world):
    office(world)
    make_member(world.village, name="Anggota Satu", serial=1)
    client.force_login(world.admin)
    response = client.get("/linmas/ekspor/daftar.pdf")
    pages, text = pdf_text(response.content)
    assert (response["Content-Type"], pages) == ("application/pdf", 1)
    assert ("KECAMATAN YOSOWILANGUN" in text, "Anggota Satu" in text, "Desa Darungan" in text) == (
        True,
        True,
        True,
    )


def test_cards_pdf_puts_ten_cards_per_a4_sheet_with_qr(client, world, media):
    for serial in range(1, 13):
        make_member(
            world.village,
            name=f"Kartu {serial:02d}",
            serial=serial,
            card_number=f"KTA-{serial}",
            card_valid_until=dt.date(2030, 1, 1),
        )
    client.force_login(world.operator)
    response = client.get("/linmas/kta.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    first = reader.pages[0]
    assert (
        len(reader.pages),
        round(float(first.mediabox.width)),
        round(float(first.mediabox.height)),
    ) == (2, 595, 842)
    text = first.extract_text()
    assert (
        "Kartu 01" in text,
        "Kartu 10" in text,
        "Kartu 11" in text,
        "3508071708900001" in text,
    ) == (True, True, False, False)
    second = reader.pages[1].extract_text()
    assert ("Kartu 11" in second, "Kartu 12" in second, len(list(first.images)) >= 10) == (
        True,
        True,
        True,
    )


@pytest.mark.parametrize("other", ["sibling_village", "foreign_village"])
def test_cards_pdf_for_desa_outside_scope_is_not_found(client, world, other):
    make_member(getattr(world, other), name="Orang Lain")
    client.force_login(world.operator)
    response = client.get("/linmas/kta.pdf", {"village": getattr(world, other).code})
    assert response.status_code == 404


def test_cards_pdf_for_desa_in_scope_without_members_says_so(client, world):
    client.force_login(world.admin)
    response = client.get("/linmas/kta.pdf", {"village": world.sibling_village.code})
    pages, text = pdf_text(response.content)
    assert (response.status_code, pages, "Tidak ada anggota." in text) == (200, 1, True)


def test_cards_pdf_refused_for_staff(client, world):
    client.force_login(world.staff)
    assert client.get("/linmas/kta.pdf").status_code == 403


def test_verification_page_confirms_valid_card(client, world):
    member = make_member(world.village, card_number="KTA-1", card_valid_until=dt.date(2099, 1, 1))
    body = client.get(f"/verifikasi/{member.verification_code}").content.decode()
    assert ("KTA SAH dan berlaku." in body, "Darungan" in body) == (True, True)


def test_verification_page_reports_expired_card(client, world):
    member = make_member(world.village, card_number="KTA-1", card_valid_until=dt.date(2020, 1, 1))
    assert (
        "KTA TIDAK berlaku."
        in client.get(f"/verifikasi/{member.verification_code}").content.decode()
    )


def test_cards_pdf_embeds_member_photo(client, world, media):
    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(buffer, format="PNG")
    with_photo = make_member(world.village, name="Berfoto", serial=1)
    with_photo.photo.save("foto.png", ContentFile(buffer.getvalue()))
    make_member(world.sibling_village, name="Tanpa Foto", serial=2)
    client.force_login(world.admin)

    def images(village):
        content = client.get(f"/linmas/kta.pdf?village={village}").content
        return len(list(PdfReader(io.BytesIO(content)).pages[0].images))

    assert (images(world.village.code), images(world.sibling_village.code)) == (2, 1)


def _member_with_photo(world):
    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(buffer, format="PNG")
    member = make_member(world.village, name="Berfoto", serial=1)
    member.photo.save("foto.png", ContentFile(buffer.getvalue()))
    return member


@pytest.mark.parametrize("role", ["admin", "operator", "camat"])
def test_member_photo_is_served_to_those_who_see_the_member(client, world, media, role):
    member = _member_with_photo(world)
    client.force_login(getattr(world, role))

    response = client.get(f"/linmas/anggota/{member.pk}/foto/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.parametrize("role", ["sibling_operator", "outsider"])
def test_member_photo_outside_scope_is_not_found(client, world, media, role):
    member = _member_with_photo(world)
    client.force_login(getattr(world, role))

    assert client.get(f"/linmas/anggota/{member.pk}/foto/").status_code == 404


def test_member_photo_has_no_public_url(client, world, media):
    member = _member_with_photo(world)

    assert client.get(f"/linmas/anggota/{member.pk}/foto/").status_code == 302
    with pytest.raises(ValueError, match="not accessible via a URL"):
        _ = member.photo.url


def _qr_modules(image, size):
    """The QR's dark modules read back from an image of it (box size and border found by size)."""
    gray = image.convert("L")
    step = gray.width / size
    return [
        [gray.getpixel((int((x + 0.5) * step), int((y + 0.5) * step))) < 128 for x in range(size)]
        for y in range(size)
    ]


def _expected_modules(data):
    import qrcode

    code = qrcode.QRCode(border=1)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def test_cards_qr_encodes_public_verification_url(client, world):
    member = make_member(
        world.village, card_number="KTA-1", card_valid_until=dt.date(2030, 1, 1), serial=1
    )
    client.force_login(world.admin)
    content = client.get("/linmas/kta.pdf").content
    images = [img.image for img in PdfReader(io.BytesIO(content)).pages[0].images]
    expected = _expected_modules(f"http://testserver/verifikasi/{member.verification_code}")
    other = _expected_modules("http://testserver/verifikasi/lain")
    found = [_qr_modules(img, len(expected)) for img in images]
    assert (expected in found, other in found) == (True, False)


def test_cards_pdf_over_the_limit_is_refused_with_message_not_cut_short(client, world, monkeypatch):
    from sitrantib.linmas.views import exports as export_views

    monkeypatch.setattr(export_views, "MAX_CARDS", 1)
    make_member(world.village, serial=1)
    make_member(world.village, serial=2)
    client.force_login(world.admin)
    response = client.get("/linmas/kta.pdf", {"village": world.village.code}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        export_views.MESSAGE_TOO_MANY_CARDS % {"limit": 1}
    ]
