"""Who reads what of the field work (fieldwork/access.py, docs/adr/0080), for every role of the
world: registers, visits, incidents (a partner only what was handed over to it) and the
citizen-report queue (administrators only)."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import selectors
from sitrantib.fieldwork.services import incidents
from sitrantib.fieldwork.tests.factories import (
    make_incident,
    make_post,
    make_task_force,
    make_visit,
)
from sitrantib.fieldwork.tests.test_services_client_ids import report_input
from sitrantib.testing.factories import make_institution

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "staff",
    "camat",
    "operator",
    "sibling_operator",
    "partner",
    "outsider",
    "national",
    "regency_admin",
    "superuser",
    "anonymous",
]
# Which desa (d = Darungan, k = Kraton of the same kecamatan, f = the other kecamatan's desa)
# each role reads in the registers and visits.
READS = {
    "admin": "dk",
    "staff": "dk",
    "camat": "dk",
    "operator": "d",
    "sibling_operator": "k",
    "partner": "",
    "outsider": "f",
    "national": "dkf",
    "regency_admin": "dkf",
    "superuser": "",
    "anonymous": "",
}
# The citizen-report queue: administrators only.
QUEUE = {
    **dict.fromkeys(READS, ""),
    "admin": "dk",
    "outsider": "f",
    "national": "dkf",
    "regency_admin": "dkf",
}


def user(world: Any, role: str) -> Any:
    return AnonymousUser() if role == "anonymous" else getattr(world, role)


@pytest.fixture
def records(world: Any) -> dict[str, Any]:
    """One of everything in each desa; Darungan's incident handed over to the Polsek, and a
    Kraton incident handed to another Polsek of the kecamatan."""
    from sitrantib.fieldwork.services import reports

    villages = {"d": world.village, "k": world.sibling_village, "f": world.foreign_village}
    made: dict[str, Any] = {"post": {}, "task_force": {}, "visit": {}, "incident": {}, "report": {}}
    for key, village in villages.items():
        actor = world.national
        made["post"][key] = make_post(world, village=village, actor=actor)
        made["task_force"][key] = make_task_force(world, village=village, actor=actor)
        made["visit"][key] = make_visit(world, village=village, actor=actor)
        made["incident"][key] = make_incident(world, village=village, actor=actor)
        data = report_input(world)
        data.village = village
        made["report"][key], _ = reports.submit_report(data=data, client_id=_uuid())
    incidents.transition_incident(
        incident=made["incident"]["d"],
        to_status="handed_over",
        actor=world.admin,
        handed_to=world.polsek,
    )
    other_polsek = make_institution(district=world.district, kind="polsek", name="Polsek Dua")
    incidents.transition_incident(
        incident=made["incident"]["k"],
        to_status="handed_over",
        actor=world.admin,
        handed_to=other_polsek,
    )
    return made


def _uuid() -> Any:
    import uuid

    return uuid.uuid4()


def pks(records: dict[str, Any], kind: str, keys: str) -> set[int]:
    return {records[kind][k].pk for k in keys}


@pytest.mark.parametrize("role", ROLES)
def test_registers_and_visits_by_role(world, records, role):
    scope = scope_of(user(world, role))
    seen = READS[role]
    assert {p.pk for p in selectors.posts_for(scope)} == pks(records, "post", seen)
    assert {t.pk for t in selectors.task_forces_for(scope)} == pks(records, "task_force", seen)
    assert {v.pk for v in selectors.visits_for(scope)} == pks(records, "visit", seen)


@pytest.mark.parametrize("role", ROLES)
def test_incidents_by_role_a_partner_only_those_handed_to_it(world, records, role):
    scope = scope_of(user(world, role))
    seen = "d" if role == "partner" else READS[role]
    assert {i.pk for i in selectors.incidents_for(scope)} == pks(records, "incident", seen)


@pytest.mark.parametrize("role", ROLES)
def test_report_queue_by_role(world, records, role):
    scope = scope_of(user(world, role))
    assert {r.pk for r in selectors.report_queue(scope)} == pks(records, "report", QUEUE[role])


@pytest.mark.parametrize("role", ROLES)
def test_details_follow_the_lists(world, records, role):
    scope = scope_of(user(world, role))
    for key in "dkf":
        visible = key in READS[role]
        assert (selectors.post_detail(records["post"][key].pk, scope) is not None) is visible
        assert (
            selectors.task_force_detail(records["task_force"][key].pk, scope) is not None
        ) is visible
        assert (selectors.visit_detail(records["visit"][key].pk, scope) is not None) is visible
        incident_visible = key == "d" if role == "partner" else visible
        assert (
            selectors.incident_detail(records["incident"][key].pk, scope) is not None
        ) is incident_visible


def test_a_partner_without_an_institution_sees_nothing(world, records):
    world.partner.institution = None
    world.partner.save()
    assert not selectors.incidents_for(scope_of(world.partner)).exists()


def test_an_inactive_user_sees_nothing(world, records):
    world.admin.is_active = False
    world.admin.save()
    scope = scope_of(world.admin)
    assert not selectors.posts_for(scope).exists()
    assert not selectors.incidents_for(scope).exists()
    assert not selectors.report_queue(scope).exists()
