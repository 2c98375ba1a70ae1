"""Incidents: recording, changing, and every move of INCIDENT_WORKFLOW — which are allowed, who
may make them, what they need, and what each leaves behind (history row, audit entry)."""

import datetime as dt
import itertools
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of
from sitrantib.core.workflow import MESSAGE_MOVE_NOT_ALLOWED, MESSAGE_NOTE_REQUIRED
from sitrantib.fieldwork import selectors
from sitrantib.fieldwork.enums import IncidentStatus
from sitrantib.fieldwork.models import Incident, IncidentCategory, IncidentTransition
from sitrantib.fieldwork.services import incidents
from sitrantib.fieldwork.services.common import (
    MESSAGE_HAMLET_OTHER_VILLAGE,
    MESSAGE_INSTITUTION_OTHER_DISTRICT,
)
from sitrantib.fieldwork.tests.factories import incident_input, make_incident
from sitrantib.regions.models import Hamlet
from sitrantib.testing.factories import make_institution

pytestmark = pytest.mark.django_db

S = IncidentStatus
MOVES = {(m.source, m.target): m for m in incidents.INCIDENT_WORKFLOW.moves}


def audit_moves(incident: Incident) -> int:
    return AuditEntry.objects.filter(
        object_type="fieldwork.incident",
        object_id=str(incident.pk),
        action=AuditAction.TRANSITION,
    ).count()


def at_status(world: Any, status: str) -> Incident:
    incident = make_incident(world)
    changes: dict[str, Any] = {"status": status}
    if status == S.HANDED_OVER:
        changes["handed_to"] = world.polsek
    Incident.objects.filter(pk=incident.pk).update(**changes)
    incident.refresh_from_db()
    return incident


def test_the_workflow_is_the_issues():
    assert set(MOVES) == {
        (S.REPORTED, S.VERIFIED),
        (S.REPORTED, S.REJECTED),
        (S.REPORTED, S.HANDED_OVER),
        (S.VERIFIED, S.HANDLED),
        (S.VERIFIED, S.HANDED_OVER),
        (S.VERIFIED, S.REPORTED),
        (S.HANDLED, S.CLOSED),
        (S.HANDED_OVER, S.CLOSED),
        (S.HANDED_OVER, S.HANDLED),
        (S.CLOSED, S.HANDLED),
        (S.REJECTED, S.REPORTED),
    }


@pytest.mark.parametrize(("source", "target"), sorted(MOVES))
def test_every_allowed_move_is_made_and_recorded(world, source, target):
    incident = at_status(world, source)
    note = "Catatan pindah status" if MOVES[(source, target)].needs_note else ""
    handed_to = world.polsek if target == S.HANDED_OVER else None
    before = timezone.now()
    moved = incidents.transition_incident(
        incident=incident, to_status=target, actor=world.admin, note=note, handed_to=handed_to
    )
    assert moved.status == incident.status == target
    stored = Incident.objects.get(pk=incident.pk)
    assert (stored.status, stored.status_note) == (target, note)
    [row] = IncidentTransition.objects.filter(incident=incident)
    assert (row.from_status, row.to_status, row.note, row.actor) == (
        source,
        target,
        note,
        world.admin,
    )
    assert row.at >= before
    assert row.handed_to == handed_to
    assert audit_moves(incident) == 1


@pytest.mark.parametrize(
    ("source", "target"),
    [pair for pair in itertools.product(S.values, S.values) if pair not in MOVES],
)
def test_every_other_move_is_refused(world, source, target):
    incident = at_status(world, source)
    with pytest.raises(ValidationError) as refused:
        incidents.transition_incident(
            incident=incident,
            to_status=target,
            actor=world.admin,
            note="Catatan",
            handed_to=world.polsek,
        )
    assert refused.value.message_dict["status"] == [
        MESSAGE_MOVE_NOT_ALLOWED % {"from": S(source).label, "to": S(target).label}
    ]
    assert Incident.objects.get(pk=incident.pk).status == source
    assert not IncidentTransition.objects.exists()
    assert audit_moves(incident) == 0


@pytest.mark.parametrize("who", ["national", "regency_admin"])
def test_wider_administrators_may_move(world, who):
    incident = make_incident(world)
    incidents.transition_incident(
        incident=incident, to_status=S.VERIFIED, actor=getattr(world, who)
    )
    assert Incident.objects.get(pk=incident.pk).status == S.VERIFIED


