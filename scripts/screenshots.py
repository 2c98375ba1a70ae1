"""Takes the foundation user-guide screenshots (home, desa, data quality, search, users, audit,
office, API) from a running SiTrantib (make run), with the system Chromium.

.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 admin PASSWORD
"""

import sys

from playwright.sync_api import sync_playwright
from screenshot_support import DESKTOP, OUT, PHONE, launch, submit_login


def main(base: str, username: str, password: str) -> None:
    with sync_playwright() as p:
        browser = launch(p)
        desktop = browser.new_context(**DESKTOP)
        page = desktop.new_page()
        page.goto(f"{base}/akun/masuk/")
        page.screenshot(path=OUT / "masuk.png")
        submit_login(page, username, password)
        page.wait_for_selector("#village-map[data-loaded]")
        page.screenshot(path=OUT / "beranda.png")
        page.goto(f"{base}/desa/35.08.07.2009/")
        page.screenshot(path=OUT / "desa.png")
        page.goto(f"{base}/sistem/kualitas-data/")
        page.screenshot(path=OUT / "kualitas-data.png")
        page.goto(f"{base}/sistem/log-audit/")
        page.screenshot(path=OUT / "log-audit.png")
        page.goto(f"{base}/sistem/kualitas-data/?severity=error")
        fix = page.locator("main a[href*='/statistik/']")
        if fix.count():
            fix.first.click()
            page.wait_for_selector("main form")
            page.screenshot(path=OUT / "statistik-ubah.png")
        page.goto(f"{base}/sistem/cari/?q=Ahmad")
        page.screenshot(path=OUT / "cari.png")
        page.goto(f"{base}/akun/pengguna/")
        page.screenshot(path=OUT / "pengguna-daftar.png")
        page.goto(f"{base}/akun/pengguna/tambah/")
        page.screenshot(path=OUT / "pengguna-tambah.png")
        page.goto(f"{base}/kantor/")
        page.screenshot(path=OUT / "profil-kantor.png")
        page.goto(f"{base}/api/docs/")
        page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
        page.screenshot(path=OUT / "api-docs.png")
        cookies = desktop.cookies()
        phone = browser.new_context(**PHONE)
        phone.add_cookies(cookies)
        mobile = phone.new_page()
        mobile.goto(f"{base}/")
        mobile.wait_for_selector("#village-map[data-loaded]")
        mobile.screenshot(path=OUT / "beranda-ponsel.png")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
