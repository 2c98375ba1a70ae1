"""Issue 16 A3 at national scale: `manage.py compute_readiness` counts the desa of a chunk of
kecamatan with a fixed number of queries (`--workers N` on PostgreSQL), and stores exactly what
the kecamatan-by-kecamatan path stores."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sitrantib.linmas.management.commands import compute_readiness
from sitrantib.linmas.models import VillageReadiness
from sitrantib.linmas.selectors import FIGURES, refresh_readiness
from sitrantib.regions.models import District

from .conftest import make_member
from .test_scale import many_regions

pytestmark = pytest.mark.django_db

COLUMNS = ["village_id", "district_id", *FIGURES, "need", "score", "level", "computed_on"]


def _snapshot() -> list[tuple]:
    return sorted(VillageReadiness.objects.values_list(*COLUMNS))


@pytest.fixture
def country(world):
    """The world's two kecamatan and six more in three kabupaten, members in some desa with and
    without decree and valid card (stored figures stale: written in bulk)."""
    villages = many_regions(regencies=3, districts=2, villages=3)
    today = timezone.localdate()
    for n, village in enumerate([world.village, world.foreign_village, *villages[::2]]):
        for k in range(1 + n % 3):
            make_member(
                village,
                serial=100 * n + k,
                decree_number=f"188/{n}" if k else "",
                card_number=f"K{n}-{k}" if n % 2 else "",
                card_valid_until=today + dt.timedelta(days=30 * (k - 1)),
            )
    return list(District.objects.order_by("code").values_list("code", flat=True))


def test_command_equals_the_kecamatan_by_kecamatan_path(country):
    VillageReadiness.objects.all().delete()
    for code in country:
        refresh_readiness(district_code=code)
    one_by_one = _snapshot()
    VillageReadiness.objects.update(active=99, level="siap", score=0)

    call_command("compute_readiness", stdout=io.StringIO(), stderr=io.StringIO())

    assert _snapshot() == one_by_one
    assert len(one_by_one) == 3 + 3 * 2 * 3
    assert any(row[COLUMNS.index("active")] for row in one_by_one)
    assert any(row[COLUMNS.index("with_valid_card")] for row in one_by_one)


def test_command_queries_do_not_grow_with_the_kecamatan(country):
    with CaptureQueriesContext(connection) as one:
        call_command("compute_readiness", district=country[0], stdout=io.StringIO(),
                     stderr=io.StringIO())  # fmt: skip
    with CaptureQueriesContext(connection) as every:
        call_command("compute_readiness", stdout=io.StringIO(), stderr=io.StringIO())

    assert len(country) == 8
    assert len(every.captured_queries) == len(one.captured_queries)


def test_command_queries_grow_with_chunks_only(country, monkeypatch):
    with CaptureQueriesContext(connection) as whole:
        call_command("compute_readiness", stdout=io.StringIO(), stderr=io.StringIO())
    expected = _snapshot()
    monkeypatch.setattr(compute_readiness, "CHUNK", 3)
    with CaptureQueriesContext(connection) as cut:
        call_command("compute_readiness", stdout=io.StringIO(), stderr=io.StringIO())

    # Eight kecamatan in chunks of three: three chunks, the kecamatan listed once.
    assert len(cut.captured_queries) - 1 == 3 * (len(whole.captured_queries) - 1)
    assert _snapshot() == expected


def test_command_with_workers_on_sqlite_counts_in_one_process(country):
    out, err = io.StringIO(), io.StringIO()
    call_command("compute_readiness", "--workers", "2", stdout=out, stderr=err)
    assert "21 desa" in out.getvalue()
    # One process on SQLite, and the command says so; PostgreSQL shares the work out.
    assert ("satu proses" in err.getvalue()) == (connection.vendor == "sqlite")
    assert VillageReadiness.objects.count() == 21


@pytest.mark.parametrize("workers", ["0", "65", "dua"])
def test_command_refuses_a_bad_number_of_workers(workers):
    with pytest.raises(CommandError, match="Jumlah proses harus 1 sampai 64"):
        call_command("compute_readiness", "--workers", workers, stdout=io.StringIO())
