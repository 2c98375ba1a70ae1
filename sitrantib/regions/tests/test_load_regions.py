from pathlib import Path

import pytest

from sitrantib.core.models import AuditEntry
from sitrantib.regions.models import District, Province, Regency, Village
from sitrantib.regions.services import RegionDataError, load_regions

CSV = """code,name
35,Jawa Timur
35.08,Kabupaten Lumajang
35.08.07,Yosowilangun
35.08.07.2001,Darungan
35.08.07.2002,Kraton
35.08.07.1003,Kelurahan Contoh
35.73,Kota Malang
35.73.01,Blimbing
35.73.01.1001,Jodipan
36,Banten
36.01,Kabupaten Pandeglang
"""


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "wilayah.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_load_regions_scope_loads_scope_and_its_ancestors(db, csv_file):
    result = load_regions(path=csv_file, scope="35.08", actor=None)

    assert result.created == {"province": 1, "regency": 1, "district": 1, "village": 3}
    assert list(Province.objects.values_list("code", flat=True)) == ["35"]
    assert list(Regency.objects.values_list("code", "kind")) == [("35.08", "kabupaten")]
    assert list(District.objects.values_list("code", flat=True)) == ["35.08.07"]
    assert list(Village.objects.order_by("code").values_list("code", "kind")) == [
        ("35.08.07.1003", "kelurahan"),
        ("35.08.07.2001", "desa"),
        ("35.08.07.2002", "desa"),
    ]


def test_load_regions_all_classifies_kota_by_code(db, csv_file):
    load_regions(path=csv_file, scope="all", actor=None)

    assert Regency.objects.get(code="35.73").kind == "kota"
    assert Province.objects.count() == 2


def test_load_regions_second_run_changes_nothing(db, csv_file):
    load_regions(path=csv_file, scope="all", actor=None)
    audit_before = AuditEntry.objects.count()

    result = load_regions(path=csv_file, scope="all", actor=None)

    assert result.changed == 0
    assert result.unchanged == {"province": 2, "regency": 3, "district": 2, "village": 4}
    assert AuditEntry.objects.count() == audit_before


def test_load_regions_renamed_village_is_updated_not_duplicated(db, csv_file, tmp_path):
    load_regions(path=csv_file, scope="35.08", actor=None)
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(
        CSV.replace("35.08.07.2002,Kraton", "35.08.07.2002,Keraton"), encoding="utf-8"
    )

    result = load_regions(path=renamed, scope="35.08", actor=None)

    assert result.updated["village"] == 1
    assert (
        Village.objects.filter(code="35.08.07.2002").values_list("name", flat=True).get()
        == "Keraton"
    )
    assert Village.objects.count() == 3
    changes = AuditEntry.objects.order_by("-id").first().after["changes"]
    assert [(c["code"], c["before"]["name"], c["after"]["name"]) for c in changes] == [
        ("35.08.07.2002", "Kraton", "Keraton")
    ]


def test_load_regions_records_one_audit_entry_per_changing_load(db, csv_file):
    load_regions(path=csv_file, scope="35.08", actor=None)

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id) == ("import", "35.08")
    assert entry.after["created"]["village"] == 3


@pytest.mark.parametrize("scope", ["35.8", "abc", "35.08.07.20011", ""])
def test_load_regions_invalid_scope_is_refused(db, csv_file, scope):
    with pytest.raises(RegionDataError) as excinfo:
        load_regions(path=csv_file, scope=scope, actor=None)

    assert "Cakupan wilayah tidak valid" in str(excinfo.value)


def test_load_regions_bad_code_names_the_line_and_saves_nothing(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,name\n35,Jawa Timur\n35.08,Lumajang\n35.08.x7,Rusak\n", encoding="utf-8")

    with pytest.raises(RegionDataError) as excinfo:
        load_regions(path=path, scope="all", actor=None)

    assert str(excinfo.value) == "Baris 4: kode wilayah tidak valid: '35.08.x7'."
    assert Province.objects.count() == 0


def test_load_regions_orphan_row_is_refused(db, tmp_path):
    path = tmp_path / "orphan.csv"
    path.write_text("code,name\n35,Jawa Timur\n35.08.07,Yosowilangun\n", encoding="utf-8")

    with pytest.raises(RegionDataError) as excinfo:
        load_regions(path=path, scope="all", actor=None)

    assert str(excinfo.value) == "Baris 3: induk wilayah 35.08 tidak ada dalam berkas."


def test_shipped_national_list_has_the_published_counts():
    from sitrantib.regions.services import REGIONS_CSV, read_region_rows

    levels = {1: 0, 2: 0, 3: 0, 4: 0}
    for _line, code, _name in read_region_rows(REGIONS_CSV, scope=""):
        levels[code.count(".") + 1] += 1

    assert levels == {1: 38, 2: 514, 3: 7285, 4: 83762}


def test_load_regions_large_level_is_idempotent_and_sees_renames(db, tmp_path):
    villages = [f"35.08.07.{2000 + n},Desa {n}" for n in range(1, 1201)]
    path = tmp_path / "besar.csv"
    path.write_text(
        "\n".join(
            ["code,name", "35,Jawa Timur", "35.08,Lumajang", "35.08.07,Yosowilangun", *villages]
        ),
        encoding="utf-8",
    )
    load_regions(path=path, scope="35.08.07", actor=None)
    path.write_text(
        path.read_text(encoding="utf-8").replace("Desa 1200", "Desa Baru"), encoding="utf-8"
    )

    result = load_regions(path=path, scope="35.08.07", actor=None)

    assert (result.created["village"], result.updated["village"], result.unchanged["village"]) == (
        0,
        1,
        1199,
    )
    assert Village.objects.count() == 1200
