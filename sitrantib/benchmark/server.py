"""Public survey submissions per second through gunicorn on loopback, against the minimal
one-insert view under the same server (the approach of scripts/loadcheck.py: production
settings, the database of this run, each simulated phone with its own address behind the
trusted proxy)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from sitrantib.benchmark.measure import percentile, reset_peak, vm_hwm_mb

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    """A loopback port nobody listens on now (two benchmark runs on one machine, e.g. CI's smoke
    beside a run of one's own, never meet on a fixed port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


REAL = "/api/v1/surveys/{period}/responses/"
MINIMAL = "/bench/survei-minimal/{period}/"


@dataclass
class Burst:
    """What one burst of submissions to one endpoint gave."""

    sent: int = 0
    created: int = 0
    failed: list[str] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    seconds: float = 0.0
    client_ids: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


def server_env(workdir: Path, port: int) -> dict[str, str]:
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sitrantib.benchmark.server_settings",
        "SITRANTIB_DB": "postgres",
        "PGDATABASE": str(db["NAME"]),
        "PGUSER": str(db["USER"] or os.environ.get("PGUSER", "")),
        "PGHOST": str(db["HOST"] or os.environ.get("PGHOST", "")),
        "PGPORT": str(db["PORT"] or os.environ.get("PGPORT", "")),
        "PGPASSWORD": str(db["PASSWORD"] or os.environ.get("PGPASSWORD", "")),
        "SITRANTIB_SECRET_KEY": secrets.token_urlsafe(50),
        "SITRANTIB_VAR_DIR": str(workdir / "var"),
        "SITRANTIB_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITRANTIB_SSL_REDIRECT": "0",
        "SITRANTIB_SECURE_COOKIES": "0",
        "SITRANTIB_HSTS_SECONDS": "0",
        "SITRANTIB_TRUSTED_PROXY_COUNT": "1",
        "SITRANTIB_LOG_LEVEL": "WARNING",
        "SITRANTIB_BIND": f"127.0.0.1:{port}",
        "SITRANTIB_WEB_WORKERS": "2",
    }


class Gunicorn:
    def __init__(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="sitrantib-bench-"))
        self.process: subprocess.Popen[bytes] | None = None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        log = (self.workdir / "web.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "deploy/gunicorn.conf.py",
                "config.wsgi",
            ],
            cwd=BASE_DIR,
            env=server_env(self.workdir, self.port),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=5):  # noqa: S310  # nosec B310  # loopback
                    return self
            except urllib.error.HTTPError:
                return self  # it answers (the worker check may say 503: no task worker here)
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.__exit__()
        log_text = (self.workdir / "web.log").read_text()[-2000:]
        raise RuntimeError(f"gunicorn did not start:\n{log_text}")

    def workers(self) -> list[int]:
        if not self.process:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        shutil.rmtree(self.workdir, ignore_errors=True)


def _body(client_id: str, n: int) -> bytes:
    return json.dumps(
        {
            "client_id": client_id,
            "answers": {f"U{i}": 1 + (n + i) % 4 for i in range(1, 10)},
            "respondent": {
                "sex": "LP"[n % 2],
                "age": 18 + n % 50,
                "education": "sma",
                "occupation": "wirausaha",
                "service": "Pelayanan Trantib",  # the generated periods' service
            },
            "suggestion": "",
        }
    ).encode()


def burst(base: str, path: str, *, requests: int, concurrency: int, offset: int) -> Burst:
    """`requests` submissions from `concurrency` threads, each from its own address."""
    result = Burst()
    counter = iter(range(requests))
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            client_id = str(uuid.uuid4())
            request = urllib.request.Request(  # noqa: S310 - loopback only
                base + path, data=_body(client_id, n), method="POST"
            )
            request.add_header("Content-Type", "application/json")
            address = offset + n
            request.add_header(
                "X-Forwarded-For",
                f"10.{address // 65536 % 256}.{address // 256 % 256}.{address % 256}",
            )
            started = time.perf_counter()
            status, error = None, ""
            try:
                with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310  # nosec B310
                    status = reply.status
            except urllib.error.HTTPError as exc:
                status, error = exc.code, exc.read()[:200].decode(errors="replace")
            except (urllib.error.URLError, OSError) as exc:
                error = str(exc)
            elapsed = time.perf_counter() - started
            with result.lock:
                result.sent += 1
                result.durations.append(elapsed * 1000)
                if status == 201:
                    result.created += 1
                    result.client_ids.append(client_id)
                else:
                    result.failed.append(f"{status} {error}")

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def stored(period: int, client_ids: list[str]) -> int:
    """Rows stored for these client ids (each once: the table has a unique key on them)."""
    if not client_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM surveys_surveyresponse WHERE period_id = %s "
            "AND client_id = ANY(%s::uuid[])",
            [period, client_ids],
        )
        return int(cursor.fetchone()[0])


def forget(client_ids: list[str]) -> None:
    """The measured submissions removed again, so the dataset stays as planned."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM surveys_answer WHERE response_id IN (SELECT id FROM "
            "surveys_surveyresponse WHERE client_id = ANY(%s::uuid[]))",
            [client_ids],
        )
        cursor.execute(
            "DELETE FROM surveys_surveyresponse WHERE client_id = ANY(%s::uuid[])", [client_ids]
        )


def survey_comparison(period: int, *, requests: int, concurrency: int) -> dict[str, Any]:
    """Both endpoints under one gunicorn (2 workers), real first then minimal, then again in
    the other order; figures of the better of the two rounds each."""
    out: dict[str, Any] = {}
    sent_ids: list[str] = []
    with Gunicorn() as server:
        # Warm-up: each worker imports and connects.
        for path, offset in ((REAL, 1), (MINIMAL, 20)):
            warm = burst(
                server.base, path.format(period=period), requests=10, concurrency=2, offset=offset
            )
            sent_ids += warm.client_ids
        for pid in server.workers():
            reset_peak(pid)
        rounds: dict[str, list[Burst]] = {"survey_submit": [], "survey_submit_minimal": []}
        offset = 1000
        for order in (
            (("survey_submit", REAL), ("survey_submit_minimal", MINIMAL)),
            (
                ("survey_submit_minimal", MINIMAL),
                ("survey_submit", REAL),
            ),
        ):
            for name, path in order:
                rounds[name].append(
                    burst(
                        server.base,
                        path.format(period=period),
                        requests=requests,
                        concurrency=concurrency,
                        offset=offset,
                    )
                )
                offset += requests
        worker_rss = [vm_hwm_mb(pid) for pid in server.workers()]
        for name, bursts in rounds.items():
            best = max(bursts, key=lambda b: b.per_second)
            ids = [i for b in bursts for i in b.client_ids]
            sent_ids += ids
            out[name] = {
                "per_second": round(best.per_second, 1),
                "median_ms": round(percentile(best.durations, 50), 1),
                "p95_ms": round(percentile(best.durations, 95), 1),
                "sent": sum(b.sent for b in bursts),
                "created": sum(b.created for b in bursts),
                "stored": stored(period, ids),
                "failed": sum(len(b.failed) for b in bursts),
                "first_failures": [f for b in bursts for f in b.failed][:3],
                "rss_mb": round(max(worker_rss, default=0.0), 1),
            }
    forget(sent_ids)
    return out
