"""Security headers and the Content Security Policy on every page (issue 15 B6,
docs/dev/security.md, docs/adr/0072).

- Every page of the accessibility page list (sitrantib/testing/a11y/pages.py), for every role that
  opens it, and the error pages answer with the CSP, nosniff, Referrer-Policy, X-Frame-Options
  DENY and Cross-Origin-Opener-Policy headers.
- None of them holds an inline script, an on*= event handler, a style attribute or a <style>
  element: the policy allows scripts and styles from our own static files only. A <script>
  with `type="application/json"` (json_script) is data, not code, and is allowed.
- The policy itself: strict for scripts, styles and frames, and the map tile server is added
  to img-src only when one is configured.
- Production settings: HTTPS redirect, HSTS, secure cookies, and the proxy's HTTPS header
  believed only behind a trusted proxy.
"""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from config.settings.csp import map_tile_sources
from sitrantib.testing.a11y import PAGES, ROLES, build_scene

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Every directive that keeps code and frames out, as the browser reads the header.
REQUIRED_DIRECTIVES = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def parse_policy(header: str) -> dict[str, set[str]]:
    directives: dict[str, set[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = set(words[1:])
    return directives


class _InlineCode(HTMLParser):
    """Collects what the policy would block: inline scripts, handlers, style attributes and
    elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "script" and "src" not in named:
            kind = (named.get("type") or "").strip().lower()
            if kind not in DATA_SCRIPT_TYPES:
                self.found.append(
                    f"inline <script type={kind or '(none)'}> at line {self.getpos()[0]}"
                )
        if tag == "style":
            self.found.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}> at line {self.getpos()[0]}")
            if name == "style":
                self.found.append(f"<{tag} style={value!r}> at line {self.getpos()[0]}")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}> at line {self.getpos()[0]}")


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def header_problems(response) -> list[str]:  # type: ignore[no-untyped-def]
    problems = [
        f"{name}: {response.headers.get(name)!r}, expected {value!r}"
        for name, value in EXPECTED_HEADERS.items()
        if response.headers.get(name) != value
    ]
    policy = response.headers.get("Content-Security-Policy")
    if not policy:
        return [*problems, "no Content-Security-Policy header"]
    directives = parse_policy(policy)
    for name, sources in REQUIRED_DIRECTIVES.items():
        if directives.get(name) != sources:
            problems.append(f"CSP {name} is {directives.get(name)}, expected {sources}")
    unsafe = {word for words in directives.values() for word in words if "unsafe" in word}
    if unsafe:
        problems.append(f"CSP allows {sorted(unsafe)}")
    return problems


# --- Unit checks of the checker itself: it must catch what it claims to catch.


@pytest.mark.parametrize(
    ("html", "count"),
    [
        ("<script>alert(1)</script>", 1),
        ('<script type="module">x()</script>', 1),
        ('<script type="text/javascript">x()</script>', 1),
        ('<button onclick="go()">x</button>', 1),
        ('<body onload="go()">', 1),
        ('<div style="width: 3px"></div>', 1),
        ("<style>p { color: red }</style>", 1),
        ('<a href="javascript:go()">x</a>', 1),
        ('<script src="/static/a.js"></script>', 0),
        ('<script type="application/json" id="d">{"a": 1}</script>', 0),
        ('<div data-onclick="x" data-style="y" class="online"></div>', 0),
    ],
)
def test_inline_code_checker_finds_what_the_policy_blocks(html, count):
    assert len(inline_code(html)) == count


# --- Every page.


@pytest.mark.sweep  # every page the accessibility list knows: run once, on SQLite (ADR 0112)
def test_every_listed_page_sends_the_headers_and_holds_no_inline_code(world):
    scene = build_scene(world)
    checked = 0
    problems: list[str] = []
    for role, attribute in ROLES.items():
        client = Client()
        if attribute:
            client.force_login(getattr(world, attribute))
        for entry in (p for p in PAGES if role in p.roles):
            url = entry.url(scene)
            # A visitor at the home page is sent to the login page, as a browser follows.
            response = client.get(url, follow=True)
            label = f"{entry.name} as {role} ({url})"
            if response.status_code != 200:
                problems.append(f"{label}: status {response.status_code}")
                continue
            problems += [f"{label}: {p}" for p in header_problems(response)]
            problems += [f"{label}: {p}" for p in inline_code(response.content.decode())]
            checked += 1

    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)
    assert checked == sum(len(p.roles) for p in PAGES)


def test_error_pages_send_the_headers_and_hold_no_inline_code(world):
    client = Client()
    client.force_login(world.operator)

    for url, status in (("/alamat-yang-tidak-ada/", 404), ("/sistem/kualitas-data/", 403)):
        response = client.get(url)

        assert response.status_code == status
        assert header_problems(response) == []
        assert inline_code(response.content.decode()) == []


@pytest.mark.urls("sitrantib.core.tests.error_urls")
@override_settings(DEBUG=False)
def test_server_error_page_sends_the_headers_and_holds_no_inline_code(db):
    response = Client(raise_request_exception=False).get("/uji-gagal/")

    assert response.status_code == 500
    assert header_problems(response) == []
    assert inline_code(response.content.decode()) == []


def test_redirect_to_login_and_json_answers_carry_the_policy_too(db):
    client = Client()

    for url in ("/linmas/", "/health"):
        response = client.get(url)

        assert "Content-Security-Policy" in response.headers, url
        assert response.headers["X-Frame-Options"] == "DENY", url


def test_api_explorer_loads_its_start_up_script_as_a_file(world):
    client = Client()
    client.force_login(world.admin)

    page = client.get("/api/docs/")
    html = page.content.decode()
    script = client.get("/api/docs/?script=")

    assert page.status_code == 200
    assert header_problems(page) == []
    assert inline_code(html) == []
    assert 'src="/api/docs/?script="' in html
    assert script.status_code == 200
    assert "SwaggerUIBundle(" in script.content.decode()
    assert '"validatorUrl": null' in script.content.decode()


# --- The policy.


def test_policy_adds_the_map_tile_server_only_when_configured():
    assert map_tile_sources("") == []
    assert map_tile_sources("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == [
        "https://*.tile.openstreetmap.org"
    ]
    assert map_tile_sources("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png") == [
        "http://10.0.0.5:8080"
    ]
    img_src = settings.SECURE_CSP["img-src"]
    assert img_src == ["'self'", "data:", "blob:"]


@pytest.mark.parametrize(
    "url",
    [
        "tiles.example/{z}/{x}/{y}.png",
        "javascript:alert(1)",
        "https://a.example; script-src *",
        "https://user@tiles.example/{z}/{x}/{y}.png",
        "https://tiles.{s}.example/{z}/{x}/{y}.png",
    ],
)
def test_policy_refuses_a_tile_url_that_would_widen_it(url):
    with pytest.raises(ImproperlyConfigured, match="SITRANTIB_MAP_TILE_URL"):
        map_tile_sources(url)


# --- Production settings.

_PRINT_SETTINGS = """
import json
from django.conf import settings
from django.utils.csp import build_policy
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "X_FRAME_OPTIONS": settings.X_FRAME_OPTIONS,
    "MIDDLEWARE": settings.MIDDLEWARE,
    "CSP": build_policy(settings.SECURE_CSP),
}))
"""


def _prod_settings(tmp_path, **extra: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITRANTIB_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SITRANTIB_SECRET_KEY="p" * 30 + "-Zx9-Qw8-Er7-Ty6-" + "3" * 20,
        SITRANTIB_ALLOWED_HOSTS="sitrantib.example.go.id",
        SITRANTIB_VAR_DIR=str(tmp_path),
        **extra,
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", "import django; django.setup()\n" + _PRINT_SETTINGS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_production_is_https_only_with_hsts_and_secure_cookies(tmp_path):
    prod = _prod_settings(
        tmp_path,
        SITRANTIB_TRUSTED_PROXY_COUNT="1",
        SITRANTIB_MAP_TILE_URL="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
    )

    assert prod["DEBUG"] is False
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False  # the domain owner's decision
    assert prod["SESSION_COOKIE_SECURE"] is True
    assert prod["SESSION_COOKIE_HTTPONLY"] is True
    assert prod["CSRF_COOKIE_SECURE"] is True
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in prod["MIDDLEWARE"]
    assert "img-src 'self' data: blob: https://*.tile.openstreetmap.org;" in prod["CSP"]
    assert "script-src 'self';" in prod["CSP"]


def test_production_believes_the_https_header_only_behind_a_trusted_proxy(tmp_path):
    prod = _prod_settings(tmp_path)

    assert prod["SECURE_PROXY_SSL_HEADER"] is None
    assert prod["SECURE_SSL_REDIRECT"] is True


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITRANTIB_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.prod", SITRANTIB_VAR_DIR=str(tmp_path))

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "SITRANTIB_SECRET_KEY must be set in production" in result.stderr


# --- The dependency audit (scripts/audit_dependencies.py).


def _audit_module():  # type: ignore[no-untyped-def]
    import importlib.util

    path = settings.BASE_DIR / "scripts" / "audit_dependencies.py"
    spec = importlib.util.spec_from_file_location("audit_dependencies", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_audit_reads_the_pins_of_a_lock_export():
    audit = _audit_module()

    pins = audit.pinned(
        "# generated\nDjango==6.1.3\n    # via sitrantib\n"
        "weasyprint==66.0 ; sys_platform != 'win32'\n"
    )

    assert pins == {"django": "6.1.3", "weasyprint": "66.0"}
    assert audit.IGNORED == {}  # an ignored advisory needs its reason here and in the docs


def test_audit_without_vulnerability_data_says_so_and_fails_only_when_required(
    tmp_path, monkeypatch, capsys
):
    """A server that has no per-release data (as a package mirror may): the audit is reported
    as not run; `make audit` (SITRANTIB_AUDIT_REQUIRED=1) fails on it."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class NotFound(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    audit = _audit_module()
    monkeypatch.setattr(
        audit,
        "PYPI_RELEASE_JSON",
        f"http://127.0.0.1:{server.server_port}/pypi/{{name}}/{{version}}/json",
    )
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==6.1.3\nasgiref==3.13.0\n")
    try:
        monkeypatch.delenv("SITRANTIB_AUDIT_REQUIRED", raising=False)
        assert audit.main([str(requirements)]) == 0
        monkeypatch.setenv("SITRANTIB_AUDIT_REQUIRED", "1")
        assert audit.main([str(requirements)]) == 1
    finally:
        server.shutdown()

    err = capsys.readouterr().err
    assert err.count("audit: NOT RUN") == 2
    assert "answered 404" in err
    assert "the 2 locked packages were not checked" in err
