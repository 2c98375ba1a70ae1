"""Per-address rate limit of public submissions, shared by every process through the database.

The address is kept only as a salted HMAC (the salt is derived from SECRET_KEY), in one counter row
per address and minute; rows older than an hour are deleted (docs/adr/0032-public-submissions.md).
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_noop

from sitrantib.surveys.models import SubmissionCounter

DEFAULT_LIMIT_PER_MINUTE = 30
MESSAGE_RATE_LIMITED = gettext_noop(
    "Terlalu banyak kiriman dari alamat ini dalam satu menit. Tunggu sebentar lalu kirim lagi."
)
_KEEP = dt.timedelta(hours=1)


def limit_per_minute() -> int:
    return int(
        getattr(settings, "SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE", DEFAULT_LIMIT_PER_MINUTE)
    )


def address_hash(address: str) -> str:
    """A salted hash of a client address: equal addresses match, the address cannot be read back."""
    return salted_hmac("sitrantib.surveys.address", address or "-", algorithm="sha256").hexdigest()


def _now() -> dt.datetime:
    return timezone.now()


def register_attempt(*, address: str, now: dt.datetime | None = None) -> bool:
    """Count one submission attempt of an address; False when it exceeds this minute's limit."""
    moment = now or _now()
    window = moment.replace(second=0, microsecond=0)
    key = address_hash(address)
    rows = SubmissionCounter.objects.filter(address_hash=key, window_start=window)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    SubmissionCounter.objects.create(address_hash=key, window_start=window, count=1)
            except IntegrityError:
                rows.update(count=F("count") + 1)
            else:
                SubmissionCounter.objects.filter(window_start__lt=window - _KEEP).delete()
        count = rows.values_list("count", flat=True).get()
    return count <= limit_per_minute()


def client_address(meta: dict[str, object]) -> str:
    """The address of the client as the server saw it (REMOTE_ADDR; proxies are not trusted)."""
    return str(meta.get("REMOTE_ADDR") or "")
