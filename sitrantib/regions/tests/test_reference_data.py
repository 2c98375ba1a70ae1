"""The Yosowilangun reference data: loaded by commands, exactly as the KAK prints it."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from sitrantib.regions.models import (
    DistrictStatistic,
    Institution,
    OfficeProfile,
    VillageBoundary,
    VillageStatistic,
)

KAK_SOURCE = "KAK Seksi Trantib Kecamatan Yosowilangun, 1 Oktober 2019"


@pytest.fixture
def yosowilangun(db):
    call_command("load_reference", scope="35.08.07", stdout=io.StringIO())


def test_office_letterhead_is_exactly_the_kak_kop(yosowilangun):
    office = OfficeProfile.objects.get(district_id="35.08.07")

    assert office.government_line == "PEMERINTAH KABUPATEN LUMAJANG"
    assert office.office_line == "KECAMATAN YOSOWILANGUN"
    assert office.contact_line == "Jl. Mayjen Soekartijo No. 56 Telp. (0334) 390555"
    assert office.town_line == "YOSOWILANGUN - 67382"


def test_statistics_are_loaded_as_printed_with_source_and_year(yosowilangun):
    darungan = VillageStatistic.objects.select_related("source").get(village_id="35.08.07.2001")

    assert darungan.source.title == KAK_SOURCE
    assert darungan.year == 2019
    assert (darungan.hamlet_count, darungan.rw_count, darungan.rt_count) == (3, 5, 33)
    assert (darungan.area, darungan.area_unit) == (Decimal("588"), "Km2")
    assert (darungan.male, darungan.female, darungan.population, darungan.households) == (
        2262,
        2081,
        4343,
        1192,
    )


def test_thousands_separator_figures_are_the_numbers_they_mean(yosowilangun):
    karangrejo = VillageStatistic.objects.get(village_id="35.08.07.2009")

    assert (karangrejo.male, karangrejo.female, karangrejo.population) == (1455, 1278, 2733)


def test_printed_totals_row_is_kept(yosowilangun):
    stated = DistrictStatistic.objects.get(district_id="35.08.07")

    assert (stated.hamlet_count, stated.rw_count, stated.rt_count) == (31, 71, 396)
    assert stated.population is None


def test_all_twelve_desa_have_figures_boundaries_and_a_government(yosowilangun):
    assert VillageStatistic.objects.filter(village__district_id="35.08.07").count() == 12
    assert VillageBoundary.objects.filter(village__district_id="35.08.07").count() == 12
    assert (
        Institution.objects.filter(district_id="35.08.07", kind="village_government").count() == 12
    )
    assert set(
        Institution.objects.filter(district_id="35.08.07")
        .exclude(kind="village_government")
        .values_list("name", flat=True)
    ) == {
        "Polsek Yosowilangun",
        "Koramil Yosowilangun",
        "Seksi Ketentraman dan Ketertiban",
        "Sekretariat Kecamatan",
        "Seksi Pemerintahan",
        "Seksi Pemberdayaan Masyarakat",
    }


def test_loading_reference_twice_changes_nothing(yosowilangun):
    from sitrantib.core.models import AuditEntry

    before = AuditEntry.objects.count()

    call_command("load_reference", scope="35.08.07", stdout=io.StringIO())

    assert AuditEntry.objects.count() == before


def test_boundary_area_estimate_is_plausible(yosowilangun):
    total = sum(
        b.estimated_area_km2
        for b in VillageBoundary.objects.filter(village__district_id="35.08.07")
    )

    # The kecamatan is about 70 km² on the simplified map (domain notes).
    assert Decimal(60) < total < Decimal(80)


def test_renamed_desa_renames_its_government_instead_of_adding_one(yosowilangun):
    from sitrantib.regions.models import Village

    Village.objects.filter(code="35.08.07.2001").update(name="Darungan Baru")

    call_command("load_office", stdout=io.StringIO())

    governments = Institution.objects.filter(village_id="35.08.07.2001", kind="village_government")
    assert list(governments.values_list("name", flat=True)) == ["Pemerintah Desa Darungan Baru"]
