"""Issue 16 A3 at national scale: the stored IKM of many periods is recomputed in batches
(`services.refresh_results`, `manage.py compute_ikm --workers N`) with a fixed number of queries
per batch, and equals the period-by-period path (`refresh_period_result`) exactly."""

import io
import uuid
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.surveys.models import PeriodElement, PeriodResult
from sitrantib.surveys.selectors import fresh_results_for_periods, results_for_periods
from sitrantib.surveys.services import (
    Submission,
    refresh_period_result,
    refresh_results,
    results,
    submit_response,
)
from sitrantib.surveys.tests.conftest import make_period, payload

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple[Any, ...]]:
    return sorted(
        (r.period_id, r.respondents, sorted(r.totals.items()), r.ikm, r.grade)
        for r in PeriodResult.objects.all()
    )


def _answer(period: Any, value: int | dict[str, Any]) -> None:
    body = payload(value)
    submit_response(
        period=period,
        submission=Submission(
            client_id=uuid.UUID(body["client_id"]),
            answers=body["answers"],
            respondent=body["respondent"],
        ),
    )


@pytest.fixture
def periods(world: Any) -> list[Any]:
    """Six periods of two kecamatan: answered differently, one without answers, one whose
    element weights changed after its answers."""
    made = []
    for n in range(6):
        district = world.district if n % 2 else world.other_district
        period = make_period(world, district=district, title=f"SKM {n}")
        for k in range(n if n != 3 else 0):
            _answer(period, {f"U{i}": 1 + (i * k + n) % 4 for i in range(1, 10)})
        made.append(period)
    PeriodElement.objects.filter(period=made[5], code="U2").update(weight=3)
    # Stale stored rows, as after a restore or a change outside the services.
    PeriodResult.objects.filter(period=made[1]).update(respondents=99, totals={}, ikm=None)
    PeriodResult.objects.filter(period=made[2]).delete()
    return made


def test_batch_equals_the_period_by_period_path(periods: list[Any]) -> None:
    for period in periods:
        refresh_period_result(period=period)
    one_by_one = _snapshot()
    PeriodResult.objects.update(respondents=0, totals={}, ikm=None, grade="")
    PeriodResult.objects.filter(period=periods[4]).delete()

    assert refresh_results(period_ids=[p.pk for p in periods]) == len(periods)

    assert _snapshot() == one_by_one
    assert len(one_by_one) == len(periods)
    assert any(row[3] is not None for row in one_by_one)
    assert results_for_periods(periods) == fresh_results_for_periods(periods)


def test_batch_queries_do_not_grow_with_the_periods(periods: list[Any]) -> None:
    with CaptureQueriesContext(connection) as one:
        refresh_results(period_ids=[periods[0].pk])
    with CaptureQueriesContext(connection) as six:
        refresh_results(period_ids=[p.pk for p in periods])

    assert len(six.captured_queries) == len(one.captured_queries)
    # The lock, the elements, the answer sums, the respondents and the upsert.
    written = [q for q in six.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(written) == 5, [q["sql"][:80] for q in written]


def test_batch_queries_grow_with_chunks_only(
    periods: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results, "CHUNK", 4)
    with CaptureQueriesContext(connection) as queries:
        refresh_results(period_ids=[p.pk for p in periods])

    written = [q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(written) == 5 * 2  # six periods in chunks of four
    assert results_for_periods(periods) == fresh_results_for_periods(periods)


def test_batch_skips_periods_that_no_longer_exist(periods: list[Any]) -> None:
    assert refresh_results(period_ids=[periods[0].pk, 999_999]) == 1
    assert not PeriodResult.objects.filter(period_id=999_999).exists()


def test_command_with_workers_repairs_every_period(periods: list[Any]) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("compute_ikm", "--workers", "2", stdout=out, stderr=err)

    assert results_for_periods(periods) == fresh_results_for_periods(periods)
    for period in periods:
        row = PeriodResult.objects.get(period=period)
        assert row.ikm == fresh_results_for_periods([period])[period.pk].ikm
    assert "untuk 6 periode" in out.getvalue()
    # SQLite keeps one process and says so; PostgreSQL shares the parts without a word.
    assert ("SQLite" in err.getvalue()) == (connection.vendor == "sqlite")


@pytest.mark.parametrize("workers", ["0", "65", "dua"])
def test_command_refuses_a_bad_number_of_workers(workers: str) -> None:
    with pytest.raises(CommandError, match="Jumlah proses harus 1 sampai 64"):
        call_command("compute_ikm", "--workers", workers, stdout=io.StringIO())
