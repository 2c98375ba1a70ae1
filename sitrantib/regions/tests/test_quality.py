import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from sitrantib.core.dataquality import run_checks
from sitrantib.core.scoping import Scope
from sitrantib.regions.models import (
    DistrictStatistic,
    Regency,
    Signatory,
    StatisticSource,
    Village,
    VillageBoundary,
    VillageStatistic,
)

NATIONAL = Scope(national=True)


def _findings(rule: str, scope: Scope = NATIONAL) -> list[tuple[str, str, str]]:
    return [(f.severity, f.object, f.field) for f in run_checks(scope=scope) if f.rule == rule]


@pytest.fixture
def source(db):
    return StatisticSource.objects.create(title="Sumber uji")


def _stat(village, source, **values):
    defaults = {
        "year": 2024,
        "hamlet_count": 2,
        "rw_count": 4,
        "rt_count": 10,
        "male": 1000,
        "female": 1010,
        "population": 2010,
        "households": 600,
    }
    defaults.update(values)
    return VillageStatistic.objects.create(village=village, source=source, **defaults)


def test_consistent_records_produce_no_findings(world, source):
    Regency.objects.filter(code="35.08").update(official_area_km2=Decimal("1796.489"))
    _stat(world.village, source, area=Decimal("5.5"), area_unit="km2")
    _stat(world.sibling_village, source, area=Decimal("450"), area_unit="Ha")
    DistrictStatistic.objects.create(
        district=world.district,
        source=source,
        year=2024,
        hamlet_count=4,
        rw_count=8,
        rt_count=20,
        population=4020,
    )

    findings = [f for f in run_checks(scope=NATIONAL) if f.rule.startswith("regions.")]

    assert findings == []


def test_stated_total_differing_from_sum_is_an_error(world, source):
    _stat(world.village, source, rt_count=10)
    _stat(world.sibling_village, source, rt_count=12)
    DistrictStatistic.objects.create(district=world.district, source=source, year=2024, rt_count=23)

    findings = [f for f in run_checks(scope=NATIONAL) if f.rule == "regions.stated_totals"]

    assert [(f.severity, f.object, f.field) for f in findings] == [
        ("error", "district:35.08.07", "rt_count")
    ]
    assert findings[0].message == (
        "Kecamatan Kecamatan 35.08.07: jumlah RT tercetak 23 pada data 2024 (sumber Sumber uji), "
        "padahal jumlah dari desa-desanya 22 (selisih 1)."
    )
    assert findings[0].url == (
        f"/kecamatan/35.08.07/statistik/{DistrictStatistic.objects.get().pk}/ubah/"
    )


def test_male_plus_female_differing_from_total_is_an_error(world, source):
    _stat(world.village, source, male=1272, female=2584, population=6038)

    findings = [f for f in run_checks(scope=NATIONAL) if f.field == "population"]

    assert [(f.severity, f.object) for f in findings] == [("error", "village:35.08.07.2001")]
    assert findings[0].message == (
        "Desa Darungan: jumlah penduduk 6.038 pada data 2024 (sumber Sumber uji), "
        "padahal laki-laki 1.272 + perempuan 2.584 = 3.856 (selisih 2.182)."
    )
    statistic = VillageStatistic.objects.get(village=world.village)
    assert findings[0].url == f"/desa/35.08.07.2001/statistik/{statistic.pk}/ubah/"


def test_implausible_sex_ratio_is_a_warning(world, source):
    _stat(world.village, source, male=500, female=1000, population=1500)

    assert _findings("regions.village_figures") == [("warning", "village:35.08.07.2001", "male")]


def test_more_households_than_people_is_an_error(world, source):
    _stat(world.village, source, households=3000)

    assert _findings("regions.village_figures") == [
        ("error", "village:35.08.07.2001", "households")
    ]


def test_village_area_larger_than_its_kabupaten_is_an_error(world, source):
    Regency.objects.filter(code="35.08").update(official_area_km2=Decimal("1796.489"))
    _stat(world.village, source, area=Decimal("2000"), area_unit="km2")

    assert ("error", "village:35.08.07.2001", "area") in _findings("regions.village_figures")


def test_area_far_from_map_estimate_is_a_warning(world, source):
    VillageBoundary.objects.create(
        village=world.village,
        geometry={"type": "MultiPolygon", "coordinates": []},
        centroid_lon=113.0,
        centroid_lat=-8.2,
        estimated_area_km2=Decimal("6.252"),
        source="uji",
    )
    _stat(world.village, source, area=Decimal("588"), area_unit="Km2")

    assert _findings("regions.village_figures") == [("warning", "village:35.08.07.2001", "area")]


def test_density_no_place_has_is_an_error(world, source):
    _stat(world.village, source, area=Decimal("0.001"), area_unit="km2")

    assert _findings("regions.village_figures") == [("error", "village:35.08.07.2001", "area")]


def test_unknown_area_unit_is_a_warning(world, source):
    _stat(world.village, source, area=Decimal("5"), area_unit="bahu")

    assert _findings("regions.village_figures") == [
        ("warning", "village:35.08.07.2001", "area_unit")
    ]


def test_duplicate_village_name_in_a_district_is_a_warning(world):
    Village.objects.create(
        code="35.08.07.2003", name="Darungan", district=world.district, kind="desa"
    )

    assert _findings("regions.duplicates") == [("warning", "district:35.08.07", "name")]


def test_findings_outside_the_scope_are_not_listed(world, source):
    _stat(world.foreign_village, source, male=1, female=1, population=5)
    own_scope = Scope(district_codes=frozenset({"35.08.07"}), role="trantib_admin")

    assert _findings("regions.village_figures", own_scope) == []
    assert _findings("regions.village_figures") != []


def test_unnamed_signatory_is_reported(yosowilangun_loaded):
    Signatory.objects.filter(role="camat").update(name="Drs. Contoh")

    objects = {f.object for f in run_checks(scope=NATIONAL) if f.rule == "regions.office"}

    assert len(objects) == 2


@pytest.fixture
def yosowilangun_loaded(db):
    call_command("load_reference", scope="35.08.07", stdout=io.StringIO())


def test_the_kak_figures_produce_exactly_their_known_errors(yosowilangun_loaded):
    errors = [(f.object, f.field) for f in run_checks(scope=NATIONAL) if f.severity == "error"]

    # Wotgalih and Kalipepe: male + female != total; the printed "Km2" areas add up to more
    # than the whole kabupaten. The dusun/RW/RT totals (31/71/396) are right.
    assert errors == [
        ("district:35.08.07", "area"),
        ("village:35.08.07.2003", "population"),
        ("village:35.08.07.2012", "population"),
    ]


def test_check_data_json_lists_every_finding_with_the_agreed_keys(yosowilangun_loaded):
    out = io.StringIO()

    call_command("check_data", format="json", stdout=out)

    data = json.loads(out.getvalue())
    assert len(data) == len(run_checks(scope=NATIONAL))
    assert {"severity", "object", "field", "message"} <= set(data[0])
    assert data[0]["object"] == "district:35.08.07"


def test_check_data_fail_on_error_exits_non_zero(yosowilangun_loaded):
    with pytest.raises(SystemExit) as excinfo:
        call_command("check_data", fail_on="error", stdout=io.StringIO())

    assert excinfo.value.code == 1
