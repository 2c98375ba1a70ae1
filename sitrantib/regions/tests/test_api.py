import pytest
from rest_framework.test import APIClient

from sitrantib.regions.models import StatisticSource, Village, VillageStatistic


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def stats(world):
    old = StatisticSource.objects.create(title="Sumber lama")
    new = StatisticSource.objects.create(title="KAK 2019")
    VillageStatistic.objects.create(village=world.village, source=old, year=2015, population=1)
    VillageStatistic.objects.create(
        village=world.village,
        source=new,
        year=2019,
        hamlet_count=3,
        rw_count=5,
        rt_count=33,
        area="588",
        area_unit="Km2",
        male=2262,
        female=2081,
        population=4343,
        households=1192,
    )


def test_villages_list_gives_code_name_kind_district_and_latest_statistics(world, stats):
    response = _api(world.admin).get("/api/v1/villages/")

    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first == {
        "code": "35.08.07.2001",
        "name": "Darungan",
        "kind": "desa",
        "district": "35.08.07",
        "latest_statistics": {
            "year": 2019,
            "source": "KAK 2019",
            "hamlet_count": 3,
            "rw_count": 5,
            "rt_count": 33,
            "area": "588.000",
            "area_unit": "Km2",
            "male": 2262,
            "female": 2081,
            "population": 4343,
            "households": 1192,
        },
    }


def test_villages_list_is_scoped_for_each_role(world, stats):
    def codes(user):
        return [v["code"] for v in _api(user).get("/api/v1/villages/").json()["results"]]

    assert codes(world.camat) == ["35.08.07.2001", "35.08.07.2002"]
    assert codes(world.partner) == ["35.08.07.2001", "35.08.07.2002"]
    assert codes(world.operator) == ["35.08.07.2001"]
    assert codes(world.sibling_operator) == ["35.08.07.2002"]
    assert codes(world.outsider) == ["35.08.06.2001"]


def test_villages_list_anonymous_is_unauthorised(world):
    assert _api().get("/api/v1/villages/").status_code == 401


def test_villages_list_filters_by_district(world, stats):
    response = _api(world.national).get("/api/v1/villages/?district=35.08.06")

    assert [v["code"] for v in response.json()["results"]] == ["35.08.06.2001"]


def test_villages_list_pages_by_key_without_counting(world):
    for n in range(3):
        Village.objects.create(
            code=f"35.08.07.21{n:02d}", name=f"D{n}", district=world.district, kind="desa"
        )
    client = _api(world.admin)

    first = client.get("/api/v1/villages/?page_size=2").json()
    second = client.get(first["next"]).json()

    assert "count" not in first
    assert [v["code"] for v in first["results"]] == ["35.08.07.2001", "35.08.07.2002"]
    assert [v["code"] for v in second["results"]] == ["35.08.07.2100", "35.08.07.2101"]


def test_village_detail_by_code(world, stats):
    response = _api(world.operator).get("/api/v1/villages/35.08.07.2001/")

    assert response.status_code == 200
    assert response.json()["latest_statistics"]["year"] == 2019


@pytest.mark.parametrize("role", ["sibling_operator", "outsider"])
def test_village_detail_outside_scope_is_not_found(world, role):
    assert _api(getattr(world, role)).get("/api/v1/villages/35.08.07.2001/").status_code == 404


def test_village_detail_anonymous_is_unauthorised(world):
    assert _api().get("/api/v1/villages/35.08.07.2001/").status_code == 401


