"""Browser journeys of the home page, fixable findings and the site search (issue 9 points 4, 8
and 10; desktop 1280x800)."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from sitrantib.linmas.tests.conftest import make_member
from sitrantib.meetings.tests.factories import make_item, make_meeting
from sitrantib.regions.models import StatisticSource, VillageStatistic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office_day(world):
    today = timezone.localdate()
    meeting = make_meeting(
        world,
        starts_at=timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
        - dt.timedelta(days=30),
    )
    make_item(world, meeting, due=today - dt.timedelta(days=2), description="Patroli pasar malam")
    make_item(world, meeting, due=today + dt.timedelta(days=10), description="Sosialisasi")
    source = StatisticSource.objects.create(title="BPS Kecamatan Dalam Angka")
    VillageStatistic.objects.create(
        village=world.sibling_village, source=source, year=2024, rw_count=14, rt_count=0
    )
    make_member(world.village, serial=1, name="Suparman Hadi")
    return world


def test_admin_home_figures_open_the_overdue_ledger(page: Page, live_server, login, office_day):
    login(page, office_day.admin)
    page.goto(f"{live_server.url}/")

    figures = page.locator("#home-figures")
    expect(figures).to_contain_text("Perlu perhatian hari ini")
    expect(page.locator("#figure-overdue-items .home-figure-value")).to_have_text("1")
    expect(page.locator("#figure-follow-up")).to_be_visible()
    expect(page.locator("#figure-linmas-ready")).to_be_visible()
    expect(page.locator("#figure-ikm")).to_be_visible()

    page.locator("#figure-overdue-items").click()

    expect(page).to_have_url(re.compile(r"/rapat/\?overdue=on$"))
    expect(page.locator("#id_overdue")).to_be_checked()
    rows = page.locator("#ledger-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Patroli pasar malam")


def test_admin_fixes_a_finding_from_its_link_and_it_is_gone(
    page: Page, live_server, login, office_day
):
    login(page, office_day.admin)
    page.goto(f"{live_server.url}/sistem/kualitas-data/?severity=error")

    finding = page.locator(".finding", has_text="Desa Kraton: jumlah RT 0 pada data 2024")
    expect(finding).to_contain_text("padahal tercatat 14 RW")
    expect(finding.locator(".finding-reference")).to_contain_text("regions.village_figures")
    finding.get_by_role("link", name="Perbaiki").click()

    expect(page.locator("h1")).to_have_text("Perbaiki statistik Desa Kraton tahun 2024")
    expect(page.get_by_label("Jumlah RT")).to_have_value("0")
    page.get_by_label("Jumlah RT").fill("42")
    page.get_by_role("button", name="Simpan").click()

    expect(page).to_have_url(re.compile(r"/sistem/kualitas-data/\?severity=error$"))
    expect(page.locator(".alert-success").first).to_contain_text("Statistik desa Kraton")
    expect(page.locator("main")).not_to_contain_text("Desa Kraton: jumlah RT")
    expect(page.locator("#severity-error .badge")).to_have_text("0")

    # The page's run after the save is what the home page now reads.
    page.goto(f"{live_server.url}/")
    expect(page.locator("#figure-data-errors .home-figure-value")).to_have_text("0")


def test_header_search_finds_a_member_by_name(page: Page, live_server, login, office_day):
    login(page, office_day.operator)
    page.goto(f"{live_server.url}/")

    page.get_by_role("searchbox", name="Cari anggota, rapat, atau desa").fill("supar")
    page.get_by_role("searchbox", name="Cari anggota, rapat, atau desa").press("Enter")

    expect(page).to_have_url(re.compile(r"/sistem/cari/\?q=supar$"))
    members = page.locator("#search-linmas-members")
    expect(members).to_contain_text("Suparman Hadi")
    members.get_by_role("link", name="Suparman Hadi").click()
    expect(page.locator("h1")).to_contain_text("Suparman Hadi")
