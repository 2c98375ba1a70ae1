"""The shell every page shares, in a real browser: lists as cards on a phone, wide tables that
scroll on a desktop, the menu on one line at 1366 px, the favicon, and the poster's address.

Set SHELL_SCREENSHOT_DIR to also save the screenshots used in the guide.
"""

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from sitrantib.meetings.tests.factories import make_item, make_meeting
from sitrantib.planning.tests.conftest import make_plan
from sitrantib.surveys.enums import PeriodStatus, ResponseSource
from sitrantib.surveys.services import Submission, submit_response, transition_period
from sitrantib.surveys.tests.conftest import make_period, payload
from sitrantib.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_PAGE_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def phone(browser: Any, phone_context_args: dict[str, Any]) -> Any:
    """A page on a phone-sized screen, closed after the test whatever happened."""
    context = browser.new_context(**phone_context_args)
    yield context.new_page()
    context.close()


def _shot(page: Any, name: str, *, show: str = "") -> None:
    folder = os.environ.get("SHELL_SCREENSHOT_DIR")
    if folder:
        if show:
            page.locator(show).first.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def _card_facts(page: Any, table: str) -> dict[str, Any]:
    """How the rows of a table are laid out, and what each cell shows with its label."""
    return page.evaluate(
        """(selector) => {
          const table = document.querySelector(selector);
          const rows = [...table.tBodies[0].rows];
          const head = table.tHead.getBoundingClientRect();
          return {
            cards: table.classList.contains('table-cards'),
            rowDisplay: rows.map(r => getComputedStyle(r).display),
            rowWidths: rows.map(r => Math.round(r.getBoundingClientRect().width)),
            headHeight: head.height,
            cells: rows.map(r => [...r.cells].map(c => [
              c.dataset.label,
              getComputedStyle(c, '::before').content,
              c.innerText.trim(),
              c.getBoundingClientRect().right <= window.innerWidth,
            ])),
          };
        }""",
        table,
    )


def test_ledger_on_a_phone_reads_as_cards_with_the_status_on_each(
    phone: Any, live_server: Any, login: Any, world: Any
) -> None:
    meeting = make_meeting(world)
    today = dt.date.today()
    make_item(world, meeting, due=today - dt.timedelta(days=3), description="Patroli malam")
    make_item(world, meeting, due=today + dt.timedelta(days=5), description="Ronda di Kraton")
    page = phone
    login(page, world.admin)

    page.goto(f"{live_server.url}/rapat/")
    facts = _card_facts(page, "#ledger-table")
    _shot(page, "ponsel-buku-tindak-lanjut", show="#ledger-table")

    assert facts["cards"] is True
    assert facts["rowDisplay"] == ["block", "block"]
    assert all(width <= 390 for width in facts["rowWidths"])
    assert facts["headHeight"] <= 1  # the header row is read by screen readers, not shown
    statuses = [
        (label, before, text.split("\n")[0], inside)
        for row in facts["cells"]
        for label, before, text, inside in row
        if label == "Status"
    ]
    assert statuses == [
        ("Status", '"Status"', "Terbuka · terlambat", True),
        ("Status", '"Status"', "Terbuka", True),
    ]
    assert page.locator("#ledger-table [data-status]").first.is_visible()
    assert page.evaluate(NO_PAGE_OVERFLOW)


def test_public_ikm_results_on_a_phone_read_as_cards_with_their_values(
    phone: Any, live_server: Any, world: Any
) -> None:
    period = make_period(world, title="SKM Triwulan I", status=PeriodStatus.CLOSED)
    answers = payload(3)
    submit_response(
        period=period,
        submission=Submission(
            client_id=answers["client_id"],
            answers=answers["answers"],
            respondent=answers["respondent"],
        ),
        source=ResponseSource.PAPER,
        actor=world.admin,
    )
    transition_period(period=period, status=PeriodStatus.PUBLISHED, actor=world.admin)
    page = phone

    page.goto(f"{live_server.url}/s/")
    facts = _card_facts(page, f"#periode-{period.short_code} table")
    _shot(page, "ponsel-hasil-ikm", show=f"#periode-{period.short_code} table")

    assert facts["cards"] is True
    assert len(facts["rowDisplay"]) == 9
    assert set(facts["rowDisplay"]) == {"block"}
    first = facts["cells"][0]
    assert [(label, text) for label, _before, text, _inside in first] == [
        ("Unsur", "U1 Persyaratan"),
        ("NRR", "3,0000"),
        ("NRR \u00d7 25", "75,00"),
        ("Mutu", "C"),
    ]
    assert all(inside for row in facts["cells"] for *_rest, inside in row)
    assert page.evaluate(NO_PAGE_OVERFLOW)


