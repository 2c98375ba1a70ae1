"""Takes the user-guide screenshots of the trainings chapter (docs/guide/pelatihan.md) from a
running SiTrantib holding a training (see the chapter's "Contoh" note), with the system Chromium.

.venv/bin/python scripts/screenshots_trainings.py http://127.0.0.1:8000 admin PASSWORD TRAINING_ID
"""

import sys

from playwright.sync_api import sync_playwright
from screenshot_support import DESKTOP, OUT, PHONE, PUBLIC_PHONE, launch, log_in


def main(base: str, username: str, password: str, training: str) -> None:
    with sync_playwright() as p:
        browser = launch(p)
        page = log_in(browser.new_context(**DESKTOP).new_page(), base, username, password)
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
        mobile = log_in(browser.new_context(**PHONE).new_page(), base, username, password)
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
        check = browser.new_context(**PUBLIC_PHONE).new_page()
        check.goto(verify if verify.startswith("http") else f"{base}{verify}")
        check.screenshot(path=OUT / "pelatihan-verifikasi.png")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
