"""Pieces every view of the field-work API shares: who may write, the schema, paging, and the
create-once answer for reports carrying a client-made id (docs/adr/0081).

Who gets what (sitrantib/fieldwork/access.py):
- Reading: every signed-in user gets the lists, filtered to their scope (a village operator their
  desa, the kecamatan's people the kecamatan, a partner only the incidents handed over to its
  institution and nothing else); a record outside the scope answers 404.
- Writing registers, visits and incidents: the Admin Seksi Trantib and the village operators
  (403 for other roles); the service checks the desa of the very record again.
- Moving an incident's status: the Admin Seksi Trantib (403 for others).
"""

import datetime as dt
import uuid
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext, gettext_noop
from rest_framework import permissions

from sitrantib.core.openapi import ApiSchema
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.fieldwork import access
from sitrantib.fieldwork.services.common import MESSAGE_NOT_MANAGER
from sitrantib.fieldwork.services.visits import existing_report
from sitrantib.regions.models import Hamlet, Institution, Village
from sitrantib.regions.selectors import villages_in_scope

MESSAGE_WRITERS_ONLY = gettext_noop(
    "Hanya Admin Seksi Trantib dan operator desa yang dapat mencatat data lapangan."
)


class FieldworkSchema(ApiSchema):
    """The project's error answers (core/openapi.py). If-Match (412) where the views read it:
    PUT/PATCH of one record and the incident transition (the ApiSchema default)."""


class WritersOnly(permissions.BasePermission):
    """Reading follows the scope; writing needs the section's administrator or a village
    operator (the service checks the desa of the very record again)."""

    message = ""

    def has_permission(self, request: Any, view: object) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        self.message = gettext(MESSAGE_WRITERS_ONLY)
        return access.can_write_any(scope_of(request.user))


class ManagersMove(WritersOnly):
    """Writers create and change; only the section's administrator moves a status."""

    def has_permission(self, request: Any, view: object) -> bool:
        if getattr(view, "action", None) == "transition":
            self.message = gettext(MESSAGE_NOT_MANAGER)
            return access.can_manage_any(scope_of(request.user))
        return super().has_permission(request, view)


def user_of(serializer_or_view: Any) -> Any:
    request = getattr(serializer_or_view, "request", None) or getattr(
        serializer_or_view, "context", {}
    ).get("request")
    return getattr(request, "user", None)


def scope_from(serializer: Any) -> Scope:
    return scope_of(user_of(serializer))


# Choices a writer may name -----------------------------------------------------------------------


def writable_villages(scope: Scope) -> QuerySet[Village]:
    """The desa a scope may record field work for (a reader-only role: none)."""
    if not access.can_write_any(scope):
        return Village.objects.none()
    return villages_in_scope(scope=scope)


def writable_hamlets(scope: Scope) -> QuerySet[Hamlet]:
    return Hamlet.objects.filter(village__in=writable_villages(scope).values("code"))


def institutions_of_scope(scope: Scope) -> QuerySet[Institution]:
    """Institutions of the kecamatan(s) of the scope (a team member's, a partner handed to)."""
    if scope.national:
        return Institution.objects.all()
    if scope.is_empty:
        return Institution.objects.none()
    return Institution.objects.filter(district_id__in=sorted(scope.district_codes))


def limit(fields: dict[str, Any], name: str, queryset: Any) -> None:
    """Only records in the caller's reach are accepted: another desa's id gets the same
    "does not exist" answer as an unknown one (the API does not reveal what exists elsewhere)."""
    field = fields.get(name)
    if field is None or field.read_only:
        return
    target = getattr(field, "child_relation", field)
    target.queryset = queryset


def as_stored(value: Any) -> Any:
    """A moment as the database gives it back (UTC), so that a value sent unchanged in the
    site's time zone is not taken for a change (and records no audit entry)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC)
    return value


# Created once per client id ----------------------------------------------------------------------


def client_id_of(data: Any) -> uuid.UUID | None:
    """The client id a body carries, when it is a well-formed UUID (the serializer reports a
    malformed one)."""
    value = data.get("client_id") if hasattr(data, "get") else None
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def resent_report[M: Model](model: type[M], data: Any, actor: Any) -> M | None:
    """The record a resend names (the same client id and desa), found before the body is judged
    again: a report queued offline is answered with its first record even when a rule has moved
    on since (docs/adr/0081). A client id of another desa's record, or of one out of the
    actor's reach, is left to the service, which refuses it."""
    found: M | None = existing_report(model, client_id_of(data), actor)
    if found is None or found.village_id != data.get("village"):  # type: ignore[attr-defined]
        return None
    return found
