"""Takes the user-guide screenshots of the trainings chapter (docs/guide/pelatihan.md) from a
running SiTrantib holding a training (see the chapter's "Contoh" note), with the system Chromium.

.venv/bin/python scripts/screenshots_trainings.py http://127.0.0.1:8000 admin PASSWORD TRAINING_ID
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "guide" / "img"
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


def login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def main(base: str, username: str, password: str, training: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        desktop = browser.new_context(viewport={"width": 1280, "height": 800})
        page = desktop.new_page()
        login(page, base, username, password)
        shots = {
            "pelatihan-daftar.png": "/pelatihan/",
            "pelatihan-detail.png": f"/pelatihan/{training}/",
            "pelatihan-peserta.png": f"/pelatihan/{training}/peserta/",
            "pelatihan-nilai.png": f"/pelatihan/{training}/nilai/",
            "pelatihan-kelulusan.png": f"/pelatihan/{training}/kelulusan/?status=belum",
            "pelatihan-spj.png": f"/pelatihan/{training}/spj/",
            "pelatihan-instruktur.png": "/pelatihan/instruktur/",
        }
        for name, path in shots.items():
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=OUT / name)
        page.goto(f"{base}/pelatihan/{training}/")
        page.locator("a[href*='/kehadiran/']").first.click()
        session_url = page.url
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        mobile = phone.new_page()
        login(mobile, base, username, password)
        mobile.goto(session_url)
        mobile.wait_for_load_state("networkidle")
        mobile.screenshot(path=OUT / "pelatihan-kehadiran-ponsel.png")
        # The finished training with certificates (the one listed after the March training).
        page.goto(f"{base}/pelatihan/?status=finished")
        page.locator("main table a[href^='/pelatihan/']").first.click()
        page.wait_for_load_state("networkidle")
        page.goto(page.url + "sertifikat/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / "pelatihan-sertifikat.png")
        verify = page.locator("a[href*='/verifikasi/sertifikat/']").first.get_attribute("href")
        anonymous = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        check = anonymous.new_page()
        check.goto(verify if verify.startswith("http") else f"{base}{verify}")
        check.screenshot(path=OUT / "pelatihan-verifikasi.png")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
