import datetime as dt
from pathlib import Path

import pytest

from sitrantib.linmas.models import Member

from .conftest import make_member, xlsx, xlsx_row

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_village_operator_adds_member_on_phone(
    transactional_db, world, browser, live_server, login, phone_context_args
):
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    login(page, world.operator)
    page.goto(f"{live_server.url}/linmas/anggota/tambah/")
    page.fill("#id_nik", "3508 0757 0890 0001")
    page.fill("#id_name", "Sri Wahyuni")
    page.select_option("#id_sex", "P")
    page.fill("#id_birth_place", "Lumajang")
    page.fill("#id_birth_date", "1990-08-17")
    page.fill("#id_rt", "001")
    page.fill("#id_rw", "002")
    page.select_option("#id_education", "slta")
    page.click("button[type=submit]:has-text('Simpan')")
    page.wait_for_url("**/linmas/anggota/*/")
    assert (page.locator("h1").inner_text(), Member.objects.get().nik) == (
        "Sri Wahyuni",
        "3508075708900001",
    )
    context.close()


def choose_village(page, typed, name):
    """The desa is searched as the user types (issue 16 A2): type, then pick from the list."""
    page.fill("#id_village", typed)
    page.click(f"[role=option]:has-text('{name}')")


def test_admin_imports_file_with_errors_then_fixed_file(
    transactional_db, world, page, live_server, login, media
):
    login(page, world.admin)
    page.goto(f"{live_server.url}/linmas/impor/")
    bad = xlsx([xlsx_row(serial=1), xlsx_row(serial=2, tanggal="31-02-1990")])
    choose_village(page, "Daru", "Darungan")
    page.set_input_files("#id_file", {"name": "anggota.xlsx", "mimeType": XLSX, "buffer": bad})
    page.click("button[type=submit]:has-text('Unggah')")
    page.wait_for_selector("#error-table")
    assert (page.locator("#error-table tbody tr").count(), Member.objects.count()) == (1, 0)
    page.click("text=Unggah berkas yang sudah diperbaiki")
    good = xlsx([xlsx_row(serial=1), xlsx_row(serial=2)])
    choose_village(page, "Daru", "Darungan")
    page.set_input_files("#id_file", {"name": "anggota.xlsx", "mimeType": XLSX, "buffer": good})
    page.click("button[type=submit]:has-text('Unggah')")
    page.click("#confirm-import")
    page.wait_for_url("**/linmas/anggota/?village=*")
    assert (page.locator("#member-table tbody tr").count(), Member.objects.count()) == (2, 2)


def test_admin_prints_cards(transactional_db, world, page, live_server, login, tmp_path):
    make_member(
        world.village, name="Kartu Satu", card_number="KTA-1", card_valid_until=dt.date(2030, 1, 1)
    )
    login(page, world.admin)
    page.goto(f"{live_server.url}/linmas/anggota/?village={world.village.code}")
    with page.expect_download() as info:
        page.click("text=Cetak KTA (PDF)")
    target = tmp_path / "kta.pdf"
    info.value.save_as(target)
    assert (info.value.suggested_filename, Path(target).read_bytes()[:5]) == (
        "kta-linmas.pdf",
        b"%PDF-",
    )
