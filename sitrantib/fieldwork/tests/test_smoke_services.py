"""First checks of the services the pages and the API stand on (the full suites sit beside)."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied

from sitrantib.fieldwork.enums import IncidentStatus, Situation
from sitrantib.fieldwork.models import Incident, Visit
from sitrantib.fieldwork.services import incidents, visits
from sitrantib.fieldwork.situation import parse_period, village_situations
from sitrantib.fieldwork.tests.factories import (
    incident_input,
    make_incident,
    make_visit,
    moment,
    visit_input,
)
from sitrantib.regions.models import Village

pytestmark = pytest.mark.django_db


def test_same_client_id_returns_the_first_visit(world):
    client_id = uuid.uuid4()
    first, created = visits.create_visit(
        village=world.village, data=visit_input(), actor=world.operator, client_id=client_id
    )
    again, created_again = visits.create_visit(
        village=world.village, data=visit_input(), actor=world.operator, client_id=client_id
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Visit.objects.count() == 1


def test_operator_cannot_report_for_another_desa(world):
    with pytest.raises(PermissionDenied):
        visits.create_visit(village=world.sibling_village, data=visit_input(), actor=world.operator)


def test_incident_moves_and_handover(world):
    incident = make_incident(world, actor=world.operator)
    incidents.transition_incident(incident=incident, to_status="verified", actor=world.admin)
    incidents.transition_incident(
        incident=incident,
        to_status="handed_over",
        actor=world.admin,
        handed_to=world.polsek,
        note="Dilimpahkan",
    )
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.HANDED_OVER
    assert incident.responded_at is not None
    assert list(incident.transitions.values_list("to_status", flat=True)) == [
        "verified",
        "handed_over",
    ]
    with pytest.raises(PermissionDenied):
        incidents.transition_incident(incident=incident, to_status="closed", actor=world.operator)


def test_situation_of_a_month(world):
    period = parse_period("2026-03")
    make_visit(world, when=moment(dt.date(2026, 3, 5)))
    make_visit(
        world,
        village=world.sibling_village,
        when=moment(dt.date(2026, 3, 6)),
        situation=Situation.RAWAN,
    )
    villages = Village.objects.filter(district=world.district)
    result = {r.village_code: r for r in village_situations(villages, period)}
    assert result[world.village.code].peaceful
    sibling = result[world.sibling_village.code]
    assert not sibling.peaceful
    assert [c.code for c in sibling.deciding] == ["rawan_resolved"]


def test_incident_input_defaults_seriousness_from_category(world):
    incident, _ = incidents.create_incident(
        village=world.village, data=incident_input(code="miras"), actor=world.admin
    )
    assert Incident.objects.get(pk=incident.pk).is_serious is False
