"""Plan forms (issue 9 points 5 and 11): real empty labels, refused forms keep their values."""

from typing import Any

import pytest
from django.urls import reverse

from sitrantib.planning import services
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import PlanCode, PlannedActivity
from sitrantib.planning.tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_no_plan_page_or_refused_form_shows_a_dashed_empty_label(client: Any, world: Any) -> None:
    plan = make_plan(world)
    indicator = plan.indicators.first()
    activity = plan.activities.first()
    section = plan.sections.first()
    client.force_login(world.admin)
    pages = [
        ("home", reverse("planning:home")),
        ("home", reverse("planning:home") + "?status=draft"),
        ("create", reverse("planning:create")),
        ("detail", reverse("planning:detail", args=[plan.pk])),
        ("edit", reverse("planning:edit", args=[plan.pk])),
        ("section", reverse("planning:section_add", args=[plan.pk])),
        ("section", reverse("planning:section_edit", args=[plan.pk, section.pk])),
        ("indicator", reverse("planning:indicator_add", args=[plan.pk])),
        ("indicator", reverse("planning:indicator_edit", args=[plan.pk, indicator.pk])),
        ("activity", reverse("planning:activity_add", args=[plan.pk])),
        ("activity", reverse("planning:activity_edit", args=[plan.pk, activity.pk])),
        ("calendar", reverse("planning:calendar", args=[plan.pk])),
    ]
    replies = [client.get(url) for _name, url in pages]
    # Refused forms render their choices again.
    replies += [
        client.post(url, {"name": ""})
        for name, url in pages
        if name not in ("home", "calendar", "detail")
    ]
    replies.append(client.post(reverse("planning:code_add", args=[plan.pk]), {"code": "7"}))
    for reply in replies:
        assert reply.status_code in (200, 400), reply.request["PATH_INFO"]
        html = reply.content.decode()
        assert "---------" not in html, reply.request["PATH_INFO"]
    assert '<option value="" selected>- Pilih -</option>' in replies[7].content.decode()
    assert '<option value="" selected>Semua</option>' in replies[0].content.decode()


def test_refused_code_keeps_what_was_typed_beside_the_field(client: Any, world: Any) -> None:
    plan = make_plan(world)
    client.force_login(world.admin)
    reply = client.post(
        reverse("planning:code_add", args=[plan.pk]),
        {"level": "activity", "scheme": "", "code": "7.01.04.2.01"},
    )
    html = reply.content.decode()
    assert reply.status_code == 400
    assert 'id="id_scheme_error"' in html
    assert 'value="7.01.04.2.01"' in html
    assert '<option value="activity" selected>' in html
    assert PlanCode.objects.count() == 0


def test_accepted_code_goes_back_to_the_plan(client: Any, world: Any) -> None:
    plan = make_plan(world)
    client.force_login(world.admin)
    reply = client.post(
        reverse("planning:code_add", args=[plan.pk]),
        {"level": "activity", "scheme": "lokal", "code": "7.01.04.2.01"},
    )
    assert reply.status_code == 302
    assert PlanCode.objects.get().code == "7.01.04.2.01"


def test_refused_approval_keeps_the_note_and_says_why(client: Any, world: Any) -> None:
    plan = make_plan(world, activities=0)
    client.force_login(world.camat)
    reply = client.post(
        reverse("planning:approve", args=[plan.pk]),
        {"note": "Setuju dengan catatan anggaran", "version": plan.version},
    )
    html = reply.content.decode()
    assert reply.status_code == 400
    assert services.MESSAGE_EMPTY_ACTIVITIES in html
    assert 'value="Setuju dengan catatan anggaran"' in html
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_stale_approval_keeps_the_note(client: Any, world: Any) -> None:
    plan = make_plan(world)
    opened = plan.version
    services.update_plan(plan=plan, changes={"title": "KAK 2026"}, actor=world.admin)
    client.force_login(world.camat)
    reply = client.post(
        reverse("planning:approve", args=[plan.pk]),
        {"note": "Setuju", "version": opened},
    )
    assert reply.status_code == 400
    assert 'value="Setuju"' in reply.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_refused_activity_keeps_every_typed_value(client: Any, world: Any) -> None:
    plan = make_plan(world)
    client.force_login(world.admin)
    reply = client.post(
        reverse("planning:activity_add", args=[plan.pk]),
        {
            "kind": "training",
            "name": "Pelatihan LINMAS",
            "months": ["3", "9"],
            "venue": "Pendopo",
            "participants": "Linmas | banyak",
        },
    )
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "Tulis jumlah orang sebagai angka" in html
    assert 'value="Pelatihan LINMAS"' in html
    assert 'value="Pendopo"' in html
    assert "Linmas | banyak</textarea>" in html
    assert '<option value="training" selected>' in html
    assert PlannedActivity.objects.filter(name="Pelatihan LINMAS").count() == 0
