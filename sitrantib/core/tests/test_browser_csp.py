"""The Content Security Policy in a real browser (issue 15 B6, docs/dev/security.md).

Chromium enforces the site's real policy while people use pages of every module: the maps
(Leaflet), the charts (Chart.js), htmx refreshes, the search fields, the public questionnaire,
the attendance taps and the API explorer all work, and the browser reports no violation
(neither a `securitypolicyviolation` event nor a "Content Security Policy" console message).
A first test proves that the watch sees a violation when there is one.
"""

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from sitrantib.core.enums import Role
from sitrantib.regions.models import District
from sitrantib.testing.a11y.scene import build_scene
from sitrantib.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of every document (and is not itself subject to the page's policy).
_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} `
                    + `(${e.sourceFile || document.location.pathname}:${e.lineNumber})`);
});
"""


class Watch:
    """Collects CSP violations of every page a browser context opens."""

    def __init__(self, context: Any) -> None:
        self.found: list[str] = []
        self.context = context
        context.add_init_script(script=_WATCH)

    def page(self) -> Any:
        page = self.context.new_page()

        def on_console(message: Any) -> None:
            if "Content Security Policy" in message.text:
                self.found.append(f"console: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.found.append(f"page error: {error}"))
        return page

    def collect(self, page: Any) -> list[str]:
        """The violations of the current document (call before leaving it)."""
        seen = page.evaluate("() => window.__csp || []")
        self.found += [f"{page.url}: {v}" for v in seen]
        return seen

    def visit(self, page: Any, url: str) -> None:
        if page.url.startswith("http"):
            self.collect(page)
        response = page.goto(url)
        assert response is not None
        assert response.ok, f"{url}: {response.status}"
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")


def test_the_policy_is_enforced_and_a_violation_is_seen(browser: Any, live_server: Any) -> None:
    context = browser.new_context()
    watch = Watch(context)
    page = watch.page()
    watch.visit(page, f"{live_server.url}/akun/masuk/")

    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.append(s);
          const html = '<div id="styled" style="width: 7px"></div>';
          document.body.insertAdjacentHTML("beforeend", html);
        }"""
    )
    page.wait_for_function("() => window.__csp.length >= 2")

    assert page.evaluate("() => window.__ran") is None
    assert page.evaluate("() => document.getElementById('styled').offsetWidth") != 7
    directives = {v.split()[0] for v in watch.collect(page)}
    assert {"script-src-elem", "style-src-attr"} <= directives
    context.close()


def test_pages_of_every_module_work_under_the_policy(
    world: Any, browser: Any, live_server: Any, login: Any
) -> None:
    scene = build_scene(world)
    job = scene.export_job
    job.status, job.progress_done, job.progress_total = "running", 30, 120
    job.save()
    base = live_server.url
    period = scene.open_period

    # A respondent fills the public questionnaire (questionnaire.js) on the visitor's browser.
    visitor = browser.new_context()
    watch = Watch(visitor)
    page = watch.page()
    watch.visit(page, f"{base}/s/{period.short_code}/")
    page.click("label[for=id_sex_1]")
    page.fill("#id_age", "37")
    page.select_option("#id_education", "sma")
    page.select_option("#id_occupation", "petani")
    page.select_option("#id_service", index=1)
    for i in range(1, 10):
        page.click(f"label[for=id_U{i}_3]")
    page.click("#submit-answers")
    page.wait_for_url(f"**/s/{period.short_code}/terima-kasih/")
    watch.collect(page)
    visitor.close()

    # The section's administrator.
    context = browser.new_context()
    watch_admin = Watch(context)
    page = watch_admin.page()
    login(page, world.admin)
    urls = [
        "regions:home",
        "linmas:home",
        "linmas:member_list",
        "linmas:member_detail",
        "meetings:meeting_detail",
        "meetings:action_item_detail",
        "planning:detail",
        "planning:calendar",
        "budget:line",
        "trainings:training_detail",
        "trainings:participants",
        "trainings:certificates",
        "core:audit_log",
        "core:site_search",
        "accounts:user_create",
        "surveys:poster",
    ]
    from sitrantib.testing.a11y.pages import PAGES

    by_name = {p.name: p for p in PAGES}
    for name in urls:
        watch_admin.visit(page, base + by_name[name].url(scene))
        expect(page.locator("body")).to_be_visible()

    # Chart.js: the survey results, then an htmx refresh of the block redraws them.
    watch_admin.visit(page, base + by_name["surveys:detail"].url(scene))
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-elements')")
    page.evaluate(
        "(url) => htmx.ajax('GET', url, {target: '#results', swap: 'innerHTML'})",
        by_name["surveys:results"].url(scene),
    )
    page.wait_for_function("() => Chart.getChart('chart-elements')")
    assert page.evaluate("Chart.getChart('chart-elements').data.labels.length") == 9

    # Chart.js on the multi-year budget page.
    watch_admin.visit(page, base + by_name["budget:multi_year"].url(scene))
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-multi-year')")

    # The export progress bar gets its width from a script, not a style attribute; htmx polls.
    watch_admin.visit(page, base + by_name["core:export_progress"].url(scene))
    expect(page.locator(".progress-bar")).to_have_css("width", re.compile(r"\d"))
    ratio = page.evaluate(
        "() => { const b = document.querySelector('.progress-bar');"
        " return b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width; }"
    )
    assert ratio == pytest.approx(0.25, abs=0.02)
    page.evaluate(
        "(url) => htmx.ajax('GET', url, {target: '#export-status', swap: 'innerHTML'})",
        by_name["core:export_progress"].url(scene),
    )
    page.wait_for_timeout(300)
    ratio = page.evaluate(
        "() => { const b = document.querySelector('.progress-bar');"
        " return b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width; }"
    )
    assert ratio == pytest.approx(0.25, abs=0.02)

    # The poster's print button (was an onclick handler) calls window.print.
    watch_admin.visit(page, base + by_name["surveys:poster"].url(scene))
    page.evaluate("() => { window.print = () => { window.__printed = true; }; }")
    page.click("button[data-print]")
    assert page.evaluate("() => window.__printed") is True

    # The API explorer draws the schema's operations.
    watch_admin.visit(page, f"{base}/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=20_000)
    page.locator(".swagger-ui .opblock-summary").first.click()
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()
    watch_admin.collect(page)
    context.close()

    # A desa operator: the member form's search and NIK help, the attendance taps.
    context = browser.new_context()
    watch_operator = Watch(context)
    page = watch_operator.page()
    login(page, world.operator)
    watch_operator.visit(page, base + by_name["linmas:member_create"].url(scene))
    page.fill("[name=nik]", "3508074505900001")
    expect(page.locator("[name=sex]")).to_have_value("P")
    watch_operator.visit(page, base + by_name["trainings:attendance"].url(scene))
    watch_operator.collect(page)
    context.close()

    found = watch.found + watch_admin.found + watch_operator.found
    assert found == [], "CSP violations:\n" + "\n".join(found)


def test_maps_draw_the_desa_under_the_policy(browser: Any, live_server: Any, login: Any) -> None:
    call_command("load_reference", scope="35.08.07", stdout=io.StringIO())
    kasi = make_user(
        role=Role.TRANTIB_ADMIN, district=District.objects.get(code="35.08.07"), username="kasi"
    )
    context = browser.new_context()
    watch = Watch(context)
    page = watch.page()
    login(page, kasi)

    expect(page.locator("#village-map")).to_have_attribute("data-loaded", "12")
    expect(page.locator("#village-map .leaflet-interactive")).to_have_count(12)
    expect(page.locator("#village-map .leaflet-tooltip").first).to_be_visible()
    watch.visit(page, f"{live_server.url}/linmas/")
    expect(page.locator("#readiness-map")).to_have_attribute("data-loaded", "12")
    page.locator("#readiness-map .leaflet-control-zoom-in").click()
    watch.collect(page)
    context.close()

    assert watch.found == [], "CSP violations:\n" + "\n".join(watch.found)
