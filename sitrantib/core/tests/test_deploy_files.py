"""The example server configuration in deploy/ works with this repository: gunicorn accepts its
settings, the systemd units start commands that exist, the env file gives a clean
`check --deploy`, and nginx proxies to gunicorn, serves the collected static files and public
media, and never the private files."""

import configparser
import logging
import os
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import get_commands
from gunicorn.config import Config

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
APP_DIR = "/srv/sitrantib/app"  # where the units expect the repository
UNITS = ("sitrantib-web.service", "sitrantib-worker.service")


def env_file() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "sitrantib.env").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _sep, value = line.partition("=")
            values[key] = value
    return values


def gunicorn_settings(env: dict[str, str]) -> dict[str, Any]:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        namespace = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {k: v for k, v in namespace.items() if not k.startswith("_") and k in Config().settings}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / name).read_text())
    return parser


def in_repo(path: str) -> Path:
    """A path of the units, mapped from the install folder to this repository."""
    assert path.startswith(APP_DIR + "/") or not path.startswith("/"), path
    return ROOT / path.removeprefix(APP_DIR + "/")


def nginx_blocks() -> str:
    text = (DEPLOY / "nginx-sitrantib.conf").read_text()
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def test_gunicorn_accepts_every_setting_and_they_are_sane():
    values = gunicorn_settings({"SITRANTIB_BIND": "127.0.0.1:8000"})
    config = Config()
    for key, value in values.items():
        config.set(key, value)  # gunicorn's own validation of each setting

    assert config.bind == ["127.0.0.1:8000"]
    assert config.workers == 2 * os.cpu_count() + 1  # type: ignore[operator]
    assert config.worker_class_str == "sync"
    assert 30 <= config.timeout <= 300
    assert config.graceful_timeout < config.timeout
    assert config.max_requests > 0
    assert config.accesslog is None  # the app logs each request itself, in JSON
    assert config.control_socket_disable
    assert config.forwarded_allow_ips == ["127.0.0.1", "::1"]


def test_gunicorn_workers_and_bind_follow_the_environment():
    values = gunicorn_settings({"SITRANTIB_WEB_WORKERS": "3", "SITRANTIB_BIND": "127.0.0.1:9001"})

    assert (values["workers"], values["bind"]) == (3, "127.0.0.1:9001")


def test_gunicorn_logs_are_json_lines_through_the_apps_formatter(capsys):
    config = gunicorn_settings({})["logconfig_dict"]
    logging.config.dictConfig(config)
    try:
        logging.getLogger("gunicorn.error").info("Booting worker with pid: %s", 42)
    finally:
        logging.getLogger("gunicorn.error").handlers.clear()
    line = capsys.readouterr().out.strip().splitlines()[-1]

    import json

    assert json.loads(line)["message"] == "Booting worker with pid: 42"


@pytest.mark.parametrize("name", UNITS)
def test_systemd_units_parse_and_start_what_the_repository_has(name):
    parsed = unit(name)
    service = parsed["Service"]

    assert set(parsed.sections()) == {"Unit", "Service", "Install"}
    assert service["WorkingDirectory"] == APP_DIR
    assert service["EnvironmentFile"] == "/etc/sitrantib/sitrantib.env"
    assert service["Restart"] == "always"
    assert service["User"] == "sitrantib"
    argv = shlex.split(service["ExecStart"])
    assert in_repo(argv[0]).relative_to(ROOT).parts[:2] == (".venv", "bin")
    assert in_repo(argv[0]).exists(), argv[0]
    if name == "sitrantib-web.service":
        assert argv[1:3] == ["-c", "deploy/gunicorn.conf.py"]
        assert (ROOT / argv[2]).exists()
        assert argv[3] == "config.wsgi"
        assert (ROOT / "config" / "wsgi.py").exists()
    else:
        assert argv[1] == "manage.py"
        assert (ROOT / "manage.py").exists()
        assert get_commands()[argv[2]] == "sitrantib.core"
    for path in service["ReadWritePaths"].split():
        assert path in {"/srv/sitrantib/var", "/srv/sitrantib/shared"}


def test_every_variable_of_the_env_file_is_read_by_the_settings_or_gunicorn():
    sources = "\n".join(
        p.read_text()
        for p in [*(ROOT / "config" / "settings").glob("*.py"), DEPLOY / "gunicorn.conf.py"]
    )
    libpq = {"PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "DJANGO_SETTINGS_MODULE"}

    unread = [key for key in env_file() if key not in libpq and f'"{key}"' not in sources]

    assert unread == []


def test_the_env_file_passes_the_deployment_check(tmp_path):
    env = {**os.environ, **env_file()}
    env.update(
        SITRANTIB_SECRET_KEY="x" * 20 + "-long-enough-and-random-" + "y" * 30,
        SITRANTIB_VAR_DIR=str(tmp_path / "var"),
        SITRANTIB_MEDIA_ROOT=str(tmp_path / "media"),
        SITRANTIB_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr[-2000:]


def test_nginx_proxies_to_gunicorn_with_the_forwarded_headers():
    conf = nginx_blocks()
    upstream = re.search(r"upstream\s+(\w+)\s*\{(.*?)\}", conf, re.S)
    assert upstream is not None
    servers = re.findall(r"^\s*server\s+([^\s;]+)", upstream.group(2), re.M)
    bind = gunicorn_settings({**env_file()})["bind"]

    assert servers == [bind]
    assert f"proxy_pass http://{upstream.group(1)};" in conf
    assert re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for;", conf)
    assert re.search(r"proxy_set_header\s+X-Forwarded-Proto\s+\$scheme;", conf)
    assert conf.count("{") == conf.count("}")
    read_timeout = int(re.search(r"proxy_read_timeout\s+(\d+)s;", conf).group(1))  # type: ignore[union-attr]
    assert read_timeout > gunicorn_settings({})["timeout"]
    body = int(re.search(r"client_max_body_size\s+(\d+)m;", conf).group(1))  # type: ignore[union-attr]
    assert body * 1024 * 1024 > settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_nginx_serves_static_and_public_media_but_never_the_private_files():
    conf = nginx_blocks()
    env = env_file()
    served = dict(re.findall(r"location\s+(\S+)\s*\{[^}]*?\balias\s+([^;]+);", conf, re.S))
    roots = re.findall(r"\b(?:alias|root)\s+([^;]+);", conf)

    assert served["/static/"] == env["SITRANTIB_VAR_DIR"] + "/static/"  # collectstatic's root
    assert served["/media/"] == env["SITRANTIB_MEDIA_ROOT"] + "/"
    assert sorted(roots) == sorted(served.values())  # nothing else is served from disk
    private = env["SITRANTIB_PRIVATE_MEDIA_ROOT"]
    assert not any(private.startswith(r.rstrip("/")) or r.startswith(private) for r in roots)
    assert not private.startswith(env["SITRANTIB_MEDIA_ROOT"] + "/")


def test_make_serve_refuses_to_start_without_postgresql():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SITRANTIB_", "PG"))}
    done = subprocess.run(  # noqa: S603
        ["bash", str(ROOT / "scripts" / "serve.sh")],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert done.returncode == 2
    assert "SITRANTIB_DB=postgres" in done.stderr


def test_gunicorn_loads_the_application_with_this_configuration():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SITRANTIB_SECRET_KEY": "only-for-loading-the-application-in-a-test",
        "SITRANTIB_DB": "postgres",
    }
    done = subprocess.run(  # noqa: S603
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--check-config",
            "-c",
            "deploy/gunicorn.conf.py",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr[-2000:]
