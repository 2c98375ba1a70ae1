"""Issue 16 A7: the evidence and action-item lookups use an index (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN on PostgreSQL with sequential scans discouraged), and each follow-up flag is one
lookup, not an EXISTS repeated inside a CASE."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import QuerySet

from sitrantib.meetings.models import Meeting
from sitrantib.meetings.selectors import (
    action_items_visible_to,
    followed_up,
    ledger_items,
    stored_follow_up,
)
from sitrantib.meetings.selectors.meetings import _count_per_meeting
from sitrantib.meetings.tests.factories import finish, make_item, make_meeting

pytestmark = pytest.mark.django_db


def plan(queryset: QuerySet) -> list[str]:
    """The plan's lines of a queryset (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[-1] for row in cursor.fetchall()]


def lookups_of(lines: list[str], table: str) -> list[str]:
    return [line for line in lines if table in line]


def assert_indexed(lines: list[str], table: str) -> None:
    found = lookups_of(lines, table)
    assert found, lines
    for line in found:
        if connection.vendor == "postgresql":
            assert "Seq Scan" not in line, lines
        else:
            assert "USING" in line, lines
            assert "INDEX" in line, lines


@pytest.fixture
def rows(world):
    meeting = make_meeting(world)
    finish(world, make_item(world, meeting))
    make_item(world, meeting, due=dt.date(2026, 12, 1))
    return meeting


def test_ledger_flags_probe_the_evidence_index_once(world, rows):
    lines = plan(ledger_items(user=world.admin))

    assert_indexed(lines, "meetings_evidence")
    # One probe for `has_evidence`; `is_followed_up` reads it instead of a second EXISTS. A
    # PostgreSQL bitmap scan prints its index scan as a child line of the same probe.
    probes = [
        line for line in lines if "meetings_evidence" in line and "Bitmap Index Scan" not in line
    ]
    assert len(probes) == 1, lines


def test_followed_up_filter_probes_the_evidence_index(world, rows):
    assert_indexed(
        plan(followed_up(action_items_visible_to(user=world.admin))), "meetings_evidence"
    )


def test_meeting_counts_look_items_up_by_meeting_index(world, rows):
    items = action_items_visible_to(user=world.admin)
    counts = Meeting.objects.filter(pk__in=[rows.pk]).annotate(
        n_items=_count_per_meeting(items), n_done=_count_per_meeting(followed_up(items))
    )

    lines = plan(counts)

    assert_indexed(lines, "meetings_actionitem")
    assert_indexed(lines, "meetings_evidence")


def test_partner_items_use_an_index(world, rows):
    assert_indexed(plan(action_items_visible_to(user=world.partner)), "meetings_actionitem")


def test_stored_figures_read_by_index(world, rows, django_assert_num_queries):
    from sitrantib.core.scoping import scope_of
    from sitrantib.meetings.models import FollowUpFigure
    from sitrantib.meetings.selectors import figures_in_scope
    from sitrantib.meetings.selectors.indicator import _months

    figures = _months(
        figures_in_scope(scope=scope_of(world.admin)), dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )
    assert_indexed(plan(figures), "meetings_followupfigure")
    assert FollowUpFigure.objects.exists()
    with django_assert_num_queries(1):
        stored_follow_up(user=world.admin, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
