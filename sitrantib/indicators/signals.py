"""Mark indicator values stale when a record they count changes (docs/adr/0091).

Each source model names how to find its kecamatan and its date. A new or deleted record marks the
kecamatan's values of the periods that end on or after its date stale — the periods holding it
and every later one (an unresolved rawan visit or a late incident weighs on later periods too),
never an earlier month or quarter, whose values no calculator takes from a later record. An
edited record does the same from the earlier of its old and new date, in its old and its new
kecamatan (the old ones are read in one query before the save); a record without a date (a
kecamatan's rule, a document type) marks every period. Each is one UPDATE of the value rows
that are not stale yet, never work per value; the values are computed again when next read
(selectors.values_for) or by `manage.py compute_indicators`.

Survey answers are not signalled one by one (a public submission stays as cheap as it was): the
IKM calculator names the moment of the latest answer per kecamatan (`Calculator.last_change`),
read once per read of the values. Changes written in bulk without model signals (attendance
marks and the completion they recompute, scores) are caught by their audit entries: every change
is audited (core.audit), and the entry names the kecamatan.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from sitrantib.core.models import AuditEntry
from sitrantib.indicators.models import IndicatorValue


def mark_stale(
    district_code: str | None,
    from_year: int | None = None,
    *,
    from_date: dt.date | None = None,
) -> int:
    """One UPDATE: the kecamatan's fresh values (of the periods ending on or after `from_date`,
    of `from_year` and later, or of every period) become stale. Without a kecamatan (a template
    shared by all) every fresh value does."""
    values = IndicatorValue.objects.filter(stale=False)
    if district_code:
        values = values.filter(definition__district_id=district_code)
    if from_date is not None:
        values = values.filter(end__gte=from_date)
    elif from_year is not None:
        values = values.filter(definition__year__gte=from_year)
    return values.update(stale=True)


def _date(moment: dt.date | dt.datetime | None) -> dt.date | None:
    """The site's calendar day of a date or moment (the day the periods are cut by)."""
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def _via(path: str) -> Callable[[Any], Any]:
    """Follow attributes ("item.district_id"); None when a parent is already gone."""

    def read(instance: Any) -> Any:
        value = instance
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except ObjectDoesNotExist:
            return None
        return value

    return read


# Model label -> (the path of its kecamatan code, the path of the date that places it in its
# periods, or None: every period).
SOURCE_PATHS: dict[str, tuple[str, str | None]] = {
    "fieldwork.Visit": ("district_id", "visited_at"),
    "fieldwork.Incident": ("district_id", "occurred_at"),
    "fieldwork.SituationRule": ("district_id", None),
    "trainings.Training": ("district_id", "ends_on"),
    "trainings.Enrolment": ("training.district_id", "training.ends_on"),
    "meetings.Meeting": ("district_id", "starts_at"),
    "meetings.ActionItem": ("district_id", "due_date"),
    "meetings.Evidence": ("item.district_id", "item.due_date"),
    "surveys.SurveyPeriod": ("district_id", "period_end"),
    "villagedocs.Obligation": ("district_id", "due_date"),
    "villagedocs.Submission": ("obligation.district_id", "obligation.due_date"),
    "villagedocs.DocumentType": ("district_id", None),
}
SOURCES: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    label: (_via(district), _via(date) if date else (lambda _i: None))
    for label, (district, date) in SOURCE_PATHS.items()
}


def _lookup(path: str) -> str:
    """An attribute path ("item.district_id") as a query lookup ("item__district")."""
    parts = path.split(".")
    if parts[-1].endswith("_id"):
        parts[-1] = parts[-1][: -len("_id")]
    return "__".join(parts)


def _before_edit(label: str, sender: Any, instance: Any) -> tuple[Any, Any] | None:
    """The stored kecamatan and date of a record about to be saved over (one query), or None
    for a new record."""
    if instance.pk is None or instance._state.adding:
        return None
    district, date = SOURCE_PATHS[label]
    fields = [_lookup(district)] + ([_lookup(date)] if date else [])
    row = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
    if row is None:
        return None
    return row[0], (row[1] if date else None)


# Audit entries of changes saved in bulk (no model signal): object type -> marks its kecamatan.
AUDITED_BULK = frozenset({"trainings.attendancemark", "trainings.enrolment"})


def _connect(label: str) -> None:
    district_of, date_of = SOURCES[label]
    dated = SOURCE_PATHS[label][1] is not None

    def before_save(sender: Any, instance: Any, raw: bool = False, **kw: Any) -> None:
        instance._indicators_before = (
            None if raw or not dated else _before_edit(label, sender, instance)
        )

    def on_save(
        sender: Any, instance: Any, created: bool = False, raw: bool = False, **kw: Any
    ) -> None:
        if raw:
            return
        district, day = district_of(instance), _date(date_of(instance))
        before = None if created else getattr(instance, "_indicators_before", None)
        if not created and before is None:
            mark_stale(district)  # no date to go by: every period
            return
        if before is not None:
            old_district, old_day = before[0], _date(before[1])
            if old_district != district:
                mark_stale(old_district, from_date=old_day)
            elif old_day is None or day is None:
                day = None
            else:
                day = min(day, old_day)
        mark_stale(district, from_date=day)

    def on_delete(sender: Any, instance: Any, **kw: Any) -> None:
        district = district_of(instance)
        if district is None and label not in ("villagedocs.DocumentType",):
            return  # the parent is being deleted: its own signal marks the values
        mark_stale(district, from_date=_date(date_of(instance)))

    pre_save.connect(
        before_save, sender=label, weak=False, dispatch_uid=f"indicators-before-{label}"
    )
    post_save.connect(on_save, sender=label, weak=False, dispatch_uid=f"indicators-save-{label}")
    post_delete.connect(
        on_delete, sender=label, weak=False, dispatch_uid=f"indicators-delete-{label}"
    )


def _transaction_marks() -> set[str] | None:
    """The kecamatan already marked through audit entries in the current transaction, or None
    outside one. A bulk change (180 attendance marks, 180 audit entries) then costs one UPDATE,
    not 180. The set lives as long as a no-op callback waits in the connection's on-commit list:
    Django drops it on commit and on rollback, so a new transaction starts with a new set."""
    if not connection.in_atomic_block:
        return None
    state = getattr(connection, "_indicator_marks", None)
    if state is not None and any(entry[1] is state[0] for entry in connection.run_on_commit):
        return state[1]

    def sentinel() -> None:
        return None

    connection.on_commit(sentinel)
    marks: set[str] = set()
    connection._indicator_marks = (sentinel, marks)  # type: ignore[attr-defined]
    return marks


def forget_marks() -> None:
    """Values were computed afresh: a later audit entry in this transaction marks them again."""
    connection._indicator_marks = None  # type: ignore[attr-defined]


def _on_audit(sender: Any, instance: AuditEntry, created: bool = False, **kw: Any) -> None:
    if not (created and instance.object_type in AUDITED_BULK and instance.district_code):
        return
    marks = _transaction_marks()
    if marks is not None and instance.district_code in marks:
        return
    mark_stale(instance.district_code)
    if marks is not None:
        marks.add(instance.district_code)


for _label in SOURCES:
    _connect(_label)
post_save.connect(_on_audit, sender=AuditEntry, weak=False, dispatch_uid="indicators-audit")
