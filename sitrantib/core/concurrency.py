"""No lost update: a record carries a `version`; a save made against an older one is refused.

`save_changes(..., expected_version=n)` (core/audit.py) raises `StaleVersion` when the row moved on
since the user opened it. The exception says who changed which field to what, read from the audit
entries written after version n, so the user can compare and save again. Web forms carry the version
in a hidden field (`VersionedFormMixin`) and show the refusal with `form_stale`; the API answers 412
(core/api.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from sitrantib.core.formatting import format_datetime_id
from sitrantib.core.models import AuditEntry

MESSAGE_STALE = gettext_noop(
    "Data ini sudah diubah oleh %(who)s pada %(when)s sejak Anda membukanya: %(fields)s. "
    "Periksa nilai terbaru lalu simpan lagi."
)
MESSAGE_STALE_FIELD = gettext_noop("%(label)s menjadi “%(value)s”")
# A personal field (NIK, phone, address) is named as changed without repeating its value.
MESSAGE_STALE_FIELD_HIDDEN = gettext_noop("%(label)s diubah")
MESSAGE_UNKNOWN_PERSON = gettext_noop("pengguna lain")
MESSAGE_UNKNOWN_TIME = gettext_noop("waktu yang tidak tercatat")
MESSAGE_UNKNOWN_FIELDS = gettext_noop("isian yang tidak tercatat")
EMPTY_VALUE = gettext_noop("(kosong)")
HIDDEN_VALUE = gettext_noop("(disembunyikan)")
YES_VALUE = gettext_noop("ya")
NO_VALUE = gettext_noop("tidak")
FIELD_SEPARATOR = "; "

# Bookkeeping columns every save touches; they are not what the other person changed.
_BOOKKEEPING = frozenset({"version", "updated_at", "updated_by_id", "created_at", "created_by_id"})

# The largest version a form or an If-Match header may carry (PositiveIntegerField on every DB).
MAX_VERSION = 2_147_483_647


@dataclass(frozen=True)
class FieldChange:
    """One field the other person changed: its label, their value, and yours if you changed it."""

    field: str
    label: str
    theirs: Any
    by: str
    at: dt.datetime | None
    yours: Any = None
    hidden: bool = False


class StaleVersion(Exception):
    """The record was changed by someone else after the caller read version `expected_version`."""

    def __init__(
        self,
        *,
        current_version: int,
        expected_version: int,
        changes: list[FieldChange],
        object_repr: str = "",
    ) -> None:
        self.current_version = current_version
        self.expected_version = expected_version
        self.changes = changes
        self.object_repr = object_repr
        super().__init__(self.message)

    @classmethod
    def for_instance(
        cls,
        instance: models.Model,
        *,
        expected_version: int,
        current_version: int | None = None,
        yours: Mapping[str, Any] | None = None,
    ) -> StaleVersion:
        """Build the refusal for `instance` (as it is now in the database)."""
        current = current_version if current_version is not None else instance.version  # type: ignore[attr-defined]
        return cls(
            current_version=current,
            expected_version=expected_version,
            changes=changes_since(instance, expected_version=expected_version, yours=yours),
            object_repr=str(instance),
        )

    @property
    def message(self) -> str:
        """The refusal in the active language: who, when, and each changed field's new value."""
        people = list(dict.fromkeys(change.by for change in self.changes if change.by))
        times = [change.at for change in self.changes if change.at is not None]
        fields = FIELD_SEPARATOR.join(
            _(MESSAGE_STALE_FIELD_HIDDEN) % {"label": change.label}
            if change.hidden
            else _(MESSAGE_STALE_FIELD) % {"label": change.label, "value": change.theirs}
            for change in self.changes
        )
        return _(MESSAGE_STALE) % {
            "who": ", ".join(people) or _(MESSAGE_UNKNOWN_PERSON),
            "when": format_datetime_id(max(times)) if times else _(MESSAGE_UNKNOWN_TIME),
            "fields": fields or _(MESSAGE_UNKNOWN_FIELDS),
        }

    def __str__(self) -> str:
        return self.message


def _field_for(model: type[models.Model], attname: str) -> models.Field[Any, Any] | None:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    try:
        found = model._meta.get_field(attname)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _display(field: models.Field[Any, Any] | None, value: Any) -> str:
    """A stored (audit) value as the user reads it: choice labels, the related record's name."""
    if value in (None, ""):
        return _(EMPTY_VALUE)
    if field is None:
        return str(value)
    if field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if field.is_relation and field.related_model is not None:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return _(YES_VALUE) if value else _(NO_VALUE)
    return str(value)


def changes_since(
    instance: models.Model, *, expected_version: int, yours: Mapping[str, Any] | None = None
) -> list[FieldChange]:
    """What others changed on `instance` after `expected_version`, newest value per field.

    Read from the audit entries of the record whose `after["version"]` is newer than the version
    the caller opened; bookkeeping columns (version, timestamps, editor) are left out.
    """
    model = type(instance)
    # Personal data (NIK, phone, address) is named as changed but its value is not repeated: the
    # message reaches roles that see those fields masked, and the 412 body reaches API clients.
    personal = frozenset(getattr(model, "audit_personal_fields", ()))
    entries = AuditEntry.objects.filter(
        object_type=model._meta.label_lower, object_id=str(instance.pk)
    ).order_by("at", "id")
    latest: dict[str, FieldChange] = {}
    for entry in entries:
        after = entry.after or {}
        version = after.get("version")
        if not isinstance(version, int) or version <= expected_version:
            continue
        before = entry.before or {}
        for attname in after:
            if attname in _BOOKKEEPING or before.get(attname) == after.get(attname):
                continue
            field = _field_for(model, attname)
            name = field.name if field is not None else attname
            latest.pop(attname, None)  # keep the order of the last change
            hidden = name in personal or attname in personal
            latest[attname] = FieldChange(
                field=name,
                label=str(field.verbose_name) if field is not None else attname,
                theirs=_(HIDDEN_VALUE) if hidden else _display(field, after.get(attname)),
                by=entry.actor_name,
                at=entry.at,
                yours=(yours or {}).get(name),
                hidden=hidden,
            )
    return list(latest.values())


class VersionedFormMixin(forms.Form):
    """A hidden `version` field holding the version of the record the form was opened with.

    Use it first in the bases: `class MemberForm(VersionedFormMixin, forms.ModelForm)`. Filled from
    `self.instance` (model forms) or from `initial["version"]`. The view passes
    `expected_version=form.expected_version` to the service and calls `form_stale(form, exc)` on
    `StaleVersion`. A post without the field (an old page) is not checked.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        max_value=MAX_VERSION,
        label=gettext_lazy("versi"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if (
            "version" not in self.initial
            and instance is not None
            and instance.pk is not None
            and hasattr(instance, "version")
        ):
            self.initial["version"] = instance.version

    @property
    def expected_version(self) -> int | None:
        """The version the user opened (None when the form did not carry one)."""
        value = self.cleaned_data.get("version")
        return value if isinstance(value, int) else None


def form_stale(form: forms.BaseForm, exc: StaleVersion) -> None:
    """Show a stale-save refusal on a bound form, keeping what the user typed.

    The message (who changed which field to what) goes to the non-field errors. The hidden version
    moves to the current one, so saving again after checking the values is a deliberate overwrite.
    """
    form.add_error(None, exc.message)
    if form.is_bound:
        data: dict[str, Any] | QueryDict = (
            form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
        )
        data[form.add_prefix("version")] = str(exc.current_version)
        form.data = data
