"""WCAG 2.1 AA on every page (docs/dev/accessibility.md, docs/adr/0055).

- The page list in `sitrantib/testing/a11y/` is complete: every URL name of the URL
  configuration is either listed or excluded with a reason.
- The administrators of wide scopes (`national`, `regency`) are checked on the pages that differ
  for them: the summaries of many kabupaten or kecamatan and the forms that choose a region.
- axe-core's WCAG 2.0/2.1 A and AA rules find nothing on any listed page, for each role that
  opens it, at phone (390x844) and desktop (1280x800) size, with the menu closed and, on a few
  pages, open. One logged-in browser per role; each page opened once for both sizes.
- The public questionnaire and a LINMAS member form can be filled and sent with the keyboard
  alone; a refused form moves the focus to a summary that links to each field in error.
"""

import io
from typing import Any

import pytest

from sitrantib.testing.a11y import (
    AXE_PATH,
    DESKTOP,
    EXCLUDED,
    PAGES,
    PHONE,
    ROLES,
    axe_violations,
    build_scene,
    unlisted_urls,
    url_names,
)


def test_every_url_is_a_checked_page_or_excluded_with_a_reason() -> None:
    missing = unlisted_urls()

    assert missing == [], (
        "These URLs are neither in PAGES nor in EXCLUDED of sitrantib/testing/a11y.py "
        "(docs/dev/accessibility.md says how to add them):\n" + "\n".join(missing)
    )


def test_page_list_names_only_existing_urls_and_roles() -> None:
    names = {name for name, _route in url_names()}

    stale = [p.name for p in PAGES if p.name not in names] + [n for n in EXCLUDED if n not in names]
    assert stale == [], f"listed but not in the URL configuration: {stale}"
    assert [p.name for p in PAGES if not set(p.roles) <= set(ROLES)] == []


def _open_menu(page: Any) -> None:
    """Unfold the phone menu and its first dropdown, as a user looking for a page would."""
    toggler = page.locator("button.navbar-toggler")
    toggler.click()
    page.wait_for_selector("#main-menu.show", state="visible")
    dropdown = page.locator("#main-menu .dropdown-toggle").first
    if dropdown.count():
        dropdown.click()
        page.wait_for_selector("#main-menu .dropdown-menu.show", state="visible")


def _check_pages_of(role: str, *, browser: Any, live_server: Any, login: Any, world: Any) -> None:
    """Each page is opened once at phone size and checked, then checked again at desktop size
    after the window grows, once tables.js has marked the tables that scroll at that size. A
    page whose phone menu was opened is opened afresh for the desktop check. axe-core is put
    into every page of this browser as it opens."""
    scene = build_scene(world)
    entries = [p for p in PAGES if role in p.roles]
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(path=str(AXE_PATH))
    page = context.new_page()
    problems: list[str] = []
    try:
        if ROLES[role]:
            login(page, getattr(world, ROLES[role]))
        for entry in entries:
            url = live_server.url + entry.url(scene)
            page.set_viewport_size(PHONE)
            response = page.goto(url)
            if response is None or not response.ok:
                problems.append(f"{entry.name} as {role}: {response and response.status}")
                continue
            problems += axe_violations(page, f"{role} phone")
            if entry.menu_open_on_phone:
                _open_menu(page)
                problems += axe_violations(page, f"{role} phone menu open")
            page.set_viewport_size(DESKTOP)
            if entry.menu_open_on_phone:
                page.goto(url)
            else:
                # tables.js marks the tables that scroll 100 ms after a resize; a `toggle` event
                # runs the same marking at once, as the end of that wait would.
                page.evaluate("() => document.dispatchEvent(new Event('toggle'))")
            problems += axe_violations(page, f"{role} desktop")
    finally:
        context.close()
    assert problems == [], f"{len(problems)} accessibility violations:\n" + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_passes_axe_wcag21_aa(
    role: str, browser: Any, live_server: Any, login: Any, world: Any
) -> None:
    _check_pages_of(role, browser=browser, live_server=live_server, login=login, world=world)


@pytest.mark.django_db
def test_public_survey_report_pdf_carries_its_title_and_language(client: Any, world: Any) -> None:
    from pypdf import PdfReader

    from sitrantib.surveys.enums import PeriodStatus
    from sitrantib.surveys.tests.conftest import make_period

    period = make_period(world, status=PeriodStatus.PUBLISHED)
    client.force_login(world.admin)

    reply = client.get(f"/survei/{period.pk}/laporan.pdf")

    pdf = PdfReader(io.BytesIO(reply.content))
    assert reply.status_code == 200
    assert pdf.metadata is not None
    assert pdf.metadata.title == f"Laporan Survei Kepuasan Masyarakat · {period.title}"
    assert pdf.trailer["/Root"]["/Lang"] == "id"


