"""In a real browser: the national administrator, among hundreds of kecamatan, opens another
kecamatan's survey elements by typing part of its name in the kecamatan chooser and picking it
(regions.search.DistrictChoiceForm, docs/adr/0111) - no select of every kecamatan on the page."""

import pytest
from playwright.sync_api import expect

from sitrantib.testing.choices import build_wide_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ELEMENTS = "/survei/unsur/"


def test_national_admin_chooses_a_kecamatan_by_typing_its_name(world, page, live_server, login):
    build_wide_world(world)

    login(page, world.national)
    page.goto(f"{live_server.url}{ELEMENTS}")
    expect(page.locator("select[name=kecamatan]")).to_have_count(0)
    chooser = page.locator("#id_kecamatan[role=combobox]")
    chooser.fill("Kecamatan Luas 1")
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    assert options.count() <= 20
    page.get_by_role("option", name="Kecamatan Luas 13 (35.08.63)", exact=True).click()
    expect(page.locator("input[type=hidden][name=kecamatan]")).to_have_value("35.08.63")
    page.get_by_role("button", name="Pilih").click()

    expect(page).to_have_url(f"{live_server.url}{ELEMENTS}?kecamatan=35.08.63")
    expect(page.locator("h1")).to_contain_text("Kecamatan Luas 13")
    expect(chooser).to_have_value("Kecamatan Luas 13 (35.08.63)")
