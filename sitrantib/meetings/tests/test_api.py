import datetime as dt

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
    assert api.get("/api/v1/meetings/").status_code in (401, 403)
    assert api.get("/api/v1/action-items/").status_code in (401, 403)


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
    assert refused.json() == {"detail": [gettext(services.ERR_DONE_NEEDS_EVIDENCE)]}
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