@pytest.mark.parametrize(
    "who",
    ["operator", "sibling_operator", "staff", "camat", "partner", "outsider", "superuser"],
)
def test_nobody_but_the_kecamatans_administrator_moves_an_incident(world, who):
    incident = make_incident(world, actor=world.operator)
    with pytest.raises(PermissionDenied):
        incidents.transition_incident(
            incident=incident, to_status=S.VERIFIED, actor=getattr(world, who)
        )
    assert Incident.objects.get(pk=incident.pk).status == S.REPORTED
    assert audit_moves(incident) == 0


def test_anonymous_cannot_move_an_incident(world):
    from django.contrib.auth.models import AnonymousUser

    incident = make_incident(world)
    with pytest.raises(PermissionDenied):
        incidents.transition_incident(
            incident=incident, to_status=S.VERIFIED, actor=AnonymousUser()
        )


@pytest.mark.parametrize(("source", "target"), [p for p, m in MOVES.items() if m.needs_note])
def test_moves_that_need_a_note_refuse_none(world, source, target):
    incident = at_status(world, source)
    with pytest.raises(ValidationError) as refused:
        incidents.transition_incident(
            incident=incident, to_status=target, actor=world.admin, note="   "
        )
    assert refused.value.message_dict["note"] == [MESSAGE_NOTE_REQUIRED % {"to": S(target).label}]
    assert Incident.objects.get(pk=incident.pk).status == source


def test_handing_over_needs_a_partner(world):
    incident = make_incident(world)
    with pytest.raises(ValidationError) as refused:
        incidents.transition_incident(incident=incident, to_status=S.HANDED_OVER, actor=world.admin)
    assert refused.value.message_dict["status"] == [incidents.MESSAGE_PARTNER_REQUIRED]


def test_handing_over_only_to_a_polsek_or_koramil(world):
    incident = make_incident(world)
    puskesmas = make_institution(district=world.district, kind="puskesmas", name="Puskesmas")
    with pytest.raises(ValidationError) as refused:
        incidents.transition_incident(
            incident=incident, to_status=S.HANDED_OVER, actor=world.admin, handed_to=puskesmas
        )
    assert refused.value.message_dict["status"] == [incidents.MESSAGE_NOT_A_PARTNER]
    koramil = make_institution(district=world.district, kind="koramil", name="Koramil")
    incidents.transition_incident(
        incident=incident, to_status=S.HANDED_OVER, actor=world.admin, handed_to=koramil
    )
    assert Incident.objects.get(pk=incident.pk).handed_to == koramil


def test_handing_over_to_another_kecamatans_polsek_is_refused(world):
    incident = make_incident(world)
    other = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    with pytest.raises(ValidationError) as refused:
        incidents.transition_incident(
            incident=incident, to_status=S.HANDED_OVER, actor=world.admin, handed_to=other
        )
    assert refused.value.message_dict["handed_to"] == [
        MESSAGE_INSTITUTION_OTHER_DISTRICT % {"name": other.name}
    ]
    assert Incident.objects.get(pk=incident.pk).handed_to is None


def test_the_partner_sees_an_incident_once_handed_to_it(world):
    incident = make_incident(world)
    partner_scope = scope_of(world.partner)
    assert not selectors.incidents_for(partner_scope).filter(pk=incident.pk).exists()
    incidents.transition_incident(
        incident=incident, to_status=S.HANDED_OVER, actor=world.admin, handed_to=world.polsek
    )
    assert list(selectors.incidents_for(partner_scope)) == [incident]
    # Still theirs when the section takes it back to handle it.
    incidents.transition_incident(
        incident=incident, to_status=S.HANDLED, actor=world.admin, note="Ditangani bersama"
    )
    assert list(selectors.incidents_for(partner_scope)) == [incident]


def test_responded_at_is_set_on_the_first_response_only(world):
    incident = make_incident(world)
    incidents.transition_incident(incident=incident, to_status=S.VERIFIED, actor=world.admin)
    assert Incident.objects.get(pk=incident.pk).responded_at is None
    incidents.transition_incident(incident=incident, to_status=S.HANDLED, actor=world.admin)
    first = Incident.objects.get(pk=incident.pk).responded_at
    assert first is not None
    incidents.transition_incident(incident=incident, to_status=S.CLOSED, actor=world.admin)
    incidents.transition_incident(
        incident=incident, to_status=S.HANDLED, actor=world.admin, note="Dibuka lagi"
    )
    assert Incident.objects.get(pk=incident.pk).responded_at == first
    assert list(
        IncidentTransition.objects.filter(incident=incident).values_list("to_status", flat=True)
    ) == [S.VERIFIED, S.HANDLED, S.CLOSED, S.HANDLED]
    assert audit_moves(incident) == 4


