"""Migrations 0011-0012 give every existing action item its meeting's kecamatan (docs/adr/0083),
on SQLite and PostgreSQL alike."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# A transactional test: the migrations run outside the test's transaction. The database is
# emptied afterwards, as after every transactional test (pytest-django runs them last); restoring
# a serialised copy instead clashes with rows a test before it left (content types).
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("meetings", "0010_chair_signatory_and_evidence_thumbnail")]
AFTER = [("meetings", "0012_action_items_without_meeting")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_items_get_their_meetings_kecamatan(world):
    old = _migrate(BEFORE)
    try:
        Meeting = old.get_model("meetings", "Meeting")
        MeetingKind = old.get_model("meetings", "MeetingKind")
        ActionItem = old.get_model("meetings", "ActionItem")
        kind, _ = MeetingKind.objects.get_or_create(
            code="rapat_koordinasi", defaults={"name": "Rapat koordinasi", "order": 1}
        )
        made = {}
        for district in (world.district, world.other_district):
            meeting = Meeting.objects.create(
                district_id=district.pk,
                kind=kind,
                title=f"Rapat {district.pk}",
                starts_at=timezone.make_aware(dt.datetime(2026, 2, 10, 9)),
                venue="Pendopo",
                chair="Camat",
            )
            item = ActionItem.objects.create(
                meeting=meeting,
                description="Patroli",
                owner_institution_id=world.polsek.pk,
                due_date=dt.date(2026, 3, 1),
            )
            made[item.pk] = district.pk
    finally:
        new = _migrate(AFTER)

    rows = dict(
        new.get_model("meetings", "ActionItem")
        .objects.filter(pk__in=made)
        .values_list("pk", "district_id")
    )
    assert rows == made
