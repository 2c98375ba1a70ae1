"""The visits API: fields, scope per role, create once per client id (200 vs 201), validation
errors in the body, updates with versions, filters and the list's query count."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from sitrantib.fieldwork.models import Visit, VisitRecommendation
from sitrantib.fieldwork.services.visits import MESSAGE_REASON_REQUIRED
from sitrantib.fieldwork.tests.factories import make_post, make_task_force, make_visit, moment

pytestmark = pytest.mark.django_db

URL = "/api/v1/visits/"


def _as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(world, **extra):
    body = {
        "client_id": str(uuid.uuid4()),
        "village": world.village.code,
        "kind": "monitoring",
        "visited_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
        "situation": "kondusif",
        "activity_types": ["patrol", "detection"],
        "findings": "Pos aktif, ronda berjalan.",
        "team": [{"name": "Sutrisno", "institution": world.polsek.pk, "position": "Bhabin"}],
        "recommendations": ["Perbaiki lampu pos", "Tambah jadwal ronda"],
        "latitude": -8.2345671,
        "longitude": 113.3012346,
    }
    body.update(extra)
    return body


def test_api_visit_created_with_every_field_and_etag(world):
    post = make_post(world)
    task_force = make_task_force(world)
    body = _body(world, posts=[post.pk], task_force=task_force.pk, place="Balai desa")
    response = _as(world.operator).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    visit = Visit.objects.get()
    assert response["ETag"] == '"1"'
    assert data["id"] == visit.pk
    assert data["client_id"] == body["client_id"]
    assert data["village"] == world.village.code
    assert data["posts"] == [post.pk]
    assert data["task_force"] == task_force.pk
    assert data["activity_types"] == ["detection", "patrol"]
    assert data["team"] == [
        {"name": "Sutrisno", "institution": world.polsek.pk, "position": "Bhabin"}
    ]
    assert data["recommendations"] == ["Perbaiki lampu pos", "Tambah jadwal ronda"]
    assert (data["latitude"], data["longitude"]) == (-8.234567, 113.301235)
    assert data["resolved_on"] is None
    assert visit.created_by == world.operator


def test_api_visit_same_client_id_again_returns_the_first_with_200(world):
    body = _body(world)
    client = _as(world.operator)
    first = client.post(URL, body, format="json")
    again = client.post(URL, {**body, "findings": "Kiriman ulang"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["findings"] == "Pos aktif, ronda berjalan."
    assert Visit.objects.count() == 1


def test_api_visit_client_id_of_another_desa_is_refused_not_shown(world):
    body = _body(world)
    assert _as(world.operator).post(URL, body, format="json").status_code == 201
    response = _as(world.sibling_operator).post(
        URL, {**body, "village": world.sibling_village.code}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["client_id"]
    assert Visit.objects.count() == 1


def test_api_visit_without_client_id_creates_each_time(world):
    client = _as(world.admin)
    body = _body(world)
    del body["client_id"]
    assert client.post(URL, body, format="json").status_code == 201
    assert client.post(URL, body, format="json").status_code == 201
    assert Visit.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"situation": "rawan", "situation_reason": ""}, "situation_reason"),
        ({"client_id": "bukan-uuid"}, "client_id"),
        ({"visited_at": "9999-01-01T10:00:00+07:00"}, "visited_at"),
        ({"visited_at": "2026-02-30T10:00"}, "visited_at"),
        ({"kind": "piknik"}, "kind"),
        ({"activity_types": ["patrol", "menari"]}, "activity_types"),
        ({"latitude": 91, "longitude": 100}, "latitude"),
        ({"latitude": -8.1, "longitude": None}, "longitude"),
        ({"latitude": 1e308, "longitude": 1}, "latitude"),
        ({"findings": "a\x00b"}, "findings"),
        ({"posts": [2**70]}, "posts"),
        ({"posts": [999999]}, "posts"),
        ({"team": [{"name": "X", "institution": 10**30}]}, "team"),
        ({"village": "35.08.07.2002"}, "village"),  # the sibling desa: not the operator's
        ({"ended_at": (timezone.now() - dt.timedelta(days=2)).isoformat()}, "ended_at"),
    ],
)
def test_api_visit_bad_input_is_400_naming_the_field(world, change, field):
    response = _as(world.operator).post(URL, _body(world, **change), format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body["errors"], body
    assert body["detail"]
    assert Visit.objects.count() == 0


def test_api_visit_reason_message_is_indonesian(world):
    response = _as(world.operator).post(
        URL, _body(world, situation="waspada", situation_reason=""), format="json"
    )
    assert response.json()["errors"]["situation_reason"] == [
        MESSAGE_REASON_REQUIRED % {"situation": "Waspada"}
    ]


def test_api_visit_post_of_another_desa_is_refused(world):
    other_post = make_post(world, village=world.sibling_village)
    response = _as(world.admin).post(URL, _body(world, posts=[other_post.pk]), format="json")
    assert response.status_code == 400
    assert "posts" in response.json()["errors"]


@pytest.mark.parametrize("role", ["camat", "staff", "partner", "superuser"])
def test_api_visit_create_refused_for_readers_and_others(world, role):
    response = _as(getattr(world, role)).post(URL, _body(world), format="json")
    assert response.status_code == 403
    assert Visit.objects.count() == 0


def test_api_visit_create_for_another_kecamatan_is_refused(world):
    response = _as(world.outsider).post(URL, _body(world), format="json")
    assert response.status_code == 400
    assert "village" in response.json()["errors"]


def test_api_visit_anonymous_is_401():
    assert APIClient().get(URL).status_code == 401


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", {"own", "sibling"}),
        ("camat", {"own", "sibling"}),
        ("staff", {"own", "sibling"}),
        ("operator", {"own"}),
        ("sibling_operator", {"sibling"}),
        ("partner", set()),
        ("outsider", {"foreign"}),
        ("superuser", set()),
        ("national", {"own", "sibling", "foreign"}),
    ],
)
def test_api_visit_list_and_detail_follow_the_scope(world, role, sees):
    outsider_visit = make_visit(world, village=world.foreign_village, actor=world.outsider)
    made = {
        "own": make_visit(world),
        "sibling": make_visit(world, village=world.sibling_village),
        "foreign": outsider_visit,
    }
    client = _as(getattr(world, role))
    listed = {r["id"] for r in client.get(URL).json()["results"]}
    assert listed == {made[k].pk for k in sees}
    for key, visit in made.items():
        expected = 200 if key in sees else 404
        assert client.get(f"{URL}{visit.pk}/").status_code == expected


def test_api_visit_patch_keeps_what_was_not_sent_and_checks_if_match(world):
    client = _as(world.operator)
    created = client.post(URL, _body(world), format="json").json()
    url = f"{URL}{created['id']}/"
    response = client.patch(
        url,
        {"situation": "rawan", "situation_reason": "Ada perkelahian pemuda"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    data = response.json()
    assert data["situation"] == "rawan"
    assert data["team"] == created["team"]
    assert data["recommendations"] == created["recommendations"]
    assert data["activity_types"] == created["activity_types"]
    assert data["client_id"] == created["client_id"]
    stale = client.patch(url, {"findings": "Lama"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert Visit.objects.get().findings == created["findings"]


def test_api_visit_update_cannot_move_the_desa_nor_the_client_id(world):
    client = _as(world.admin)
    created = client.post(URL, _body(world), format="json").json()
    url = f"{URL}{created['id']}/"
    moved = client.patch(url, {"village": world.sibling_village.code}, format="json")
    assert moved.status_code == 400
    assert "village" in moved.json()["errors"]
    client.patch(url, {"client_id": str(uuid.uuid4())}, format="json")
    assert str(Visit.objects.get().client_id) == created["client_id"]


def test_api_visit_update_by_other_desa_operator_is_404_and_by_camat_403(world):
    visit = make_visit(world)
    url = f"{URL}{visit.pk}/"
    assert (
        _as(world.sibling_operator).patch(url, {"findings": "x"}, format="json").status_code == 404
    )
    assert _as(world.camat).patch(url, {"findings": "x"}, format="json").status_code == 403


def test_api_visit_recommendation_in_the_ledger_stays_on_update(world):
    client = _as(world.admin)
    created = client.post(URL, _body(world), format="json").json()
    response = client.patch(
        f"{URL}{created['id']}/", {"recommendations": ["Satu saja"]}, format="json"
    )
    assert response.json()["recommendations"] == ["Satu saja"]
    assert VisitRecommendation.objects.count() == 1


def test_api_visit_filters(world):
    march = make_visit(world, when=moment(dt.date(2026, 3, 31), hour=23))
    april = make_visit(world, when=moment(dt.date(2026, 4, 1), hour=0))
    rawan = make_visit(
        world, village=world.sibling_village, when=moment(dt.date(2026, 3, 2)), situation="rawan"
    )
    client = _as(world.admin)

    def ids(query):
        response = client.get(URL + query)
        assert response.status_code == 200, response.json()
        return {r["id"] for r in response.json()["results"]}

    assert ids("?period=2026-03") == {march.pk, rawan.pk}
    assert ids("?period=2026-04") == {april.pk}
    assert ids("?period=2026-Q1") == {march.pk, rawan.pk}
    assert ids(f"?village={world.sibling_village.code}") == {rawan.pk}
    assert ids("?situation=rawan") == {rawan.pk}
    assert ids("?kind=evaluation") == set()


@pytest.mark.parametrize(
    "query", ["?period=2026-13", "?period=abc", "?kind=x", "?village=%00", "?period=99999-01"]
)
def test_api_visit_bad_filter_is_400(world, query):
    response = _as(world.admin).get(URL + query)
    assert response.status_code == 400
    assert response.json()["errors"]


def _list_queries(world, rows):
    post = make_post(world)
    for _n in range(rows):
        visit = make_visit(world, posts=[post], recommendations=["Satu", "Dua"])
        assert visit.pk
    client = _as(world.admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert len(response.json()["results"]) == rows
    return len(queries)


@pytest.mark.parametrize("rows", [1, 3])
def test_api_visit_list_query_count_is_flat(world, rows):
    # The page of visits, then posts, team and recommendations (one query each).
    assert _list_queries(world, rows) == 4
