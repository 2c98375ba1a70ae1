"""Journey: a desa operator sends the LPPD from a phone, the kecamatan staff accept it, and the
summary shows the desa on time."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sitrantib.testing.bad_input import pdf_bytes
from sitrantib.villagedocs.enums import ObligationStatus
from sitrantib.villagedocs.models import Submission
from sitrantib.villagedocs.tests.factories import make_obligation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_uploads_on_a_phone_staff_accept_and_the_summary_shows_it_on_time(
    world: Any,
    live_server: Any,
    browser: Any,
    phone_context_args: dict[str, Any],
    page: Any,
    login: Any,
) -> None:
    due = timezone.localdate() + dt.timedelta(days=20)
    obligation = make_obligation(world.village, code="lppd", due=due)
    phone = browser.new_context(**phone_context_args)
    operator = phone.new_page()
    errors: list[str] = []
    operator.on("pageerror", lambda error: errors.append(str(error)))

    login(operator, world.operator)
    operator.goto(f"{live_server.url}/dokumen-desa/?tahun={due.year}")
    assert operator.viewport_size == {"width": 390, "height": 844}
    badge = operator.locator(f"#matrix a[href$='/kewajiban/{obligation.pk}/']")
    expect(badge).to_have_attribute("data-state", "open")
    badge.click()
    expect(operator).to_have_url(f"{live_server.url}/dokumen-desa/kewajiban/{obligation.pk}/")
    operator.set_input_files(
        "#id_submit-file",
        files=[{"name": "LPPD Darungan.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}],
    )
    operator.fill("#id_submit-note", "LPPD sudah ditandatangani Kepala Desa")
    width = operator.evaluate("document.documentElement.scrollWidth")
    operator.click("#submit-form button[type=submit]")
    expect(operator.locator("#obligation-state [data-state]")).to_have_attribute(
        "data-state", "waiting"
    )
    expect(operator.locator("#submission-table")).to_contain_text("LPPD Darungan.pdf")
    assert width <= 390
    submission = Submission.objects.get()
    assert submission.received_by == world.operator

    # The kecamatan staff check it and accept it.
    login(page, world.staff)
    page.goto(f"{live_server.url}/dokumen-desa/kewajiban/{obligation.pk}/")
    page.check("#id_judge-decision_0")
    page.click("#judge-form button[type=submit]")
    expect(page.locator("#obligation-state [data-state]")).to_have_attribute(
        "data-state", "on_time"
    )
    obligation.refresh_from_db()
    assert (obligation.status, obligation.on_time) == (ObligationStatus.ACCEPTED, True)

    # The summary shows the desa on time, and the type's share and the average at 100 %.
    page.goto(f"{live_server.url}/dokumen-desa/?tahun={due.year}")
    expect(page.locator(f"#matrix a[href$='/kewajiban/{obligation.pk}/']")).to_have_attribute(
        "data-state", "on_time"
    )
    expect(page.locator("#share-average")).to_contain_text("100,00 %")
    operator.goto(f"{live_server.url}/dokumen-desa/?tahun={due.year}")
    expect(operator.locator(f"#matrix a[href$='/kewajiban/{obligation.pk}/']")).to_have_attribute(
        "data-state", "on_time"
    )
    phone.close()
    assert errors == []
