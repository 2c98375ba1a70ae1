"""Issue 16 A3 at national scale: the stored follow-up figures of many kecamatan are recomputed in
batches (`services.figures.refresh_many`, `manage.py compute_follow_up --workers N`) with a fixed
number of queries per batch, and equal the kecamatan-by-kecamatan path exactly."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.meetings.enums import EvidenceKind
from sitrantib.meetings.models import ActionItem, Evidence, FollowUpFigure
from sitrantib.meetings.services import figures
from sitrantib.meetings.tests.factories import make_meeting
from sitrantib.regions.benchdata import make_region_tree
from sitrantib.testing.factories import make_institution

pytestmark = pytest.mark.django_db

YEAR = 2026
# One status per item, cycled; "done+" is done with evidence (followed up), "done" without.
STATUSES = ["open", "in_progress", "done+", "done", "cancelled", "done+", "open"]


def _snapshot() -> list[tuple]:
    return sorted(
        FollowUpFigure.objects.values_list(
            "district_id",
            "owner_institution_id",
            "year",
            "month",
            "due",
            "followed_up",
            "pending",
            "cancelled",
        )
    )


@pytest.fixture
def country(world):
    """Seven kecamatan in two kabupaten, two institutions each, items over the months of two
    years in every status (written in bulk: the stored figures start stale)."""
    districts = [world.district, world.other_district] + [
        make_region_tree(district_code=code, villages=[(f"{code}.2001", f"Desa {code}")])
        for code in ("35.08.08", "35.08.09", "35.08.10", "35.09.01", "35.09.02")
    ]
    items = []
    done_with_evidence = []
    for n, district in enumerate(districts):
        owners = [
            make_institution(district=district, kind="polsek", name=f"Polsek {district.code}"),
            make_institution(district=district, kind="koramil", name=f"Koramil {district.code}"),
        ]
        meeting = make_meeting(world, district=district, invited=owners, actor=world.national)
        for k in range(12 + n):
            status = STATUSES[(k + n) % len(STATUSES)]
            item = ActionItem(
                district=district,
                meeting=meeting,
                description=f"Tindak lanjut {k}",
                owner_institution=owners[k % 2],
                due_date=dt.date(YEAR - (k % 5 == 0), 1 + (k * 5 + n) % 12, 1 + k % 28),
                status=status.rstrip("+"),
                cancel_reason="Tidak relevan" if status == "cancelled" else "",
            )
            items.append(item)
            if status == "done+":
                done_with_evidence.append(item)
    ActionItem.objects.bulk_create(items)
    Evidence.objects.bulk_create(
        [Evidence(item=i, kind=EvidenceKind.NOTE, note="Dilaksanakan") for i in done_with_evidence]
    )
    return [d.code for d in districts]


def test_batch_equals_the_kecamatan_by_kecamatan_path(country):
    for year in (YEAR - 1, YEAR):
        FollowUpFigure.objects.all().delete()
        for code in country:
            figures.refresh_follow_up_figures(district_code=code, year=year)
        one_by_one = _snapshot()

        FollowUpFigure.objects.all().delete()
        stored = figures.refresh_many(district_codes=country, year=year)
        batched = _snapshot()

        assert batched == one_by_one
        assert stored == len(batched)
        # The world exercises every count: each one is non-zero somewhere.
        for column in range(4, 8):
            assert any(row[column] for row in batched), column


def test_batch_corrects_wrong_rows_and_drops_rows_counted_no_more(world, country):
    for code in country:
        figures.refresh_follow_up_figures(district_code=code, year=YEAR)
    expected = _snapshot()
    first = FollowUpFigure.objects.filter(year=YEAR).order_by("pk").first()
    FollowUpFigure.objects.filter(pk=first.pk).update(due=99, followed_up=98)
    # A month with no item left (moved outside the services) and another year's row.
    FollowUpFigure.objects.create(
        district=world.district, owner_institution=world.polsek, year=YEAR, month=12, due=5
    )
    other_year = FollowUpFigure.objects.create(
        district=world.district, owner_institution=world.polsek, year=YEAR + 1, month=1, due=1
    )

    figures.refresh_many(district_codes=country, year=YEAR)

    assert _snapshot() == sorted(
        [
            *expected,
            tuple(
                FollowUpFigure.objects.filter(pk=other_year.pk)
                .values_list(
                    "district_id",
                    "owner_institution_id",
                    "year",
                    "month",
                    "due",
                    "followed_up",
                    "pending",
                    "cancelled",
                )
                .get()
            ),
        ]
    )


def test_batch_queries_do_not_grow_with_the_kecamatan(country):
    with CaptureQueriesContext(connection) as one:
        figures.refresh_many(district_codes=country[:1], year=YEAR)
    with CaptureQueriesContext(connection) as seven:
        figures.refresh_many(district_codes=country, year=YEAR)

    assert len(seven.captured_queries) == len(one.captured_queries)
    # The lock, the grouped counts, the upsert and the delete (savepoints aside).
    written = [q for q in seven.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(written) == 4, [q["sql"][:80] for q in written]


def test_batch_queries_grow_with_chunks_only(country, monkeypatch):
    monkeypatch.setattr(figures, "CHUNK", 3)
    FollowUpFigure.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        figures.refresh_many(district_codes=country, year=YEAR)

    written = [q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(written) == 4 * 3  # seven kecamatan in chunks of three
    FollowUpFigure.objects.all().delete()
    for code in country:
        figures.refresh_follow_up_figures(district_code=code, year=YEAR)
    one_by_one = _snapshot()
    FollowUpFigure.objects.all().delete()
    figures.refresh_many(district_codes=country, year=YEAR)
    assert _snapshot() == one_by_one


def test_command_with_workers_equals_the_kecamatan_by_kecamatan_path(country):
    FollowUpFigure.objects.all().delete()
    for year in (YEAR - 1, YEAR):
        for code in country:
            figures.refresh_follow_up_figures(district_code=code, year=year)
    one_by_one = _snapshot()
    FollowUpFigure.objects.update(due=0)

    out, err = io.StringIO(), io.StringIO()
    call_command("compute_follow_up", "--workers", "2", stdout=out, stderr=err)

    assert _snapshot() == one_by_one
    assert f"Tahun {YEAR}: " in out.getvalue()
    # SQLite keeps one process and says so; PostgreSQL shares the parts without a word.
    assert ("SQLite" in err.getvalue()) == (connection.vendor == "sqlite")


@pytest.mark.parametrize("workers", ["0", "65", "dua"])
def test_command_refuses_a_bad_number_of_workers(workers):
    with pytest.raises(CommandError, match="Jumlah proses harus 1 sampai 64"):
        call_command("compute_follow_up", "--workers", workers, stdout=io.StringIO())
