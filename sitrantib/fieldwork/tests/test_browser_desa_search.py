"""In a real browser: a kabupaten administrator (hundreds of desa) writes a visit report by
typing part of the desa's name and picking it from the list (docs/adr/0109); the Poskamling of
that desa - and only of that desa - then appear to be ticked, and the report is stored for it."""

import re

import pytest
from playwright.sync_api import expect

from sitrantib.fieldwork.models import Visit
from sitrantib.fieldwork.tests.factories import make_post
from sitrantib.regions.models import Village
from sitrantib.testing.factories import make_region_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISIT = "/lapangan/kunjungan/baru/"
RECORD = re.compile(r"/lapangan/kunjungan/\d+/$")


def test_regency_admin_searches_the_desa_and_reports_a_visit(world, page, live_server, login):
    district = make_region_tree(district_code="35.08.01")
    Village.objects.bulk_create(
        Village(code=f"35.08.01.{2001 + i}", name=f"Sumber {i:03d}", district=district, kind="desa")
        for i in range(200)
    )
    chosen = Village.objects.get(name="Sumber 123")
    make_post(world, village=chosen, name="Pos Kamling Sumber", actor=world.regency_admin)
    other = Village.objects.get(name="Sumber 124")
    make_post(world, village=other, name="Pos Kamling Sebelah", actor=world.regency_admin)

    login(page, world.regency_admin)
    page.goto(f"{live_server.url}{VISIT}")
    expect(page.locator("select[name=village]")).to_have_count(0)
    desa = page.locator("#id_village[role=combobox]")
    desa.fill("Sumber 12")
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    assert options.count() <= 20
    page.get_by_role("option", name="Sumber 123", exact=True).click()
    expect(desa).to_have_value("Sumber 123")
    expect(page.locator("input[type=hidden][name=village]")).to_have_value(chosen.code)

    post = page.get_by_label("Pos Kamling Sumber")
    expect(post).to_be_visible()
    expect(page.get_by_label("Pos Kamling Sebelah")).to_have_count(0)
    post.check()
    page.select_option("#id_kind", "monitoring")
    page.get_by_label("Patroli").check()
    page.fill("#id_findings", "Ronda berjalan di desa yang dicari.")
    page.get_by_label("Kondusif").check()
    page.locator("[data-submit]").click()

    expect(page).to_have_url(RECORD, timeout=15000)
    visit = Visit.objects.get()
    assert visit.village == chosen
    assert [p.name for p in visit.posts.all()] == ["Pos Kamling Sumber"]
