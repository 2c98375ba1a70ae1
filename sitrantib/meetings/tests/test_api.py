import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework.test import APIClient

from sitrantib.meetings import services
from sitrantib.meetings.tests.factories import (
    koramil,
    koramil_partner,
    make_item,
    make_meeting,
    png_upload,
    village_government,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _as(api, user):
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.fixture
def setup(world):
    desa = village_government(world)
    other = koramil(world)
    meeting = make_meeting(world, invited=[world.polsek, desa])
    uninvited = make_meeting(world, invited=[other], title="Rapat Koramil")
    return {
        "meeting": meeting,
        "uninvited": uninvited,
        "polsek_item": make_item(world, meeting, description="Patroli Polsek"),
        "desa_item": make_item(world, meeting, owner=desa, description="Ronda desa"),
        "koramil_user": koramil_partner(world, other),
        "desa": desa,
    }


def test_api_create_meeting_kind_defaults_to_rapat_koordinasi(api, world):
    response = _as(api, world.admin).post(
        "/api/v1/meetings/",
        {
            "title": "Rapat April",
            "starts_at": "2026-04-14T09:00:00+07:00",
            "venue": "Pendopo",
            "agenda": ["Situasi"],
            "invited_institutions": [world.polsek.pk],
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["title"], body["venue"], body["district"], body["agenda_items"]) == (
        "rapat_koordinasi",
        "Rapat April",
        "Pendopo",
        "35.08.07",
        ["Situasi"],
    )
    assert body["starts_at"] == "2026-04-14T09:00:00+07:00"


def test_api_create_meeting_with_kind_code(api, world):
    response = _as(api, world.admin).post(
        "/api/v1/meetings/",
        {
            "title": "Evaluasi",
            "kind": "rapat_evaluasi",
            "starts_at": "2026-09-14T09:00:00+07:00",
            "venue": "Pendopo",
        },
        format="json",
    )

    assert (response.status_code, response.json()["kind"]) == (201, "rapat_evaluasi")


@pytest.mark.parametrize("role", ["camat", "staff", "partner", "operator"])
def test_api_create_meeting_by_reader_forbidden(api, world, role):
    response = _as(api, getattr(world, role)).post(
        "/api/v1/meetings/",
        {"title": "X", "starts_at": "2026-04-14T09:00:00+07:00", "venue": "Y"},
        format="json",
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        ("admin", ["Rapat Koordinasi FORKOMPIMKA Februari", "Rapat Koramil"]),
        ("camat", ["Rapat Koordinasi FORKOMPIMKA Februari", "Rapat Koramil"]),
        ("partner", ["Rapat Koordinasi FORKOMPIMKA Februari"]),
        ("operator", ["Rapat Koordinasi FORKOMPIMKA Februari"]),
        ("koramil_user", ["Rapat Koramil"]),
        ("sibling_operator", []),
        ("outsider", []),
    ],
)
def test_api_meetings_list_scoped(api, world, setup, role, titles):
    user = setup[role] if role == "koramil_user" else getattr(world, role)

    response = _as(api, user).get("/api/v1/meetings/")

    assert sorted(m["title"] for m in response.json()["results"]) == sorted(titles)


def test_api_meetings_anonymous_unauthorised(api, setup):
    meetings = api.get("/api/v1/meetings/")
    items = api.get("/api/v1/action-items/")

    # TokenAuthentication comes first: an anonymous call is 401 with a Token challenge.
    assert (meetings.status_code, meetings["WWW-Authenticate"]) == (401, "Token")
    assert (items.status_code, items["WWW-Authenticate"]) == (401, "Token")


@pytest.mark.parametrize(
    ("role", "descriptions"),
    [
        ("admin", ["Patroli Polsek", "Ronda desa"]),
        ("staff", ["Patroli Polsek", "Ronda desa"]),
        ("partner", ["Patroli Polsek"]),
        ("operator", ["Ronda desa"]),
        ("koramil_user", []),
        ("sibling_operator", []),
        ("outsider", []),
    ],
)
def test_api_action_items_list_scoped(api, world, setup, role, descriptions):
    user = setup[role] if role == "koramil_user" else getattr(world, role)

    response = _as(api, user).get("/api/v1/action-items/")

    assert sorted(i["description"] for i in response.json()["results"]) == descriptions


def test_api_action_item_fields(api, world, setup):
    item = setup["polsek_item"]

    body = _as(api, world.admin).get(f"/api/v1/action-items/{item.pk}/").json()

    assert {
        k: body[k] for k in ["meeting", "description", "owner_institution", "due_date", "status"]
    } == {
        "meeting": setup["meeting"].pk,
        "description": "Patroli Polsek",
        "owner_institution": world.polsek.pk,
        "due_date": item.due_date.isoformat(),
        "status": "open",
    }


def test_api_create_action_item_by_admin(api, world, setup):
    response = _as(api, world.admin).post(
        "/api/v1/action-items/",
        {
            "meeting": setup["meeting"].pk,
            "description": "Pasang spanduk",
            "owner_institution": world.polsek.pk,
            "due_date": "2026-03-01",
        },
        format="json",
    )

    assert (response.status_code, response.json()["status"]) == (201, "open")


def test_api_create_action_item_by_partner_forbidden(api, world, setup):
    response = _as(api, world.partner).post(
        "/api/v1/action-items/",
        {
            "meeting": setup["meeting"].pk,
            "description": "X",
            "owner_institution": world.polsek.pk,
            "due_date": "2026-03-01",
        },
        format="json",
    )

    assert response.status_code == 403


def test_api_partner_completes_own_item_with_photo(api, world, setup):
    item = setup["polsek_item"]
    client = _as(api, world.partner)

    started = client.post(
        f"/api/v1/action-items/{item.pk}/transition/", {"status": "in_progress"}, format="json"
    )
    refused = client.post(
        f"/api/v1/action-items/{item.pk}/transition/", {"status": "done"}, format="json"
    )
    uploaded = client.post(
        f"/api/v1/action-items/{item.pk}/evidence/",
        {"file": png_upload(), "note": "Foto patroli"},
        format="multipart",
    )
    done = client.post(
        f"/api/v1/action-items/{item.pk}/transition/",
        {"status": "done", "note": "Selesai"},
        format="json",
    )

    assert (started.status_code, refused.status_code, uploaded.status_code, done.status_code) == (
        200,
        400,
        201,
        200,
    )
    message = gettext(services.ERR_DONE_NEEDS_EVIDENCE)
    assert refused.json() == {"detail": message, "errors": {"status": [message]}}
    assert uploaded.json()["kind"] == "photo"
    assert (done.json()["status"], done.json()["is_followed_up"]) == ("done", True)


def test_api_transition_other_institution_item_not_found(api, world, setup):
    response = _as(api, setup["koramil_user"]).post(
        f"/api/v1/action-items/{setup['polsek_item'].pk}/transition/",
        {"status": "in_progress"},
        format="json",
    )

    assert response.status_code == 404


def test_api_transition_by_camat_forbidden(api, world, setup):
    response = _as(api, world.camat).post(
        f"/api/v1/action-items/{setup['polsek_item'].pk}/transition/",
        {"status": "in_progress"},
        format="json",
    )

    assert response.status_code == 403


def test_api_evidence_other_desa_operator_not_found(api, world, setup):
    response = _as(api, world.sibling_operator).post(
        f"/api/v1/action-items/{setup['desa_item'].pk}/evidence/", {"note": "x"}, format="multipart"
    )

    assert response.status_code == 404


def test_api_evidence_by_desa_operator(api, world, setup):
    response = _as(api, world.operator).post(
        f"/api/v1/action-items/{setup['desa_item'].pk}/evidence/",
        {"note": "Ronda berjalan"},
        format="multipart",
    )

    assert (response.status_code, response.json()["kind"]) == (201, "note")


def test_api_action_items_filter_status_and_overdue(api, world):
    meeting = make_meeting(world)
    today = timezone.localdate()
    late = make_item(world, meeting, due=today - dt.timedelta(days=1), description="Terlambat")
    make_item(world, meeting, due=today + dt.timedelta(days=1), description="Belum")
    services.transition_action_item(item=late, to_status="in_progress", actor=world.admin)
    client = _as(api, world.admin)

    by_status = client.get("/api/v1/action-items/?status=in_progress").json()["results"]
    overdue = client.get("/api/v1/action-items/?overdue=true").json()["results"]
    not_overdue = client.get("/api/v1/action-items/?overdue=false").json()["results"]

    assert [i["description"] for i in by_status] == ["Terlambat"]
    assert ([i["description"] for i in overdue], [i["description"] for i in not_overdue]) == (
        ["Terlambat"],
        ["Belum"],
    )


def test_api_schema_generates_without_warnings(world):
    client = Client()
    client.force_login(world.admin)

    response = client.get("/api/schema/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/action-items/{id}/transition/" in text
    assert "/api/v1/action-items/{id}/evidence/" in text


# Finding 2: editing through the API keeps the invitation addressees ----------------------------


def test_api_update_meeting_keeps_addressees_when_not_sent(api, world):
    kapolsek = services.create_person(
        institution=world.polsek, name="AKP Sugeng", position="Kapolsek", actor=world.admin
    )
    meeting = make_meeting(world)
    services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        invited_people=[kapolsek],
        actor=world.admin,
    )

    response = _as(api, world.admin).patch(
        f"/api/v1/meetings/{meeting.pk}/",
        {"title": "Rapat Februari (ralat)", "invited_institutions": [world.polsek.pk]},
        format="json",
    )

    assert (response.status_code, response.json()["invited_people"]) == (200, [kapolsek.pk])
    assert list(meeting.invitations.values_list("institution_id", "person_id")) == [
        (world.polsek.pk, kapolsek.pk)
    ]


def test_api_update_meeting_sets_addressees_when_sent(api, world):
    kapolsek = services.create_person(
        institution=world.polsek, name="AKP Sugeng", position="Kapolsek", actor=world.admin
    )
    meeting = make_meeting(world)

    response = _as(api, world.admin).patch(
        f"/api/v1/meetings/{meeting.pk}/", {"invited_people": [kapolsek.pk]}, format="json"
    )

    assert (response.status_code, response.json()["invited_people"]) == (200, [kapolsek.pk])


# Finding 8: ids outside the caller's scope answer exactly like ids that do not exist -------------


@pytest.fixture
def foreign(world):
    """A meeting, institution, person and decision of the other kecamatan."""
    from sitrantib.testing.factories import make_institution

    polres = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    meeting = make_meeting(
        world, district=world.other_district, invited=[polres], actor=world.national
    )
    person = services.create_person(
        institution=polres, name="Iptu Lain", position="Kapolsek", actor=world.national
    )
    decision = services.add_decision(meeting=meeting, text="Lain", actor=world.national)
    return {"meeting": meeting, "institution": polres, "person": person, "decision": decision}


UNKNOWN_ID = 987654


def _same_answer(body, pk):
    """The error body with the id itself blanked out, to compare two answers."""
    return json.dumps(body).replace(f'"{pk}"', '"ID"').replace(str(pk), "ID")


@pytest.mark.parametrize("param", ["meeting", "owner_institution"])
def test_api_action_items_filter_foreign_id_same_as_unknown(api, world, setup, foreign, param):
    client = _as(api, world.admin)
    foreign_id = foreign["meeting" if param == "meeting" else "institution"].pk

    out_of_scope = client.get(f"/api/v1/action-items/?{param}={foreign_id}")
    unknown = client.get(f"/api/v1/action-items/?{param}={UNKNOWN_ID}")

    assert out_of_scope.status_code == unknown.status_code == 400
    assert out_of_scope.json() == unknown.json()


@pytest.mark.parametrize("field", ["meeting", "owner_institution", "owner_person", "decision"])
def test_api_create_action_item_foreign_id_same_as_unknown(api, world, setup, foreign, field):
    body = {
        "meeting": setup["meeting"].pk,
        "description": "Pasang spanduk",
        "owner_institution": world.polsek.pk,
        "due_date": "2026-03-01",
    }
    foreign_id = foreign[
        {"owner_institution": "institution", "owner_person": "person"}.get(field, field)
    ].pk
    client = _as(api, world.admin)

    out_of_scope = client.post("/api/v1/action-items/", {**body, field: foreign_id}, format="json")
    unknown = client.post("/api/v1/action-items/", {**body, field: UNKNOWN_ID}, format="json")

    assert out_of_scope.status_code == unknown.status_code == 400
    assert _same_answer(out_of_scope.json(), foreign_id) == _same_answer(unknown.json(), UNKNOWN_ID)
    assert list(out_of_scope.json()["errors"]) == [field]


@pytest.mark.parametrize("field", ["invited_institutions", "invited_people"])
def test_api_create_meeting_foreign_invitee_same_as_unknown(api, world, foreign, field):
    foreign_id = foreign["institution" if field == "invited_institutions" else "person"].pk
    body = {"title": "Rapat", "starts_at": "2026-04-14T09:00:00+07:00", "venue": "Pendopo"}
    client = _as(api, world.admin)

    out_of_scope = client.post("/api/v1/meetings/", {**body, field: [foreign_id]}, format="json")
    unknown = client.post("/api/v1/meetings/", {**body, field: [UNKNOWN_ID]}, format="json")

    assert out_of_scope.status_code == unknown.status_code == 400
    assert _same_answer(out_of_scope.json(), foreign_id) == _same_answer(unknown.json(), UNKNOWN_ID)
    assert list(out_of_scope.json()["errors"]) == [field]
