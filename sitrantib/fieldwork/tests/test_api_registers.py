"""The Poskamling and Satgas registers API: fields with the roster and members read nested,
scope per role, writes through the services with versions, validation errors in the body, and
the lists' query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from sitrantib.fieldwork.models import Post, TaskForce
from sitrantib.fieldwork.services import registers
from sitrantib.fieldwork.tests.factories import make_post, make_task_force, make_visit

pytestmark = pytest.mark.django_db

POSTS = "/api/v1/posts/"
TASK_FORCES = "/api/v1/task-forces/"


def _as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _roster(world, post):
    registers.set_roster(
        post=post,
        nights=[
            registers.DutyNight(
                weekday=5,
                group_name="Regu A",
                people=[registers.Person(name="Slamet"), registers.Person(name="Parman")],
            )
        ],
        actor=world.admin,
    )


def test_api_post_created_and_read_with_roster(world):
    client = _as(world.operator)
    response = client.post(
        POSTS,
        {
            "village": world.village.code,
            "name": "Pos Kamling Krajan",
            "rw": "01",
            "rt": "03",
            "equipment": ["light", "kentongan"],
            "latitude": -8.2,
            "longitude": 113.3,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response["ETag"] == '"1"'
    post = Post.objects.get()
    assert post.created_by == world.operator
    assert response.json()["equipment"] == ["kentongan", "light"]
    _roster(world, post)
    make_visit(world, posts=[post])
    data = client.get(f"{POSTS}{post.pk}/").json()
    assert data["village"] == world.village.code
    assert data["roster"] == [
        {
            "weekday": 5,
            "group_name": "Regu A",
            "people": [{"name": "Slamet", "member": None}, {"name": "Parman", "member": None}],
        }
    ]
    assert data["last_visit"] is not None
    assert (data["latitude"], data["longitude"]) == (-8.2, 113.3)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"village": "35.08.07.2002"}, "village"),  # not the operator's desa
        ({"equipment": ["meriam"]}, "equipment"),
        ({"condition": "hancur"}, "condition"),
        ({"latitude": -8.2}, "longitude"),
        ({"hamlet": 99999}, "hamlet"),
        ({"note": "a\x07b"}, "note"),
    ],
)
def test_api_post_bad_input_is_400_naming_the_field(world, change, field):
    body = {"village": world.village.code, "name": "Pos Baru", **change}
    response = _as(world.operator).post(POSTS, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert Post.objects.count() == 0


def test_api_post_same_name_twice_in_a_desa_is_refused(world):
    make_post(world, name="Pos Timur")
    response = _as(world.admin).post(
        POSTS, {"village": world.village.code, "name": "Pos Timur"}, format="json"
    )
    assert response.status_code == 400
    assert Post.objects.count() == 1


def test_api_post_patch_with_if_match_and_stale(world):
    post = make_post(world)
    client = _as(world.operator)
    url = f"{POSTS}{post.pk}/"
    response = client.patch(url, {"condition": "minor_damage"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    assert (
        client.patch(url, {"is_active": False}, format="json", HTTP_IF_MATCH='"1"').status_code
        == 412
    )
    assert Post.objects.get().is_active is True
    moved = client.patch(url, {"village": world.sibling_village.code}, format="json")
    assert moved.status_code == 400


def test_api_post_patch_of_one_coordinate_keeps_the_other(world):
    post = make_post(world, latitude="-8.1", longitude="113.2")
    response = _as(world.admin).patch(f"{POSTS}{post.pk}/", {"latitude": -8.3}, format="json")
    assert response.status_code == 200
    assert (response.json()["latitude"], response.json()["longitude"]) == (-8.3, 113.2)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", {"own", "sibling"}),
        ("staff", {"own", "sibling"}),
        ("operator", {"own"}),
        ("partner", set()),
        ("outsider", set()),
        ("superuser", set()),
    ],
)
def test_api_registers_follow_the_scope(world, role, sees):
    posts = {"own": make_post(world), "sibling": make_post(world, village=world.sibling_village)}
    forces = {
        "own": make_task_force(world),
        "sibling": make_task_force(world, village=world.sibling_village),
    }
    client = _as(getattr(world, role))
    assert {r["id"] for r in client.get(POSTS).json()["results"]} == {posts[k].pk for k in sees}
    assert {r["id"] for r in client.get(TASK_FORCES).json()["results"]} == {
        forces[k].pk for k in sees
    }
    for key in ("own", "sibling"):
        expected = 200 if key in sees else 404
        assert client.get(f"{POSTS}{posts[key].pk}/").status_code == expected
        assert client.get(f"{TASK_FORCES}{forces[key].pk}/").status_code == expected


@pytest.mark.parametrize("role", ["camat", "staff", "partner", "superuser"])
def test_api_register_writes_refused_for_readers(world, role):
    post = make_post(world)
    client = _as(getattr(world, role))
    assert (
        client.post(POSTS, {"village": world.village.code, "name": "X"}, format="json").status_code
        == 403
    )
    assert client.patch(f"{POSTS}{post.pk}/", {"name": "Y"}, format="json").status_code == 403
    assert (
        client.post(TASK_FORCES, {"village": world.village.code}, format="json").status_code == 403
    )


def test_api_post_of_other_desa_is_404_for_its_operator(world):
    post = make_post(world, village=world.sibling_village)
    response = _as(world.operator).patch(f"{POSTS}{post.pk}/", {"name": "Y"}, format="json")
    assert response.status_code == 404


def test_api_task_force_created_with_members_read_nested(world):
    client = _as(world.admin)
    response = client.post(
        TASK_FORCES,
        {
            "village": world.village.code,
            "decree_number": "188/12/427.97/2026",
            "decree_date": "2026-01-15",
            "leader_name": "Sutrisno",
            "vest_count": 10,
            "radio_count": 2,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    task_force = TaskForce.objects.get()
    registers.set_task_force_members(
        task_force=task_force,
        people=[registers.Person(name="Parman", position="Anggota", rw="02")],
        actor=world.admin,
    )
    data = client.get(f"{TASK_FORCES}{task_force.pk}/").json()
    assert data["members"] == [
        {"name": "Parman", "member": None, "position": "Anggota", "rw": "02"}
    ]
    assert data["member_count"] == 1
    assert data["leader_name"] == "Sutrisno"
    second = client.post(TASK_FORCES, {"village": world.village.code}, format="json")
    assert second.status_code == 400
    assert "village" in second.json()["errors"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"vest_count": -1}, "vest_count"),
        ({"radio_count": 10**12}, "radio_count"),
        ({"decree_date": "0252-01-01"}, "decree_date"),
        ({"leader_member": 10**25}, "leader_member"),
        ({"leader_member": 1.5}, "leader_member"),
    ],
)
def test_api_task_force_bad_input_is_400(world, change, field):
    body = {"village": world.village.code, **change}
    response = _as(world.admin).post(TASK_FORCES, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert TaskForce.objects.count() == 0


def _post_queries(world, rows):
    for n in range(rows):
        _roster(world, make_post(world, name=f"Pos {n}"))
    client = _as(world.admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(POSTS)
    assert len(response.json()["results"]) == rows
    assert all(r["roster"] for r in response.json()["results"])
    return len(queries)


@pytest.mark.parametrize("rows", [1, 3])
def test_api_post_list_query_count_is_flat(world, rows):
    # The page of posts with their last visit, then the roster nights and their people.
    assert _post_queries(world, rows) == 3


def _task_force_queries(world, rows):
    villages = [world.village, world.sibling_village, world.foreign_village][:rows]
    for village in villages:
        task_force = registers.create_task_force(
            village=village, data={"leader_name": "Ketua"}, actor=world.national
        )
        registers.set_task_force_members(
            task_force=task_force, people=[registers.Person(name="Anggota")], actor=world.national
        )
    client = _as(world.national)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(TASK_FORCES)
    assert len(response.json()["results"]) == rows
    return len(queries)


@pytest.mark.parametrize("rows", [1, 3])
def test_api_task_force_list_query_count_is_flat(world, rows):
    # The page of Satgas with desa, leader and member count, then the members.
    assert _task_force_queries(world, rows) == 2
