#!/usr/bin/env python3
"""Load and fault check of SiTrantib in production mode (loopback only, bounded).

    make loadcheck                       # a throwaway PostgreSQL (pg_virtualenv), all phases
    .venv/bin/python scripts/loadcheck.py --duration 60 --users 8 --no-faults   # inside PG env

With PostgreSQL reachable through the PG* variables (make loadcheck starts a throwaway cluster),
it creates the database `PGDATABASE` holds, migrates, seeds a kecamatan with `--members` LINMAS
members, users of every role and an open survey period, starts the production stack the way
`make serve` does (gunicorn with `--web-workers` on 127.0.0.1 and one `task_worker`), and then:

1. load: `--users` concurrent users of mixed roles for `--duration` seconds (log in, home page,
   lists, a member page, the public survey submission, a background export polled to its
   download) - errors and p50/p95 per operation;
2. database restart (`--faults`): PostgreSQL is stopped for `--outage` seconds and started
   again under load - requests during the outage must fail cleanly (503/500 page, within
   `--request-timeout`), and succeed again without restarting SiTrantib;
3. worker killed (`--faults`): a background export is started, the worker is killed with
   SIGKILL while it runs the job, and a new worker is started (as systemd would) - the job must
   be run again and complete exactly once.

Every request goes to 127.0.0.1 (`--url` is refused unless it is a loopback address); the run
is bounded by `--duration`, `--max-requests` and a hard overall limit. Figures are printed and
written as JSON to `--report`. Exit status 1 when a check failed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import ipaddress
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "Uji-Beban-" + secrets.token_hex(6)  # passes the validators; lives for one run
HARD_LIMIT_SECONDS = 30 * 60
MAX_USERS = 50
MAX_DURATION = 15 * 60
ROLES = ("admin", "staff", "operator", "camat", "partner", "respondent")


# ------------------------------------------------------------------------------ measurements


@dataclass
class Tally:
    """Durations and failures per operation, shared by the user threads."""

    durations: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, op: str, seconds: float, status: int | None, error: str = "") -> None:
        with self.lock:
            self.requests += 1
            self.durations[op].append(seconds)
            if status is not None:
                self.statuses[op][status] += 1
            if error:
                self.errors[op].append(error)

    def summary(self) -> dict[str, dict[str, Any]]:
        out = {}
        for op in sorted(self.durations):
            values = sorted(self.durations[op])
            out[op] = {
                "count": len(values),
                "errors": len(self.errors.get(op, [])),
                "p50_ms": round(percentile(values, 50) * 1000),
                "p95_ms": round(percentile(values, 95) * 1000),
                "max_ms": round(values[-1] * 1000) if values else 0,
                "statuses": dict(sorted(self.statuses[op].items())),
                "first_errors": self.errors.get(op, [])[:3],
            }
        return out


def percentile(sorted_values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of already sorted values; 0 for none."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def require_loopback(url: str) -> str:
    """The URL, if its host is a loopback address; ValueError otherwise."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return url
    try:
        if ipaddress.ip_address(host).is_loopback:
            return url
    except ValueError:
        pass
    raise ValueError(f"only loopback addresses may be loaded: {url!r}")


# ------------------------------------------------------------------------------ HTTP client


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Session:
    """One browser: cookies, CSRF token, its own client address (X-Forwarded-For)."""

    def __init__(self, base: str, tally: Tally, *, address: str, timeout: float) -> None:
        self.base = base.rstrip("/")
        self.tally = tally
        self.address = address
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(
        self,
        op: str,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> tuple[int | None, bytes, dict[str, str]]:
        request = urllib.request.Request(  # noqa: S310 - http on loopback only
            self.base + path, data=data, method="POST" if data else "GET"
        )
        request.add_header("X-Forwarded-For", self.address)
        request.add_header("X-Forwarded-Proto", "http")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        started = time.perf_counter()
        status: int | None = None
        body = b""
        reply_headers: dict[str, str] = {}
        error = ""
        try:
            with self.opener.open(request, timeout=self.timeout) as reply:
                status, body, reply_headers = reply.status, reply.read(), dict(reply.headers)
        except urllib.error.HTTPError as exc:
            status, body, reply_headers = exc.code, exc.read(), dict(exc.headers)
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            error = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
        elapsed = time.perf_counter() - started
        if status is not None and status not in ok:
            error = f"HTTP {status} {path}"
        self.tally.add(op, elapsed, status, error)
        return status, body, reply_headers

    def csrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def login(self, username: str) -> bool:
        self.request("login_page", "/akun/masuk/")
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()}
        ).encode()
        status, _body, _h = self.request("login", "/akun/masuk/", data=data, ok=(302,))
        return status == 302


