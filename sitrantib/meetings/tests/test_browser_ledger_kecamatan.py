"""In a real browser: a national user opens the follow-up ledger (one row per kecamatan), types
part of a kecamatan's name, picks it and sees that kecamatan's items only (issue 16 A1, A2)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from sitrantib.meetings import services
from sitrantib.testing.factories import make_institution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_national_user_opens_one_kecamatan_from_the_summary(world, page, live_server, login):
    today = dt.date.today()
    koramil_lain = make_institution(
        district=world.other_district, kind="koramil", name="Koramil Lain"
    )
    for district, owner, actor, text in (
        (world.district, world.polsek, world.admin, "Patroli di sini"),
        (world.other_district, koramil_lain, world.national, "Patroli di sana"),
    ):
        services.create_action_item(
            meeting=None,
            district=district,
            origin_date=today - dt.timedelta(days=3),
            description=text,
            owner_institution=owner,
            due_date=today,
            actor=actor,
        )

    login(page, world.national)
    page.goto(f"{live_server.url}/rapat/")
    expect(page.locator("#district-table tbody tr")).to_have_count(2)
    expect(page.locator("#ledger-table")).to_have_count(0)
    field = page.locator("#id_kecamatan[role=combobox]")
    field.fill(world.district.name[:6])
    option = page.get_by_role("option", name=re.compile(re.escape(world.district.code)))
    expect(option).to_be_visible()
    option.click()
    expect(page.locator("input[type=hidden][name=kecamatan]")).to_have_value(world.district.code)
    page.get_by_role("button", name="Buka").click()

    expect(page).to_have_url(re.compile(r"kecamatan=35\.08\.07"))
    expect(page.locator("#ledger-table")).to_contain_text("Patroli di sini")
    expect(page.locator("#ledger-table")).not_to_contain_text("Patroli di sana")
    expect(page.locator("#id_owner_institution option", has_text="Koramil Lain")).to_have_count(0)
