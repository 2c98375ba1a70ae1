"""Who reads what through the indicators API (sitrantib/indicators/access.py): every role of the
world, a kecamatan outside the scope (404, like an unknown one), a wide coverage that must name
its kecamatan (400 without it), the partner that reads figures but not records, anonymous 401."""

import pytest
from rest_framework.test import APIClient

from sitrantib.indicators.api.views import (
    MESSAGE_DISTRICT_REQUIRED,
    MESSAGE_NO_DISTRICT,
    MESSAGE_NOT_READER,
    MESSAGE_NOT_RECORD_READER,
)
from sitrantib.indicators.tests.test_api import manual_indicator

pytestmark = pytest.mark.django_db

LIST = "/api/v1/indicators/"
VALUES = "/api/v1/indicators/ikm/values/"
RECORDS = "/api/v1/indicators/ikm/records/"
ALL = (LIST, VALUES, RECORDS)


@pytest.fixture
def indicators(world):
    manual_indicator(world.district, "ikm", values={"2026": "70"})
    manual_indicator(world.other_district, "ikm", target="50", values={"2026": "10"})
    return world


def _get(user, url, **params):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(url, {"year": "2026", **params})


@pytest.mark.parametrize("role", ["admin", "camat", "staff"])
def test_kecamatan_officers_read_their_own_kecamatan(indicators, role):
    user = getattr(indicators, role)
    for url in ALL:
        response = _get(user, url)
        assert response.status_code == 200, (url, response.json())
    [item] = _get(user, LIST).json()
    assert (item["code"], item["target"], item["value"]) == ("ikm", "75.00", "70.00")
    own = _get(user, LIST, kecamatan="35.08.07").json()
    assert [i["target"] for i in own] == ["75.00"]


def test_another_kecamatans_admin_reads_only_their_own(indicators):
    [item] = _get(indicators.outsider, LIST).json()
    assert (item["target"], item["value"]) == ("50.00", "10.00")
    for url in ALL:
        response = _get(indicators.outsider, url, kecamatan="35.08.07")
        assert response.status_code == 404, url
        assert response.json()["detail"] == MESSAGE_NO_DISTRICT


def test_a_kecamatan_that_does_not_exist_answers_like_one_out_of_scope(indicators):
    for user in (indicators.admin, indicators.national):
        response = _get(user, LIST, kecamatan="35.08.99")
        assert response.status_code == 404
        assert response.json()["detail"] == MESSAGE_NO_DISTRICT


@pytest.mark.parametrize("role", ["regency_admin", "national"])
def test_a_wide_coverage_names_its_kecamatan(indicators, role):
    user = getattr(indicators, role)
    for url in ALL:
        response = _get(user, url)
        assert response.status_code == 400, url
        assert response.json()["errors"] == {"kecamatan": [MESSAGE_DISTRICT_REQUIRED]}
    first = _get(user, LIST, kecamatan="35.08.07").json()
    second = _get(user, LIST, kecamatan="35.08.06").json()
    assert [i["target"] for i in first] == ["75.00"]
    assert [i["target"] for i in second] == ["50.00"]
    assert _get(user, RECORDS, kecamatan="35.08.06").status_code == 200


def test_a_partner_reads_the_figures_but_not_the_records(indicators):
    [item] = _get(indicators.partner, LIST).json()
    assert item["value"] == "70.00"
    assert _get(indicators.partner, VALUES).status_code == 200
    response = _get(indicators.partner, RECORDS)
    assert response.status_code == 403
    assert response.json()["detail"] == MESSAGE_NOT_RECORD_READER


@pytest.mark.parametrize("role", ["operator", "sibling_operator", "superuser"])
def test_roles_without_indicators_are_refused(indicators, role):
    user = getattr(indicators, role)
    for url in ALL:
        response = _get(user, url)
        assert response.status_code == 403, url
        assert response.json()["detail"] == MESSAGE_NOT_READER


def test_anonymous_is_asked_to_log_in(indicators):
    for url in ALL:
        response = _get(None, url)
        assert response.status_code == 401, url
        assert response.json()["errors"] == {}
