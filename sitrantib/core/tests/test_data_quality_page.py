import pytest
from django.test import Client

from sitrantib.regions.models import StatisticSource, VillageStatistic


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def broken(world):
    source = StatisticSource.objects.create(title="Sumber uji")
    for village in (world.village, world.foreign_village):
        VillageStatistic.objects.create(
            village=village, source=source, year=2019, male=1, female=1, population=3
        )


def test_data_quality_page_lists_findings_of_own_kecamatan(world, broken):
    response = _client(world.admin).get("/sistem/kualitas-data/")

    objects = [f.object for f in response.context["findings"]]
    assert response.status_code == 200
    assert objects == ["village:35.08.07.2001"]
    page = response.content.decode()
    assert "Desa Darungan: jumlah penduduk 3 pada data 2019 (sumber Sumber uji)" in page
    assert "laki-laki 1 + perempuan 1 = 2" in page


def test_data_quality_page_filters_by_severity(world, broken):
    response = _client(world.admin).get("/sistem/kualitas-data/?severity=warning")

    assert response.context["findings"] == []
    assert {v: c for v, _l, c in response.context["counts"]} == {
        "error": 1,
        "warning": 0,
        "info": 0,
    }


def test_data_quality_page_for_national_covers_every_kecamatan(world, broken):
    response = _client(world.national).get("/sistem/kualitas-data/")

    assert [f.object for f in response.context["findings"]] == [
        "village:35.08.06.2001",
        "village:35.08.07.2001",
    ]


@pytest.mark.parametrize("role", ["camat", "staff", "operator", "sibling_operator", "partner"])
def test_data_quality_page_refused_to_non_administrators(world, role):
    assert _client(getattr(world, role)).get("/sistem/kualitas-data/").status_code == 403


def test_data_quality_page_anonymous_is_sent_to_login(world):
    assert Client().get("/sistem/kualitas-data/").status_code == 302


def test_data_quality_page_of_other_kecamatan_admin_shows_only_theirs(world, broken):
    response = _client(world.outsider).get("/sistem/kualitas-data/")

    assert [f.object for f in response.context["findings"]] == ["village:35.08.06.2001"]


@pytest.mark.parametrize("count", [1, 3])
def test_data_quality_page_query_count_is_constant(world, count, django_assert_num_queries):
    from sitrantib.regions.models import Village

    source = StatisticSource.objects.create(title="Sumber uji")
    villages = [world.foreign_village] + [
        Village.objects.create(
            code=f"35.08.06.21{n:02d}", name=f"D{n}", district=world.other_district, kind="desa"
        )
        for n in range(count - 1)
    ]
    for village in villages:
        VillageStatistic.objects.create(
            village=village, source=source, year=2019, male=1, female=1, population=3
        )
    client = _client(world.outsider)

    # A fixed number per registered rule (every app's quality.py), whatever the number of rows.
    with django_assert_num_queries(25):
        response = client.get("/sistem/kualitas-data/")

    assert len([f for f in response.context["findings"] if f.field == "population"]) == count
