"""Finding 11: mistakes can be corrected — by the admin only, through audited services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of
from sitrantib.meetings import services
from sitrantib.meetings.models import ActionItem
from sitrantib.meetings.quality import due_before_meeting
from sitrantib.meetings.tests.factories import koramil, make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world):
    meeting = make_meeting(world)
    decision = services.add_decision(meeting=meeting, text="Patroli rutin", actor=world.admin)
    item = make_item(world, meeting, due=dt.date(2026, 2, 10), description="Patroli")
    # A due date typed before the service refused it: the case the quality rule reports.
    ActionItem.objects.filter(pk=item.pk).update(due_date=dt.date(2026, 1, 10))
    item.refresh_from_db()
    row = services.record_attendance(meeting=meeting, name="Sugeng", actor=world.admin)
    person = services.create_person(
        institution=world.polsek, name="AKP Sugng", position="Kapolsek", actor=world.admin
    )
    return {"meeting": meeting, "decision": decision, "item": item, "row": row, "person": person}


def _last_update(model, pk):
    return AuditEntry.objects.filter(
        object_type=f"meetings.{model}", object_id=str(pk), action="update"
    ).get()


def test_admin_edits_action_item_due_date_owner_and_description(client, world, held):
    other = koramil(world)
    client.force_login(world.admin)

    response = client.post(
        reverse("meetings:action_item_edit", args=[held["item"].pk]),
        {"description": "Patroli malam", "owner_institution": other.pk, "due_date": "2026-03-10"},
    )

    item = ActionItem.objects.get(pk=held["item"].pk)
    assert response.status_code == 302
    assert (item.description, item.owner_institution_id, item.due_date) == (
        "Patroli malam",
        other.pk,
        dt.date(2026, 3, 10),
    )
    entry = _last_update("actionitem", item.pk)
    assert (entry.before["due_date"], entry.after["due_date"]) == ("2026-01-10", "2026-03-10")


def test_admin_edits_decision(client, world, held):
    client.force_login(world.admin)

    client.post(reverse("meetings:decision_edit", args=[held["decision"].pk]), {"text": "Patroli"})

    held["decision"].refresh_from_db()
    assert held["decision"].text == "Patroli"
    assert _last_update("decision", held["decision"].pk).after["text"] == "Patroli"


def test_admin_edits_attendance_row(client, world, held):
    client.force_login(world.admin)

    client.post(
        reverse("meetings:attendance_edit", args=[held["row"].pk]),
        {"name": "Sugeng Riyadi", "position": "Kapolsek", "institution": world.polsek.pk},
    )

    held["row"].refresh_from_db()
    assert (held["row"].name, held["row"].institution_id) == ("Sugeng Riyadi", world.polsek.pk)
    assert _last_update("attendance", held["row"].pk).before["name"] == "Sugeng"


def test_admin_edits_person(client, world, held):
    client.force_login(world.admin)

    client.post(
        reverse("meetings:person_edit", args=[held["person"].pk]),
        {"name": "AKP Sugeng", "position": "Kapolsek", "phone": "0812", "is_active": "on"},
    )

    held["person"].refresh_from_db()
    assert (held["person"].name, held["person"].phone) == ("AKP Sugeng", "0812")
    assert _last_update("institutionperson", held["person"].pk).before["name"] == "AKP Sugng"


@pytest.mark.parametrize("name", ["action_item_edit", "decision_edit", "attendance_edit"])
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("national", 200),
        ("camat", 403),
        ("staff", 403),
        ("partner", 403),
        ("outsider", 404),
    ],
)
def test_edit_pages_admin_only(client, world, held, name, role, status):
    key = {"action_item_edit": "item", "decision_edit": "decision", "attendance_edit": "row"}
    if role == "partner" and name != "action_item_edit":
        # Polsek did not attend and answers for no decision: neither is visible (ADR 0020).
        status = 404
    client.force_login(getattr(world, role))

    response = client.get(reverse(f"meetings:{name}", args=[held[key[name]].pk]))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("camat", 403), ("partner", 403), ("outsider", 404)]
)
def test_person_edit_page_admin_only(client, world, held, role, status):
    client.force_login(getattr(world, role))

    response = client.get(reverse("meetings:person_edit", args=[held["person"].pk]))

    assert response.status_code == status


def test_update_action_item_by_partner_refused(world, held):
    with pytest.raises(PermissionDenied):
        services.update_action_item(
            item=held["item"],
            description="X",
            owner_institution=world.polsek,
            due_date=dt.date(2026, 3, 1),
            actor=world.partner,
        )


def test_due_before_meeting_finding_links_to_edit_page(world, held):
    findings = list(due_before_meeting(scope_of(world.admin)))

    assert [f.url for f in findings] == [
        reverse("meetings:action_item_edit", args=[held["item"].pk])
    ]
