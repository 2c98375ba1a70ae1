"""The across-kecamatan page at a wide scope (issue 16 A1): a national user first sees one row per
kabupaten computed in SQL from the stored values, opens a kabupaten to see its kecamatan, and the
map never carries every desa of the country."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sitrantib.indicators.models import IndicatorValue
from sitrantib.indicators.tests.factories import make_definition
from sitrantib.indicators.views import dashboard
from sitrantib.regions.benchdata import make_region_tree
from sitrantib.regions.models import VillageBoundary
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

YEAR = 2025
SQUARE = {"type": "Polygon", "coordinates": [[[113, -8], [113.1, -8], [113.1, -8.1], [113, -8]]]}


def _stored(district: Any, code: str, value: int | None, achievement: str | None) -> Any:
    """A definition of `district` with its year's value stored as last computed."""
    definition = make_definition(district, year=YEAR, code=code, name=f"Indikator {code}")
    IndicatorValue.objects.create(
        definition=definition,
        period_key=str(YEAR),
        period_kind="year",
        start=dt.date(YEAR, 1, 1),
        end=dt.date(YEAR, 12, 31),
        value=None if value is None else Decimal(value),
        achievement=None if achievement is None else Decimal(achievement),
        stale=False,
    )
    return definition


def _page(client: Any, user: Any, url: str, **params: Any) -> Any:
    client.force_login(user)
    response = client.get(url, {"year": YEAR, **params})
    release(response)
    return response


@pytest.fixture
def country(world: Any) -> dict[str, Any]:
    """Kabupaten 35.08 (the world's two kecamatan) and 35.09 (one kecamatan, one desa)."""
    east = make_region_tree(district_code="35.09.01", villages=[("35.09.01.2001", "Timur")])
    _stored(world.district, "desa_monitored", 2, "50.00")
    _stored(world.other_district, "desa_monitored", 1, "100.00")
    _stored(east, "desa_monitored", None, None)
    return {"east": east}


def test_national_without_kabupaten_sees_one_row_per_kabupaten(client, world, country):
    response = _page(client, world.national, reverse("indicators:across"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-regency="35.08"' in html
    assert 'data-regency="35.09"' in html
    assert "data-district=" not in html
    assert "data-geojson-url" not in html
    assert 'id="across-map-note"' in html
    assert "perhitungan terakhir yang tersimpan" in html
    assert f"?kabupaten=35.08&amp;year={YEAR}" in html
    summary = {line["row"].code: line["row"].summaries for line in response.context["summary"]}
    assert summary["35.08"]["desa_monitored"].reported == 2
    assert summary["35.08"]["desa_monitored"].average == Decimal(75)
    assert summary["35.09"]["desa_monitored"].reported == 0
    assert summary["35.09"]["desa_monitored"].average is None


def test_summary_reads_stored_values_and_computes_nothing(client, world, country):
    stale = IndicatorValue.objects.get(definition__district=world.district)
    IndicatorValue.objects.filter(pk=stale.pk).update(stale=True)
    make_definition(country["east"], year=YEAR, code="tanpa_nilai", name="Belum dihitung")
    before = IndicatorValue.objects.count()
    response = _page(client, world.national, reverse("indicators:across"))
    assert response.status_code == 200
    assert IndicatorValue.objects.count() == before
    assert IndicatorValue.objects.get(pk=stale.pk).stale is True


def test_national_with_kabupaten_sees_only_its_kecamatan(client, world, country):
    response = _page(client, world.national, reverse("indicators:across"), kabupaten="35.09")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-district="{country["east"].code}"' in html
    assert f'data-district="{world.district.code}"' not in html
    assert f'data-district="{world.other_district.code}"' not in html
    assert "data-regency=" not in html
    assert "kabupaten=35.09" in html  # the map and the chooser keep the kabupaten
    own = _page(client, world.national, reverse("indicators:across"), kabupaten="35.08")
    html = own.content.decode()
    assert f'data-district="{world.district.code}"' in html
    assert f'data-district="{world.other_district.code}"' in html
    assert f'data-district="{country["east"].code}"' not in html


def test_out_of_scope_kabupaten_refused_for_kabupaten_user(client, world, country):
    refused = _page(client, world.regency_admin, reverse("indicators:across"), kabupaten="35.09")
    assert refused.status_code == 404
    unknown = _page(client, world.national, reverse("indicators:across"), kabupaten="99.99")
    assert unknown.status_code == 404
    mapped = _page(client, world.regency_admin, reverse("indicators:across_map"), kabupaten="35.09")
    assert mapped.status_code == 404
    own = _page(client, world.regency_admin, reverse("indicators:across"), kabupaten="35.08")
    assert own.status_code == 200
    assert f'data-district="{world.district.code}"' in own.content.decode()


def test_kabupaten_user_sees_kecamatan_rows_without_choosing(client, world, country):
    html = _page(client, world.regency_admin, reverse("indicators:across")).content.decode()
    assert f'data-district="{world.district.code}"' in html
    assert "data-regency=" not in html


def test_map_for_national_without_kabupaten_has_no_features(client, world, country):
    for village in (world.village, world.foreign_village, country["east"].villages.get()):
        VillageBoundary.objects.create(
            village=village,
            geometry=SQUARE,
            centroid_lat=-8.05,
            centroid_lon=113.05,
            estimated_area_km2=Decimal(1),
            source="uji",
        )
    url = reverse("indicators:across_map")
    wide = _page(client, world.national, url, indicator="desa_monitored").json()
    assert wide == {"type": "FeatureCollection", "features": []}
    chosen = _page(client, world.national, url, indicator="desa_monitored", kabupaten="35.08")
    codes = {f["properties"]["code"] for f in chosen.json()["features"]}
    assert codes == {world.village.code, world.foreign_village.code}


def _summary_queries(client: Any, user: Any) -> tuple[int, int]:
    client.force_login(user)
    release(client.get(reverse("indicators:across"), {"year": YEAR}))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("indicators:across"), {"year": YEAR})
    release(response)
    assert response.status_code == 200
    return len(queries), len(response.context["summary"])


def test_summary_queries_same_for_two_and_four_kabupaten(client, world, country):
    two, rows = _summary_queries(client, world.national)
    assert rows == 2
    for regency in ("35.10", "35.11"):
        for n in (1, 2):
            district = make_region_tree(district_code=f"{regency}.0{n}")
            _stored(district, "desa_monitored", n, "80.00")
            _stored(district, f"lain_{n}", n, "60.00")
    four, rows = _summary_queries(client, world.national)
    assert rows == 4
    assert four == two


def test_the_summary_is_drawn_a_page_of_kabupaten_at_a_time(client, world, country, monkeypatch):
    monkeypatch.setattr(dashboard, "SUMMARY_PAGE_SIZE", 1)
    first = _page(client, world.national, reverse("indicators:across"))
    assert [line["row"].code for line in first.context["summary"]] == ["35.08"]
    page = first.context["summary_page"]
    assert page.previous_url is None
    assert page.next_url is not None
    assert "mulai=35.09" in page.next_url
    assert f"year={YEAR}" in page.next_url
    second = client.get(reverse("indicators:across") + page.next_url)
    assert [line["row"].code for line in second.context["summary"]] == ["35.09"]
    assert second.context["summary_page"].next_url is None
    assert second.context["summary_page"].previous_url is not None
    html = second.content.decode()
    assert 'data-regency="35.08"' not in html
    assert 'rel="prev"' in html
    release(second)
