"""The audit trail: services call `record_change` inside their transaction."""

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.dataquality import forget_counts
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry, TimeStampedModel
from sitrantib.core.scoping import Scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    # Core does not import accounts at runtime; any user model (or None for the system) will do.
    Actor = AbstractBaseUser | AnonymousUser | None

HIDDEN_VALUE = gettext_noop("(disembunyikan)")

# Fields never copied into the audit trail: they are secrets, not facts about the record. A
# password field anywhere; by model, the API token's key and what a model lists itself in
# `audit_secret_fields`. (By model, not by bare name: a KAK section's `key` is a plain fact.)
_SECRET_FIELDS = frozenset({"password"})
_SECRET_FIELDS_BY_MODEL = {"authtoken.token": frozenset({"key"})}


def _secret_fields(instance: models.Model) -> frozenset[str]:
    own = frozenset(getattr(instance, "audit_secret_fields", ()))
    by_model = _SECRET_FIELDS_BY_MODEL.get(instance._meta.label_lower, frozenset())
    return _SECRET_FIELDS | own | by_model


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # One moment, one text: 17:00+07:00 and 10:00+00:00 are the same and compare equal.
        return value.astimezone(dt.UTC).isoformat()
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
    secrets = _secret_fields(instance)
    for field in instance._meta.concrete_fields:
        if field.name in secrets:
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


# Audited events that change no data (a download, a locked login).
_READ_ONLY_ACTIONS = frozenset({AuditAction.EXPORT.value, AuditAction.LOGIN_LOCKED.value})


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
    if str(action) not in _READ_ONLY_ACTIONS:
        # A change may fix or cause a data-quality finding: the home's stored count goes.
        transaction.on_commit(forget_counts)
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


def save_new[M: models.Model](
    instance: M, *, actor: Any, action: AuditAction | str = AuditAction.CREATE, note: str = ""
) -> M:
    """Validate and insert a new record and write its audit entry (call inside a transaction).

    A record with creator fields (TimeStampedModel) gets the actor as creator and last editor.
    `action` tells how it came in (CREATE by a form or the API, IMPORT from a spreadsheet).
    """
    if getattr(actor, "pk", None) is not None and isinstance(instance, TimeStampedModel):
        instance.created_by = instance.created_by or actor
        instance.updated_by = instance.updated_by or actor
    instance.full_clean()
    instance.save()
    record_change(
        actor=actor, action=action, instance=instance, after=snapshot(instance), note=note
    )
    return instance


def _has_version(instance: models.Model) -> bool:
    return any(field.name == "version" for field in instance._meta.concrete_fields)


def _assign(instance: models.Model, name: str, value: Any) -> None:
    """Set a field by name; a many-to-many field is refused (it is not a column of the row)."""
    field = instance._meta.get_field(name)
    if field.many_to_many or not field.concrete:
        raise ValueError(f"save_changes cannot set {name!r}: not a column of {type(instance)}")
    setattr(instance, name, value)


@transaction.atomic
def save_changes(
    instance: models.Model,
    changes: Mapping[str, Any],
    *,
    actor: "Actor",
    expected_version: int | None = None,
    action: AuditAction | str = AuditAction.UPDATE,
    note: str = "",
    lock: bool = True,
) -> bool:
    """Change fields of an existing record, validate, save and audit it; True if it changed.

    With `lock` the row is locked (`select_for_update`) and re-read first, so `changes` apply to the
    current values, not to what the caller's copy held. `expected_version` (the version the user
    opened) that no longer matches raises `StaleVersion` naming who changed what. A change
    that leaves every value as it was saves nothing, writes no audit entry and keeps the version.
    Otherwise the actor becomes the last editor (TimeStampedModel), the version goes up by one,
    `full_clean()` runs (a `ValidationError` leaves the row untouched) and one audit entry
    records before and after.
    The saved values are copied back onto `instance`. Many-to-many fields are not handled here.
    """
    model = type(instance)
    if instance.pk is None:
        raise ValueError("save_changes needs a saved record; use save_new for a new one")
    versioned = _has_version(instance)
    row = model._base_manager.select_for_update().get(pk=instance.pk) if lock else instance
    current: int = getattr(row, "version", 0) if versioned else 0
    if versioned and expected_version is not None and current != expected_version:
        raise StaleVersion.for_instance(row, expected_version=expected_version, yours=changes)
    before = snapshot(row)
    for name, value in changes.items():
        _assign(row, name, value)
    if snapshot(row) == before:
        copy_back(row, instance, changes)
        return False
    if getattr(actor, "pk", None) is not None and isinstance(row, TimeStampedModel):
        row.updated_by = actor  # type: ignore[assignment]
    if versioned:
        row.version = current + 1  # type: ignore[attr-defined]
    try:
        row.full_clean()
    except Exception:
        if versioned:
            row.version = current  # type: ignore[attr-defined]
        raise
    if versioned and not lock:
        # Without the row lock the version is claimed with a guarded UPDATE: of two savers that
        # read the same version, only one moves it on.
        claimed = model._base_manager.filter(pk=row.pk, version=current).update(
            version=F("version") + 1
        )
        if not claimed:
            fresh = model._base_manager.get(pk=row.pk)
            raise StaleVersion.for_instance(fresh, expected_version=current, yours=changes)
    row.save()
    record_change(
        actor=actor, action=action, instance=row, before=before, after=snapshot(row), note=note
    )
    copy_back(row, instance, changes)
    return True


