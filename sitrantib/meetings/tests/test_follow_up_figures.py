"""Issue 16 A3: the stored follow-up figures always equal a fresh computation by the
indicator's calculator, after every kind of change and after the command."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from sitrantib.meetings import services
from sitrantib.meetings.models import ActionItem, FollowUpFigure
from sitrantib.meetings.selectors import (
    follow_up_indicator,
    stored_follow_up,
    stored_follow_up_by_institution,
)
from sitrantib.meetings.tests.factories import (
    koramil,
    make_item,
    make_meeting,
    village_government,
)

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
PERIODS = [
    YEAR,
    (dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    (dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
]


def _fresh(user, start, end):
    result = follow_up_indicator(user=user, start=start, end=end)
    return (len(result.due), len(result.followed_up), len(result.cancelled), result.value)


def _stored(user, start, end):
    counts = stored_follow_up(user=user, start=start, end=end)
    return (counts.due, counts.followed_up, counts.cancelled, counts.value)


def assert_figures_fresh(world):
    for user in (world.admin, world.partner, world.operator, world.national, world.outsider):
        for start, end in PERIODS:
            assert _stored(user, start, end) == _fresh(user, start, end), (user, start, end)


@pytest.fixture
def items(world):
    desa = village_government(world)
    meeting = make_meeting(world, invited=[world.polsek, desa])
    return {
        "polsek_march": make_item(world, meeting, due=dt.date(2026, 3, 10)),
        "polsek_may": make_item(world, meeting, due=dt.date(2026, 5, 2)),
        "desa_march": make_item(world, meeting, owner=desa, due=dt.date(2026, 3, 20)),
    }


def test_figures_stored_when_items_created(world, items):
    assert FollowUpFigure.objects.count() == 3
    assert _stored(world.admin, *YEAR)[:3] == (3, 0, 0)
    assert_figures_fresh(world)


def test_figures_follow_evidence_and_status_moves(world, items):
    item = items["polsek_march"]
    services.add_evidence(item=item, note="Patroli", actor=world.admin)
    assert_figures_fresh(world)
    services.transition_action_item(item=item, to_status="in_progress", actor=world.admin)
    assert_figures_fresh(world)
    services.transition_action_item(item=item, to_status="done", actor=world.partner)
    assert _stored(world.admin, *YEAR)[:2] == (3, 1)
    assert_figures_fresh(world)
    services.transition_action_item(item=item, to_status="in_progress", actor=world.admin)
    assert _stored(world.admin, *YEAR)[:2] == (3, 0)
    assert_figures_fresh(world)


def test_figures_follow_cancellation(world, items):
    services.transition_action_item(
        item=items["desa_march"], to_status="cancelled", note="Tidak relevan", actor=world.admin
    )

    assert _stored(world.admin, *YEAR)[:3] == (2, 0, 1)
    assert_figures_fresh(world)


def test_figures_follow_a_due_date_moved_to_another_year_and_owner(world, items):
    item = items["polsek_may"]
    other = koramil(world)

    services.update_action_item(
        item=item,
        description=item.description,
        owner_institution=other,
        due_date=dt.date(2027, 1, 15),
        actor=world.admin,
    )

    assert _stored(world.admin, *YEAR)[0] == 2
    assert _stored(world.admin, dt.date(2027, 1, 1), dt.date(2027, 12, 31))[0] == 1
    assert not FollowUpFigure.objects.filter(owner_institution=world.polsek, month=5).exists()
    assert_figures_fresh(world)


def test_command_rebuilds_figures_changed_outside_the_services(world, items):
    ActionItem.objects.filter(pk=items["polsek_march"].pk).update(due_date=dt.date(2026, 6, 1))
    FollowUpFigure.objects.filter(month=3).update(due=99)

    call_command("compute_follow_up", "--year", "2026", stdout=io.StringIO())

    assert_figures_fresh(world)


def test_command_without_year_rebuilds_every_year(world, items):
    FollowUpFigure.objects.all().delete()

    out = io.StringIO()
    call_command("compute_follow_up", stdout=out)

    assert FollowUpFigure.objects.count() == 3
    assert "2026" in out.getvalue()
    assert_figures_fresh(world)


def test_figures_per_institution_match_the_calculator(world, items):
    rows = stored_follow_up_by_institution(user=world.admin, start=YEAR[0], end=YEAR[1])

    result = follow_up_indicator(user=world.admin, start=YEAR[0], end=YEAR[1])
    expected = {}
    for item in result.due:
        expected[item.owner_institution_id] = expected.get(item.owner_institution_id, 0) + 1
    assert {r.institution_id: r.due for r in rows} == expected


def test_indicator_page_reads_stored_figures(client, world, items):
    FollowUpFigure.objects.filter(month=3).update(due=10)  # a stored value the page must show
    client.force_login(world.admin)

    response = client.get(
        reverse("meetings:indicator"), {"start": "2026-01-01", "end": "2026-12-31"}
    )

    assert response.context["counts"].due == 21


def test_indicator_page_partial_months_counted_by_the_calculator(client, world, items):
    client.force_login(world.admin)

    response = client.get(
        reverse("meetings:indicator"), {"start": "2026-03-15", "end": "2026-05-02"}
    )

    assert response.context["counts"].due == 2
    assert [i.pk for i in response.context["rows"]] == [
        items["desa_march"].pk,
        items["polsek_may"].pk,
    ]


@pytest.mark.parametrize("shown", ["due", "followed", "cancelled", "carried"])
def test_indicator_page_lists_one_list_at_a_time(client, world, items, shown):
    client.force_login(world.admin)

    response = client.get(
        reverse("meetings:indicator"), {"start": "2026-04-01", "end": "2026-12-31", "daftar": shown}
    )

    expected = {
        "due": [items["polsek_may"].pk],
        "carried": [items["polsek_march"].pk, items["desa_march"].pk],
    }
    assert [i.pk for i in response.context["rows"]] == expected.get(shown, [])
