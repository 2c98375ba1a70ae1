"""In a real browser, at desktop and phone size: the record lists, the incident map and a visit
with its location map pass axe-core's WCAG 2.1 AA rules, and every aria-describedby names an
element that is there (the period filter's help text is shown; the visit's map, which holds
focusable markers, is a region and not an image)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sitrantib.fieldwork.tests.factories import make_incident, make_visit
from sitrantib.testing.a11y.axe import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_lists_and_the_visit_map_pass_axe(world, browser, live_server, login):
    visit = make_visit(world, latitude=Decimal("-8.2101"), longitude=Decimal("113.2902"))
    make_incident(world, place="Depan balai desa")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    login(page, world.admin)
    problems = []
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for path in ("/lapangan/kunjungan/", "/lapangan/kejadian/", "/lapangan/kejadian/peta/"):
            page.goto(f"{live_server.url}{path}")
            help_text = page.locator("#id_period_helptext")
            expect(help_text).to_contain_text("2026-Q1")
            assert page.get_attribute("#id_period", "aria-describedby") == "id_period_helptext"
            problems += axe_violations(page, f"{path} {size_name}")
        page.goto(f"{live_server.url}{visit.get_absolute_url()}")
        the_map = page.locator("#visit-map")
        expect(the_map).to_have_attribute("data-loaded", "yes")
        expect(the_map.locator(".leaflet-marker-icon, path").first).to_be_attached()
        problems += axe_violations(page, f"visit detail {size_name}")
    context.close()
    assert problems == [], "\n".join(problems)
