"""Journey: a resident files a citizen report on a phone without an account, writes down the code
and follows it; the section's administrator verifies it in the queue (docs/adr/0082)."""

from typing import Any

import pytest
from playwright.sync_api import expect

from sitrantib.fieldwork.enums import CitizenReportStatus, IncidentSource
from sitrantib.fieldwork.models import CitizenReport, Incident
from sitrantib.fieldwork.tests.factories import category
from sitrantib.fieldwork.tests.test_reports_public import make_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_reports_on_phone_follows_code_and_admin_verifies(
    world: Any,
    live_server: Any,
    browser: Any,
    phone_context_args: dict[str, Any],
    page: Any,
    login: Any,
) -> None:
    make_office(world.district)
    theft = category("curanmor")
    phone = browser.new_context(**phone_context_args)
    resident = phone.new_page()
    errors: list[str] = []
    resident.on("pageerror", lambda error: errors.append(str(error)))

    resident.goto(f"{live_server.url}/lapor/")
    expect(resident).to_have_url(f"{live_server.url}/lapor/{world.district.code}/")
    assert resident.viewport_size == {"width": 390, "height": 844}
    assert resident.input_value("#id_occurred_at")  # prefilled with now
    resident.select_option("#id_category", str(theft.pk))
    resident.select_option("#id_village", world.village.code)
    resident.fill("#id_place", "Depan balai desa")
    resident.fill("#id_description", "Sepeda motor diambil orang tak dikenal.")
    resident.fill("#id_contact_phone", "0812 3456 7890")
    width = resident.evaluate("document.documentElement.scrollWidth")
    button_height = resident.locator("#send-report").bounding_box()["height"]
    resident.click("#send-report")

    expect(resident.locator("#report-sent")).to_be_visible()
    code = resident.locator("#report-code").inner_text().strip()
    report = CitizenReport.objects.get()
    assert code == report.tracking_code
    assert (width <= 390, button_height >= 44) == (True, True)
    expect(resident.locator("#report-status")).to_have_text(str(CitizenReportStatus.RECEIVED.label))
    assert "0812" not in resident.content()

    # Later: the code typed by hand, in lower case with a dash.
    resident.goto(f"{live_server.url}/lapor/status/")
    resident.fill("#id_code", f"{code[:5].lower()}-{code[5:].lower()}")
    resident.click("#status-lookup button[type=submit]")
    expect(resident).to_have_url(f"{live_server.url}/lapor/status/{code}/")
    expect(resident.locator("#report-status")).to_have_text(str(CitizenReportStatus.RECEIVED.label))

    # The section's administrator verifies it from the queue.
    login(page, world.admin)
    page.goto(f"{live_server.url}/lapangan/pengaduan/")
    expect(page.locator("#waiting-count")).to_contain_text("1")
    page.click(f"#report-table a:has-text('{code}')")
    expect(page.locator("#report-contact")).to_contain_text("081234567890")
    page.click("#verify-button")
    incident = Incident.objects.get()
    expect(page).to_have_url(f"{live_server.url}/lapangan/kejadian/{incident.pk}/")
    assert (incident.source, incident.category) == (IncidentSource.CITIZEN, theft)

    # The resident sees the report became an incident, without the contact.
    resident.goto(f"{live_server.url}/lapor/status/{code}/")
    expect(resident.locator("#report-status")).to_have_text(str(CitizenReportStatus.VERIFIED.label))
    expect(resident.locator("#incident-status")).to_have_text("Diverifikasi")
    phone.close()
    assert errors == []
