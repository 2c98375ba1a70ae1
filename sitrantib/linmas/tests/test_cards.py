"""The KTA card: what it shows, and no final card without its number and validity (ADR 0014)."""

import datetime as dt
import io

from pypdf import PdfReader

from sitrantib.linmas.models import Squad
from sitrantib.regions.models import Signatory

from .conftest import make_member
from .test_exports import office


def card_text(client, **query):
    response = client.get("/linmas/kta.pdf", query)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def with_camat(world):
    profile = office(world)
    Signatory.objects.create(
        office=profile, role="camat", title="CAMAT YOSOWILANGUN", name="Drs. Sugeng Riyadi",
        rank="Pembina", nip="197001011990031002",
    )  # fmt: skip
    return profile


def test_final_card_shows_what_a_satlinmas_card_carries(client, world):
    with_camat(world)
    squad = Squad.objects.create(village=world.village, name="Regu Pengamanan")
    make_member(
        world.village, name="Budi Santoso", card_number="KTA/2026/0001", squad=squad,
        position="komandan_regu", card_valid_until=dt.date(2099, 12, 31),
        address="Jl. Rahasia 9",
    )  # fmt: skip
    client.force_login(world.admin)
    text = card_text(client)
    for expected in (
        "KARTU TANDA ANGGOTA SATLINMAS", "Budi Santoso", "KTA/2026/0001", "Komandan Regu",
        "Regu Pengamanan", "Darungan", "Berlaku s.d.", "31 Desember 2099",
        "CAMAT YOSOWILANGUN", "Drs. Sugeng Riyadi", "NIP. 19700101 199003 1 002",
    ):  # fmt: skip
        assert expected in text, expected
    assert "3508071708900001" not in text
    assert "Jl. Rahasia" not in text
    assert "DRAF" not in text


def test_card_shows_kecamatan_and_kabupaten_of_the_desa(client, world):
    make_member(world.village, card_number="K1", card_valid_until=dt.date(2099, 1, 1))
    client.force_login(world.admin)
    text = card_text(client)
    district = world.village.district
    assert district.name in text
    assert district.regency.name in text


def test_card_without_number_is_printed_only_as_draft(client, world):
    with_camat(world)
    make_member(world.village, name="Tanpa Nomor", card_valid_until=dt.date(2099, 1, 1))
    client.force_login(world.admin)
    text = card_text(client)
    assert "Tanpa Nomor" in text
    assert "DRAF - BELUM SAH" in text
    # The run's mark, in every page's header and watermark (documents/base.html).
    assert text.count("DRAF") >= 2


def test_card_without_validity_or_past_it_is_a_draft(client, world):
    make_member(world.village, name="Tanpa Masa", serial=1, card_number="K1")
    make_member(
        world.village, name="Kedaluwarsa", serial=2, card_number="K2",
        card_valid_until=dt.date(2020, 1, 1),
    )  # fmt: skip
    client.force_login(world.admin)
    text = card_text(client)
    assert text.count("DRAF - BELUM SAH") == 2


def test_complete_cards_filtered_as_valid_print_final(client, world):
    make_member(world.village, name="Lengkap", serial=1, card_number="K1",
                card_valid_until=dt.date(2099, 1, 1))  # fmt: skip
    make_member(world.village, name="Belum", serial=2)
    client.force_login(world.admin)
    text = card_text(client, village=world.village.code, card="berlaku")
    assert "Lengkap" in text
    assert "Belum" not in text
    assert "DRAF" not in text


def test_card_whose_qr_opens_only_on_the_laptop_is_a_draft_and_the_list_says_why(
    client, world, settings
):
    make_member(world.village, card_number="KTA/2026/0002", card_valid_until=dt.date(2099, 12, 31))
    client.force_login(world.admin)

    reply = client.get("/linmas/kta.pdf", HTTP_HOST="127.0.0.1")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(reply.content)).pages)
    listing = client.get("/linmas/anggota/", HTTP_HOST="127.0.0.1").content.decode()
    assert "DRAF - BELUM SAH" in text
    assert 'id="cards-loopback"' in listing

    settings.SITRANTIB_PUBLIC_URL = "http://192.168.1.10:8000"
    reply = client.get("/linmas/kta.pdf", HTTP_HOST="127.0.0.1")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(reply.content)).pages)
    listing = client.get("/linmas/anggota/", HTTP_HOST="127.0.0.1").content.decode()
    assert "DRAF" not in text
    assert 'id="cards-loopback"' not in listing
