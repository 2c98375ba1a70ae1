"""In a real browser on a phone-sized screen: the admin hands an incident over to the Polsek
(first forgetting the partner, told why beside the field), then the Polsek user opens it and
reads the move in the status history."""

import pytest
from playwright.sync_api import expect

from sitrantib.fieldwork.enums import IncidentStatus
from sitrantib.fieldwork.models import Incident, IncidentTransition
from sitrantib.fieldwork.tests.factories import make_incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_hands_an_incident_over_and_the_partner_reads_it(
    world, browser, live_server, login, phone_context_args
):
    incident = make_incident(world, place="Depan balai desa")
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    login(page, world.admin)
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")

    page.select_option("#id_status", "handed_over")
    page.click("#transition-form button[type=submit]")
    expect(page.locator("#id_handed_to_error")).to_contain_text(
        "Pilih Polsek atau Koramil yang menerima rujukan."
    )
    assert Incident.objects.get(pk=incident.pk).status == IncidentStatus.REPORTED

    page.select_option("#id_handed_to", str(world.polsek.pk))
    page.fill("#id_note", "Dugaan pidana, ditangani Polsek")
    page.click("#transition-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("Dirujuk ke mitra")
    expect(page.locator("#status-history")).to_contain_text("Dugaan pidana, ditangani Polsek")
    move = IncidentTransition.objects.get(incident=incident)
    assert (move.to_status, move.handed_to_id) == (IncidentStatus.HANDED_OVER, world.polsek.pk)
    context.close()

    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    login(page, world.partner)
    page.goto(f"{live_server.url}/lapangan/kejadian/")
    page.click(f"#incident-table a[href='{incident.get_absolute_url()}']")
    expect(page.locator("#incident-status")).to_contain_text("Dirujuk ke mitra")
    expect(page.locator("#status-history")).to_contain_text("Dilaporkan → Dirujuk ke mitra")
    expect(page.locator("#transition-form")).to_have_count(0)
    context.close()
