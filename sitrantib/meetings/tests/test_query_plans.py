"""Issue 16 A7: the evidence and action-item lookups use an index (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN on PostgreSQL with sequential scans discouraged), and each follow-up flag is one
lookup, not an EXISTS repeated inside a CASE."""

import datetime as dt

import pytest

from sitrantib.meetings.models import Meeting
from sitrantib.meetings.selectors import (
    action_items_visible_to,
    followed_up,
    ledger_items,
    stored_follow_up,
)
from sitrantib.meetings.selectors.meetings import _count_per_meeting
from sitrantib.meetings.tests.factories import finish, make_item, make_meeting
from sitrantib.testing.plans import assert_indexed, plan

pytestmark = pytest.mark.django_db


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


# The home page's numbers for a national user (issue 16: the home page counted every action
# item of the country and cast every meeting's start to a date before comparing).


def test_home_pending_items_of_a_national_user_are_read_by_index(world, rows):
    from sitrantib.core.scoping import scope_of
    from sitrantib.meetings.homepanels import pending_items

    assert_indexed(plan(pending_items(scope_of(world.national))), "meetings_actionitem")


def test_home_meetings_of_the_week_are_read_by_the_start_index(world, rows):
    from sitrantib.core.scoping import scope_of
    from sitrantib.meetings.homepanels import meetings_of_week

    lines = plan(meetings_of_week(scope_of(world.national), dt.date(2026, 2, 11)))

    assert_indexed(lines, "meetings_meeting")


def test_national_stored_figures_of_a_year_are_read_by_index(world, rows):
    from sitrantib.core.scoping import scope_of
    from sitrantib.meetings.selectors import figures_in_scope
    from sitrantib.meetings.selectors.indicator import _months

    figures = _months(
        figures_in_scope(scope=scope_of(world.national)), dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )

    assert_indexed(plan(figures), "meetings_followupfigure")


def test_home_week_counts_meetings_from_monday_midnight_to_the_next_local_time(world):
    from django.utils import timezone

    from sitrantib.core.scoping import scope_of
    from sitrantib.meetings.homepanels import meetings_of_week

    def at(day: int, hour: int, minute: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime(2026, 2, day, hour, minute))

    # Monday 9 February 2026 to Sunday 15 February, Western Indonesian Time.
    make_meeting(world, title="Minggu sebelumnya", starts_at=at(8, 23, 59))
    make_meeting(world, title="Senin pagi", starts_at=at(9, 0, 0))
    make_meeting(world, title="Minggu malam", starts_at=at(15, 23, 59))
    make_meeting(world, title="Senin berikutnya", starts_at=at(16, 0, 0))

    titles = set(
        meetings_of_week(scope_of(world.admin), dt.date(2026, 2, 11)).values_list(
            "title", flat=True
        )
    )

    assert titles == {"Senin pagi", "Minggu malam"}
