"""`/health` and the background worker behind it: the database and the worker are checked,
nothing is written or leaked, and a job left running by a killed worker is run again, once."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sitrantib.core import exporting
from sitrantib.core.exporting import ExportKind, ExportRun, register_export, start_export
from sitrantib.core.models import ExportJob, ExportStatus, TaskWorker
from sitrantib.core.workers import Heartbeat, beat, requeue_orphans, worker_state

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BUILDS: list[int] = []


def build_numbers(run: ExportRun, *, user: Any, params: dict[str, Any]) -> None:
    BUILDS.append(1)
    run.set_total(3)
    run.write_workbook([("Angka", ["n"], ([n] for n in run.track(range(3))))])


@pytest.fixture
def numbers_export(monkeypatch: Any) -> None:
    monkeypatch.setattr(exporting, "_KINDS", {})
    BUILDS.clear()
    register_export(
        ExportKind(key="uji.angka", title="Angka", build=build_numbers, filename="angka.xlsx")
    )


def _health(client: Any) -> tuple[int, dict[str, Any], Any]:
    response = client.get("/health")
    return response.status_code, json.loads(response.content), response


@pytest.mark.django_db
def test_health_is_public_json_without_cookies_or_session_writes(
    client, django_assert_max_num_queries
):
    # The test's savepoint and its release, PostgreSQL's statement timeout, the trivial query.
    with django_assert_max_num_queries(4):
        status, body, response = _health(client)

    assert status == 200
    assert body == {"status": "ok", "database": "ok", "worker": "inline"}
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_health_refuses_writes(client):
    assert client.post("/health").status_code == 405


@pytest.mark.django_db
@override_settings(TASKS=DB_QUEUE)
def test_health_reports_an_absent_then_live_then_stale_worker(client):
    assert _health(client)[:2] == (
        200,
        {"status": "degraded", "database": "ok", "worker": "absent"},
    )

    beat("worker-a")
    assert _health(client)[:2] == (200, {"status": "ok", "database": "ok", "worker": "ok"})

    TaskWorker.objects.update(seen_at=timezone.now() - dt.timedelta(minutes=5))
    assert worker_state() == "stale"
    assert _health(client)[1] == {"status": "degraded", "database": "ok", "worker": "stale"}


def test_health_answers_503_without_detail_when_the_database_is_down(tmp_path: Path):
    """A real PostgreSQL client pointed at a socket folder where no server listens."""
    script = (
        "import django, json\n"
        "django.setup()\n"
        "from django.test.utils import setup_test_environment\n"
        "setup_test_environment()\n"
        "from django.test import Client\n"
        "r = Client().get('/health')\n"
        "print(json.dumps({'code': r.status_code, 'body': r.content.decode()}))\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "SITRANTIB_DB": "postgres",
        "PGHOST": str(tmp_path),  # an empty folder: no server socket there
        "PGDATABASE": "sitrantib",
        "SITRANTIB_LOG_LEVEL": "CRITICAL",
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])

    assert answer["code"] == 503
    assert json.loads(answer["body"]) == {
        "status": "error",
        "database": "unavailable",
        "worker": "unknown",
    }


@pytest.mark.django_db
@override_settings(TASKS=DB_QUEUE, SITRANTIB_WORKER_STALE_SECONDS=30)
def test_only_jobs_of_gone_workers_are_queued_again(
    world, numbers_export, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start_export(kind="uji.angka", user=world.admin, params={})
        start_export(kind="uji.angka", user=world.admin, params={})
    first, second = DBTaskResult.objects.order_by("enqueued_at", "id")
    first.claim("dead-worker")
    second.claim("live-worker")
    now = timezone.now()
    beat("dead-worker")
    beat("live-worker")
    TaskWorker.objects.filter(worker_id="dead-worker").update(
        seen_at=now - dt.timedelta(seconds=31)
    )

    requeued = requeue_orphans(now=now)

    assert requeued == [str(first.id)]
    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses == {first.id: TaskResultStatus.READY, second.id: TaskResultStatus.RUNNING}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_QUEUE, SITRANTIB_WORKER_STALE_SECONDS=30)
def test_a_job_whose_worker_was_killed_is_run_again_and_completes_once(world, numbers_export):
    job = start_export(kind="uji.angka", user=world.admin, params={})  # enqueued at commit
    result = DBTaskResult.objects.get()
    # What a worker killed mid-job leaves: the task claimed, the export half-way, no heartbeat
    # for longer than the stale limit.
    result.claim("killed-worker")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, attempts=1)
    beat("killed-worker")
    TaskWorker.objects.filter(worker_id="killed-worker").update(
        seen_at=timezone.now() - dt.timedelta(minutes=2)
    )

    call_command(
        "task_worker",
        "--batch",
        "--no-startup-delay",
        "--worker-id",
        "rescuer",
        stdout=io.StringIO(),
    )
    # The rescuer's heartbeat requeued the orphan at start; the batch ran it. A second batch
    # finds nothing to do: the job completed once.
    call_command(
        "task_worker",
        "--batch",
        "--no-startup-delay",
        "--worker-id",
        "second",
        stdout=io.StringIO(),
    )

    result.refresh_from_db()
    job.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.worker_ids == ["killed-worker", "rescuer"]
    assert (job.status, job.attempts, len(BUILDS)) == (ExportStatus.DONE, 2, 1)
    exports = list((Path(settings.PRIVATE_MEDIA_ROOT) / "exports").iterdir())
    assert [p.name for p in exports] == [f"export-{job.pk}.xlsx"]
    assert not TaskWorker.objects.filter(worker_id__in=["rescuer", "second"]).exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_QUEUE)
def test_heartbeat_reconnects_after_its_connection_was_closed():
    heartbeat = Heartbeat("thread-worker", interval=0.05)
    heartbeat.tick()
    first = TaskWorker.objects.get(worker_id="thread-worker").seen_at
    connection.close()

    heartbeat.tick()

    assert TaskWorker.objects.get(worker_id="thread-worker").seen_at >= first
    assert worker_state() == "ok"
