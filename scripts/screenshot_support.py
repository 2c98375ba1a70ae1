"""What the user-guide screenshot scripts share: the system Chromium with its launch arguments,
manage.py, a SiTrantib of their own in a throw-away folder (migrate, reference data, a local
server started and stopped), logging in, and taking a page's picture into docs/guide/img.
Each scripts/screenshots*.py keeps only its scene and its pages.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# SITRANTIB_SHOTS_DIR sends the pictures elsewhere, to be looked at before they replace these.
OUT = Path(os.environ.get("SITRANTIB_SHOTS_DIR") or ROOT / "docs" / "guide" / "img")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CHROMIUM = "/usr/bin/chromium"
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
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# A citizen's phone: no touch emulation, as the public pages were always taken.
PUBLIC_PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}


def manage(*args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)  # noqa: S603


def launch(playwright):
    """The system Chromium, headless, with nothing that reaches the network on its own."""
    OUT.mkdir(parents=True, exist_ok=True)
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def submit_login(page, username: str, password: str) -> None:
    """Fills the login form already open in page and sends it."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def log_in(page, base: str, username: str, password: str):
    page.goto(f"{base}/akun/masuk/")
    submit_login(page, username, password)
    return page


def own_site(*load: tuple[str, ...]) -> None:
    """A SiTrantib of the script's own in a new throw-away folder (database, files): migrates
    and runs each manage.py command of load. Nothing of var/ is touched."""
    os.environ["SITRANTIB_VAR_DIR"] = tempfile.mkdtemp(prefix="sitrantib-shots-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(ROOT))
    manage("migrate", "--no-input", "-v", "0")
    for command in load:
        manage(*command)


@contextmanager
def served(port: str) -> Iterator[str]:
    """runserver on 127.0.0.1:port until the block ends; yields the base address once the
    login page answers."""
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
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


class Camera:
    """Takes pictures of pages of base into docs/guide/img and remembers which it took."""

    def __init__(self, base: str, password: str) -> None:
        self.base = base
        self.password = password
        self.taken: list[str] = []

    def login(self, context, username: str):
        """A new page of context, logged in as username."""
        return log_in(context.new_page(), self.base, username, self.password)

    def snap(self, page, name: str, *, full: bool = False) -> None:
        """The page as it is now, once the network is quiet."""
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / name, full_page=full)
        self.taken.append(name)

    def take(self, page, name: str, path: str, *, full: bool = False, settle_ms: int = 0) -> None:
        """Opens path and takes it; leaves it out (and says so) when there is nothing to open or
        the page does not answer 2xx."""
        if not path:
            print(f"left out {name}: nothing to open")
            return
        response = page.goto(f"{self.base}{path}")
        page.wait_for_load_state("networkidle")
        if response is None or not response.ok:
            print(f"left out {name}: {path} answered {response and response.status}")
            return
        if settle_ms:
            page.wait_for_timeout(settle_ms)
        page.screenshot(path=OUT / name, full_page=full)
        self.taken.append(name)

    def report(self) -> None:
        print("taken:", ", ".join(self.taken))
