"""Issue 10, point 7 in the browser: on a phone the section opens a training's SPJ page, sees
the totals, and prints the sheets from it; the page passes the WCAG checks."""

import io

import pytest
from pypdf import PdfReader

from sitrantib.testing.a11y.axe import axe_violations
from sitrantib.trainings.tests.test_documents import build, make_signatories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, live_server, link_text: str) -> str:
    """The PDF behind a link of the page, fetched with the page's own session, as text."""
    href = page.get_by_role("link", name=link_text).first.get_attribute("href")
    answer = page.request.get(live_server.url + href)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.body()))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_spj_page_on_a_phone_shows_the_totals_and_prints_the_sheets(
    browser, live_server, login, world, phone_context_args
):
    make_signatories(world)
    scene = build(world, 4, 2)  # 6 participants x 3 days x Rp50.000 = Rp900.000
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    try:
        login(page, world.admin)
        page.goto(f"{live_server.url}/pelatihan/{scene.training.pk}/spj/")
        assert page.locator("#transport-total").inner_text() == "Rp900.000"
        assert "sembilan ratus ribu rupiah" in page.locator("#transport-words").inner_text()
        assert page.locator("#budget-none").is_visible()
        assert axe_violations(page, "phone spj") == []

        transport = _download(page, live_server, "Cetak daftar uang transport (PDF)")
        assert "Jumlah Rp900.000" in transport
        assert "Terbilang: sembilan ratus ribu rupiah" in transport
        attendance = _download(page, live_server, "Daftar hadir (PDF)")
        assert all(e.member.name in attendance for e in scene.enrolments)
        honorarium = _download(page, live_server, "Cetak daftar honorarium (PDF)")
        assert "Rp1.425.000" in honorarium
    finally:
        context.close()