def copy_back(
    row: models.Model, instance: models.Model, changes: Mapping[str, Any] | None = None
) -> None:
    """Give the caller's copy the values now in the database (and the related objects it set)."""
    if row is instance:
        return
    for field in instance._meta.concrete_fields:
        setattr(instance, field.attname, getattr(row, field.attname))
    for name, value in (changes or {}).items():
        if instance._meta.get_field(name).is_relation:
            setattr(instance, name, value)


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


# Stored in place of a personal value erased on request (UU 27/2022, docs/adr/0016). An old and a
# new value that differed get different marks, so the entry still shows that the field changed.
REDACTED_VALUE = gettext_noop("(dihapus)")
REDACTED_OLD_VALUE = gettext_noop("(nilai lama dihapus)")
REDACTED_NEW_VALUE = gettext_noop("(nilai baru dihapus)")


def _redacted(
    values: dict[str, Any] | None, fields: frozenset[str], differing: frozenset[str], mark: str
) -> Any:
    if not values:
        return values
    return {
        k: (
            (mark if k in differing else REDACTED_VALUE)
            if k in fields and v not in (None, "")
            else v
        )
        for k, v in values.items()
    }


def redact_entries(
    entries: "models.QuerySet[AuditEntry]",
    *,
    fields: frozenset[str] = frozenset(),
    replace: Mapping[str, str] | None = None,
) -> int:
    """Erase personal values from existing audit entries, keeping who, when, which record and
    which fields (docs/adr/0016). Returns the number of entries changed.

    In `before`/`after`, a value of `fields` that is not empty becomes REDACTED_VALUE (old and new
    values that differed become REDACTED_OLD_VALUE / REDACTED_NEW_VALUE). Each text of `replace`
    (a person's former name) is replaced in the entry's `object_repr` and `note`. The only change
    ever made to an entry: one UPDATE per batch, not through `AuditEntry.save`, which refuses.
    """
    replace = {old: new for old, new in (replace or {}).items() if old}
    changed: list[AuditEntry] = []
    for entry in entries.only("pk", "before", "after", "object_repr", "note").iterator():
        before, after = entry.before or {}, entry.after or {}
        differing = frozenset(
            k for k in fields if k in before and k in after and before[k] != after[k]
        )
        new_before = _redacted(entry.before, fields, differing, REDACTED_OLD_VALUE)
        new_after = _redacted(entry.after, fields, differing, REDACTED_NEW_VALUE)
        repr_, note = entry.object_repr, entry.note
        for old, new in replace.items():
            repr_, note = repr_.replace(old, new), note.replace(old, new)
        if (new_before, new_after, repr_, note) != (
            entry.before,
            entry.after,
            entry.object_repr,
            entry.note,
        ):
            entry.before, entry.after = new_before, new_after
            entry.object_repr, entry.note = repr_[:255], note
            changed.append(entry)
    AuditEntry.objects.bulk_update(
        changed, ["before", "after", "object_repr", "note"], batch_size=500
    )
    return len(changed)
