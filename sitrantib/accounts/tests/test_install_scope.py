"""The install is for its kecamatan (issue 9, point 1; docs/adr/0050-explicit-wide-scope.md).

With the real reference data of the kabupaten (`load_reference --scope 35.08` loads all 205 desa
of Lumajang) and the first administrator made by `ensure_admin`, the administrator works in the
office's kecamatan: 12 desa of Yosowilangun, not 205; wider scope only by explicit coverage.
"""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from sitrantib.accounts.models import User
from sitrantib.core.enums import Coverage, Role
from sitrantib.regions.models import Regency, Village
from sitrantib.testing.factories import make_user

YOSOWILANGUN = "35.08.07"


@pytest.fixture
def installed(db, monkeypatch):
    """What `make reference` leaves behind, without the maps: codes of 35.08, the office, the
    first administrator."""
    monkeypatch.setenv("SITRANTIB_ADMIN_PASSWORD", "Rahasia-Uji-2026")
    call_command("load_regions", scope="35.08", stdout=io.StringIO())
    call_command("load_office", stdout=io.StringIO())
    call_command("ensure_admin", stdout=io.StringIO())
    return User.objects.get(username="admin")


def _token_of(username):
    out = io.StringIO()
    call_command("api_token", username, stdout=out)
    return out.getvalue().strip()


def _village_codes(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    codes, url = [], "/api/v1/villages/?page_size=100"
    while url:
        body = client.get(url).json()
        codes += [row["code"] for row in body["results"]]
        url = body["next"]
    return codes


def test_first_admin_token_lists_exactly_the_12_desa_of_the_office(installed):
    assert Village.objects.count() == 205
    assert installed.district_id == YOSOWILANGUN
    assert installed.is_superuser  # still the Django admin; no wider app scope from it

    codes = _village_codes(_token_of("admin"))

    assert len(codes) == 12
    assert {code[:8] for code in codes} == {YOSOWILANGUN}


def test_regency_coverage_lists_every_desa_of_the_kabupaten(installed):
    make_user(
        role=Role.TRANTIB_ADMIN,
        district=None,
        coverage=Coverage.REGENCY,
        regency=Regency.objects.get(code="35.08"),
        username="kabupaten",
    )

    assert len(_village_codes(_token_of("kabupaten"))) == 205


def test_desa_search_names_the_kecamatan_only_where_names_repeat(installed, client):
    wide = make_user(
        role=Role.TRANTIB_ADMIN, district=None, coverage=Coverage.NATIONAL, username="nasional"
    )

    client.force_login(installed)
    own = client.get("/sistem/cari/regions.villages/", {"q": "keb"}).json()
    client.force_login(wide)
    every = client.get("/sistem/cari/regions.villages/", {"q": "kebon"}).json()

    assert [row["label"] for row in own] == ["Kebonsari"]
    # Sorted by name (the code deciding between equal names); only the repeated name carries
    # its kecamatan.
    assert [row["label"] for row in every] == [
        "Kebonagung",
        "Kebonan",
        "Kebonsari (Kec. Yosowilangun)",
        "Kebonsari (Kec. Sumbersuko)",
    ]
