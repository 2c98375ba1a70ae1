"""Every page against every role; the calendar; the home panel; query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from sitrantib.planning import services
from sitrantib.planning.carried_out import CarriedOut, register_carried_out, unregister_carried_out
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.selectors import plan_calendar
from sitrantib.planning.tests.conftest import make_plan

pytestmark = pytest.mark.django_db

READERS = ["admin", "camat", "staff", "national"]
NON_READERS = ["operator", "sibling_operator", "partner"]


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("who", READERS)
def test_readers_open_list_detail_and_calendar(client, world, who):
    plan = make_plan(world)
    for name, kwargs in (("home", {}), ("detail", {"pk": plan.pk}), ("calendar", {"pk": plan.pk})):
        response = _get(client, getattr(world, who), reverse(f"planning:{name}", kwargs=kwargs))
        assert response.status_code == 200, name


@pytest.mark.parametrize("who", NON_READERS)
def test_operators_and_partners_see_no_plan(client, world, who):
    plan = make_plan(world)
    user = getattr(world, who)

    assert _get(client, user, reverse("planning:home")).status_code == 403
    assert _get(client, user, plan.get_absolute_url()).status_code == 404


def test_admin_of_another_kecamatan_gets_not_found(client, world):
    plan = make_plan(world)

    assert _get(client, world.outsider, plan.get_absolute_url()).status_code == 404
    assert _get(client, world.outsider, reverse("planning:edit", args=[plan.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    plan = make_plan(world)

    response = client.get(plan.get_absolute_url())

    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


@pytest.mark.parametrize("who", ["camat", "staff"])
def test_readers_cannot_edit(client, world, who):
    plan = make_plan(world)

    assert (
        _get(client, getattr(world, who), reverse("planning:edit", args=[plan.pk])).status_code
        == 403
    )


def test_admin_edits_a_target_through_the_page(client, world):
    plan = make_plan(world)
    indicator = plan.indicators.get(name="Jumlah LINMAS terbina")
    client.force_login(world.admin)

    response = client.post(
        reverse("planning:indicator_edit", args=[plan.pk, indicator.pk]),
        {"level": "output", "name": indicator.name, "unit": "orang", "target": "200", "version": 1},
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target, indicator.version) == (200, 2)


def test_stale_target_form_is_refused_keeping_the_typed_value(client, world):
    plan = make_plan(world)
    indicator = plan.indicators.get(name="Jumlah LINMAS terbina")
    services.save_indicator(
        plan=plan, indicator=indicator, values={"target": 150}, actor=world.admin
    )
    client.force_login(world.admin)

    response = client.post(
        reverse("planning:indicator_edit", args=[plan.pk, indicator.pk]),
        {"level": "output", "name": indicator.name, "unit": "orang", "target": "200", "version": 1},
    )

    assert response.status_code == 200
    assert "sudah diubah oleh" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.target == 150


def test_camat_approves_and_copy_goes_to_next_year(client, world):
    plan = make_plan(world)
    client.force_login(world.camat)
    client.post(reverse("planning:approve", args=[plan.pk]), {"note": "", "version": plan.version})
    client.force_login(world.admin)

    response = client.post(reverse("planning:copy", args=[plan.pk]))

    plan.refresh_from_db()
    copy = AnnualPlan.objects.get(year=plan.year + 1)
    assert plan.status == PlanStatus.APPROVED
    assert response["Location"] == copy.get_absolute_url()


def test_activity_form_saves_months_and_participants(client, world):
    plan = make_plan(world, activities=0)
    client.force_login(world.admin)

    response = client.post(
        reverse("planning:activity_add", args=[plan.pk]),
        {
            "kind": "training",
            "name": "Pelatihan LINMAS",
            "months": ["3"],
            "venue": "Kantor Kecamatan",
            "executors": "Seksi Trantib\nForkompimka",
            "participants": "Linmas | 180\nInstruktur Polsek | 2",
        },
    )

    assert response.status_code == 302
    activity = plan.activities.get()
    assert (activity.months, activity.executors) == ([3], ["Seksi Trantib", "Forkompimka"])
    assert [(p.name, p.count) for p in activity.participants.all()] == [
        ("Linmas", 180),
        ("Instruktur Polsek", 2),
    ]


@pytest.fixture
def meetings_provider():
    records: list[CarriedOut] = []
    register_carried_out("test_meeting", lambda ids, year: list(records))
    yield records
    unregister_carried_out("test_meeting")


def test_calendar_marks_done_planned_and_late_per_month_and_desa(world, meetings_provider):
    plan = make_plan(world, year=2026, activities=3)
    meeting, _training, visit = plan.activities.order_by("position")
    meetings_provider.append(
        CarriedOut(
            kind="test_meeting", activity_id=meeting.pk, on_date=dt.date(2026, 2, 10), label="Rakor"
        )
    )
    meetings_provider.append(
        CarriedOut(
            kind="test_meeting",
            activity_id=visit.pk,
            on_date=dt.date(2026, 3, 5),
            label="Pendampingan",
            village_code=world.village.code,
        )
    )

    rows = plan_calendar(
        plan=plan,
        villages=[(world.village.code, "Darungan"), (world.sibling_village.code, "Kraton")],
        today=dt.date(2026, 5, 1),
    )

    assert [c.state for c in rows[0].cells][:5] == ["", "done", "", "late", ""]
    assert rows[1].late_months == [3]
    assert [(name, cells[2].state) for _code, name, cells in rows[2].villages] == [
        ("Darungan", "done"),
        ("Kraton", "late"),
    ]


def test_home_shows_next_months_planned_work(client, world, monkeypatch):
    plan = make_plan(world, year=2026)
    client.force_login(world.admin)
    monkeypatch.setattr(
        "sitrantib.planning.selectors.timezone.localdate", lambda: dt.date(2026, 1, 15)
    )

    response = client.get(reverse("regions:home"))

    body = response.content.decode()
    assert 'id="coming-month-work"' in body
    assert plan.activities.get(position=1).name in body


def test_home_has_no_plan_panel_for_a_village_operator(client, world):
    make_plan(world)
    client.force_login(world.operator)

    response = client.get(reverse("regions:home"))

    assert 'id="coming-month-work"' not in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_plan_list_queries_do_not_grow_with_rows(client, world, django_assert_num_queries, count):
    for i in range(count):
        make_plan(world, year=2030 + i)
    client.force_login(world.admin)

    with django_assert_num_queries(7):
        response = client.get(reverse("planning:home"))

    assert response.content.decode().count('class="plan-row"') == count
