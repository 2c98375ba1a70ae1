import pytest

from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_api_plan_has_year_sections_activities_and_indicators(client, world):
    plan = make_plan(world)
    client.force_login(world.staff)

    response = client.get(f"/api/v1/plans/{plan.pk}/")

    data = response.json()
    assert response["ETag"] == '"1"'
    assert (data["year"], data["status"], len(data["sections"]), len(data["indicators"])) == (
        2026,
        "draft",
        1,
        2,
    )
    assert [a["months"] for a in data["activities"]] == [[2, 4], [3]]
    assert data["activities"][0]["participants"] == [
        {"name": "Linmas", "count": 180, "printed": ""}
    ]


def test_api_camat_approves_with_if_match(client, world):
    plan = make_plan(world)
    client.force_login(world.camat)

    stale = client.post(
        f"/api/v1/plans/{plan.pk}/transition/",
        {"status": "approved"},
        content_type="application/json",
        headers={"If-Match": '"9"'},
    )
    response = client.post(
        f"/api/v1/plans/{plan.pk}/transition/",
        {"status": "approved"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )

    plan.refresh_from_db()
    assert (stale.status_code, response.status_code, plan.status) == (412, 200, PlanStatus.APPROVED)
    assert response.json()["approved_by"] == "camat"


def test_api_admin_cannot_approve(client, world):
    plan = make_plan(world)
    client.force_login(world.admin)

    response = client.post(
        f"/api/v1/plans/{plan.pk}/transition/",
        {"status": "approved"},
        content_type="application/json",
    )

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["operator", "partner", "outsider"])
def test_api_plans_are_scoped(client, world, who):
    plan = make_plan(world)
    client.force_login(getattr(world, who))

    assert client.get("/api/v1/plans/").json()["results"] == []
    assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_api_plan_list_queries_do_not_grow(client, world, django_assert_num_queries, count):
    for i in range(count):
        make_plan(world, year=2030 + i)
    client.force_login(world.admin)

    with django_assert_num_queries(11):
        response = client.get("/api/v1/plans/")

    assert len(response.json()["results"]) == count
