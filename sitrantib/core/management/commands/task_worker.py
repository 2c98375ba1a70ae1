"""`manage.py task_worker`: the database queue's worker with a heartbeat and recovery.

It is django-tasks-db's `db_worker` (same options) plus what a server needs from it
(core/workers.py, docs/adr/0071):
- a heartbeat every few seconds, which `/health` reads;
- jobs left running by a worker that died are queued again, by any live worker;
- a database outage does not end the process: the job it interrupted is queued again and the
  worker waits for the database and goes on (systemd would restart it anyway; `make serve`
  has no systemd).
"""

import logging
import time
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from sitrantib.core.workers import Heartbeat, forget, requeue_orphans

logger = logging.getLogger("sitrantib.core.workers")

RETRY_SECONDS = 2


class Command(DbWorkerCommand):
    help = "Run the background task worker (database queue) with a heartbeat for /health."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = str(options["worker_id"])
        heartbeat = Heartbeat(worker_id)
        heartbeat.tick()  # seen at once, and orphans queued again before the first claim
        heartbeat.start()
        try:
            while True:
                try:
                    super().handle(*args, **options)
                    return
                except (OperationalError, InterfaceError):
                    logger.warning("Worker lost the database; retrying in %ss", RETRY_SECONDS)
                    time.sleep(RETRY_SECONDS)
                    self._recover(worker_id)
        finally:
            heartbeat.stop()
            heartbeat.join(timeout=30)  # a beat in flight must not bring the row back
            try:
                close_old_connections()
                forget(worker_id)
            except DatabaseError:
                pass

    def _recover(self, worker_id: str) -> None:
        """Wait for the database, then queue again the job this worker was running."""
        while True:
            try:
                close_old_connections()
                requeue_orphans(own_worker_id=worker_id)
                return
            except DatabaseError:
                time.sleep(RETRY_SECONDS)
