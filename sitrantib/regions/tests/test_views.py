"""Every regions page for the allowed role, another desa's operator, an outsider, anonymous."""

import pytest
from django.test import Client

from sitrantib.regions.models import StatisticSource, Village, VillageBoundary, VillageStatistic

SQUARE = {
    "type": "MultiPolygon",
    "coordinates": [[[[113, -8.2], [113.01, -8.2], [113.01, -8.21], [113, -8.2]]]],
}


@pytest.fixture
def stats(world):
    source = StatisticSource.objects.create(title="KAK uji")
    for village in (world.village, world.sibling_village, world.foreign_village):
        VillageStatistic.objects.create(
            village=village,
            source=source,
            year=2019,
            hamlet_count=3,
            rw_count=5,
            rt_count=33,
            male=2262,
            female=2081,
            population=4343,
            households=1192,
        )
        VillageBoundary.objects.create(
            village=village,
            geometry=SQUARE,
            centroid_lon=113.005,
            centroid_lat=-8.205,
            estimated_area_km2="0.6",
            source="uji",
        )
    return source


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_home_lists_the_desa_of_the_kecamatan_with_source(world, stats):
    response = _client(world.admin).get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert [v.code for v, _s, _d in response.context["rows"]] == ["35.08.07.2001", "35.08.07.2002"]
    assert "KAK uji" in body
    assert "4.343" in body


def test_home_for_operator_shows_only_their_desa(world, stats):
    response = _client(world.operator).get("/")

    assert [v.code for v, _s, _d in response.context["rows"]] == ["35.08.07.2001"]


def test_home_for_other_kecamatan_shows_only_their_own(world, stats):
    response = _client(world.outsider).get("/")

    assert [v.code for v, _s, _d in response.context["rows"]] == ["35.08.06.2001"]


def test_home_anonymous_is_sent_to_login(world):
    response = Client().get("/")

    assert response.status_code == 302
    assert response.url == "/akun/masuk/?next=/"


@pytest.mark.parametrize("role", ["camat", "admin", "staff", "partner", "operator", "national"])
def test_village_detail_allowed_roles_see_the_statistics(world, stats, role):
    response = _client(getattr(world, role)).get("/desa/35.08.07.2001/")

    assert response.status_code == 200
    assert response.context["village"].code == "35.08.07.2001"
    assert "2.262" in response.content.decode()


@pytest.mark.parametrize("role", ["sibling_operator", "outsider"])
def test_village_detail_outside_scope_is_not_found(world, stats, role):
    response = _client(getattr(world, role)).get("/desa/35.08.07.2001/")

    assert response.status_code == 404


def test_village_detail_anonymous_is_sent_to_login(world):
    assert Client().get("/desa/35.08.07.2001/").status_code == 302


def test_map_data_holds_only_the_desa_in_scope(world, stats):
    admin = _client(world.admin).get("/peta/desa.geojson").json()
    operator = _client(world.operator).get("/peta/desa.geojson").json()
    outsider = _client(world.outsider).get("/peta/desa.geojson").json()

    assert [f["properties"]["code"] for f in admin["features"]] == [
        "35.08.07.2001",
        "35.08.07.2002",
    ]
    assert [f["properties"]["code"] for f in operator["features"]] == ["35.08.07.2001"]
    assert [f["properties"]["code"] for f in outsider["features"]] == ["35.08.06.2001"]
    assert admin["features"][0]["properties"]["url"] == "/desa/35.08.07.2001/"


def test_map_data_anonymous_is_sent_to_login(world):
    assert Client().get("/peta/desa.geojson").status_code == 302


def _add_villages(world, stats, count):
    """The other kecamatan has one desa; add more so its admin sees 1 or 3."""
    for n in range(count):
        village = Village.objects.create(
            code=f"35.08.06.21{n:02d}", name=f"Desa {n}", district=world.other_district, kind="desa"
        )
        VillageStatistic.objects.create(village=village, source=stats, year=2019, population=10)
        VillageBoundary.objects.create(
            village=village,
            geometry=SQUARE,
            centroid_lon=113.0,
            centroid_lat=-8.2,
            estimated_area_km2="0.6",
            source="uji",
        )


@pytest.mark.parametrize("extra", [0, 2], ids=["1 desa", "3 desa"])
def test_home_query_count_does_not_grow_with_desa(world, stats, extra, django_assert_num_queries):
    _add_villages(world, stats, extra)
    client = _client(world.outsider)

    # session, user, villages, their statistics (one prefetch), district, stated totals, office,
    # the home panels (next month's plan: one query without a plan), the home figures (follow-up,
    # open and overdue items, meetings this week, IKM, ready desa and their count, indicators
    # doing well: one each; the data-quality count is read from the cache): the same for 1 or 3
    # desa. The first look fills the data-quality count's cache and saves the session.
    client.get("/")
    with django_assert_num_queries(15):
        client.get("/")


