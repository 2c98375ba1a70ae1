"""Takes the user-guide screenshots of the documents chapter (docs/guide/laporan.md), with the
system Chromium, from a SiTrantib of its own: a throw-away folder (database, files) holding the
kecamatan of Kabupaten Lumajang, the 2020 KAK of Yosowilangun loaded and approved by the Camat,
and the year's indicators seeded from it. The screenshots follow the administrator: the
catalogue, a refused year, a KAK made as a Word file (the progress page offering it), the
catalogue listing it, and the kabupaten administrator's form with the kecamatan field. Nothing
of var/ is touched.

.venv/bin/python scripts/screenshots_reports.py [PORT]
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "guide" / "img"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DISTRICT = "35.08.07"  # Yosowilangun
YEAR = 2020  # the year of the source KAK
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def manage(*args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)  # noqa: S603


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

    taken: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        def login(username: str):
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(f"{base}/akun/masuk/")
            page.fill("#id_username", username)
            page.fill("#id_password", TEST_PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_load_state("networkidle")
            return page

        def snap(page, name: str, *, full: bool = False) -> None:
            page.wait_for_load_state("networkidle")
            page.screenshot(path=OUT / name, full_page=full)
            taken.append(name)

        page = login("kasitrantib")
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

        regency = login("adminkab")
        regency.goto(f"{base}/laporan/")
        field = regency.locator("#report-kak").get_by_label("Kecamatan")
        field.fill("Yoso")
        regency.locator("#report-kak [role=option]").first.wait_for()
        snap(regency, "laporan-kabupaten.png")
        browser.close()
    return taken


def main(port: str = "8767") -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="sitrantib-shots-")
    os.environ["SITRANTIB_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(ROOT))
    manage("migrate", "--no-input", "-v", "0")
    manage("load_reference", "--scope", "35.08")
    manage("load_plan")
    seed()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [PYTHON, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/akun/masuk/", timeout=2)  # noqa: S310  # nosec B310  # our own local server, http only
                break
            except OSError:
                time.sleep(1)
        taken = shoot(base)
    finally:
        server.terminate()
        server.wait(timeout=20)
    print("taken:", ", ".join(taken))


if __name__ == "__main__":
    main(*sys.argv[1:2])
