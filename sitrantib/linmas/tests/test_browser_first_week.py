"""Browser journeys of issue 9 for LINMAS: readiness that means ready (desktop), NIK filling sex
and birth date as it is typed (phone), a refused member form keeping what was typed."""

import datetime as dt

import pytest

from sitrantib.linmas import services
from sitrantib.linmas.models import EquipmentType, Member
from sitrantib.regions.models import StatisticSource, VillageStatistic

from .conftest import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_readiness_page_states_rule_and_two_members_for_49_rt_are_not_ready(
    world, page, live_server, login
):
    source = StatisticSource.objects.create(title="KAK Yosowilangun 2019")
    VillageStatistic.objects.create(village=world.village, year=2019, source=source, rt_count=49)
    for serial in (1, 2):
        make_member(
            world.village, serial=serial, decree_number=f"188/{serial}",
            card_number=f"KTA-{serial}", card_valid_until=dt.date(2099, 1, 1),
        )  # fmt: skip
    make_member(world.sibling_village, serial=3)
    # A transactional test before this one may have emptied the seeded types: make sure of one.
    ht, _created = EquipmentType.objects.get_or_create(
        code="ht", defaults={"name": "HT (handy talky)", "unit": "buah"}
    )
    services.set_equipment(
        village=world.village, item_type=ht,
        good=4, damaged=0, required=4, actor=world.admin,
    )  # fmt: skip
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, world.admin)
    page.goto(f"{live_server.url}/linmas/")
    rule = page.locator("#readiness-rule").inner_text()
    assert "1 anggota per RT" in rule
    assert "belum dicatat dihitung kurang" in rule
    darungan = page.locator(f"#readiness-table tr[data-village='{world.village.code}']")
    badge = darungan.locator(".badge").inner_text()
    assert badge.startswith("Kurang")
    assert "Siap" not in badge
    assert "49" in darungan.locator("td.need").inner_text()
    kraton = page.locator(f"#readiness-table tr[data-village='{world.sibling_village.code}']")
    assert kraton.locator(".badge").inner_text() == "Tidak dapat dinilai"
    assert "Kraton" in page.locator("#unknown-need").inner_text()


def test_typing_a_nik_on_a_phone_fills_sex_and_birth_date(
    world, browser, live_server, login, phone_context_args
):
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    login(page, world.operator)
    page.goto(f"{live_server.url}/linmas/anggota/tambah/")
    page.locator("#id_nik").press_sequentially("3508 0757 0890 0001")
    assert (page.input_value("#id_sex"), page.input_value("#id_birth_date")) == ("P", "1990-08-17")
    assert "diisi dari NIK" in page.locator("#nik-fill-status").inner_text()
    # A date chosen by hand is never overwritten by the next NIK typed.
    page.fill("#id_birth_date", "1990-08-18")
    page.fill("#id_nik", "")
    page.locator("#id_nik").press_sequentially("3508071505850002")
    assert (page.input_value("#id_sex"), page.input_value("#id_birth_date")) == ("L", "1990-08-18")
    context.close()


def test_refused_member_form_keeps_every_typed_value(world, page, live_server, login):
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, world.operator)
    page.goto(f"{live_server.url}/linmas/anggota/tambah/")
    page.locator("#id_nik").press_sequentially("3508075708900001")
    page.select_option("#id_sex", "L")  # by hand, against the NIK (a woman's day + 40)
    page.fill("#id_name", "Sri Wahyuni")
    page.fill("#id_birth_place", "Lumajang")
    page.fill("#id_rt", "001")
    page.fill("#id_rw", "002")
    page.fill("#id_phone", "081234567890")
    page.select_option("#id_education", "slta")
    page.click("button[type=submit]:has-text('Simpan')")
    page.wait_for_selector("#id_sex.is-invalid")
    assert Member.objects.count() == 0
    kept = {
        name: page.input_value(f"#id_{name}")
        for name in ("nik", "name", "sex", "birth_place", "birth_date", "rt", "rw", "phone",
                     "education")
    }  # fmt: skip
    assert kept == {
        "nik": "3508075708900001", "name": "Sri Wahyuni", "sex": "L",
        "birth_place": "Lumajang", "birth_date": "1990-08-17", "rt": "001", "rw": "002",
        "phone": "081234567890", "education": "slta",
    }  # fmt: skip
    described = page.get_attribute("#id_sex", "aria-describedby") or ""
    error_id = next(part for part in described.split() if "error" in part)
    assert page.locator(f"#{error_id}").inner_text()