# ------------------------------------------------------------------------------ the users


@dataclass
class World:
    period: int
    members: list[int]
    users: dict[str, list[str]]


def user_loop(
    role: str,
    index: int,
    base: str,
    world: World,
    tally: Tally,
    stop: threading.Event,
    options: argparse.Namespace,
) -> None:
    rng = random.Random(index)  # nosec B311  # think times of simulated users, no secret
    session = Session(
        base,
        tally,
        address=f"127.0.{10 + index // 250}.{1 + index % 250}",
        timeout=options.request_timeout,
    )
    names = world.users.get(role, [])
    sent = 0
    logged_in = role == "respondent" or session.login(names[index % len(names)])
    while not stop.is_set() and tally.requests < options.max_requests:
        if not logged_in:
            logged_in = session.login(names[index % len(names)])
            stop.wait(1)
            continue
        if role == "respondent":
            # Each questionnaire comes from another citizen's phone (the survey's limit per
            # client address is not what this run measures).
            sent += 1
            session.address = f"127.{20 + index % 200}.{sent // 250 % 250}.{1 + sent % 250}"
            survey_submit(session, world.period, rng)
        else:
            session.request("home", "/")
            if role in ("admin", "staff", "operator"):
                session.request("member_list", "/linmas/anggota/")
                session.request("member_page", f"/linmas/anggota/{rng.choice(world.members)}/")
            if role in ("camat", "partner", "admin"):
                session.request("meeting_list", "/rapat/daftar/")
            if role == "admin" and rng.random() < options.export_share:
                export(session, stop, options)
        stop.wait(rng.uniform(0.3, 1.5))


def survey_submit(session: Session, period: int, rng: random.Random) -> None:
    body = {
        "client_id": str(uuid.uuid4()),
        "answers": {f"U{i}": rng.randint(1, 4) for i in range(1, 10)},
        "respondent": {
            "sex": rng.choice("LP"),
            "age": rng.randint(18, 70),
            "education": "sma",
            "occupation": "wirausaha",
            "service": "Uji beban",
        },
        "suggestion": "",
    }
    session.request(
        "survey_submit",
        f"/api/v1/surveys/{period}/responses/",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        ok=(201,),
    )


def export(session: Session, stop: threading.Event, options: argparse.Namespace) -> int | None:
    """Ask for the register XLSX (queued: more rows than the direct limit), poll its progress
    page, download the file; the whole wait is timed as `export_total`."""
    started = time.perf_counter()
    status, _body, headers = session.request(
        "export_start", "/linmas/ekspor/register.xlsx", ok=(302,)
    )
    location = headers.get("Location", "")
    found = re.search(r"/sistem/ekspor/(\d+)/", location)
    if status != 302 or not found:
        return None
    job = int(found.group(1))
    # An export in flight when the phase ends is still followed to its end (up to the timeout):
    # stopping early would count a healthy job as lost.
    deadline = time.monotonic() + options.export_timeout
    while time.monotonic() < deadline:
        status, body, _h = session.request(
            "export_poll", f"/sistem/ekspor/{job}/", headers={"HX-Request": "true"}, ok=(200, 286)
        )
        if status == 286:
            ok = b"/unduh/" in body
            if ok:
                session.request("export_download", f"/sistem/ekspor/{job}/unduh/")
            session.tally.add(
                "export_total",
                time.perf_counter() - started,
                200 if ok else 500,
                "" if ok else f"export {job} failed",
            )
            return job
        time.sleep(1)
    session.tally.add(
        "export_total", time.perf_counter() - started, None, f"export {job} timed out"
    )
    return job


