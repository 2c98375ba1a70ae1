"""Journeys of issue 9 on a desktop (1280x800): the first administrator works in the office's
kecamatan (point 1), and an administrator manages a user on the web (point 3)."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from sitrantib.accounts.models import User
from sitrantib.core.enums import Role
from sitrantib.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def first_admin(live_server, monkeypatch):
    """The install as `make reference` leaves it (without maps): the 205 desa of Lumajang, the
    Yosowilangun office, and the administrator `ensure_admin` creates."""
    monkeypatch.setenv("SITRANTIB_ADMIN_PASSWORD", TEST_PASSWORD)
    call_command("load_regions", scope="35.08", stdout=io.StringIO())
    call_command("load_office", stdout=io.StringIO())
    call_command("ensure_admin", stdout=io.StringIO())
    return User.objects.get(username="admin")


def test_first_administrator_sees_the_12_desa_of_the_office(
    page: Page, live_server, login, first_admin
):
    login(page, first_admin)

    # the home table of desa
    expect(page.locator("#village-table tbody tr")).to_have_count(12)
    expect(page.locator("#village-table")).not_to_contain_text("Sumbersuko")

    # LINMAS readiness lists the desa of the kecamatan, not the kabupaten
    page.goto(f"{live_server.url}/linmas/")
    expect(page.locator("#readiness-table tbody tr")).to_have_count(12)
    expect(page.locator("#readiness-table")).to_contain_text("Kebonsari")
    expect(page.locator("#readiness-table")).not_to_contain_text("Sumbersuko")

    # the desa choice of a new member: one Kebonsari, its own
    page.goto(f"{live_server.url}/linmas/anggota/tambah/")
    page.locator("#id_village").fill("Keb")
    options = page.locator("#id_village_listbox [role=option]")
    expect(options).to_have_count(1)
    expect(options).to_have_text(["Kebonsari"])

    # the villages list of the API with the same session
    body = page.request.get(f"{live_server.url}/api/v1/villages/?page_size=100").json()
    assert len(body["results"]) == 12
    assert {row["code"][:8] for row in body["results"]} == {"35.08.07"}


def test_admin_adds_an_operator_resets_the_password_and_the_operator_must_change_it(
    page: Page, browser, live_server, login, world
):
    login(page, world.admin)
    page.get_by_role("button", name="Administrasi").click()
    page.get_by_role("link", name="Pengguna").click()
    expect(page.locator("#user-table")).to_contain_text("opdarungan")
    expect(page.locator("#user-table")).not_to_contain_text("adminlain")

    page.get_by_role("link", name="Tambah pengguna").click()
    page.get_by_label("Nama pengguna").fill("opbaru")
    page.get_by_label("Nama depan").fill("Siti")
    page.get_by_label("Peran").select_option(Role.VILLAGE_OPERATOR.value)
    page.get_by_label("Kecamatan").select_option(world.district.code)
    page.locator("#id_village").fill("Kr")
    page.locator("#id_village_listbox [role=option]", has_text="Kraton").click()
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_have_text("Pengguna opbaru ditambahkan")
    first_password = page.locator("#temporary-password").inner_text()
    assert User.objects.get(username="opbaru").check_password(first_password)

    # the password was not passed on: the admin makes a new temporary one
    page.get_by_role("link", name="Kembali ke data pengguna").click()
    page.get_by_role("button", name="Buat kata sandi sementara").click()
    expect(page.locator("h1")).to_have_text("Kata sandi opbaru diatur ulang")
    password = page.locator("#temporary-password").inner_text()
    assert password != first_password

    # the operator logs in on another computer and must change it first
    other = browser.new_context(viewport={"width": 1280, "height": 800})
    operator_page = other.new_page()
    operator_page.goto(f"{live_server.url}/akun/masuk/")
    operator_page.fill("#id_username", "opbaru")
    operator_page.fill("#id_password", password)
    operator_page.get_by_role("button", name="Masuk").click()
    expect(operator_page).to_have_url(f"{live_server.url}/akun/kata-sandi/")
    expect(operator_page.locator("#must-change")).to_be_visible()
    operator_page.goto(f"{live_server.url}/linmas/")
    expect(operator_page).to_have_url(f"{live_server.url}/akun/kata-sandi/")

    operator_page.fill("#id_old_password", password)
    operator_page.fill("#id_new_password1", "Sandi-Siti-2026")
    operator_page.fill("#id_new_password2", "Sandi-Siti-2026")
    operator_page.get_by_role("button", name="Simpan").click()
    expect(operator_page.locator(".alert-success")).to_contain_text("Kata sandi diubah.")
    operator_page.goto(f"{live_server.url}/linmas/")
    expect(operator_page).to_have_url(f"{live_server.url}/linmas/")
    other.close()

    operator = User.objects.get(username="opbaru")
    assert operator.check_password("Sandi-Siti-2026")
    assert not operator.must_change_password
    assert operator.village_codes == frozenset({world.sibling_village.code})
