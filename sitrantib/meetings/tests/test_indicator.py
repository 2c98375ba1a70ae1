import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sitrantib.meetings import services
from sitrantib.meetings.models import ActionItem
from sitrantib.meetings.selectors import follow_up_indicator, format_percent_id
from sitrantib.meetings.tests.factories import finish, make_item, make_meeting

pytestmark = pytest.mark.django_db

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
# Held before every due date used below (a due date before the meeting is refused).
HELD = timezone.make_aware(dt.datetime(2025, 12, 1, 9, 0))


def _ids(items):
    return [i.pk for i in items]


def test_indicator_counts_items_due_on_both_period_boundaries(world):
    meeting = make_meeting(world, starts_at=HELD)
    first = make_item(world, meeting, due=dt.date(2026, 1, 1))
    last = make_item(world, meeting, due=dt.date(2026, 3, 31))
    make_item(world, meeting, due=dt.date(2025, 12, 31))
    make_item(world, meeting, due=dt.date(2026, 4, 1))

    result = follow_up_indicator(
        user=world.admin, start=Q1[0], end=Q1[1], today=dt.date(2026, 2, 1)
    )

    assert _ids(result.due) == [first.pk, last.pk]


def test_indicator_value_one_of_three_is_33_33_percent(world):
    meeting = make_meeting(world, starts_at=HELD)
    items = [make_item(world, meeting, due=dt.date(2026, 2, d)) for d in (10, 11, 12)]
    finish(world, items[0])

    result = follow_up_indicator(user=world.admin, start=Q1[0], end=Q1[1])

    assert (result.value, format_percent_id(result.value)) == (
        Decimal(100) / Decimal(3),
        "33,33 %",
    )
    assert _ids(result.followed_up) == [items[0].pk]


def test_indicator_without_items_due_is_none(world):
    result = follow_up_indicator(user=world.admin, start=Q1[0], end=Q1[1])

    assert (result.value, format_percent_id(result.value)) == (None, "\u2013")


def test_indicator_item_done_late_counts_in_its_due_period(world):
    meeting = make_meeting(world, starts_at=HELD)
    item = make_item(world, meeting, due=dt.date(2026, 3, 31))
    finish(world, item)  # completed today, long after 31 March
    make_item(world, meeting, due=dt.date(2026, 5, 5))

    q1 = follow_up_indicator(user=world.admin, start=Q1[0], end=Q1[1])
    q2 = follow_up_indicator(user=world.admin, start=dt.date(2026, 4, 1), end=dt.date(2026, 6, 30))

    assert (q1.value, q2.value) == (Decimal(100), Decimal(0))


def test_indicator_carried_over_item_listed_but_not_in_denominator(world):
    meeting = make_meeting(world, starts_at=HELD)
    old = make_item(world, meeting, due=dt.date(2025, 12, 20))
    done_old = finish(world, make_item(world, meeting, due=dt.date(2025, 12, 21)))
    current = make_item(world, meeting, due=dt.date(2026, 2, 1))

    result = follow_up_indicator(user=world.admin, start=Q1[0], end=Q1[1])

    assert (_ids(result.due), _ids(result.carried_over)) == ([current.pk], [old.pk])
    assert done_old.pk not in _ids(result.carried_over)


def test_indicator_cancelled_item_leaves_denominator(world):
    meeting = make_meeting(world, starts_at=HELD)
    cancelled = make_item(world, meeting, due=dt.date(2026, 2, 1))
    services.transition_action_item(
        item=cancelled, to_status="cancelled", note="Batal", actor=world.admin
    )
    done = finish(world, make_item(world, meeting, due=dt.date(2026, 2, 2)))

    result = follow_up_indicator(user=world.admin, start=Q1[0], end=Q1[1])

    assert (_ids(result.due), _ids(result.cancelled), result.value) == (
        [done.pk],
        [cancelled.pk],
        Decimal(100),
    )


def test_indicator_done_without_evidence_is_not_followed_up(world):
    item = make_item(world, make_meeting(world, starts_at=HELD), due=dt.date(2026, 2, 1))
    ActionItem.objects.filter(pk=item.pk).update(status="done")  # bypassing the service on purpose

    result = follow_up_indicator(user=world.admin, start=Q1[0], end=Q1[1])

    assert (len(result.due), result.followed_up, result.value) == (1, [], Decimal(0))


def test_indicator_for_partner_counts_only_its_institution(world):
    from sitrantib.meetings.tests.factories import koramil

    meeting = make_meeting(world, invited=[world.polsek], starts_at=HELD)
    own = make_item(world, meeting, due=dt.date(2026, 2, 1))
    make_item(world, meeting, due=dt.date(2026, 2, 1), owner=koramil(world))

    result = follow_up_indicator(user=world.partner, start=Q1[0], end=Q1[1])

    assert _ids(result.due) == [own.pk]


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("66.665"), "66,67 %"), (Decimal(100), "100,00 %"), (Decimal("0"), "0,00 %")],
)
def test_format_percent_id_two_decimals(value, text):
    assert format_percent_id(value) == text