@pytest.mark.django_db
def test_results_fragment_opened_on_its_own_serves_the_whole_page(client: Any, world: Any) -> None:
    from sitrantib.surveys.tests.conftest import make_period

    period = make_period(world)
    client.force_login(world.admin)

    alone = client.get(f"/survei/{period.pk}/hasil/").content.decode()
    fragment = client.get(f"/survei/{period.pk}/hasil/", headers={"HX-Request": "true"})

    assert '<html lang="id">' in alone
    assert "<title>" in alone
    assert 'id="results"' in alone  # the detail page around the results
    assert "<html" not in fragment.content.decode()
    assert 'id="ikm-value"' in fragment.content.decode()


@pytest.mark.django_db
def test_a_refused_form_starts_with_a_summary_linking_to_each_field(world: Any) -> None:
    from django.test import Client

    client = Client()
    client.force_login(world.operator)

    html = client.post(
        "/linmas/anggota/tambah/?village=35.08.07.2001", {"village": world.village.code}
    ).content.decode()

    summary = html[
        html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))
    ]
    assert 'tabindex="-1"' in html[html.index('class="alert alert-danger error-summary"') :][:200]
    assert 'href="#id_nik"' in summary
    assert 'href="#id_name"' in summary
    assert "(wajib)" in html


# ---------------------------------------------------------------------------------------------
# Keyboard only: Tab, Shift+Tab, Space, Enter, arrow keys and typing; no click, no fill.


def _tab_to(page: Any, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the focus is on `selector` (fails if it is never reached)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _choose_option(page: Any, selector: str) -> None:
    """On a focused closed <select>, the arrow key moves to the next option."""
    _tab_to(page, selector)
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector(selector, "e => e.value") != ""


@pytest.mark.browser
def test_questionnaire_is_filled_and_sent_with_the_keyboard_alone(
    page: Any, live_server: Any, world: Any
) -> None:
    from sitrantib.surveys.models import SurveyResponse
    from sitrantib.surveys.tests.conftest import make_period

    period = make_period(world)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/s/{period.short_code}/")

    _tab_to(page, "input[name=sex]")
    page.keyboard.press("Space")
    _tab_to(page, "input[name=age]")
    page.keyboard.type("41")
    _choose_option(page, "select[name=education]")
    _choose_option(page, "select[name=occupation]")
    _choose_option(page, "select[name=service]")
    for i in range(1, 10):
        if i == 5:
            continue  # left out: the refusal names it
        _tab_to(page, f"input[name=U{i}]")
        page.keyboard.press("ArrowRight")  # moves to the next answer and chooses it
    _tab_to(page, "#submit-answers")
    page.keyboard.press("Enter")

    # Refused: the summary has the focus and its link takes the keyboard to the question.
    page.wait_for_selector("#error-summary:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Pertanyaan 5" in page.inner_text("#error-summary")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#question-U5"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "U5"
    page.keyboard.press("ArrowRight")
    _tab_to(page, "textarea[name=suggestion]")
    page.keyboard.type("Ruang tunggu kurang kursi")
    _tab_to(page, "#submit-answers")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/terima-kasih/" in page.url
    response = SurveyResponse.objects.get()
    assert response.suggestion == "Ruang tunggu kurang kursi"
    assert problems_on(page) == []


def problems_on(page: Any) -> list[str]:
    return axe_violations(page, "keyboard")


@pytest.mark.browser
def test_member_form_is_filled_and_saved_with_the_keyboard_alone(
    page: Any, live_server: Any, login: Any, world: Any
) -> None:
    from sitrantib.linmas.models import Member

    page.set_viewport_size(DESKTOP)
    login(page, world.operator)
    page.goto(f"{live_server.url}/linmas/anggota/tambah/?village={world.village.code}")

    # Sent empty first: the summary takes the focus and links to every required field.
    _tab_to(page, "#member-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert axe_violations(page, "refused member form") == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_nik"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_nik"

    page.keyboard.type("3508075708900003")  # NIK fills sex and date of birth
    _tab_to(page, "#id_name")
    page.keyboard.type("Siti Aminah")
    _tab_to(page, "#id_birth_place")
    page.keyboard.type("Lumajang")
    _tab_to(page, "#id_address")
    page.keyboard.type("Jl. Raya Darungan 7")
    _tab_to(page, "#id_rt")
    page.keyboard.type("001")
    _tab_to(page, "#id_rw")
    page.keyboard.type("002")
    _tab_to(page, "#id_phone")
    page.keyboard.type("081234567891")
    _choose_option(page, "#id_education")
    _choose_option(page, "#id_marital_status")
    _tab_to(page, "#id_occupation")
    page.keyboard.type("Petani")
    _tab_to(page, "#member-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    member = Member.objects.get(name="Siti Aminah")
    assert (member.sex, str(member.birth_date)) == ("P", "1990-08-17")
    assert page.url.endswith(f"/linmas/anggota/{member.pk}/")