def test_table_marked_to_stay_a_table_is_not_turned_into_cards(
    phone: Any, live_server: Any
) -> None:
    page = phone
    page.goto(f"{live_server.url}/akun/masuk/")

    page.evaluate(
        """() => {
          const main = document.querySelector('main');
          main.insertAdjacentHTML('beforeend',
            '<table class="table" id="stays" data-cards="off"><thead><tr><th>A</th><th>B</th>' +
            '</tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>' +
            '<table class="table" id="becomes"><thead><tr><th rowspan="2">Desa</th>' +
            '<th colspan="2">Anggota</th></tr><tr><th>L</th><th>P</th></tr></thead>' +
            '<tbody><tr><td>Kraton</td><td>3</td><td>4</td></tr></tbody></table>');
          window.SiTrantibTables.prepare(main);
        }"""
    )

    stays = page.evaluate("getComputedStyle(document.querySelector('#stays tr')).display")
    labels = page.evaluate(
        "[...document.querySelectorAll('#becomes td')].map(c => c.dataset.label)"
    )
    assert stays == "table-row"
    assert labels == ["Desa", "Anggota · L", "Anggota · P"]


def test_admin_menu_fits_on_one_line_at_1366_and_folds_on_a_phone(
    browser: Any,
    page: Any,
    live_server: Any,
    login: Any,
    phone_context_args: dict[str, Any],
    world: Any,
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, world.admin)
    page.goto(f"{live_server.url}/")

    bar = page.evaluate(
        """() => {
          const menu = document.querySelector('#main-menu');
          const items = [...menu.querySelectorAll(':scope > ul.navbar-nav > li')];
          const box = e => e.getBoundingClientRect();
          const nav = box(menu);
          const parts = [...menu.children].map(c => [box(c).top, box(c).bottom]);
          return {
            labels: items.map(li => li.innerText.trim()),
            tops: [...new Set(items.map(li => li.offsetTop))],
            navHeight: nav.height,
            partsWithinOneRow: parts.every(([t, b]) => t >= nav.top && b <= nav.bottom),
          };
        }"""
    )
    _shot(page, "menu-1366")

    assert bar["labels"][:6] == [
        "Beranda",
        "LINMAS",
        "Desa",
        "Rapat",
        "IKM",
        "Rencana & Kinerja",
    ]
    assert "Administrasi" in bar["labels"]
    assert page.evaluate(NO_PAGE_OVERFLOW)  # the search and the account menu fit too
    assert len(bar["tops"]) == 1
    assert bar["navHeight"] < 60
    assert bar["partsWithinOneRow"] is True

    context = browser.new_context(**phone_context_args)
    phone = context.new_page()
    login(phone, world.admin)
    assert phone.locator(".navbar-toggler").is_visible()
    assert not phone.locator("#main-menu").is_visible()
    phone.locator(".navbar-toggler").click()
    phone.get_by_role("button", name="Rencana & Kinerja").click()
    assert phone.get_by_role("link", name="Anggaran").is_visible()
    assert phone.evaluate(NO_PAGE_OVERFLOW)
    context.close()


WIDE_TABLE = """() => {
  const main = document.querySelector('main');
  const cells = n => Array.from({length: 30}, (_, i) => `<${n}>Kolom ${i + 1} 1.234.567</${n}>`);
  main.insertAdjacentHTML('beforeend', '<table class="table table-figures" id="wide">' +
    `<thead><tr>${cells('th').join('')}</tr></thead><tbody><tr>${cells('td').join('')}</tr>` +
    '</tbody></table>');
  window.SiTrantibTables.prepare(main);
}"""

