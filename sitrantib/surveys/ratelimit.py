"""Per-address rate limit of public submissions, shared by every process through the database.

The address is kept only as a salted HMAC (the salt is derived from SECRET_KEY), in one counter row
per address and minute (docs/adr/0032-survey-public-submissions.md). An attempt is one
insert-or-increment statement in autocommit that returns the new count (`INSERT ... ON CONFLICT
DO UPDATE ... RETURNING`, SQLite 3.35+ and PostgreSQL): the row of one address is locked only for
that statement, never for a request's transaction, and no other address's row is touched. The
rows older than an hour are deleted (an indexed range delete) by the first attempt a process counts
in each minute, so counters do not outlive the retention by more than a minute of use and a burst
of phones, each on its own address, does not delete once per phone
(docs/adr/0035-survey-submission-cost.md).

A counter may serve another public form (`purpose`, with its own `limit`): the purpose is part of
the hashed key, so the survey's and e.g. the citizen report's attempts from one address are
counted apart (docs/adr/0082-citizen-reports.md); the survey's purpose hashes as it always did.

Behind `settings.SITRANTIB_TRUSTED_PROXY_COUNT` trusted reverse proxies the client is the Nth
address from the right of X-Forwarded-For (the right-most hop no trusted proxy could have
forged); with 0 the header is ignored and REMOTE_ADDR is the client.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_noop

from sitrantib.core.clients import client_address as core_client_address
from sitrantib.surveys.models import SubmissionCounter

DEFAULT_LIMIT_PER_MINUTE = 30
MESSAGE_RATE_LIMITED = gettext_noop(
    "Terlalu banyak kiriman dari alamat ini dalam satu menit. Tunggu sebentar lalu kirim lagi."
)
_KEEP = dt.timedelta(hours=1)
# The minute whose old windows this process last deleted (see register_attempt).
_pruned: dict[str, dt.datetime] = {}


def limit_per_minute() -> int:
    return int(
        getattr(settings, "SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE", DEFAULT_LIMIT_PER_MINUTE)
    )


SURVEY_PURPOSE = "survey"


def address_hash(address: str, purpose: str = SURVEY_PURPOSE) -> str:
    """A salted hash of a client address: equal addresses match, the address cannot be read back.

    Another purpose than the survey's adds its name to the hashed value, so its counters never
    share a row with the survey's."""
    value = address or "-"
    if purpose != SURVEY_PURPOSE:
        value = f"{purpose}\n{value}"
    return salted_hmac("sitrantib.surveys.address", value, algorithm="sha256").hexdigest()


def _now() -> dt.datetime:
    return timezone.now()


def _field(name: str) -> "models.Field[Any, Any]":
    field = SubmissionCounter._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _upsert_sql() -> str:
    quote = connection.ops.quote_name
    table = quote(SubmissionCounter._meta.db_table)
    key, window, count = (
        quote(str(_field(name).column)) for name in ("address_hash", "window_start", "count")
    )
    return (
        f"INSERT INTO {table} ({key}, {window}, {count}) VALUES (%s, %s, 1) "  # noqa: S608  # nosec B608  # quoted model names, values bound
        f"ON CONFLICT ({key}, {window}) DO UPDATE SET {count} = {table}.{count} + 1 "
        f"RETURNING {count}"
    )


def _delete_sql() -> str:
    quote = connection.ops.quote_name
    table = quote(SubmissionCounter._meta.db_table)
    window = quote(str(_field("window_start").column))
    return f"DELETE FROM {table} WHERE {window} < %s"  # noqa: S608  # nosec B608  # quoted model names, value bound


def register_attempt(
    *,
    address: str,
    now: dt.datetime | None = None,
    purpose: str = SURVEY_PURPOSE,
    limit: int | None = None,
) -> bool:
    """Count one submission attempt of an address; False when it exceeds this minute's limit.

    `purpose` keys a separate counter per public form and `limit` is its limit per minute
    (default: the survey's, `limit_per_minute()`). One statement; a second, deleting the windows
    older than an hour, on the first attempt this process counts in a minute.
    """
    moment = now or _now()
    window = moment.replace(second=0, microsecond=0)
    field = _field("window_start")
    with connection.cursor() as cursor:
        cursor.execute(
            _upsert_sql(),
            [address_hash(address, purpose), field.get_db_prep_value(window, connection)],
        )
        (count,) = cursor.fetchone()
        if _pruned.get("window") != window:
            cursor.execute(_delete_sql(), [field.get_db_prep_value(moment - _KEEP, connection)])
            _pruned["window"] = window
    return int(count) <= (limit_per_minute() if limit is None else limit)


def client_address(meta: Mapping[str, object]) -> str:
    """The client's address by the project's one rule (core/clients.py); "" when it has none."""
    return core_client_address(meta) or ""
