"""No lost update on survey periods and the element set; bounded input on the survey API."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import Element, SurveyPeriod
from sitrantib.surveys.services import ELEMENT_FIELDS, save_element_set
from sitrantib.surveys.tests.conftest import make_period, payload

pytestmark = pytest.mark.django_db


def web(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def period_post(period: SurveyPeriod, **changes: Any) -> dict[str, Any]:
    data = {
        "title": period.title,
        "service_unit": period.service_unit,
        "services": period.services,
        "period_start": period.period_start.isoformat(),
        "period_end": period.period_end.isoformat(),
        "population": period.population,
        "follow_up_plan": period.follow_up_plan,
        "version": period.version,
    }
    data.update(changes)
    return data


def test_period_form_second_stale_save_is_refused_keeping_typed_values(world: Any) -> None:
    period = make_period(world)
    before = period.version
    opened = period_post(period)
    first = web(world.admin).post(f"/survei/{period.pk}/ubah/", {**opened, "title": "Judul A"})
    second = web(world.national).post(f"/survei/{period.pk}/ubah/", {**opened, "title": "Judul B"})
    period.refresh_from_db()
    html = second.content.decode()
    assert (first.status_code, second.status_code) == (302, 200)
    assert (period.title, period.version) == ("Judul A", before + 1)
    assert "sudah diubah oleh" in html
    assert "Judul A" in html
    assert 'value="Judul B"' in html


def test_period_form_without_version_still_saves(world: Any) -> None:
    period = make_period(world)
    data = period_post(period, title="Tanpa versi")
    del data["version"]
    reply = web(world.admin).post(f"/survei/{period.pk}/ubah/", data)
    period.refresh_from_db()
    assert (reply.status_code, period.title) == (302, "Tanpa versi")


def test_api_get_carries_etag(world: Any) -> None:
    period = make_period(world)
    reply = api(world.admin).get(f"/api/v1/surveys/{period.pk}/")
    assert reply["ETag"] == f'"{period.version}"'


def test_api_patch_with_stale_if_match_is_412_and_changes_nothing(world: Any) -> None:
    period = make_period(world)
    etag = api(world.admin).get(f"/api/v1/surveys/{period.pk}/")["ETag"]
    first = api(world.admin).patch(
        f"/api/v1/surveys/{period.pk}/", {"title": "Satu"}, format="json", HTTP_IF_MATCH=etag
    )
    second = api(world.national).patch(
        f"/api/v1/surveys/{period.pk}/", {"title": "Dua"}, format="json", HTTP_IF_MATCH=etag
    )
    period.refresh_from_db()
    assert (first.status_code, second.status_code, period.title) == (200, 412, "Satu")
    assert first["ETag"] == f'"{period.version}"'
    assert second.json()["detail"].startswith("Data ini sudah diubah oleh")


def test_api_patch_without_if_match_goes_through(world: Any) -> None:
    period = make_period(world)
    reply = api(world.admin).patch(
        f"/api/v1/surveys/{period.pk}/", {"population": 1000}, format="json"
    )
    period.refresh_from_db()
    assert (reply.status_code, period.population, period.sample_target) == (200, 1000, 278)


def test_api_transition_with_note_and_stale_if_match(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT)
    client = api(world.admin)
    moved = client.post(
        f"/api/v1/surveys/{period.pk}/transition/",
        {"status": "open", "note": "Mulai"},
        format="json",
        HTTP_IF_MATCH=f'"{period.version}"',
    )
    stale = client.post(
        f"/api/v1/surveys/{period.pk}/transition/",
        {"status": "closed"},
        format="json",
        HTTP_IF_MATCH=f'"{period.version}"',
    )
    period.refresh_from_db()
    assert (moved.status_code, stale.status_code, period.status) == (200, 412, "open")
    assert period.opened_at is not None


@pytest.mark.parametrize("population", [10**14, 10_000_001])
def test_api_refuses_population_beyond_any_kecamatan(world: Any, population: int) -> None:
    body = {
        "title": "X",
        "service": "Y",
        "period_start": "2026-01-01",
        "period_end": "2026-01-02",
        "population": population,
    }
    reply = api(world.admin).post("/api/v1/surveys/", body, format="json")
    assert reply.status_code == 400
    assert list(reply.json()["errors"]) == ["population"]
    assert SurveyPeriod.objects.count() == 0


def test_period_form_refuses_population_of_ten_to_the_fourteen(world: Any) -> None:
    period = make_period(world)
    reply = web(world.admin).post(
        f"/survei/{period.pk}/ubah/", period_post(period, population=10**14)
    )
    period.refresh_from_db()
    assert reply.status_code == 200
    assert "10000000" in reply.content.decode() or "10.000.000" in reply.content.decode()
    assert period.population != 10**14


def test_public_response_refuses_json_nested_100000_deep(open_period: Any) -> None:
    body = payload()
    deep = "[" * 100_000 + "]" * 100_000
    raw = '{"client_id": "' + str(body["client_id"]) + '", "answers": ' + deep + "}"
    reply = APIClient().post(
        f"/api/v1/surveys/{open_period.pk}/responses/", raw, content_type="application/json"
    )
    assert reply.status_code == 400
    assert set(reply.json()) == {"detail", "errors"}


def _rows() -> list[dict[str, Any]]:
    return [
        {name: (1 if name == "weight" else f"{name}-{code}") for name in ELEMENT_FIELDS}
        | {"code": code}
        for code in ("A1", "A2")
    ]


def _element_post(rows: list[dict[str, Any]], opened: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "unsur-TOTAL_FORMS": len(rows),
        "unsur-INITIAL_FORMS": len(rows),
        "unsur-MIN_NUM_FORMS": 0,
        "unsur-MAX_NUM_FORMS": 1000,
        "opened": opened,
    }
    for index, row in enumerate(rows):
        for name in ELEMENT_FIELDS:
            data[f"unsur-{index}-{name}"] = row[name]
    return data


def test_element_set_second_stale_save_is_refused(world: Any) -> None:
    save_element_set(district=world.district, rows=_rows(), actor=world.admin)
    page = web(world.admin).get("/survei/unsur/").content.decode()
    opened = page.split('name="opened" value="')[1].split('"')[0].replace("&quot;", '"')
    first = [dict(r) for r in _rows()]
    first[0]["name"] = "Nama dari admin"
    second = [dict(r) for r in _rows()]
    second[1]["name"] = "Nama dari root"
    one = web(world.admin).post("/survei/unsur/", _element_post(first, opened))
    two = web(world.national).post(
        f"/survei/unsur/?kecamatan={world.district.code}", _element_post(second, opened)
    )
    names = list(Element.objects.filter(district=world.district).values_list("name", flat=True))
    html = two.content.decode()
    assert (one.status_code, two.status_code) == (302, 200)
    assert names == ["Nama dari admin", "name-A2"]
    assert "sudah diubah oleh" in html
    assert "Nama dari admin" in html
    assert 'value="Nama dari root"' in html