TABLE_BOXES = """() => [...document.querySelectorAll('main table')].map(t => {
  const box = t.parentElement;
  const before = box.scrollLeft;
  box.scrollLeft = 200;
  const after = box.scrollLeft;
  box.scrollLeft = before;
  return {
    id: t.id,
    wide: t.getBoundingClientRect().width > box.clientWidth + 1,
    overflow: getComputedStyle(box).overflowX,
    scrolled: after > before,
    boxRight: Math.round(box.getBoundingClientRect().right),
  };
})"""


@pytest.mark.parametrize("width", [1280, 1366])
def test_wide_tables_scroll_inside_their_box_on_a_desktop(
    page: Any, live_server: Any, login: Any, world: Any, width: int
) -> None:
    plan = make_plan(world, year=2026)
    page.set_viewport_size({"width": width, "height": 800})
    login(page, world.admin)
    page.goto(f"{live_server.url}/anggaran/rencana/{plan.pk}/")

    # A table of 30 figures, added without a scrolling box of its own: tables.js gives it one.
    page.evaluate(WIDE_TABLE)
    tables = page.evaluate(TABLE_BOXES)
    main_right = page.evaluate(
        "Math.round(document.querySelector('main').getBoundingClientRect().right)"
    )

    assert [t["id"] for t in tables if t["wide"]] == ["wide"]
    assert all(t["overflow"] == "auto" and t["scrolled"] for t in tables if t["wide"])
    assert all(t["boxRight"] <= main_right for t in tables)
    assert page.evaluate(NO_PAGE_OVERFLOW)


def test_favicon_links_resolve(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    hrefs = page.evaluate(
        "[...document.querySelectorAll('link[rel~=icon], link[rel=apple-touch-icon]')]"
        ".map(l => l.href)"
    )

    answers = [page.request.get(href) for href in hrefs]
    root_icon = page.request.get(f"{live_server.url}/favicon.ico")

    assert root_icon.status == 200
    assert root_icon.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}

    assert len(hrefs) == 3
    assert [a.status for a in answers] == [200, 200, 200]
    assert [a.headers["content-type"] for a in answers] == [
        "image/svg+xml",
        "image/png",
        "image/png",
    ]


def test_poster_warns_on_a_laptop_only_address_and_prints_the_public_one(
    page: Any, live_server: Any, login: Any, world: Any, settings: Any
) -> None:
    settings.SITRANTIB_PUBLIC_URL = ""
    period = make_period(world)
    # The live server answers on localhost; open it as the laptop's own browser would.
    laptop_url = live_server.url.replace("localhost", "127.0.0.1")
    page.goto(f"{laptop_url}/akun/masuk/")
    page.fill("#id_username", world.admin.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)

    page.goto(f"{laptop_url}/survei/{period.pk}/poster/")
    warning = page.locator("#loopback-address-warning")
    assert warning.is_visible()
    assert "Alamat ini hanya bisa dibuka di laptop ini" in warning.inner_text()
    assert f"{laptop_url}/s/{period.short_code}/" in page.locator(".address").inner_text()
    _shot(page, "poster-peringatan-alamat")

    settings.SITRANTIB_PUBLIC_URL = "http://192.168.1.10:8000"
    page.goto(f"{laptop_url}/survei/{period.pk}/poster/")
    assert page.locator("#loopback-address-warning").count() == 0
    assert page.locator(".address").inner_text() == (
        f"http://192.168.1.10:8000/s/{period.short_code}/"
    )


def test_a_phone_opens_the_address_the_poster_prints_and_never_sees_a_debug_page(
    page: Any, phone: Any, live_server: Any, login: Any, world: Any, settings: Any
) -> None:
    # The office set its public address; here the live server stands for the laptop on the LAN.
    settings.SITRANTIB_PUBLIC_URL = live_server.url
    period = make_period(world)
    login(page, world.admin)
    page.goto(f"{live_server.url}/survei/{period.pk}/poster/")
    printed = page.locator(".address").inner_text().strip()
    assert printed == f"{live_server.url}/s/{period.short_code}/"

    phone.goto(printed)
    assert phone.get_by_role("button", name="Kirim jawaban").is_visible()
    assert phone.evaluate(NO_PAGE_OVERFLOW)

    answer = phone.goto(f"{printed}salah-ketik/")
    assert answer is not None
    assert answer.status == 404
    assert phone.get_by_role("heading", name="Halaman atau data tidak ditemukan").is_visible()
    assert "Traceback" not in phone.content()
