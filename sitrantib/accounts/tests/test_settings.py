"""Settings read from the environment: mail switched on by the SMTP host alone (issue 15 A9),
and production settings that pass `check --deploy`."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings

SETTINGS_DIR = Path(settings.BASE_DIR) / "config" / "settings"
SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def _load_base(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """A fresh copy of config/settings/base.py read with this environment (the live settings
    are not touched)."""
    for name in [n for n in os.environ if n.startswith("SITRANTIB_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_copy", SETTINGS_DIR / "base.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_smtp_host_alone_switches_mail_on(monkeypatch):
    base = _load_base(monkeypatch, SITRANTIB_SMTP_HOST="smtp.example.go.id")

    mailer = base.MAILERS["default"]
    assert mailer["BACKEND"] == SMTP
    assert mailer["OPTIONS"]["host"] == "smtp.example.go.id"
    assert (mailer["OPTIONS"]["port"], mailer["OPTIONS"]["use_tls"]) == (587, True)


def test_mail_goes_to_the_console_without_an_smtp_host(monkeypatch):
    base = _load_base(monkeypatch)

    assert base.MAILERS["default"] == {"BACKEND": CONSOLE, "OPTIONS": {}}


def test_named_backend_still_wins(monkeypatch):
    base = _load_base(
        monkeypatch,
        SITRANTIB_SMTP_HOST="smtp.example.go.id",
        SITRANTIB_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
    )

    assert base.MAILERS["default"]["BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"


def test_production_settings_pass_check_deploy_with_a_plausible_environment(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SITRANTIB_", "DJANGO_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SITRANTIB_SECRET_KEY": "k" * 20 + "-Qw3rTy-uI0p-AsDf-gHjK-lZxC-vBnM-" + "9" * 20,
            "SITRANTIB_ALLOWED_HOSTS": "sitrantib.example.go.id",
            "SITRANTIB_CSRF_TRUSTED_ORIGINS": "https://sitrantib.example.go.id",
            "SITRANTIB_TRUSTED_PROXY_COUNT": "1",
            "SITRANTIB_SMTP_HOST": "smtp.example.go.id",
            "SITRANTIB_VAR_DIR": str(tmp_path),
        }
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
