"""The audit log's filterset."""

import datetime as dt

import pytest
from django.utils import timezone

from sitrantib.core.audit import record_change
from sitrantib.core.filters_audit import AuditFilter
from sitrantib.core.models import AuditEntry


def _entry(**kwargs) -> AuditEntry:
    return record_change(
        actor=kwargs.pop("actor", None),
        action=kwargs.pop("action", "update"),
        object_type=kwargs.pop("object_type", "regions.village"),
        object_id="1",
        object_repr="Darungan",
        district_code="35.08.07",
    )


def test_audit_filter_by_action_type_and_actor(world):
    _entry(action="create", actor=world.camat)
    _entry(object_type="linmas.member", actor=world.camat)
    wanted = _entry(actor=world.camat)

    found = AuditFilter(
        {"action": "update", "object_type": "VILLAGE", "actor": "CAMAT"},
        queryset=AuditEntry.objects.all(),
    ).qs

    assert [e.pk for e in found] == [wanted.pk]


def test_audit_filter_by_day_range_includes_both_days(world):
    entry = _entry()
    # The filter reads days in Jakarta time, as users do (UTC is a day behind from 17:00 UTC).
    today = timezone.localtime(entry.at).date()

    def found(data):
        return [e.pk for e in AuditFilter(data, queryset=AuditEntry.objects.all()).qs]

    assert found({"date_from": str(today), "date_to": str(today)}) == [entry.pk]
    assert found({"date_from": str(today + dt.timedelta(days=2))}) == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date_to": "9999-12-31"}, "date_to"),
        ({"date_from": "kemarin"}, "date_from"),
        ({"action": "x"}, "action"),
        ({"actor": "a" * 151}, "actor"),
    ],
)
def test_audit_filter_refuses_impossible_values(world, data, field):
    filterset = AuditFilter(data, queryset=AuditEntry.objects.all())

    assert not filterset.is_valid()
    assert list(filterset.errors) == [field]
