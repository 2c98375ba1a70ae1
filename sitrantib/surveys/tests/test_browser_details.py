"""Journeys of the survey details (issue 9 point 11): an unanswered question on a phone, the
period's services as the only choice, and publishing below the sample target on a desktop."""

from typing import Any

import pytest

from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import SurveyPeriod, SurveyResponse
from sitrantib.surveys.tests.conftest import make_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IN_VIEWPORT = """(selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
}"""


def _settled(page: Any) -> None:
    """Wait until the page stops scrolling (Bootstrap scrolls smoothly)."""
    last = -1
    for _ in range(50):
        now = page.evaluate("window.scrollY")
        if now == last:
            return
        last = now
        page.wait_for_timeout(150)


def _fill_all_but(page: Any, skipped: int) -> None:
    page.click("label[for=id_sex_1]")
    page.fill("#id_age", "37")
    page.select_option("#id_education", "sma")
    page.select_option("#id_occupation", "petani")
    page.select_option("#id_service", "Rekomendasi izin keramaian")
    for i in range(1, 10):
        if i != skipped:
            page.click(f"label[for=id_U{i}_{i % 4}]")
    page.fill("#id_suggestion", "Ruang tunggu panas")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_unanswered_question_is_named_in_view_and_other_answers_kept_on_phone(
    world: Any, live_server: Any, browser: Any, phone_context_args: dict[str, Any], javascript: bool
) -> None:
    period = make_period(world)
    phone = browser.new_context(**phone_context_args, java_script_enabled=javascript)
    page = phone.new_page()
    page.goto(f"{live_server.url}/s/{period.short_code}/")
    _fill_all_but(page, skipped=7)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    if javascript:
        # The page's script names the question before anything is sent.
        page.click("#submit-answers")
        page.wait_for_selector("#error-U7")
    else:
        # The server names it and opens the page at it (autofocus: no script needed).
        with page.expect_navigation():
            page.click("#submit-answers")
        assert "Pertanyaan 7 — Perilaku Pelaksana" in page.locator("#error-summary").inner_text()
    assert len(posts) == (0 if javascript else 1)

    error = page.locator("#error-U7")
    assert error.inner_text() == "Pertanyaan 7 — Perilaku Pelaksana: belum dijawab."
    if javascript:
        # The summary has the focus (docs/adr/0055); its link leads to the question.
        assert page.evaluate("document.activeElement.id") == "error-summary"
        page.click("#error-summary a[href='#question-U7']")
    # The unanswered question is in view.
    _settled(page)
    assert page.evaluate(IN_VIEWPORT, "#label-U7")
    assert page.evaluate(IN_VIEWPORT, "#error-U7")
    assert page.evaluate("window.scrollY") > 0
    assert page.evaluate("document.activeElement.name") == "U7"
    # Every answer already given is still chosen.
    for i in range(1, 10):
        if i != 7:
            assert page.locator(f"#id_U{i}_{i % 4}").is_checked(), i
    assert page.locator("#id_sex_1").is_checked()
    assert page.input_value("#id_age") == "37"
    assert page.input_value("#id_education") == "sma"
    assert page.input_value("#id_service") == "Rekomendasi izin keramaian"
    assert page.input_value("#id_suggestion") == "Ruang tunggu panas"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.click("label[for=id_U7_3]")
    if javascript:
        assert page.locator("#error-U7").count() == 0  # answered: the note goes
    page.click("#submit-answers")
    page.wait_for_url(f"**/s/{period.short_code}/terima-kasih/")
    phone.close()
    stored = SurveyResponse.objects.get()
    assert (stored.service, stored.age) == ("Rekomendasi izin keramaian", 37)


def test_service_choice_offers_only_the_period_services_on_phone(
    world: Any, live_server: Any, browser: Any, phone_context_args: dict[str, Any]
) -> None:
    period = make_period(world, services="Legalisasi surat\nIzin keramaian")
    make_period(world, title="SKM lain", services="Pelayanan KTP")
    phone = browser.new_context(**phone_context_args)
    page = phone.new_page()
    page.goto(f"{live_server.url}/s/{period.short_code}/")
    options = page.locator("#id_service option").all_inner_texts()
    assert options == ["— pilih layanan —", "Legalisasi surat", "Izin keramaian"]
    assert "---------" not in page.content()
    assert page.locator("#id_education option").first.inner_text() == "— pilih pendidikan —"
    # A choice outside the list (a tampered page) is refused by the server, values kept.
    page.evaluate(
        """() => { const o = document.createElement('option');
        o.value = 'Pelayanan KTP'; o.text = 'Pelayanan KTP';
        document.querySelector('#id_service').add(o); }"""
    )
    page.click("label[for=id_sex_0]")
    page.fill("#id_age", "30")
    page.select_option("#id_education", "s1")
    page.select_option("#id_occupation", "pns")
    page.select_option("#id_service", "Pelayanan KTP")
    for i in range(1, 10):
        page.click(f"label[for=id_U{i}_3]")
    with page.expect_navigation():
        page.click("#submit-answers")
    assert page.locator("#error-service").inner_text() == (
        "Pilih layanan dari daftar: Legalisasi surat; Izin keramaian."
    )
    _settled(page)
    # The summary has the focus (docs/adr/0055); its link brings the service field into view.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.click("#error-summary a[href='#field-service']")
    _settled(page)
    assert page.evaluate(IN_VIEWPORT, "#field-service")
    assert page.locator("#id_U5_3").is_checked()
    phone.close()
    assert SurveyResponse.objects.count() == 0


def test_publishing_below_target_asks_and_states_the_shortfall(
    world: Any, live_server: Any, page: Any, login: Any
) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED, population=100)  # target 80
    login(page, world.admin)
    page.goto(f"{live_server.url}/survei/{period.pk}/")
    page.click("#publish")
    page.wait_for_url(f"**/survei/{period.pk}/publikasi/")
    assert page.locator("#shortfall strong").inner_text() == (
        "Target sampel 80 responden; baru 0 — kurang 80."
    )
    with page.expect_navigation():
        page.click("#confirm-publish")
    # Not ticked: nothing published, the page says what to do beside the box.
    assert "kurang 80 responden" in page.locator(".invalid-feedback").inner_text()
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED
    page.check("#id_accept_below_target")
    page.click("#confirm-publish")
    page.wait_for_url(f"**/survei/{period.pk}/")
    assert page.locator("#period-status").inner_text() == "Dipublikasikan"
    assert SurveyPeriod.objects.get().status == PeriodStatus.PUBLISHED
