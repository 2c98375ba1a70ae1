"""The incidents API: fields, scope per role (a partner sees only what was handed over to it),
create once per client id, validation errors in the body, updates, filters, the status
transition (allowed and refused moves, who, the note) and the list's query count."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from sitrantib.core.workflow import MESSAGE_MOVE_NOT_ALLOWED, MESSAGE_NOTE_REQUIRED
from sitrantib.fieldwork.enums import IncidentStatus
from sitrantib.fieldwork.models import Incident, IncidentTransition
from sitrantib.fieldwork.services import incidents as services
from sitrantib.fieldwork.services.incidents import MESSAGE_PARTNER_REQUIRED
from sitrantib.fieldwork.tests.factories import category, make_incident, moment
from sitrantib.regions.models import Hamlet
from sitrantib.testing.factories import make_institution

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"


def _as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(world, **extra):
    category("curanmor")
    body = {
        "client_id": str(uuid.uuid4()),
        "village": world.village.code,
        "category": "curanmor",
        "occurred_at": (timezone.now() - dt.timedelta(hours=3)).isoformat(),
        "description": "Sepeda motor hilang di depan rumah warga.",
        "place": "Depan masjid",
        "affected_count": 1,
        "losses": "Satu sepeda motor",
        "loss_amount": 15000000,
        "source": "patrol",
    }
    body.update(extra)
    return body


def _move(user, incident, status, **extra):
    return _as(user).post(
        f"{URL}{incident.pk}/transition/", {"status": status, **extra}, format="json"
    )


def test_api_incident_created_with_the_issue_fields(world):
    hamlet = Hamlet.objects.create(village=world.village, name="Krajan")
    response = _as(world.operator).post(URL, _body(world, hamlet=hamlet.pk), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    incident = Incident.objects.get()
    assert response["ETag"] == '"1"'
    assert data["id"] == incident.pk
    assert data["village"] == world.village.code
    assert data["category"] == "curanmor"
    assert data["status"] == "reported"
    assert data["hamlet"] == hamlet.pk
    assert data["loss_amount"] == 15000000
    assert isinstance(data["loss_amount"], int)
    assert data["is_serious"] is True  # as its category says
    assert data["handed_to"] is None
    assert data["occurred_at"]


def test_api_incident_same_client_id_again_returns_the_first_with_200(world):
    body = _body(world)
    client = _as(world.operator)
    first = client.post(URL, body, format="json")
    again = client.post(URL, {**body, "description": "Kiriman kedua"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Incident.objects.count() == 1


def test_api_incident_status_cannot_be_set_by_create_or_update(world):
    client = _as(world.admin)
    created = client.post(URL, _body(world, status="closed"), format="json").json()
    assert created["status"] == "reported"
    client.patch(f"{URL}{created['id']}/", {"status": "closed"}, format="json")
    assert Incident.objects.get().status == IncidentStatus.REPORTED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "tidak-ada"}, "category"),
        ({"category": "cur\x00anmor"}, "category"),
        ({"occurred_at": (timezone.now() + dt.timedelta(days=1)).isoformat()}, "occurred_at"),
        ({"occurred_at": "0000-01-01"}, "occurred_at"),
        ({"description": ""}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"loss_amount": 10**40}, "loss_amount"),
        ({"loss_amount": 1000.5}, "loss_amount"),
        ({"loss_amount": -1}, "loss_amount"),
        ({"affected_count": 10**20}, "affected_count"),
        ({"affected_count": -1}, "affected_count"),
        ({"source": "dukun"}, "source"),
        ({"client_id": 12}, "client_id"),
        ({"client_id": "zzzz"}, "client_id"),
        ({"hamlet": 2**64}, "hamlet"),
        ({"village": "\x00"}, "village"),
        ({"latitude": "NaN", "longitude": 1}, "latitude"),
    ],
)
def test_api_incident_bad_input_is_400_naming_the_field(world, change, field):
    response = _as(world.admin).post(URL, _body(world, **change), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert Incident.objects.count() == 0


def test_api_incident_hamlet_of_another_desa_is_refused(world):
    other = Hamlet.objects.create(village=world.sibling_village, name="Kidul")
    response = _as(world.admin).post(URL, _body(world, hamlet=other.pk), format="json")
    assert response.status_code == 400
    assert "hamlet" in response.json()["errors"]


def test_api_incident_loss_amount_accepts_a_whole_float(world):
    response = _as(world.admin).post(URL, _body(world, loss_amount=2500000.0), format="json")
    assert response.status_code == 201
    assert response.json()["loss_amount"] == 2500000


@pytest.mark.parametrize("role", ["camat", "staff", "partner", "superuser"])
def test_api_incident_create_refused_for_readers_and_others(world, role):
    assert _as(getattr(world, role)).post(URL, _body(world), format="json").status_code == 403


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", {"own", "sibling", "handed"}),
        ("camat", {"own", "sibling", "handed"}),
        ("operator", {"own", "handed"}),
        ("sibling_operator", {"sibling"}),
        ("partner", {"handed"}),
        ("outsider", set()),
        ("superuser", set()),
    ],
)
def test_api_incident_list_and_detail_follow_the_scope(world, role, sees):
    made = {
        "own": make_incident(world),
        "sibling": make_incident(world, village=world.sibling_village),
        "handed": make_incident(world),
    }
    services.transition_incident(
        incident=made["handed"],
        to_status="handed_over",
        handed_to=world.polsek,
        actor=world.admin,
    )
    client = _as(getattr(world, role))
    response = client.get(URL)
    assert response.status_code == 200
    assert {r["id"] for r in response.json()["results"]} == {made[k].pk for k in sees}
    for key, incident in made.items():
        expected = 200 if key in sees else 404
        assert client.get(f"{URL}{incident.pk}/").status_code == expected


def test_api_incident_operator_may_change_it_only_while_reported(world):
    client = _as(world.operator)
    created = client.post(URL, _body(world), format="json").json()
    url = f"{URL}{created['id']}/"
    response = client.patch(url, {"is_serious": False, "place": "Pasar"}, format="json")
    assert response.status_code == 200
    assert response.json()["place"] == "Pasar"
    assert response.json()["is_serious"] is True  # only the administrator changes it
    incident = Incident.objects.get()
    services.transition_incident(incident=incident, to_status="verified", actor=world.admin)
    locked = client.patch(url, {"place": "Sawah"}, format="json")
    assert locked.status_code == 400
    assert locked.json()["errors"]["non_field_errors"]
    admin = _as(world.admin).patch(url, {"is_serious": False}, format="json", HTTP_IF_MATCH='"3"')
    assert admin.status_code == 200, admin.json()
    assert admin.json()["is_serious"] is False
    assert admin.json()["place"] == "Pasar"


def test_api_incident_put_with_stale_if_match_is_412(world):
    client = _as(world.admin)
    created = client.post(URL, _body(world), format="json").json()
    url = f"{URL}{created['id']}/"
    body = {k: v for k, v in _body(world).items() if k != "client_id"}
    assert client.put(url, body, format="json", HTTP_IF_MATCH='"1"').status_code == 200
    stale = client.put(url, {**body, "place": "Lain"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale["ETag"] == '"2"'


# Transition --------------------------------------------------------------------------------------


def test_api_incident_moves_along_the_workflow_with_history(world):
    incident = make_incident(world, actor=world.operator)
    response = _move(world.admin, incident, "verified", note="Dicek di lokasi")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "verified"
    assert response["ETag"] == '"2"'
    response = _move(world.admin, incident, "handled")
    assert response.json()["status"] == "handled"
    assert response.json()["responded_at"] is not None
    response = _move(world.admin, incident, "closed")
    assert response.json()["status"] == "closed"
    history = list(IncidentTransition.objects.order_by("pk").values_list("to_status", "actor"))
    assert history == [
        ("verified", world.admin.pk),
        ("handled", world.admin.pk),
        ("closed", world.admin.pk),
    ]
    assert IncidentTransition.objects.first().note == "Dicek di lokasi"


def test_api_incident_handed_over_needs_a_partner_then_the_partner_sees_it(world):
    incident = make_incident(world)
    partner_client = _as(world.partner)
    assert partner_client.get(f"{URL}{incident.pk}/").status_code == 404
    missing = _move(world.admin, incident, "handed_over")
    assert missing.status_code == 400
    assert missing.json()["errors"]["status"] == [MESSAGE_PARTNER_REQUIRED]
    response = _move(world.admin, incident, "handed_over", handed_to=world.polsek.pk)
    assert response.status_code == 200, response.json()
    assert response.json()["handed_to"] == world.polsek.pk
    assert partner_client.get(f"{URL}{incident.pk}/").status_code == 200


def test_api_incident_handed_to_another_kecamatan_institution_is_refused(world):
    foreign = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    response = _move(world.admin, make_incident(world), "handed_over", handed_to=foreign.pk)
    assert response.status_code == 400
    assert "handed_to" in response.json()["errors"]


def test_api_incident_refused_move_and_missing_note(world):
    incident = make_incident(world)
    refused = _move(world.admin, incident, "closed")
    assert refused.status_code == 400
    assert refused.json()["errors"]["status"] == [
        MESSAGE_MOVE_NOT_ALLOWED % {"from": "Dilaporkan", "to": "Selesai"}
    ]
    no_note = _move(world.admin, incident, "rejected", note="  ")
    assert no_note.status_code == 400
    assert no_note.json()["errors"]["note"] == [MESSAGE_NOTE_REQUIRED % {"to": "Tidak terbukti"}]
    unknown = _move(world.admin, incident, "lenyap")
    assert unknown.status_code == 400
    assert _move(world.admin, incident, "rejected", note="Tidak ada bukti").status_code == 200
    assert Incident.objects.get().status == IncidentStatus.REJECTED


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("operator", 403),
        ("camat", 403),
        ("staff", 403),
        ("partner", 403),
        ("outsider", 404),
        ("superuser", 403),
    ],
)
def test_api_incident_only_the_section_moves_it(world, role, code):
    incident = make_incident(world)
    assert _move(getattr(world, role), incident, "verified").status_code == code
    assert Incident.objects.get().status == IncidentStatus.REPORTED


def test_api_incident_transition_with_stale_if_match_is_412(world):
    incident = make_incident(world)
    response = _as(world.admin).post(
        f"{URL}{incident.pk}/transition/",
        {"status": "verified"},
        format="json",
        HTTP_IF_MATCH='"7"',
    )
    assert response.status_code == 412
    assert Incident.objects.get().status == IncidentStatus.REPORTED


# Filters and counts ------------------------------------------------------------------------------


def test_api_incident_filters(world):
    category("banjir", serious=False)
    march = make_incident(world, when=moment(dt.date(2026, 3, 10)))
    flood = make_incident(
        world, village=world.sibling_village, when=moment(dt.date(2026, 3, 12)), code="banjir"
    )
    old = make_incident(world, when=moment(dt.date(2025, 12, 31), hour=23))
    services.transition_incident(incident=old, to_status="verified", actor=world.admin)
    client = _as(world.admin)

    def ids(query):
        response = client.get(URL + query)
        assert response.status_code == 200, response.json()
        return {r["id"] for r in response.json()["results"]}

    assert ids("?period=2026-03") == {march.pk, flood.pk}
    assert ids("?period=2025") == {old.pk}
    assert ids("?category=banjir") == {flood.pk}
    assert ids(f"?village={world.village.code}") == {march.pk, old.pk}
    assert ids("?status=verified") == {old.pk}
    assert client.get(URL + "?status=lenyap").status_code == 400
    assert client.get(URL + "?period=2026-Q5").status_code == 400


def test_api_incident_categories_are_the_active_ones_by_code(world):
    category("curanmor")
    retired = category("lama", serious=False)
    retired.is_active = False
    retired.save()
    client = _as(world.operator)
    codes = {r["code"] for r in client.get("/api/v1/incident-categories/").json()["results"]}
    assert "curanmor" in codes
    assert "lama" not in codes
    one = client.get("/api/v1/incident-categories/curanmor/")
    assert one.status_code == 200
    assert set(one.json()) == {"code", "name", "group", "is_serious", "order"}
    assert client.get("/api/v1/incident-categories/lama/").status_code == 404
    assert client.post("/api/v1/incident-categories/", {}, format="json").status_code == 405


def _list_queries(world, rows):
    for _n in range(rows):
        make_incident(world)
    client = _as(world.admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert len(response.json()["results"]) == rows
    return len(queries)


@pytest.mark.parametrize("rows", [1, 3])
def test_api_incident_list_query_count_is_flat(world, rows):
    # One page of incidents with desa, category, dusun and partner joined.
    assert _list_queries(world, rows) == 1
