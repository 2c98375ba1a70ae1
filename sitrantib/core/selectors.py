"""Reads of the audit log, limited to the reader's kecamatan."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.dateparse import parse_date

from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of


def audit_entries_visible_to(*, user: Any) -> QuerySet[AuditEntry]:
    """Entries of the reader's kecamatan; administrators of the whole install see all."""
    scope = scope_of(user)
    if scope.national:
        return AuditEntry.objects.all()
    if not scope.reads_audit:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(district_code__in=sorted(scope.district_codes))


def audit_page(
    *,
    user: Any,
    cursor: str = "",
    page_size: int = 50,
    action: str = "",
    object_type: str = "",
    actor: str = "",
    date_from: str = "",
    date_to: str = "",
) -> tuple[list[AuditEntry], str]:
    """One page of entries older than `cursor` (an entry id); returns the page and next cursor.

    Paging by id keeps every page as fast as the first, however long the log grows.
    """
    qs = audit_entries_visible_to(user=user).order_by("-id")
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type__icontains=object_type)
    if actor:
        qs = qs.filter(actor_name__iexact=actor)
    start, end = _date_or_none(date_from), _date_or_none(date_to)
    if start:
        qs = qs.filter(at__date__gte=start)
    if end:
        qs = qs.filter(at__date__lt=end + dt.timedelta(days=1))
    if cursor.isdigit():
        qs = qs.filter(id__lt=int(cursor))
    rows = list(qs[: page_size + 1])
    next_cursor = str(rows[page_size - 1].id) if len(rows) > page_size else ""
    return rows[:page_size], next_cursor


def _date_or_none(text: str) -> dt.date | None:
    try:
        return parse_date(text) if text else None
    except ValueError:
        return None
