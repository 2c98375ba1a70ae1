"""Writes of the default questionnaires: the template's elements and a kecamatan's own set.

The element set is edited as a whole, so its version is the versions of its elements by code
(`element_set_version`): the page carries the set it was opened with, and a save against a set
someone else changed meanwhile is refused with what they changed (`StaleElementSet`).
"""

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, save_changes, save_new, snapshot
from sitrantib.core.concurrency import FieldChange, StaleVersion, changes_since
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.regions.models import District
from sitrantib.surveys.defaults import element_rows
from sitrantib.surveys.models import Element

MESSAGE_SET_EMPTY = gettext_noop("Daftar unsur survei harus berisi paling sedikit satu unsur.")
MESSAGE_WEIGHT_POSITIVE = gettext_noop(
    "Bobot relatif setiap unsur harus bilangan bulat 1 atau lebih."
)
MESSAGE_CODE_DUPLICATE = gettext_noop("Kode unsur dipakai lebih dari sekali: %(codes)s.")
MESSAGE_ELEMENT_LABEL = gettext_noop("unsur %(code)s")
MESSAGE_ELEMENT_FIELD = gettext_noop("%(code)s %(label)s")
MESSAGE_ELEMENT_ADDED = gettext_noop("ditambahkan: %(name)s")
MESSAGE_ELEMENT_REMOVED = gettext_noop("dihapus")

ELEMENT_FIELDS = (
    "code",
    "name",
    "question",
    "weight",
    "label_1",
    "label_2",
    "label_3",
    "label_4",
)

# The set a page was opened with: element code -> version.
SetVersion = Mapping[str, int]


class StaleElementSet(StaleVersion):
    """The kecamatan's element set changed since the page was opened; `current` is the set now."""

    def __init__(self, *, current: dict[str, int], changes: list[FieldChange]) -> None:
        self.current = current
        super().__init__(
            current_version=sum(current.values()),
            expected_version=0,
            changes=changes,
        )


def ensure_default_elements() -> int:
    """Create the template's missing regulation elements (idempotent); returns how many.

    Seeding reference data, not a user's change: no audit entry.
    """
    created = 0
    for row in element_rows():
        _obj, made = Element.objects.get_or_create(district=None, code=row["code"], defaults=row)
        created += int(made)
    return created


def element_set_version(elements: Sequence[Element]) -> dict[str, int]:
    """The version of a kecamatan's own set: its elements' versions by code."""
    return {e.code: e.version for e in elements if e.pk is not None and e.district_id}


def _set_changes(
    *, district: District, current: Mapping[str, Element], expected: SetVersion
) -> list[FieldChange]:
    """What others changed in the set since `expected`: edited, added and removed elements."""
    found: list[FieldChange] = []
    entries = AuditEntry.objects.filter(
        object_type=Element._meta.label_lower, district_code=district.code
    ).order_by("-at", "-id")
    for code, element in current.items():
        if code in expected:
            for change in changes_since(element, expected_version=expected[code]):
                label = _(MESSAGE_ELEMENT_FIELD) % {"code": code, "label": change.label}
                found.append(dataclasses.replace(change, label=label))
            continue
        created = entries.filter(object_id=str(element.pk)).first()
        found.append(
            FieldChange(
                field="code",
                label=_(MESSAGE_ELEMENT_LABEL) % {"code": code},
                theirs=_(MESSAGE_ELEMENT_ADDED) % {"name": element.name},
                by=created.actor_name if created else "",
                at=created.at if created else None,
            )
        )
    for code in sorted(set(expected) - set(current)):
        removed = next(
            (
                e
                for e in entries.filter(action=AuditAction.DELETE)[:200]
                if (e.before or {}).get("code") == code
            ),
            None,
        )
        found.append(
            FieldChange(
                field="code",
                label=_(MESSAGE_ELEMENT_LABEL) % {"code": code},
                theirs=_(MESSAGE_ELEMENT_REMOVED),
                by=removed.actor_name if removed else "",
                at=removed.at if removed else None,
            )
        )
    return found


def _check_rows(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    if not rows:
        raise ValidationError(_(MESSAGE_SET_EMPTY))
    codes = [str(row.get("code") or "").strip().upper() for row in rows]
    duplicates = sorted({c for c in codes if c and codes.count(c) > 1})
    if duplicates:
        raise ValidationError(
            _(MESSAGE_CODE_DUPLICATE) % {"codes": ", ".join(duplicates)}, code="duplicate"
        )
    for row in rows:
        weight = row.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
            raise ValidationError(_(MESSAGE_WEIGHT_POSITIVE), code="weight")
    return codes


@transaction.atomic
def save_element_set(
    *,
    district: District,
    rows: Sequence[Mapping[str, Any]],
    actor: User,
    expected: SetVersion | None = None,
) -> list[Element]:
    """Make `rows` (in order) the default questionnaire of a kecamatan for its new periods.

    Matched by code: a known code is updated (`save_changes`), a new one created (`save_new`), a
    missing one deleted; each change is audited. Refuses (ValidationError) an empty set, a
    duplicate code, a weight that is not a whole number >= 1 and invalid fields; refuses
    (StaleElementSet) a set that differs from `expected`, the set the page was opened with.
    Periods already created keep their own copy (PeriodElement) and are not touched.
    """
    codes = _check_rows(rows)
    current = {
        e.code: e
        for e in Element.objects.select_for_update().filter(district=district).order_by("pk")
    }
    if expected is not None and dict(expected) != element_set_version(list(current.values())):
        raise StaleElementSet(
            current=element_set_version(list(current.values())),
            changes=_set_changes(district=district, current=current, expected=expected),
        )
    kept: list[Element] = []
    for position, (code, row) in enumerate(zip(codes, rows, strict=True), start=1):
        values: dict[str, Any] = {
            name: (code if name == "code" else row.get(name)) for name in ELEMENT_FIELDS
        }
        values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
        values.update(order=position, is_active=True)
        element = current.pop(code, None)
        if element is None:
            kept.append(save_new(Element(district=district, **values), actor=actor))
        else:
            save_changes(element, values, actor=actor, lock=False)
            kept.append(element)
    for element in current.values():
        # A deletion is not an update of the row: it is recorded as such before the row goes.
        record_change(
            actor=actor,
            action=AuditAction.DELETE,
            instance=element,
            before=snapshot(element),
            district_code=district.code,
        )
        element.delete()
    return kept
