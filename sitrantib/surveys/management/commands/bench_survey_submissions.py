"""Load run: many concurrent public submissions to one open period; none lost, none doubled.

Starts `--servers` HTTP server processes on 127.0.0.1 (free ports) sharing a temporary SQLite
database, fires `--requests` POSTs from `--concurrency` threads (a share of them repeat an
earlier client id, sent right after it so both are in flight together), then counts what the
database holds. Exits non-zero if a questionnaire was lost or stored twice, or a request failed.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

MAX_REQUESTS = 20000
MAX_CONCURRENCY = 100


@dataclass
class Plan:
    """The client ids to send, in order; repeated ids follow their first sending directly."""

    client_ids: list[str]
    unique: int


def make_plan(*, requests: int, duplicate_every: int) -> Plan:
    ids: list[str] = []
    unique = 0
    while len(ids) < requests:
        client_id = str(uuid.uuid4())
        ids.append(client_id)
        unique += 1
        if duplicate_every and unique % duplicate_every == 0 and len(ids) < requests:
            ids.append(client_id)
    return Plan(client_ids=ids, unique=unique)


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    accepted: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, client_id: str, status: int | None, failure: str = "") -> None:
        with self.lock:
            if status is not None:
                self.statuses[status] += 1
                if status in (200, 201):
                    self.accepted.add(client_id)
            else:
                self.failures[failure] += 1

    @property
    def errors(self) -> int:
        return sum(self.failures.values()) + sum(
            n for status, n in self.statuses.items() if status not in (200, 201, 429)
        )


def verdict(
    *, plan: Plan, tally: Tally, stored: int, distinct: int, answers: int, per: int
) -> list[str]:
    """What went wrong, in words; empty when nothing was lost or doubled."""
    problems = []
    if tally.errors:
        problems.append(f"{tally.errors} permintaan gagal")
    if tally.statuses[201] != plan.unique:
        problems.append(f"201 diterima {tally.statuses[201]} kali untuk {plan.unique} ID unik")
    if stored != distinct:
        problems.append(f"{stored - distinct} kuesioner tersimpan ganda")
    if distinct != len(tally.accepted):
        problems.append(f"{len(tally.accepted) - distinct} kuesioner yang diterima hilang")
    if answers != stored * per:
        problems.append(f"jumlah nilai unsur {answers}, seharusnya {stored * per}")
    if tally.statuses[429]:
        problems.append(f"{tally.statuses[429]} dibatasi (naikkan --rate-limit)")
    return problems


def _body(client_id: str, index: int) -> bytes:
    answers = {f"U{i}": 1 + (index + i) % 4 for i in range(1, 10)}
    return json.dumps(
        {
            "client_id": client_id,
            "answers": answers,
            "respondent": {
                "sex": "L" if index % 2 else "P",
                "age": 18 + index % 60,
                "education": "sma",
                "occupation": "wirausaha",
                "service": "Uji beban",
            },
            "suggestion": "",
        }
    ).encode()


class Command(BaseCommand):
    help = (
        "Uji beban kiriman kuesioner publik (loopback, terbatas); "
        "periksa tidak ada yang hilang atau ganda."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=20)
        parser.add_argument("--requests", type=int, default=400)
        parser.add_argument("--servers", type=int, default=2, help="proses server (1-4)")
        parser.add_argument(
            "--duplicate-every",
            type=int,
            default=4,
            help="setiap ID ke-n dikirim dua kali (0: tidak)",
        )
        parser.add_argument(
            "--rate-limit", type=int, default=0, help="batas per menit (0: 2 x requests)"
        )
        parser.add_argument(
            "--timeout", type=float, default=180.0, help="batas waktu seluruh uji (detik)"
        )
        parser.add_argument("--child-settings", default="config.settings.dev")

    def handle(self, *args: Any, **options: Any) -> None:
        requests = options["requests"]
        concurrency = options["concurrency"]
        servers = options["servers"]
        if not 1 <= requests <= MAX_REQUESTS or not 1 <= concurrency <= MAX_CONCURRENCY:
            raise CommandError(f"--requests 1-{MAX_REQUESTS}, --concurrency 1-{MAX_CONCURRENCY}")
        if not 1 <= servers <= 4:
            raise CommandError("--servers 1-4")
        plan = make_plan(requests=requests, duplicate_every=options["duplicate_every"])
        workdir = Path(tempfile.mkdtemp(prefix="sitrantib-bench-"))
        database = workdir / "bench.sqlite3"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": options["child_settings"],
            "SITRANTIB_DB": "sqlite",
            "SITRANTIB_SQLITE_PATH": str(database),
            "SITRANTIB_MEDIA_ROOT": str(workdir / "media"),
            "SITRANTIB_DEBUG": "0",
            "SITRANTIB_LOG_LEVEL": "WARNING",
            "SITRANTIB_ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        command = [sys.executable, "-m", "sitrantib.surveys.bench"]
        processes: list[subprocess.Popen[str]] = []
        try:
            setup = subprocess.run(  # noqa: S603 - our own module, fixed arguments
                [*command, "setup"],
                env=env,
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            if setup.returncode != 0:
                raise CommandError(f"Persiapan basis data uji gagal:\n{setup.stderr[-2000:]}")
            period = json.loads(setup.stdout.strip().splitlines()[-1])["period"]
            limit = options["rate_limit"] or 2 * requests
            ports = []
            for _ in range(servers):
                process = subprocess.Popen(  # noqa: S603
                    [*command, "serve", "--limit", str(limit)],
                    env=env,
                    cwd=settings.BASE_DIR,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
                processes.append(process)
                assert process.stdout is not None
                ports.append(json.loads(process.stdout.readline())["port"])
            tally, elapsed = self._fire(plan, ports, period, concurrency, options["timeout"])
            stored, distinct, answers = self._count(database, period)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            shutil.rmtree(workdir, ignore_errors=True)
        sent = sum(tally.statuses.values()) + sum(tally.failures.values())
        lines = [
            f"server: {servers} proses di 127.0.0.1 "
            f"(port {', '.join(map(str, ports))}), SQLite sementara",
            f"konkurensi: {concurrency}; permintaan direncanakan: {len(plan.client_ids)}; "
            f"ID unik: {plan.unique}",
            f"terkirim: {sent}",
            f"dibuat (201): {tally.statuses[201]}",
            f"duplikat dijawab 200: {tally.statuses[200]}",
            f"dibatasi (429): {tally.statuses[429]}",
            f"galat: {tally.errors} {dict(tally.failures) or ''}".rstrip(),
            f"kuesioner di basis data: {stored} "
            f"(client_id berbeda: {distinct}; nilai unsur: {answers})",
            f"waktu: {elapsed:.2f} s; permintaan/detik: {sent / elapsed:.1f}",
        ]
        for line in lines:
            self.stdout.write(line)
        problems = verdict(
            plan=plan, tally=tally, stored=stored, distinct=distinct, answers=answers, per=9
        )
        if problems:
            raise CommandError("GAGAL: " + "; ".join(problems))
        self.stdout.write("BERHASIL: tidak ada yang hilang, tidak ada yang ganda.")

    def _fire(
        self, plan: Plan, ports: list[int], period: int, concurrency: int, timeout: float
    ) -> tuple[Tally, float]:
        tally = Tally()
        deadline = time.monotonic() + timeout

        def send(index: int, client_id: str) -> None:
            if time.monotonic() > deadline:
                tally.add(client_id, None, "batas waktu")
                return
            port = ports[index % len(ports)]
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/surveys/{period}/responses/",
                data=_body(client_id, index),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as reply:  # noqa: S310  # nosec B310  # http://127.0.0.1 only
                    tally.add(client_id, reply.status)
            except urllib.error.HTTPError as exc:
                tally.add(client_id, exc.code)
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                tally.add(client_id, None, type(exc).__name__)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            futures = [pool.submit(send, i, cid) for i, cid in enumerate(plan.client_ids)]
            wait(futures, timeout=timeout + 60)
        return tally, max(time.monotonic() - started, 1e-6)

    def _count(self, database: Path, period: int) -> tuple[int, int, int]:
        import sqlite3

        with sqlite3.connect(database) as connection:
            stored, distinct = connection.execute(
                "SELECT COUNT(*), COUNT(DISTINCT client_id) FROM surveys_surveyresponse "
                "WHERE period_id = ?",
                (period,),
            ).fetchone()
            (answers,) = connection.execute(
                "SELECT COUNT(*) FROM surveys_answer a "
                "JOIN surveys_surveyresponse r ON r.id = a.response_id "
                "WHERE r.period_id = ?",
                (period,),
            ).fetchone()
        return int(stored), int(distinct), int(answers)
