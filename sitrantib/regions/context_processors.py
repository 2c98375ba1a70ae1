"""The office whose letterhead heads every page, read once and kept (docs/adr/0107).

Every page shows the letterhead of the viewer's office; reading it cost a query on every request.
It is kept in this process, per kecamatan (None: visitors and users without a kecamatan), for
SITRANTIB_SHELL_CACHE_SECONDS, and dropped at once in this process when an office profile, a
kecamatan or a kabupaten is saved or deleted (again after the transaction commits, so a page
rendered between the save and the commit cannot keep the old letterhead). Other web processes
see the change when their copy expires. 0 seconds turns the cache off (the test settings do, so
the query counts of the suite stay those of a fresh process).
"""

import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest

from sitrantib.regions.models import District, OfficeProfile, Regency
from sitrantib.regions.selectors import office_for_request

# district code (or None) -> (monotonic time it was read, the office or None)
_OFFICES: dict[str | None, tuple[float, OfficeProfile | None]] = {}


def cache_seconds() -> float:
    return float(getattr(settings, "SITRANTIB_SHELL_CACHE_SECONDS", 0))


def forget_offices(**_kwargs: Any) -> None:
    """Drop every kept office (now, and once more when the current transaction commits)."""
    _OFFICES.clear()
    transaction.on_commit(_OFFICES.clear)


for _model in (OfficeProfile, District, Regency):
    post_save.connect(forget_offices, sender=_model, dispatch_uid=f"shell-office-{_model.__name__}")
    post_delete.connect(
        forget_offices, sender=_model, dispatch_uid=f"shell-office-del-{_model.__name__}"
    )


def cached_office(request: HttpRequest) -> OfficeProfile | None:
    """office_for_request, kept per kecamatan for cache_seconds() in this process."""
    seconds = cache_seconds()
    if seconds <= 0:
        return office_for_request(request)
    user = getattr(request, "user", None)
    key = getattr(user, "district_id", None) or None
    now = time.monotonic()
    kept = _OFFICES.get(key)
    if kept is not None and now - kept[0] < seconds:
        return kept[1]
    office = office_for_request(request)
    if len(_OFFICES) > 1000:  # a bound, far above the kecamatan one server serves
        _OFFICES.clear()
    _OFFICES[key] = (now, office)
    return office


def office(request: HttpRequest) -> dict[str, object]:
    """The office whose letterhead heads every page."""
    return {"office": cached_office(request)}
