"""Serving the office network: the public address of links, and the host names accepted."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from config.settings.hosts import allowed_hosts, phone_urls, public_origin
from sitrantib.core.links import is_loopback, public_base_url, public_url

ROOT = Path(__file__).resolve().parents[3]


def test_public_url_uses_the_configured_address_whatever_the_request(settings):
    settings.SITRANTIB_PUBLIC_URL = "http://192.168.1.10:8000"
    request = RequestFactory().get("/survei/1/", HTTP_HOST="127.0.0.1:8000")

    assert public_url(request, "/s/abc123/") == "http://192.168.1.10:8000/s/abc123/"
    assert public_url(None, "verifikasi/KODE/") == "http://192.168.1.10:8000/verifikasi/KODE/"
    assert public_base_url() == "http://192.168.1.10:8000"


def test_public_url_without_setting_uses_the_request_then_the_path(settings):
    settings.SITRANTIB_PUBLIC_URL = ""
    settings.ALLOWED_HOSTS = ["192.168.1.23"]
    request = RequestFactory().get("/survei/1/", HTTP_HOST="192.168.1.23:8000")

    assert public_url(request, "/s/abc123/") == "http://192.168.1.23:8000/s/abc123/"
    assert public_url(None, "/s/abc123/") == "/s/abc123/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8000/s/x/", True),
        ("http://127.1.2.3/s/x/", True),
        ("http://localhost:8000/", True),
        ("http://app.localhost/", True),
        ("http://[::1]:8000/", True),
        ("http://192.168.1.10:8000/s/x/", False),
        ("https://trantib.example.go.id/s/x/", False),
        ("/s/x/", False),
    ],
)
def test_is_loopback_names_addresses_only_this_machine_opens(url, expected):
    assert is_loopback(url) is expected


def test_public_origin_accepts_an_origin_and_refuses_paths_and_other_schemes():
    assert public_origin("") == ""
    assert public_origin(" http://192.168.1.10:8000/ ") == "http://192.168.1.10:8000"
    assert public_origin("https://trantib.example.go.id") == "https://trantib.example.go.id"
    with pytest.raises(ImproperlyConfigured, match="SITRANTIB_PUBLIC_URL must start with"):
        public_origin("192.168.1.10:8000")
    with pytest.raises(ImproperlyConfigured, match="without a path"):
        public_origin("http://192.168.1.10:8000/sitrantib")


def test_allowed_hosts_on_the_laptop_only_are_the_loopback_names():
    hosts = allowed_hosts(explicit=None, serve_host="127.0.0.1", public_url="")

    assert hosts == ["127.0.0.1", "localhost", "[::1]"]


def test_allowed_hosts_serving_the_office_accept_the_machine_and_public_address():
    hosts = allowed_hosts(
        explicit=None,
        serve_host="0.0.0.0",  # noqa: S104
        public_url="http://kantor-trantib:8000",
        addresses=["192.168.1.23", "10.0.0.5"],
    )

    assert hosts[:5] == ["127.0.0.1", "localhost", "[::1]", "192.168.1.23", "10.0.0.5"]
    assert "kantor-trantib" in hosts
    assert "evil.example" not in hosts


def test_allowed_hosts_bound_to_one_address_accept_that_address():
    hosts = allowed_hosts(explicit=None, serve_host="192.168.1.23", public_url="")

    assert hosts == ["127.0.0.1", "localhost", "[::1]", "192.168.1.23"]


def test_allowed_hosts_explicit_list_wins_but_keeps_the_public_host():
    hosts = allowed_hosts(
        explicit=["trantib.example.go.id"],
        serve_host="0.0.0.0",  # noqa: S104
        public_url="http://[fd00::5]:8000",
        addresses=["192.168.1.23"],
    )

    assert hosts == ["trantib.example.go.id", "[fd00::5]"]


def test_phone_urls_list_one_address_per_network_address():
    assert phone_urls("0.0.0.0", "8000", ["192.168.1.23"]) == ["http://192.168.1.23:8000/"]  # noqa: S104
    assert phone_urls("127.0.0.1", "8000", ["192.168.1.23"]) == []


def _settings_of(module: str, tmp_path: Path, **env: str) -> dict[str, object]:
    """Read a settings module in a fresh interpreter, as `make run` would start it."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'DEBUG': settings.DEBUG, 'ALLOWED_HOSTS': settings.ALLOWED_HOSTS, "
        "'MIDDLEWARE': settings.MIDDLEWARE, 'PUBLIC': settings.SITRANTIB_PUBLIC_URL, "
        "'CSRF': settings.CSRF_TRUSTED_ORIGINS}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SITRANTIB_")}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": module,
            "SITRANTIB_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_make_run_settings_have_debug_off_and_serve_static_files(tmp_path):
    values = _settings_of("config.settings.local", tmp_path)

    assert values["DEBUG"] is False
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in values["MIDDLEWARE"]
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]


def test_make_dev_settings_keep_debug_on(tmp_path):
    assert _settings_of("config.settings.dev", tmp_path)["DEBUG"] is True


def test_make_run_on_the_office_network_accepts_the_public_address(tmp_path):
    values = _settings_of(
        "config.settings.local",
        tmp_path,
        SITRANTIB_SERVE_HOST="0.0.0.0",  # noqa: S104
        SITRANTIB_PUBLIC_URL="http://192.168.7.7:8000/",
    )

    assert values["PUBLIC"] == "http://192.168.7.7:8000"
    assert "192.168.7.7" in values["ALLOWED_HOSTS"]
    assert values["CSRF"] == ["http://192.168.7.7:8000"]