@pytest.mark.parametrize("extra", [0, 2], ids=["1 desa", "3 desa"])
def test_map_data_query_count_does_not_grow_with_desa(
    world, stats, extra, django_assert_num_queries
):
    _add_villages(world, stats, extra)
    client = _client(world.outsider)

    # session, user, the kecamatan, boundaries with their desa, session save (3).
    with django_assert_num_queries(7):
        response = client.get("/peta/desa.geojson")

    assert len(response.json()["features"]) == 1 + extra


def test_home_for_national_user_without_kecamatan_offers_a_choice(world, stats):
    response = _client(world.national).get("/?q=35.08")

    assert response.templates[0].name == "regions/choose_district.html"
    assert [d.code for d in response.context["page"].rows] == ["35.08.06", "35.08.07"]


def test_home_for_national_user_opens_the_chosen_kecamatan(world, stats):
    response = _client(world.national).get("/?kecamatan=35.08.06")

    assert [v.code for v, _s, _d in response.context["rows"]] == ["35.08.06.2001"]


def test_home_asking_for_a_kecamatan_outside_scope_shows_own(world, stats):
    response = _client(world.admin).get("/?kecamatan=35.08.06")

    assert response.context["district"].code == "35.08.07"


@pytest.mark.parametrize("count", [1, 3])
def test_district_choice_query_count_is_constant(world, count, django_assert_num_queries):
    from sitrantib.regions.models import District

    for n in range(count):
        District.objects.create(
            code=f"36.01.{n + 10:02d}", name=f"Kec {n}", regency=world.district.regency
        )
    client = _client(world.national)

    # session, user, is there a single kecamatan?, the kecamatan found, the letterhead office,
    # session save (savepoint, update, release)
    with django_assert_num_queries(8):
        response = client.get("/?q=36.01")

    assert len(response.context["page"].rows) == count


def test_district_choice_anonymous_is_sent_to_login(world):
    assert Client().get("/?q=35").status_code == 302


def test_operator_does_not_get_the_printed_kecamatan_totals(world, stats):
    from sitrantib.regions.models import DistrictStatistic

    DistrictStatistic.objects.create(district=world.district, source=stats, year=2019, rt_count=66)

    operator = _client(world.operator).get("/")
    admin = _client(world.admin).get("/")

    assert operator.context["stated_totals"] == []
    assert [s.rt_count for s in admin.context["stated_totals"]] == [66]


def test_village_detail_flags_a_density_built_on_an_implausible_area(world, stats):
    from decimal import Decimal

    VillageStatistic.objects.filter(village=world.village).update(
        area=Decimal("588"), area_unit="Km2"
    )
    VillageBoundary.objects.filter(village=world.village).update(estimated_area_km2="6.252")

    response = _client(world.admin).get("/desa/35.08.07.2001/")

    [(_stat, density, off_map)] = response.context["statistics"]
    assert (density, off_map) == (Decimal("7.4"), Decimal("94.0"))
    assert "periksa luas" in response.content.decode()


def test_village_detail_plausible_area_has_no_flag(world, stats):
    from decimal import Decimal

    VillageStatistic.objects.filter(village=world.village).update(
        area=Decimal("6"), area_unit="km2"
    )
    VillageBoundary.objects.filter(village=world.village).update(estimated_area_km2="6.252")

    response = _client(world.admin).get("/desa/35.08.07.2001/")

    assert response.context["statistics"][0][2] is None
    assert "periksa luas" not in response.content.decode()


def test_district_choice_pages_by_key_instead_of_stopping(world, stats, monkeypatch):
    from sitrantib.regions import views
    from sitrantib.regions.models import District

    monkeypatch.setattr(views, "DISTRICT_PAGE_SIZE", 2)
    for n in range(3):
        District.objects.create(
            code=f"36.01.{n + 10:02d}", name=f"Kec {n}", regency=world.district.regency
        )
    client = _client(world.national)

    first = client.get("/?q=36.01")
    second = client.get("/" + first.context["page"].next_url)

    assert [d.code for d in first.context["page"].rows] == ["36.01.10", "36.01.11"]
    assert [d.code for d in second.context["page"].rows] == ["36.01.12"]
    assert second.context["page"].next_url is None


def test_home_filters_the_desa_by_kind_with_the_api_filter(world, stats):
    from sitrantib.regions.models import Village

    Village.objects.filter(code="35.08.07.2002").update(kind="kelurahan")

    response = _client(world.admin).get("/?kind=kelurahan")

    assert [v.code for v, _s, _d in response.context["rows"]] == ["35.08.07.2002"]
    assert response.context["stated_totals"] == []


def test_home_with_an_unknown_kind_shows_the_error_and_no_desa(world, stats):
    response = _client(world.admin).get("/?kind=kota-besar")

    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "kind" in response.context["filter"].errors