def run_users(
    base: str, world: World, options: argparse.Namespace, seconds: float, tally: Tally
) -> None:
    stop = threading.Event()
    mix = [ROLES[i % len(ROLES)] for i in range(options.users)]
    threads = [
        threading.Thread(
            target=user_loop, args=(role, i, base, world, tally, stop, options), daemon=True
        )
        for i, role in enumerate(mix)
    ]
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=options.request_timeout + options.export_timeout)


# ------------------------------------------------------------------------------ the stack


class Stack:
    """gunicorn and one task worker in production settings, on this machine's loopback."""

    def __init__(self, options: argparse.Namespace, env: dict[str, str], workdir: Path) -> None:
        self.options = options
        self.env = env
        self.workdir = workdir
        self.port = options.port
        self.base = f"http://127.0.0.1:{self.port}"
        self.web: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.worker_starts = 0

    def manage(self, *args: str, timeout: float = 600) -> None:
        subprocess.run(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
        )

    def start_web(self) -> None:
        log = (self.workdir / "web.log").open("ab")
        self.web = subprocess.Popen(  # noqa: S603
            [str(BASE_DIR / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=BASE_DIR,
            env={
                **self.env,
                "SITRANTIB_BIND": f"127.0.0.1:{self.port}",
                "SITRANTIB_WEB_WORKERS": str(self.options.web_workers),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_worker(self) -> None:
        log = (self.workdir / "worker.log").open("ab")
        self.worker_starts += 1
        self.worker = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "manage.py",
                "task_worker",
                "--no-startup-delay",
                "--interval",
                "0.5",
                "--worker-id",
                f"loadcheck-{self.worker_starts}",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def health(self) -> tuple[int | None, dict[str, Any]]:
        try:
            with urllib.request.urlopen(self.base + "/health", timeout=5) as reply:  # noqa: S310  # nosec B310  # http://127.0.0.1 only
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")
        except (urllib.error.URLError, OSError, ValueError):
            return None, {}

    def wait_healthy(self, seconds: float = 90) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status, body = self.health()
            if status == 200 and body.get("worker") == "ok":
                return True
            time.sleep(0.5)
        return False

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in (self.web, self.worker):
            if process:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


def django_env(options: argparse.Namespace, workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SITRANTIB_DB": "postgres",
        "SITRANTIB_SECRET_KEY": secrets.token_urlsafe(50),
        "SITRANTIB_VAR_DIR": str(workdir / "var"),
        "SITRANTIB_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: no TLS redirect, cookies without the Secure flag.
        "SITRANTIB_SSL_REDIRECT": "0",
        "SITRANTIB_SECURE_COOKIES": "0",
        "SITRANTIB_HSTS_SECONDS": "0",
        # Each simulated user has its own client address in X-Forwarded-For, as behind nginx.
        "SITRANTIB_TRUSTED_PROXY_COUNT": "1",
        "SITRANTIB_EXPORT_DIRECT_MAX_ROWS": "100",
        "SITRANTIB_WORKER_STALE_SECONDS": str(options.worker_stale),
        "SITRANTIB_LOG_LEVEL": "INFO",
    }


SEED = r"""
import json, sys
import django
django.setup()
from sitrantib.accounts.models import User
from sitrantib.core.enums import Role
from sitrantib.linmas.benchdata import make_bench_register
from sitrantib.linmas.models import Member
from sitrantib.regions.models import Institution
from sitrantib.surveys.benchdata import make_open_period

password, members = sys.argv[1], int(sys.argv[2])
admin = make_bench_register(members=members)
admin.set_password(password); admin.save()
district = admin.district
village = district.villages.order_by("code").first()
polsek = Institution.objects.create(district=district, kind="polsek", name="Polsek Uji")
users = {"admin": [admin.username]}
for role, count in (("staff", 2), ("operator", 2), ("camat", 1), ("partner", 2)):
    for n in range(count):
        user = User(username=f"beban-{role}-{n}", district=district, is_active=True,
                    role={"staff": Role.KECAMATAN_STAFF, "operator": Role.VILLAGE_OPERATOR,
                          "camat": Role.CAMAT, "partner": Role.PARTNER}[role],
                    institution=polsek if role == "partner" else None)
        user.set_password(password); user.save()
        if role == "operator":
            user.villages.set([village])
        users.setdefault(role, []).append(user.username)
for n in range(1, 3):
    extra = User(username=f"beban-admin-{n}", district=district, is_active=True,
                 role=Role.TRANTIB_ADMIN)
    extra.set_password(password); extra.save()
    users["admin"].append(extra.username)
period = make_open_period()
ids = list(Member.objects.order_by("pk").values_list("pk", flat=True)[:200])
print(json.dumps({"period": period.pk, "members": ids, "users": users}))
"""

INSPECT = r"""
import json, sys
import django
django.setup()
from django_tasks_db.models import DBTaskResult
from sitrantib.core.models import ExportJob
job = ExportJob.objects.get(pk=int(sys.argv[1]))
results = [r for r in DBTaskResult.objects.all() if r.args_kwargs.get("args") == [job.pk]]
print(json.dumps({
    "job_status": job.status, "attempts": job.attempts, "file": job.file.name,
    "tasks": [{"status": r.status, "worker_ids": r.worker_ids} for r in results],
}))
"""


def job_state(env: dict[str, str], job: int) -> tuple[str, ...]:
    """(task status, export status, rows done, rows in all) of export `job`, read with psql in
    a few milliseconds, so the worker can be killed while it is half-way."""
    query = (
        "SELECT t.status, j.status, j.progress_done, coalesce(j.progress_total, 0) "
        "FROM core_exportjob j JOIN django_tasks_database_dbtaskresult t "
        "ON t.args_kwargs->'args'->>0 = j.id::text WHERE j.id = :job\n"
    )
    done = subprocess.run(  # noqa: S603  # nosec B607  # PostgreSQL's client from PATH
        ["psql", "-tAX", "-F", " ", "-v", f"job={int(job)}"],  # noqa: S607 - PostgreSQL's client
        input=query,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return tuple(done.stdout.split())


def python_json(env: dict[str, str], code: str, *args: str) -> Any:
    done = subprocess.run(  # noqa: S603 - our own code
        [PYTHON, "-c", code, *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------ fault phases


def pg_control(options: argparse.Namespace, action: str) -> None:
    command = [*options.pg_ctl.split(), action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True, timeout=120)  # noqa: S603 - the operator's command


def database_restart(stack: Stack, world: World, options: argparse.Namespace) -> dict[str, Any]:
    """Stop PostgreSQL under load for `--outage` s, start it again; watch /health and users."""
    tally = Tally()
    timeline: list[tuple[float, int | None]] = []
    runner = threading.Thread(
        target=run_users,
        args=(stack.base, world, options, options.fault_duration, tally),
        daemon=True,
    )
    started = time.monotonic()
    runner.start()
    time.sleep(options.fault_duration / 4)
    stopped_at = time.monotonic()
    pg_control(options, "stop")
    outage_health = []
    while time.monotonic() - stopped_at < options.outage:
        t0 = time.perf_counter()
        status, body = stack.health()
        outage_health.append(
            {"status": status, "seconds": round(time.perf_counter() - t0, 3), "body": body}
        )
        time.sleep(1)
    pg_control(options, "start")
    restarted_at = time.monotonic()
    recovered_after = None
    while time.monotonic() - restarted_at < 60:
        status, _body = stack.health()
        timeline.append((round(time.monotonic() - started, 2), status))
        if status == 200:
            recovered_after = round(time.monotonic() - restarted_at, 2)
            break
        time.sleep(0.2)
    # Requests after recovery: a fresh burst must be clean.
    runner.join()
    after = Tally()
    run_users(stack.base, world, options, 20, after)
    failed_statuses: dict[int, int] = defaultdict(int)
    for op_statuses in tally.statuses.values():
        for code, count in op_statuses.items():
            if code >= 500:
                failed_statuses[code] += count
    slowest = max((max(v) for v in tally.durations.values() if v), default=0.0)
    connection_errors = sum(
        1 for errors in tally.errors.values() for e in errors if not e.startswith("HTTP")
    )
    after_errors = sum(len(e) for e in after.errors.values())
    result = {
        "outage_seconds": options.outage,
        "health_during_outage": sorted(
            {(h["status"], json.dumps(h["body"])) for h in outage_health}
        ),
        "slowest_health_during_outage_s": max((h["seconds"] for h in outage_health), default=0),
        "requests_during_phase": tally.requests,
        "server_errors_during_phase": dict(failed_statuses),
        "connection_errors_during_phase": connection_errors,
        "slowest_request_during_phase_s": round(slowest, 2),
        "recovered_after_restart_s": recovered_after,
        "requests_after_recovery": after.requests,
        "errors_after_recovery": after_errors,
        "after_recovery_error_examples": [e for errs in after.errors.values() for e in errs][:5],
        "web_pid_unchanged": stack.web is not None and stack.web.poll() is None,
    }
    result["ok"] = bool(
        recovered_after is not None
        and after_errors == 0
        and connection_errors == 0
        and slowest < options.request_timeout
        and result["web_pid_unchanged"]
        and all(h["status"] == 503 for h in outage_health)
    )
    return result


def worker_killed(stack: Stack, world: World, options: argparse.Namespace) -> dict[str, Any]:
    """Kill the worker (SIGKILL) while it builds an export; start another; the job completes
    once."""
    tally = Tally()
    session = Session(stack.base, tally, address="127.0.9.1", timeout=options.request_timeout)
    session.login(world.users["admin"][0])
    status, _b, headers = session.request("export_start", "/linmas/ekspor/register.xlsx", ok=(302,))
    found = re.search(r"/sistem/ekspor/(\d+)/", headers.get("Location", ""))
    if not found:
        return {"ok": False, "error": f"export not queued (HTTP {status})"}
    job = int(found.group(1))
    killed_during = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = job_state(stack.env, job)
        if len(state) == 4 and state[0] == "RUNNING" and 0 < int(state[2]) < int(state[3]):
            assert stack.worker is not None
            os.killpg(stack.worker.pid, signal.SIGKILL)
            stack.worker.wait()
            killed_during = {
                "task": state[0],
                "export": state[1],
                "rows_done": int(state[2]),
                "rows": int(state[3]),
            }
            break
        if len(state) == 4 and state[1] in ("done", "failed"):
            break
        time.sleep(0.02)
    if killed_during is None:
        return {"ok": False, "error": "the job finished before the worker could be killed"}
    killed_at = time.monotonic()
    stack.start_worker()  # what systemd's Restart=always does
    final = None
    while time.monotonic() - killed_at < options.worker_stale * 4 + 60:
        final = python_json(stack.env, INSPECT, str(job))
        if final["job_status"] in ("done", "failed"):
            break
        time.sleep(1)
    assert final is not None
    completed_after = round(time.monotonic() - killed_at, 1)
    download, body, _h = session.request("export_download", f"/sistem/ekspor/{job}/unduh/")
    result = {
        "job": job,
        "state_when_killed": killed_during,
        "final": final,
        "completed_after_kill_s": completed_after,
        "download_status": download,
        "download_is_xlsx": body[:2] == b"PK",
    }
    tasks = final["tasks"]
    result["ok"] = bool(
        final["job_status"] == "done"
        and final["attempts"] == 2
        and len(tasks) == 1
        and tasks[0]["status"] == "SUCCESSFUL"
        and len(tasks[0]["worker_ids"]) == 2
        and download == 200
        and result["download_is_xlsx"]
    )
    return result


# ------------------------------------------------------------------------------ main


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=12, help="concurrent users (mixed roles)")
    parser.add_argument("--duration", type=float, default=120, help="load phase, seconds")
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--request-timeout", type=float, default=30)
    parser.add_argument("--export-timeout", type=float, default=120)
    parser.add_argument(
        "--export-share",
        type=float,
        default=0.15,
        help="share of an admin's rounds that ask for an export",
    )
    parser.add_argument("--faults", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--fault-duration", type=float, default=40)
    parser.add_argument("--outage", type=float, default=8)
    parser.add_argument("--worker-stale", type=int, default=10)
    parser.add_argument(
        "--pg-ctl",
        default="",
        help="command restarting PostgreSQL with stop/start appended "
        "(default: pg_ctlcluster $PGVERSION regress, as pg_virtualenv makes)",
    )
    parser.add_argument("--report", default="", help="write the figures as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs)")
    options = parser.parse_args(argv)
    if not 1 <= options.users <= MAX_USERS or not 1 <= options.duration <= MAX_DURATION:
        parser.error(f"--users 1-{MAX_USERS}, --duration 1-{MAX_DURATION}")
    if not options.pg_ctl and os.environ.get("PGVERSION"):
        options.pg_ctl = f"pg_ctlcluster {os.environ['PGVERSION']} regress"
    if options.faults and not options.pg_ctl:
        parser.error("--faults needs --pg-ctl (or run inside pg_virtualenv: make loadcheck)")
    return options


def main(argv: list[str]) -> int:
    options = parse(argv)
    require_loopback(f"http://127.0.0.1:{options.port}/")
    signal.alarm(HARD_LIMIT_SECONDS)  # whatever happens, the run ends
    workdir = Path(tempfile.mkdtemp(prefix="sitrantib-loadcheck-"))
    env = django_env(options, workdir)
    stack = Stack(options, env, workdir)
    report: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores",
        "users": options.users,
        "duration_s": options.duration,
        "members": options.members,
        "web_workers": options.web_workers,
    }
    try:
        print("preparing the database (migrate, collectstatic, seed)...", flush=True)
        subprocess.run(  # noqa: S603  # nosec B607  # PostgreSQL's client from PATH
            ["createdb", env.get("PGDATABASE", "sitrantib")],  # noqa: S607 - PostgreSQL's client
            check=False,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )
        stack.manage("migrate", "--no-input")
        stack.manage("collectstatic", "--no-input")
        seeded = python_json(env, SEED, PASSWORD, str(options.members))
        world = World(period=seeded["period"], members=seeded["members"], users=seeded["users"])
        stack.start_web()
        stack.start_worker()
        if not stack.wait_healthy():
            raise RuntimeError(f"the stack did not become healthy; logs in {workdir}")
        print(f"load: {options.users} users for {options.duration:.0f} s...", flush=True)
        tally = Tally()
        started = time.monotonic()
        run_users(stack.base, world, options, options.duration, tally)
        elapsed = time.monotonic() - started
        report["load"] = {
            "requests": tally.requests,
            "requests_per_s": round(tally.requests / elapsed, 1),
            "errors": sum(len(e) for e in tally.errors.values()),
            "operations": tally.summary(),
        }
        report["load"]["ok"] = report["load"]["errors"] == 0
        if options.faults:
            print(f"fault: PostgreSQL stopped for {options.outage:.0f} s under load...", flush=True)
            report["database_restart"] = database_restart(stack, world, options)
            print("fault: worker killed during an export...", flush=True)
            report["worker_killed"] = worker_killed(stack, world, options)
    finally:
        stack.stop()
        if options.keep:
            print(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(render(report))
    if options.report:
        Path(options.report).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    checks = [report["load"]["ok"]] + [
        report[k]["ok"] for k in ("database_restart", "worker_killed") if k in report
    ]
    return 0 if all(checks) else 1


def render(report: dict[str, Any]) -> str:
    lines = [
        f"SiTrantib loadcheck {report['when']} ({report['machine']}, "
        f"{report['web_workers']} gunicorn workers, {report['users']} users, "
        f"{report['duration_s']:.0f} s, {report['members']} members)"
    ]
    load = report.get("load", {})
    lines.append(
        f"load: {load.get('requests')} requests, {load.get('requests_per_s')}/s, "
        f"{load.get('errors')} errors"
    )
    lines.append(
        f"{'operation':<16}{'count':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
    )
    for op, row in load.get("operations", {}).items():
        lines.append(
            f"{op:<16}{row['count']:>7}{row['errors']:>8}{row['p50_ms']:>9}"
            f"{row['p95_ms']:>9}{row['max_ms']:>9}"
        )
    for key in ("database_restart", "worker_killed"):
        if key in report:
            lines.append(
                f"{key}: {'OK' if report[key]['ok'] else 'FAILED'} "
                + json.dumps(
                    {k: v for k, v in report[key].items() if k != "ok"}, ensure_ascii=False
                )
            )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
