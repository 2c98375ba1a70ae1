"""The dashboard in a real browser: from a number to the record that produced it, the charts and
the desa map drawn under the CSP, and the page on a phone-sized screen."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sitrantib.fieldwork.tests.factories import make_incident, make_visit
from sitrantib.indicators.tests.factories import make_definition
from sitrantib.regions.models import VillageBoundary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year


def _square(lon: float, lat: float, size: float = 0.02) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def scene(world: Any) -> dict[str, Any]:
    for village, lon in ((world.village, 113.20), (world.sibling_village, 113.22)):
        VillageBoundary.objects.create(
            village=village,
            geometry=_square(lon, -8.22),
            centroid_lon=lon + 0.01,
            centroid_lat=-8.21,
            estimated_area_km2=Decimal("4.9"),
            source="uji",
        )
    monitored = make_definition(
        world.district,
        "desa_monitored",
        year=YEAR,
        name="Jumlah desa terpantau",
        unit="desa",
        target=2,
    )
    make_definition(
        world.district, "desa_peaceful_percent", year=YEAR, name="Persentase desa tentram"
    )
    visit = make_visit(
        world,
        when=timezone.now() - dt.timedelta(hours=1),
        findings="Patroli malam bersama Babinsa di balai desa",
    )
    make_incident(world, when=timezone.now() - dt.timedelta(hours=3))
    return {"monitored": monitored, "visit": visit}


def _csp_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    return errors


def test_from_dashboard_number_to_the_visit_behind_it(
    world: Any, scene: dict[str, Any], page: Page, live_server: Any, login: Any
) -> None:
    errors = _csp_errors(page)
    login(page, world.camat)
    page.goto(f"{live_server.url}/indikator/")
    row = page.locator('#indicator-table tr[data-indicator="desa_monitored"]')
    expect(row).to_contain_text("Jumlah desa terpantau")
    expect(row.locator('[data-grade="sangat_kurang"]')).to_contain_text("Sangat kurang")
    # Charts and the map are drawn from the page's own data (no inline script).
    expect(page.locator("#situation-map")).to_have_attribute("data-loaded", "2")
    expect(page.locator("#situation-map path.leaflet-interactive")).to_have_count(2)

    row.locator('[data-cell="value"] a').click()
    expect(page.locator("h1")).to_contain_text("Jumlah desa terpantau")
    expect(page.locator("#formula")).to_contain_text("1 ÷ 2 × 100% = 50%")  # noqa: RUF001
    numerator = page.locator("#numerator-records")
    expect(numerator.locator("tbody tr")).to_have_count(1)
    expect(page.locator("#denominator-records tbody tr")).to_have_count(2)

    numerator.get_by_role("link", name=world.village.name).click()
    expect(page).to_have_url(re.compile(rf"/lapangan/desa/{re.escape(world.village.code)}/"))
    page.locator(f'a[href="/lapangan/kunjungan/{scene["visit"].pk}/"]').first.click()
    expect(page).to_have_url(re.compile(rf"/lapangan/kunjungan/{scene['visit'].pk}/$"))
    expect(page.locator("body")).to_contain_text("Patroli malam bersama Babinsa")
    assert errors == []


def test_dashboard_on_a_phone(
    world: Any,
    scene: dict[str, Any],
    browser: Any,
    live_server: Any,
    login: Any,
    phone_context_args: dict[str, Any],
) -> None:
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    errors = _csp_errors(page)
    login(page, world.admin)
    page.goto(f"{live_server.url}/indikator/")
    expect(page.locator("#situation-map")).to_have_attribute("data-loaded", "2")
    # The page does not scroll sideways; each chart fits the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    for canvas in ("#chart-incidents", "#chart-visits", f"#trend-{scene['monitored'].pk}"):
        box = page.locator(canvas).bounding_box()
        assert box is not None
        assert 0 < box["width"] <= 390
        assert box["height"] >= 150
    # Tables become cards of "label: value" on a phone, the numbers still links.
    value_link = page.locator('#indicator-table tr[data-indicator="desa_monitored"] a').nth(1)
    expect(value_link).to_be_visible()
    value_link.click()
    expect(page.locator("#formula")).to_be_visible()
    assert errors == []
    context.close()
