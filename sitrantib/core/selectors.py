"""Reads of the audit log, limited to the reader's kecamatan."""

from typing import Any

from django.db.models import QuerySet

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