def test_handing_over_counts_as_the_first_response(world):
    incident = make_incident(world)
    incidents.transition_incident(
        incident=incident, to_status=S.HANDED_OVER, actor=world.admin, handed_to=world.polsek
    )
    assert Incident.objects.get(pk=incident.pk).responded_at is not None


def test_a_stale_move_is_refused(world):
    from sitrantib.core.concurrency import StaleVersion

    incident = make_incident(world)
    opened = incident.version
    incidents.transition_incident(incident=incident, to_status=S.VERIFIED, actor=world.admin)
    with pytest.raises(StaleVersion):
        incidents.transition_incident(
            incident=Incident.objects.get(pk=incident.pk),
            to_status=S.HANDLED,
            actor=world.admin,
            expected_version=opened,
        )
    assert Incident.objects.get(pk=incident.pk).status == S.VERIFIED


def test_allowed_statuses_follow_the_table(world):
    incident = make_incident(world)
    assert incidents.allowed_statuses(incident) == [S.VERIFIED, S.REJECTED, S.HANDED_OVER]
    assert incidents.allowed_statuses(at_status(world, S.CLOSED)) == [S.HANDLED]


# Recording and changing ---------------------------------------------------------------------------


def test_operator_records_an_incident_of_their_desa_as_reported(world):
    incident = make_incident(world, actor=world.operator)
    stored = Incident.objects.get(pk=incident.pk)
    assert (stored.status, stored.district_id, stored.created_by) == (
        S.REPORTED,
        world.district.code,
        world.operator,
    )
    assert AuditEntry.objects.filter(
        object_type="fieldwork.incident", object_id=str(incident.pk), action=AuditAction.CREATE
    ).exists()


@pytest.mark.parametrize(
    "who", ["sibling_operator", "staff", "camat", "partner", "outsider", "superuser"]
)
def test_others_cannot_record_an_incident_of_the_desa(world, who):
    with pytest.raises(PermissionDenied):
        make_incident(world, actor=getattr(world, who))
    assert not Incident.objects.exists()


def test_incident_in_the_future_is_refused(world):
    data = incident_input(when=timezone.now() + dt.timedelta(hours=2))
    with pytest.raises(ValidationError) as refused:
        incidents.create_incident(village=world.village, data=data, actor=world.admin)
    assert refused.value.message_dict["occurred_at"] == [incidents.MESSAGE_FUTURE]
    assert not Incident.objects.exists()


def test_a_category_no_longer_used_is_refused(world):
    data = incident_input(code="perjudian")
    IncidentCategory.objects.filter(code="perjudian").update(is_active=False)
    data.category.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        incidents.create_incident(village=world.village, data=data, actor=world.admin)
    assert "category" in refused.value.message_dict


def test_a_dusun_of_another_desa_is_refused(world):
    hamlet = Hamlet.objects.create(village=world.sibling_village, name="Krajan")
    with pytest.raises(ValidationError) as refused:
        incidents.create_incident(
            village=world.village, data=incident_input(hamlet=hamlet), actor=world.admin
        )
    assert refused.value.message_dict["hamlet"] == [
        MESSAGE_HAMLET_OTHER_VILLAGE % {"name": "Krajan"}
    ]


def test_only_the_section_overrides_seriousness(world):
    by_operator = make_incident(world, actor=world.operator, code="miras", is_serious=True)
    by_admin = make_incident(world, actor=world.admin, code="miras", is_serious=True)
    assert Incident.objects.get(pk=by_operator.pk).is_serious is False
    assert Incident.objects.get(pk=by_admin.pk).is_serious is True


def test_operator_changes_an_incident_only_while_it_is_reported(world):
    incident = make_incident(world, actor=world.operator)
    changed = incidents.update_incident(
        incident=incident, data=incident_input(description="Motor ditemukan."), actor=world.operator
    )
    assert changed
    assert Incident.objects.get(pk=incident.pk).description == "Motor ditemukan."
    incidents.transition_incident(incident=incident, to_status=S.VERIFIED, actor=world.admin)
    with pytest.raises(ValidationError) as refused:
        incidents.update_incident(
            incident=Incident.objects.get(pk=incident.pk),
            data=incident_input(description="Lain"),
            actor=world.operator,
        )
    assert refused.value.messages == [incidents.MESSAGE_LOCKED_FOR_OPERATOR]
    incidents.update_incident(
        incident=Incident.objects.get(pk=incident.pk),
        data=incident_input(description="Diperbaiki admin."),
        actor=world.admin,
    )
    assert Incident.objects.get(pk=incident.pk).description == "Diperbaiki admin."
