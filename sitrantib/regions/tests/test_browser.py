"""The first journey: log in, switch language, see map and figures, open a desa, see findings."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from sitrantib.core.enums import Role
from sitrantib.regions.models import District
from sitrantib.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kasi(live_server):
    call_command("load_reference", scope="35.08.07", stdout=io.StringIO())
    return make_user(
        role=Role.TRANTIB_ADMIN, district=District.objects.get(code="35.08.07"), username="kasi"
    )


def test_admin_sees_kecamatan_switches_language_opens_desa_and_findings(
    page: Page, live_server, login, kasi
):
    login(page, kasi)

    expect(page.locator("h1")).to_have_text("Kecamatan Yosowilangun")
    expect(page.locator("header.letterhead")).to_contain_text(
        "Jl. Mayjen Soekartijo No. 56 Telp. (0334) 390555"
    )
    expect(page.locator("#village-table tbody tr")).to_have_count(12)
    expect(page.locator("#village-map")).to_have_attribute("data-loaded", "12")
    expect(page.locator("#village-map .leaflet-interactive")).to_have_count(12)

    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator("h1")).to_have_text("Yosowilangun District")
    expect(page.locator("#village-table thead")).to_contain_text("Households")
    page.get_by_role("button", name="ID", exact=True).click()
    expect(page.locator("h1")).to_have_text("Kecamatan Yosowilangun")

    page.get_by_role("link", name="Karangrejo").click()
    expect(page).to_have_url(re.compile(r"/desa/35\.08\.07\.2009/$"))
    expect(page.locator("#statistics-table")).to_contain_text("1.455")
    expect(page.locator("#statistics-table")).to_contain_text(
        "KAK Seksi Trantib Kecamatan Yosowilangun, 1 Oktober 2019"
    )

    page.get_by_role("button", name="Administrasi").click()
    page.get_by_role("link", name="Kualitas Data", exact=True).click()
    expect(page.locator("#findings")).to_contain_text("jumlah penduduk 6.038 pada data")
    page.get_by_role("link", name=re.compile("^Galat")).click()
    expect(page.locator("#findings .list-group-item")).to_have_count(3)


def test_map_click_opens_the_desa(page: Page, live_server, login, kasi):
    login(page, kasi)
    expect(page.locator("#village-map")).to_have_attribute("data-loaded", "12")

    # A person clicks the shape where its name is written; the label itself lets clicks through.
    page.locator(".village-label", has_text="Munder").click(force=True)

    expect(page).to_have_url(re.compile(r"/desa/35\.08\.07\.2010/$"))


def test_home_is_usable_on_a_phone(browser, live_server, login, kasi, phone_context_args):
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    login(page, kasi)

    expect(page.locator("#village-map")).to_have_attribute("data-loaded", "12")
    page.locator(".navbar-toggler").click()
    # Let the menu finish opening before touching what is inside it, as a finger would.
    expect(page.locator("#main-menu")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.get_by_role("button", name="Administrasi").click()
    expect(page.locator("#admin-menu")).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Kualitas Data", exact=True)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()
