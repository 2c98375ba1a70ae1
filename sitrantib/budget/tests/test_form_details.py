"""Budget forms (issue 9 points 5 and 11): real empty labels, refused forms keep their values."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from sitrantib.budget.models import BudgetLine, CeilingRevision, Spending
from sitrantib.budget.tests.conftest import make_line
from sitrantib.planning.carried_out import CarriedOut, register_carried_out, unregister_carried_out
from sitrantib.planning.tests.conftest import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def rehearsal() -> Iterator[None]:
    """One recorded event carrying out every planned activity, so the spending form offers it."""

    def provide(activity_ids: Any, year: int) -> list[CarriedOut]:
        return [
            CarriedOut(
                kind="test-rehearsal",
                activity_id=i,
                on_date=dt.date(year, 3, 2),
                label="Gladi posko",
                object_id=7,
            )
            for i in activity_ids
        ]

    register_carried_out("test-rehearsal", provide)
    yield
    unregister_carried_out("test-rehearsal")


def test_no_budget_page_or_refused_form_shows_a_dashed_empty_label(
    client: Any, world: Any, rehearsal: None
) -> None:
    plan = make_plan(world)
    line = make_line(world, activity=plan.activities.first())
    client.force_login(world.admin)
    replies = [
        client.get(reverse("budget:home") + "?tahun=2026"),
        client.get(reverse("budget:line_create") + "?tahun=2026"),
        client.post(reverse("budget:line_create") + "?tahun=2026", {"name": ""}),
        client.get(line.get_absolute_url()),
        client.get(reverse("budget:line_edit", args=[line.pk])),
        client.post(reverse("budget:line_edit", args=[line.pk]), {"name": ""}),
        client.post(reverse("budget:revise", args=[line.pk]), {"new_amount": "x"}),
        client.post(reverse("budget:spending_add", args=[line.pk]), {"amount": "x"}),
        client.get(reverse("budget:import_upload")),
        client.post(reverse("budget:import_upload"), {"year": "x"}),
        client.get(reverse("budget:multi_year")),
        client.get(reverse("budget:plan", args=[plan.pk])),
    ]
    for reply in replies:
        assert reply.status_code in (200, 400), reply.request["PATH_INFO"]
        assert "---------" not in reply.content.decode(), reply.request["PATH_INFO"]
    detail = replies[3].content.decode()
    assert '<option value="" selected>— tanpa kegiatan tercatat —</option>' in detail
    assert "Gladi posko" in detail
    assert '<option value="" selected>- Pilih -</option>' in replies[1].content.decode()


def test_refused_spending_keeps_every_typed_value_beside_the_error(
    client: Any, world: Any, rehearsal: None
) -> None:
    plan = make_plan(world)
    line = make_line(world, ceiling=1_000_000, activity=plan.activities.first())
    client.force_login(world.admin)
    reply = client.post(
        reverse("budget:spending_add", args=[line.pk]),
        {
            "on_date": "2026-03-02",
            "amount": "1000001",
            "description": "Konsumsi gladi posko",
            "event": "test-rehearsal:7",
            "event_label": "",
        },
    )
    html = reply.content.decode()
    assert reply.status_code == 400
    assert 'id="id_amount_error"' in html
    assert 'value="1000001"' in html
    assert 'value="2026-03-02"' in html
    assert 'value="Konsumsi gladi posko"' in html
    assert '<option value="test-rehearsal:7" selected>' in html
    assert Spending.objects.count() == 0


def test_refused_revision_keeps_the_reason_and_amount(client: Any, world: Any) -> None:
    line = make_line(world)
    client.force_login(world.admin)
    reply = client.post(
        reverse("budget:revise", args=[line.pk]),
        {"new_amount": "-5", "on_date": "2026-04-01", "reason": "Pergeseran APBD-P"},
    )
    html = reply.content.decode()
    assert reply.status_code == 400
    assert 'id="id_new_amount_error"' in html
    assert 'value="Pergeseran APBD-P"' in html
    assert 'value="2026-04-01"' in html
    assert CeilingRevision.objects.count() == 0


def test_refused_new_line_keeps_its_values(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    reply = client.post(
        reverse("budget:line_create") + "?tahun=2026",
        {"code": "5.1.02.01.01.0052", "name": "Belanja ATK", "ceiling": "-2500000"},
    )
    html = reply.content.decode()
    assert reply.status_code == 200
    assert 'id="id_ceiling_error"' in html
    assert 'value="Belanja ATK"' in html
    assert 'value="5.1.02.01.01.0052"' in html
    assert 'value="-2500000"' in html
    assert BudgetLine.objects.count() == 0
