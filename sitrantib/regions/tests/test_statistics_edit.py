"""Desa statistics corrected by the kecamatan's administrator (issue 9 point 8, ADR 0053)."""

import pytest
from django.test import Client

from sitrantib.core.dataquality import run_checks
from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of
from sitrantib.regions.models import StatisticSource, VillageStatistic
from sitrantib.regions.quality import MSG_RT_BELOW_RW


@pytest.fixture
def statistic(world):
    source = StatisticSource.objects.create(title="BPS Kecamatan Dalam Angka")
    return VillageStatistic.objects.create(
        village=world.sibling_village,
        source=source,
        year=2024,
        hamlet_count=3,
        rw_count=14,
        rt_count=0,
        male=1000,
        female=1000,
        population=2000,
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(statistic) -> str:
    return f"/desa/{statistic.village_id}/statistik/{statistic.pk}/ubah/"


def _data(statistic, **changes):
    data = {
        "year": statistic.year,
        "source": statistic.source_id,
        "hamlet_count": statistic.hamlet_count,
        "rw_count": statistic.rw_count,
        "rt_count": statistic.rt_count,
        "male": statistic.male,
        "female": statistic.female,
        "population": statistic.population,
        "area": "",
        "area_unit": "",
        "households": "",
        "version": statistic.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _rt_findings(world):
    return [f for f in run_checks(scope=scope_of(world.admin)) if f.field == "rt_count"]


def test_finding_names_the_desa_and_figure_and_links_to_the_form(world, statistic):
    findings = _rt_findings(world)

    assert [f.message for f in findings] == [
        "Desa Kraton: jumlah RT 0 pada data 2024 (sumber BPS Kecamatan Dalam Angka), padahal "
        "tercatat 14 RW; setiap RW punya sedikitnya satu RT."
    ]
    assert findings[0].message == MSG_RT_BELOW_RW % {
        "village": "Kraton", "rt": "0", "rw": "14", "year": 2024,
        "source": "BPS Kecamatan Dalam Angka",
    }  # fmt: skip
    assert (findings[0].rule, findings[0].field) == ("regions.village_figures", "rt_count")
    assert findings[0].url == _url(statistic)


def test_admin_corrects_the_figure_audited_and_the_finding_is_gone(world, statistic):
    response = _client(world.admin).post(
        _url(statistic), _data(statistic, rt_count=42, next="/sistem/kualitas-data/")
    )

    assert response.status_code == 302
    assert response["Location"] == "/sistem/kualitas-data/"
    statistic.refresh_from_db()
    assert (statistic.rt_count, statistic.version) == (42, 2)
    entry = AuditEntry.objects.get(object_type="regions.villagestatistic", action="update")
    assert (entry.district_code, entry.actor_id) == ("35.08.07", world.admin.pk)
    assert (entry.before["rt_count"], entry.after["rt_count"]) == (0, 42)
    assert _rt_findings(world) == []
    page = _client(world.admin).get("/sistem/kualitas-data/").content.decode()
    assert "Desa Kraton: jumlah RT" not in page


def test_stale_save_is_refused_with_typed_values_kept(world, statistic):
    opened = statistic.version
    _client(world.admin).post(_url(statistic), _data(statistic, rt_count=40))

    response = _client(world.admin).post(
        _url(statistic), _data(statistic, rt_count=42, version=opened)
    )

    assert response.status_code == 200
    statistic.refresh_from_db()
    assert statistic.rt_count == 40
    assert response.context["form"]["rt_count"].value() in (42, "42")
    assert response.context["form"].non_field_errors()


def test_year_and_source_of_another_row_is_refused_beside_the_form(world, statistic):
    VillageStatistic.objects.create(
        village=world.sibling_village, source=statistic.source, year=2023, rt_count=40, rw_count=14
    )

    response = _client(world.admin).post(_url(statistic), _data(statistic, year=2023, rt_count=41))

    assert response.status_code == 200
    assert "sudah ada" in response.content.decode()
    statistic.refresh_from_db()
    assert (statistic.year, statistic.rt_count) == (2024, 0)


def test_bad_year_is_refused_beside_its_field(world, statistic):
    response = _client(world.admin).post(_url(statistic), _data(statistic, year=3024))

    assert response.status_code == 200
    assert response.context["form"].errors["year"]


@pytest.mark.parametrize("role", ["outsider", "camat", "staff", "operator", "sibling_operator"])
def test_statistics_form_is_404_for_anyone_but_the_kecamatan_admin(world, statistic, role):
    client = _client(getattr(world, role))

    assert client.get(_url(statistic)).status_code == 404
    assert client.post(_url(statistic), _data(statistic, rt_count=42)).status_code == 404
    assert client.get(f"/desa/{statistic.village_id}/statistik/tambah/").status_code == 404
    statistic.refresh_from_db()
    assert statistic.rt_count == 0


def test_anonymous_is_sent_to_login(world, statistic):
    assert Client().get(_url(statistic)).status_code == 302


def test_admin_adds_a_year_audited(world, statistic):
    response = _client(world.admin).post(
        f"/desa/{world.sibling_village.code}/statistik/tambah/",
        {"year": 2025, "source": statistic.source_id, "rw_count": 14, "rt_count": 44},
    )

    assert response.status_code == 302
    added = VillageStatistic.objects.get(village=world.sibling_village, year=2025)
    assert added.rt_count == 44
    assert AuditEntry.objects.filter(
        object_type="regions.villagestatistic", action="create", object_id=str(added.pk)
    ).exists()


def test_village_page_links_admin_to_the_form_only(world, statistic):
    admin_page = _client(world.admin).get("/desa/35.08.07.2002/").content.decode()
    camat_page = _client(world.camat).get("/desa/35.08.07.2002/").content.decode()

    assert _url(statistic) in admin_page
    assert _url(statistic) not in camat_page


def test_external_next_is_ignored(world, statistic):
    response = _client(world.admin).post(
        _url(statistic), _data(statistic, rt_count=42, next="https://evil.example/")
    )

    assert response["Location"] == "/desa/35.08.07.2002/"


def test_printed_kecamatan_total_is_corrected_from_its_finding(world, statistic):
    from sitrantib.regions.models import DistrictStatistic

    VillageStatistic.objects.create(
        village=world.village, source=statistic.source, year=2024, rw_count=10
    )
    stated = DistrictStatistic.objects.create(
        district=world.district, source=statistic.source, year=2024, rw_count=25
    )
    (finding,) = [
        f for f in run_checks(scope=scope_of(world.admin)) if f.rule == "regions.stated_totals"
    ]
    url = f"/kecamatan/{world.district.code}/statistik/{stated.pk}/ubah/"
    assert finding.url == url
    for outsider in (world.outsider, world.camat, world.operator, world.superuser):
        assert _client(outsider).get(url).status_code == 404

    data = {"year": 2024, "source": statistic.source_id, "rw_count": 24, "version": 1}
    response = _client(world.admin).post(url, data)

    assert response.status_code == 302
    stated.refresh_from_db()
    assert (stated.rw_count, stated.version) == (24, 2)
    entry = AuditEntry.objects.get(object_type="regions.districtstatistic")
    assert (entry.before["rw_count"], entry.after["rw_count"]) == (25, 24)
    assert not [
        f for f in run_checks(scope=scope_of(world.admin)) if f.rule == "regions.stated_totals"
    ]
    stale = _client(world.admin).post(url, {**data, "rw_count": 30})
    assert stale.status_code == 200
    stated.refresh_from_db()
    assert stated.rw_count == 24