@pytest.mark.parametrize("count", [1, 3])
def test_villages_list_query_count_is_constant(world, count, django_assert_num_queries):
    Village.objects.filter(district=world.other_district).delete()
    for n in range(count):
        village = Village.objects.create(
            code=f"35.08.06.21{n:02d}", name=f"D{n}", district=world.other_district, kind="desa"
        )
        source = StatisticSource.objects.create(title=f"Sumber {n}")
        VillageStatistic.objects.create(village=village, source=source, year=2019, population=n)
    client = _api(world.outsider)

    # villages with their district, and one prefetch of their statistics with sources
    with django_assert_num_queries(2):
        response = client.get("/api/v1/villages/")

    assert [v["latest_statistics"]["source"] for v in response.json()["results"]] == [
        f"Sumber {n}" for n in range(count)
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_institutions_list_query_count_is_constant(world, count, django_assert_num_queries):
    from sitrantib.testing.factories import make_institution

    for n in range(count):
        make_institution(district=world.other_district, kind="koramil", name=f"Koramil {n}")
    client = _api(world.outsider)

    with django_assert_num_queries(1):
        response = client.get("/api/v1/institutions/")

    assert len(response.json()["results"]) == count


def test_institutions_are_scoped_to_the_kecamatan(world):
    names = [i["name"] for i in _api(world.camat).get("/api/v1/institutions/").json()["results"]]
    outsider = _api(world.outsider).get("/api/v1/institutions/").json()["results"]

    assert names == ["Polsek Yosowilangun"]
    assert outsider == []


def test_institutions_anonymous_is_unauthorised(world):
    assert _api().get("/api/v1/institutions/").status_code == 401


def test_schema_is_valid_openapi_and_lists_the_endpoints(world, client):
    response = client.get("/api/schema/?format=json")

    schema = response.json()
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/villages/" in schema["paths"]
    assert "/api/v1/villages/{code}/" in schema["paths"]


def test_api_docs_page_uses_only_local_assets(world, client):
    response = client.get("/api/docs/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in body
    assert "https://" not in body.replace("https://github.com", "")


def test_village_detail_carries_its_version_as_etag(world, stats):
    response = _api(world.operator).get("/api/v1/villages/35.08.07.2001/")

    assert response["ETag"] == '"1"'


def test_institution_detail_carries_its_version_as_etag(world):
    response = _api(world.camat).get(f"/api/v1/institutions/{world.polsek.pk}/")

    assert response.status_code == 200
    assert response["ETag"] == f'"{world.polsek.version}"'


def test_institution_id_of_25_digits_is_a_400_in_the_one_error_shape(world):
    response = _api(world.camat).get("/api/v1/institutions/1234567890123456789012345/")

    body = response.json()
    assert response.status_code == 400
    assert set(body) == {"detail", "errors"}
    assert body["detail"] == body["errors"]["pk"][0]


def test_unknown_village_kind_is_a_400_naming_the_filter(world):
    response = _api(world.camat).get("/api/v1/villages/?kind=kota-besar")

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}
    assert list(response.json()["errors"]) == ["kind"]


def test_village_outside_scope_is_a_404_in_the_one_error_shape(world):
    response = _api(world.outsider).get("/api/v1/villages/35.08.07.2001/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan.", "errors": {}}


@pytest.fixture
def bad_figures(world):
    source = StatisticSource.objects.create(title="BPS")
    VillageStatistic.objects.create(
        village=world.village, source=source, year=2024, male=10, female=10, population=25
    )
    foreign = VillageStatistic.objects.create(
        village=world.foreign_village, source=source, year=2024, male=1, female=1, population=9
    )
    return foreign


def test_data_quality_api_gives_sentences_with_their_technical_reference(world, bad_figures):
    response = _api(world.admin).get("/api/v1/data-quality/", {"severity": "error"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    population = [r for r in body["results"] if r["field"] == "population"]
    assert len(population) == 1  # the other kecamatan's desa is not in scope
    assert population[0]["object"] == "village:35.08.07.2001"
    assert population[0]["rule"] == "regions.village_figures"
    assert population[0]["severity"] == "error"
    assert population[0]["message"].startswith("Desa Darungan: jumlah penduduk 25")
    assert population[0]["url"].endswith("/ubah/")
    assert body["count"] == len(body["results"])


@pytest.mark.parametrize("who", ["camat", "staff", "operator", "partner", "superuser"])
def test_data_quality_api_is_for_administrators(world, bad_figures, who):
    response = _api(getattr(world, who)).get("/api/v1/data-quality/")

    assert response.status_code == 403
    assert "detail" in response.json()


def test_data_quality_api_refuses_an_unknown_severity(world):
    response = _api(world.admin).get("/api/v1/data-quality/", {"severity": "fatal"})

    assert response.status_code == 400
    assert "severity" in response.json()["errors"]
