"""Takes the user-guide screenshots of the documents chapter (docs/guide/laporan.md), with the
system Chromium, from a SiTrantib of its own: a throw-away folder (database, files) holding the
kecamatan of Kabupaten Lumajang, the 2020 KAK of Yosowilangun loaded and approved by the Camat,
and the year's indicators seeded from it. The screenshots follow the administrator: the
catalogue, a refused year, a KAK made as a Word file (the progress page offering it), the
catalogue listing it, and the kabupaten administrator's form with the kecamatan field. Nothing
of var/ is touched.

.venv/bin/python scripts/screenshots_reports.py [PORT]
"""

import sys

from screenshot_support import DESKTOP, Camera, launch, own_site, served

DISTRICT = "35.08.07"  # Yosowilangun
YEAR = 2020  # the year of the source KAK


def seed() -> None:
    """The people and the approved plan, through the services."""
    import django

    django.setup()
    from sitrantib.core.enums import Coverage, Role
    from sitrantib.indicators import services as indicators
    from sitrantib.planning.models import AnnualPlan
    from sitrantib.planning.services import approve_plan
    from sitrantib.regions.models import District
    from sitrantib.testing.factories import make_user

    district = District.objects.get(code=DISTRICT)
    admin = make_user(
        role=Role.TRANTIB_ADMIN,
        district=district,
        username="kasitrantib",
        first_name="Hadi",
        last_name="Prasetyo",
    )
    camat = make_user(role=Role.CAMAT, district=district, username="camat")
    make_user(
        role=Role.TRANTIB_ADMIN,
        district=None,
        coverage=Coverage.REGENCY,
        regency=district.regency,
        username="adminkab",
    )
    plan = AnnualPlan.objects.get(district=district, year=YEAR)
    approve_plan(plan=plan, actor=camat)
    indicators.seed_from_plan(district=district, year=YEAR, actor=admin)
    indicators.recompute(district_code=district.code, year=YEAR)


def shoot(base: str) -> list[str]:
    from playwright.sync_api import expect, sync_playwright

    from sitrantib.testing.factories import TEST_PASSWORD

    camera = Camera(base, TEST_PASSWORD)
    snap = camera.snap
    with sync_playwright() as p:
        browser = launch(p)
        page = camera.login(browser.new_context(**DESKTOP), "kasitrantib")
        page.goto(f"{base}/laporan/")
        snap(page, "laporan-katalog.png", full=True)

        kak = page.locator("#report-kak")
        kak.get_by_label("Tahun").fill("1999")
        kak.get_by_role("button", name="Buat dokumen").click()
        page.wait_for_load_state("networkidle")
        page.locator("#report-kak").scroll_into_view_if_needed()
        snap(page, "laporan-galat.png")

        kak = page.locator("#report-kak")
        kak.get_by_label("Tahun").fill(str(YEAR))
        kak.get_by_label("DOCX").check()
        kak.get_by_role("button", name="Buat dokumen").click()
        expect(page.locator("#export-download")).to_be_visible(timeout=120_000)
        snap(page, "laporan-kemajuan.png")

        page.goto(f"{base}/laporan/")
        page.locator("#recent-heading").scroll_into_view_if_needed()
        snap(page, "laporan-terbaru.png")

        regency = camera.login(browser.new_context(**DESKTOP), "adminkab")
        regency.goto(f"{base}/laporan/")
        field = regency.locator("#report-kak").get_by_label("Kecamatan")
        field.fill("Yoso")
        regency.locator("#report-kak [role=option]").first.wait_for()
        snap(regency, "laporan-kabupaten.png")
        browser.close()
    return camera.taken


def main(port: str = "8767") -> None:
    own_site(("load_reference", "--scope", "35.08"), ("load_plan",))
    seed()
    with served(port) as base:
        taken = shoot(base)
    print("taken:", ", ".join(taken))


if __name__ == "__main__":
    main(*sys.argv[1:2])
