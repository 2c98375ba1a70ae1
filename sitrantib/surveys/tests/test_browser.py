"""Journey: a respondent fills the questionnaire on a phone; the section sees the result."""

from typing import Any

import pytest

from sitrantib.surveys.models import SurveyResponse
from sitrantib.surveys.tests.conftest import make_period


@pytest.mark.browser
def test_respondent_fills_questionnaire_on_phone_then_section_sees_result(
    world: Any,
    live_server: Any,
    browser: Any,
    phone_context_args: dict[str, Any],
    page: Any,
    login: Any,
) -> None:
    period = make_period(world, population=20)
    phone = browser.new_context(**phone_context_args)
    respondent = phone.new_page()
    respondent.goto(f"{live_server.url}/s/{period.short_code}/")
    assert respondent.viewport_size == {"width": 390, "height": 844}
    respondent.click("label[for=id_sex_1]")
    respondent.fill("#id_age", "37")
    respondent.select_option("#id_education", "sma")
    respondent.select_option("#id_occupation", "petani")
    respondent.select_option("#id_service", "Rekomendasi izin keramaian")
    for i in range(1, 10):
        # U4 "Cukup mahal" (2), all others "Sangat ..." (4).
        respondent.click(f"label[for=id_U{i}_{1 if i == 4 else 3}]")
    respondent.fill("#id_suggestion", "Biaya fotokopi sebaiknya gratis")
    width = respondent.evaluate("document.documentElement.scrollWidth")
    respondent.click("#submit-answers")
    respondent.wait_for_url(f"**/s/{period.short_code}/terima-kasih/")
    assert respondent.locator("h1").inner_text() == "Terima kasih!"
    assert width <= 390
    phone.close()
    assert SurveyResponse.objects.count() == 1

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, world.admin)
    page.goto(f"{live_server.url}/survei/{period.pk}/")
    # IKM = 25 * (8 * 4 + 2) / 9 = 94.444... -> 94,44, grade A.
    assert page.locator("#ikm-value").inner_text() == "94,44"
    assert page.locator("#ikm-grade").inner_text() == "A · Sangat Baik"
    assert page.locator("#respondent-count").inner_text() == "1 / 19"
    assert page.locator("#below-target").is_visible()
    assert "Biaya fotokopi sebaiknya gratis" in page.locator("#weakest").inner_text()
    assert page.locator("#chart-elements").is_visible()
    assert page.evaluate("Chart.getChart('chart-elements').data.labels.length") == 9
    assert errors == []
