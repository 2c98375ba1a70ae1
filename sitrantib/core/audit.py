"""The audit trail: services call `record_change` inside their transaction."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry, TimeStampedModel
from sitrantib.core.scoping import Scope

HIDDEN_VALUE = gettext_noop("(disembunyikan)")

# Fields never copied into the audit trail: they are secrets, not facts about the record.
_SECRET_FIELDS = frozenset({"password", "key"})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a record as JSON-safe data (foreign keys as their key)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in _SECRET_FIELDS:
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


def record_change(
    *,
    actor: Any,
    action: AuditAction | str,
    instance: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    district_code: str = "",
    note: str = "",
) -> AuditEntry:
    """Append one audit entry. Call it inside the service's transaction, after the write.

    `district_code` falls back to the record's own `audit_district_code` so entries can be shown
    only to users of that kecamatan.
    """
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)
        if not district_code:
            district_code = getattr(instance, "audit_district_code", "") or ""
    actor_obj = actor if getattr(actor, "pk", None) is not None else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_name=(actor_obj.get_username() if actor_obj else "sistem"),
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        district_code=district_code,
        before=before,
        after=after,
        note=note,
    )


def save_new[M: models.Model](instance: M, *, actor: Any) -> M:
    """Validate and insert a new record and write its audit entry (call inside a transaction).

    A record with creator fields (TimeStampedModel) gets the actor as creator and last editor.
    """
    if getattr(actor, "pk", None) is not None and isinstance(instance, TimeStampedModel):
        instance.created_by = instance.created_by or actor
        instance.updated_by = instance.updated_by or actor
    instance.full_clean()
    instance.save()
    record_change(
        actor=actor, action=AuditAction.CREATE, instance=instance, after=snapshot(instance)
    )
    return instance


def personal_fields_of(object_type: str) -> frozenset[str]:
    """Fields a model marks as personal data (`audit_personal_fields`), by its audit label."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return frozenset()
    return frozenset(getattr(model, "audit_personal_fields", ()))


def visible_changes(entry: AuditEntry, *, scope: Scope) -> list[tuple[str, Any, Any]]:
    """The changed fields of an entry, with personal data hidden from non-administrators.

    The audit log keeps the full values (administrators must be able to trace a change); a
    Camat reading the log sees that a NIK or phone changed, not what it is.
    """
    hidden = frozenset() if scope.is_admin else personal_fields_of(entry.object_type)

    def shown(name: str, value: Any) -> Any:
        return _(HIDDEN_VALUE) if name in hidden and value not in (None, "") else value

    return [(name, shown(name, old), shown(name, new)) for name, old, new in entry.changed_fields]
