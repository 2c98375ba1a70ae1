"""Per-address rate limit of public submissions, shared by every process through the database.

The address is kept only as a salted HMAC (the salt is derived from SECRET_KEY), in one counter row
per address and minute; every call deletes the rows older than an hour, so no counter outlives the
retention (docs/adr/0032-survey-public-submissions.md).

Behind `settings.SITRANTIB_TRUSTED_PROXY_COUNT` trusted reverse proxies the client is the Nth
address from the right of X-Forwarded-For (the right-most hop no trusted proxy could have
forged); with 0 the header is ignored and REMOTE_ADDR is the client.
"""

import datetime as dt
from collections.abc import Mapping

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
_MAX_ADDRESS_LENGTH = 100


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
    """Count one submission attempt of an address; False when it exceeds this minute's limit.

    Every call first deletes the counters older than the retention (an indexed range delete).
    """
    moment = now or _now()
    window = moment.replace(second=0, microsecond=0)
    key = address_hash(address)
    rows = SubmissionCounter.objects.filter(address_hash=key, window_start=window)
    with transaction.atomic():
        SubmissionCounter.objects.filter(window_start__lt=moment - _KEEP).delete()
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    SubmissionCounter.objects.create(address_hash=key, window_start=window, count=1)
            except IntegrityError:
                rows.update(count=F("count") + 1)
        count = rows.values_list("count", flat=True).get()
    return count <= limit_per_minute()


def trusted_proxy_count() -> int:
    return max(0, int(getattr(settings, "SITRANTIB_TRUSTED_PROXY_COUNT", 0) or 0))


def client_address(meta: Mapping[str, object]) -> str:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the Nth X-Forwarded-For hop
    from the right. A header shorter than N did not pass all proxies: REMOTE_ADDR is used."""
    remote = str(meta.get("REMOTE_ADDR") or "")
    proxies = trusted_proxy_count()
    if proxies == 0:
        return remote
    hops = [h.strip() for h in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < proxies:
        return remote
    return hops[-proxies][:_MAX_ADDRESS_LENGTH]
