"""The desa situation API: a period with a known outcome per desa and its deciding records, the
summary, the default period, a bad period (400 with the Indonesian message), scope per role and
a query count that does not grow with the number of desa."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from sitrantib.fieldwork.enums import Situation
from sitrantib.fieldwork.situation import MESSAGE_BAD_PERIOD, current_month
from sitrantib.fieldwork.tests.factories import category, make_incident, make_visit, moment
from sitrantib.testing.factories import make_region_tree

pytestmark = pytest.mark.django_db

URL = "/api/v1/village-situations/"


def _as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_situations_of_a_month_with_the_deciding_records(world):
    make_visit(world, when=moment(dt.date(2026, 3, 5)))
    rawan = make_visit(
        world,
        village=world.sibling_village,
        when=moment(dt.date(2026, 3, 6)),
        situation=Situation.RAWAN,
    )
    # An incident that is not serious does not count; a serious one unhandled for more than
    # seven days does (the default rule).
    category("uji-ringan", serious=False)
    make_incident(world, when=moment(dt.date(2026, 3, 1)), code="uji-ringan")
    late = make_incident(
        world, village=world.sibling_village, when=moment(dt.date(2026, 3, 2)), code="curanmor"
    )
    response = _as(world.admin).get(URL + "?period=2026-03")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["period"] == {
        "key": "2026-03",
        "kind": "month",
        "label": "Maret 2026",
        "start": "2026-03-01",
        "end": "2026-03-31",
    }
    rows = {r["village"]: r for r in body["results"]}
    assert set(rows) == {world.village.code, world.sibling_village.code}
    own = rows[world.village.code]
    assert (own["peaceful"], own["monitored"], own["visits"]) == (True, True, 1)
    assert own["village_name"] == "Darungan"
    sibling = rows[world.sibling_village.code]
    assert sibling["peaceful"] is False
    failing = {c["code"]: c for c in sibling["conditions"] if not c["holds"]}
    assert set(failing) == {"rawan_resolved", "incidents_handled"}
    assert failing["rawan_resolved"]["label"]
    assert failing["rawan_resolved"]["evidence"] == [
        {"kind": "visit", "id": rawan.pk, "date": "2026-03-06", "text": "Ada keributan"}
    ]
    assert [(e["kind"], e["id"], e["date"]) for e in failing["incidents_handled"]["evidence"]] == [
        ("incident", late.pk, "2026-03-02")
    ]
    assert {c["code"] for c in own["conditions"]} == {
        "visited",
        "rawan_resolved",
        "incidents_handled",
    }
    assert body["summary"] == {
        "villages": 2,
        "monitored": 2,
        "peaceful": 1,
        "monitored_percent": 100.0,
        "peaceful_percent": 50.0,
    }


def test_api_situations_default_to_the_current_month(world):
    body = _as(world.admin).get(URL).json()
    assert body["period"]["key"] == current_month().key
    assert body["summary"]["monitored"] == 0


@pytest.mark.parametrize("period", ["2026-13", "Maret", "1999", "2026-Q5", "2026-03\x00", "9" * 50])
def test_api_situations_bad_period_is_400_with_the_message(world, period):
    response = _as(world.admin).get(URL, {"period": period})
    assert response.status_code == 400
    assert response.json()["errors"]["period"] == [MESSAGE_BAD_PERIOD]


def test_api_situations_quarter_and_year(world):
    make_visit(world, when=moment(dt.date(2026, 2, 5)))
    client = _as(world.admin)
    quarter = client.get(URL + "?period=2026-Q1").json()
    assert quarter["summary"]["monitored"] == 1
    year = client.get(URL + "?period=2026").json()
    assert (year["period"]["start"], year["period"]["end"]) == ("2026-01-01", "2026-12-31")


@pytest.mark.parametrize(
    ("role", "villages"),
    [
        ("admin", 2),
        ("camat", 2),
        ("staff", 2),
        ("operator", 1),
        ("partner", 0),
        ("outsider", 1),
        ("superuser", 0),
    ],
)
def test_api_situations_follow_the_scope(world, role, villages):
    response = _as(getattr(world, role)).get(URL + "?period=2026-03")
    assert response.status_code == 200
    assert len(response.json()["results"]) == villages
    assert response.json()["summary"]["villages"] == villages


def test_api_situations_of_one_kecamatan(world):
    client = _as(world.national)
    body = client.get(URL, {"period": "2026-03", "district": world.district.code}).json()
    assert {r["district"] for r in body["results"]} == {world.district.code}
    assert client.get(URL, {"district": "35\x00"}).status_code == 400


def test_api_situations_anonymous_is_401():
    assert APIClient().get(URL).status_code == 401


def _queries(world, extra_villages):
    if extra_villages:
        make_region_tree(
            district_code="35.08.05",
            villages=[(f"35.08.05.20{n:02d}", f"Desa {n}") for n in range(extra_villages)],
        )
    for village in [world.village, world.sibling_village]:
        make_visit(world, village=village, when=moment(dt.date(2026, 3, 5)), actor=world.national)
    client = _as(world.national)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL + "?period=2026-03")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3 + extra_villages
    return len(queries)


@pytest.mark.parametrize("extra", [0, 4])
def test_api_situations_query_count_does_not_grow_with_the_desa(world, extra):
    # The desa, their rules, visit counts, open rawan judgements and late serious incidents.
    assert _queries(world, extra) == 5
