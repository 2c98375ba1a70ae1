"""Background workers: their heartbeat, and jobs whose worker died queued again.

The database queue (django-tasks-db, docs/adr/0071) marks a job RUNNING when a worker claims
it and finished when the worker is done. A worker killed in between (out of memory, a reboot,
`kill -9`) leaves the job RUNNING for ever: the package does not retry it. So each worker
started with `manage.py task_worker` writes its `TaskWorker` row every `HEARTBEAT_SECONDS`, and
`requeue_orphans` puts back to READY every running job whose worker has not been seen for
`stale_seconds()`; any live worker runs it each heartbeat. Our tasks are safe to run twice
(docs/adr/0002): an export run again replaces its own file.

`worker_state` tells `/health` whether a worker is alive: "ok", "stale" (rows, none recent) or
"absent" (none ever), and "inline" when tasks run in the request (the laptop's default).
"""

import logging
import os
import socket
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.tasks import task_backends
from django.utils import timezone

from sitrantib.core.models import TaskWorker

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
DEFAULT_STALE_SECONDS = 30
# Rows of workers gone for this long are removed (their jobs were requeued long before).
FORGET_AFTER = timedelta(days=1)


def stale_seconds() -> int:
    """After how long without a heartbeat a worker counts as gone."""
    return int(getattr(settings, "SITRANTIB_WORKER_STALE_SECONDS", DEFAULT_STALE_SECONDS))


def uses_worker_queue() -> bool:
    """True when tasks go to the database queue (a worker process must run them)."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def worker_state() -> str:
    """ "ok", "stale", "absent", or "inline" when tasks run in the request itself."""
    if not uses_worker_queue():
        return "inline"
    newest = TaskWorker.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if newest is None:
        return "absent"
    if timezone.now() - newest > timedelta(seconds=stale_seconds()):
        return "stale"
    return "ok"


def beat(worker_id: str, *, started_at: Any = None) -> None:
    """Record that worker `worker_id` (this process) is alive now."""
    now = timezone.now()
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": now},
        create_defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "seen_at": now,
            "started_at": started_at or now,
        },
    )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its row."""
    TaskWorker.objects.filter(worker_id=worker_id).delete()


def requeue_orphans(*, now: Any = None, own_worker_id: str = "") -> list[str]:
    """Put back to READY the running jobs whose worker is gone; their ids.

    A job's worker is the last id in its `worker_ids`. It is gone when its heartbeat is older
    than `stale_seconds()`, or when it has none and the job started longer ago than that (a
    worker started without the heartbeat). `own_worker_id` names this process's worker, whose
    running jobs are abandoned after a database error ended them (the caller knows).
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=stale_seconds())
    requeued: list[str] = []
    with transaction.atomic():
        running = list(
            DBTaskResult.objects.running()
            .select_for_update(skip_locked=True)
            .only("id", "worker_ids", "started_at")
        )
        if not running:
            return requeued
        last_ids = {r.id: (r.worker_ids or [""])[-1] for r in running}
        seen = dict(
            TaskWorker.objects.filter(worker_id__in=set(last_ids.values())).values_list(
                "worker_id", "seen_at"
            )
        )
        for result in running:
            worker_id = last_ids[result.id]
            seen_at = seen.get(worker_id)
            if worker_id and worker_id == own_worker_id:
                gone = True
            elif seen_at is not None:
                gone = seen_at < cutoff
            else:
                gone = result.started_at is None or result.started_at < cutoff
            if gone:
                requeued.append(str(result.id))
        if requeued:
            DBTaskResult.objects.filter(id__in=requeued).update(
                status=TaskResultStatus.READY, started_at=None
            )
    for job_id in requeued:
        logger.warning(
            "Task %s was left running by a stopped worker; queued again",
            job_id,
            extra={"fields": {"task_id": job_id}},
        )
    return requeued


class Heartbeat(threading.Thread):
    """A daemon thread writing the worker's heartbeat and requeuing orphans every few seconds.

    A database outage only skips beats: the thread closes its broken connection and tries again
    at the next one, so the worker is seen again as soon as PostgreSQL is back.
    """

    def __init__(self, worker_id: str, *, interval: float = HEARTBEAT_SECONDS) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                self.tick()
                self.stopping.wait(self.interval)
        finally:
            connection.close()

    def tick(self) -> None:
        try:
            close_old_connections()
            beat(self.worker_id, started_at=self.started_at)
            requeue_orphans()
            TaskWorker.objects.filter(seen_at__lt=timezone.now() - FORGET_AFTER).delete()
        except DatabaseError:
            logger.warning("Worker heartbeat skipped: the database did not answer")
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
