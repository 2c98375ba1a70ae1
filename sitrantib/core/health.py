"""`GET /health`: is this app server able to serve, and is a background worker alive?

Public (a load balancer or a monitor calls it without a login) and cheap: one short query for
the database and one for the newest worker heartbeat, no session, no write. The answer names
only what failed, never a version, host name or error text:

- 200 `{"status": "ok", "database": "ok", "worker": "ok"}`;
- 200 with `"status": "degraded"` and `"worker": "stale"` or `"absent"` when no worker has been
  seen lately: pages still work, background exports wait. The proxy keeps this server in
  rotation; a monitor alerts on any status but "ok";
- 503 `{"status": "error", "database": "unavailable", "worker": "unknown"}` when the database
  does not answer within `DB_TIMEOUT_MS`: take the server out of rotation.

With tasks run in the request (the laptop's default backend) the worker reads "inline".
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sitrantib.core.workers import worker_state

logger = logging.getLogger(__name__)

DB_TIMEOUT_MS = 2000
WORKER_DEGRADED = frozenset({"stale", "absent"})


def _check_database() -> str:
    """The worker state, after a trivial query bounded by a statement timeout."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL statement_timeout = {int(DB_TIMEOUT_MS)}")
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return worker_state()


@login_not_required
@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers (worker state beside it), 503 when it does not."""
    try:
        worker = _check_database()
    except DatabaseError:
        logger.warning("Health check: the database did not answer")
        return JsonResponse(
            {"status": "error", "database": "unavailable", "worker": "unknown"}, status=503
        )
    status = "degraded" if worker in WORKER_DEGRADED else "ok"
    return JsonResponse({"status": status, "database": "ok", "worker": worker})
