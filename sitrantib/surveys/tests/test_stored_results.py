"""Issue 16 A3: the IKM of a period is stored and kept equal to a fresh computation.

`selectors.ikm_for_period` / `fresh_results_for_periods` compute from every answer; the pages read
the stored figures (`results_for_periods`). After each kind of change both must agree.
"""

import io
import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sitrantib.surveys.models import PeriodElement, PeriodResult, SurveyResponse
from sitrantib.surveys.selectors import (
    fresh_results_for_periods,
    ikm_for_period,
    results_for_periods,
)
from sitrantib.surveys.services import (
    Submission,
    import_responses,
    refresh_period_result,
    submit_response,
)
from sitrantib.surveys.tests.conftest import make_period, payload

pytestmark = pytest.mark.django_db


def _submission(value: int | dict[str, Any] = 3) -> Submission:
    body = payload(value)
    return Submission(
        client_id=uuid.UUID(body["client_id"]),
        answers=body["answers"],
        respondent=body["respondent"],
    )


def _assert_stored_equals_fresh(period: Any) -> None:
    stored = results_for_periods([period])[period.pk]
    fresh = fresh_results_for_periods([period])[period.pk]
    row = PeriodResult.objects.get(period=period)
    assert stored == fresh
    assert (row.respondents, row.ikm) == (fresh.respondents, fresh.ikm)
    assert row.ikm == ikm_for_period(period=period)
    assert row.grade == (fresh.grade or "")


def test_new_period_has_empty_stored_result(world: Any) -> None:
    period = make_period(world)
    _assert_stored_equals_fresh(period)


def test_stored_result_follows_online_answers(world: Any) -> None:
    period = make_period(world)
    for value in (4, 2, {f"U{i}": 1 + i % 4 for i in range(1, 10)}):
        submit_response(period=period, submission=_submission(value))
        _assert_stored_equals_fresh(period)
    assert ikm_for_period(period=period) is not None


def test_stored_result_follows_paper_entry_and_resend(world: Any) -> None:
    period = make_period(world)
    submission = _submission(3)
    for _ in range(2):
        submit_response(period=period, submission=submission, source="paper", actor=world.admin)
    _assert_stored_equals_fresh(period)
    assert PeriodResult.objects.get(period=period).respondents == 1


def test_stored_result_follows_import(world: Any) -> None:
    period = make_period(world)
    submit_response(period=period, submission=_submission(2))
    import_responses(period=period, submissions=[_submission(4), _submission(1)], actor=world.admin)
    _assert_stored_equals_fresh(period)
    assert PeriodResult.objects.get(period=period).respondents == 3


def test_stored_result_follows_changed_elements(world: Any) -> None:
    period = make_period(world)
    submit_response(
        period=period, submission=_submission({f"U{i}": 1 + i % 4 for i in range(1, 10)})
    )
    PeriodElement.objects.filter(period=period, code="U1").update(weight=5)
    refresh_period_result(period=period)
    _assert_stored_equals_fresh(period)
    PeriodElement.objects.filter(period=period, code="U9").delete()
    refresh_period_result(period=period)
    _assert_stored_equals_fresh(period)


def test_stored_result_follows_deleted_response(world: Any) -> None:
    period = make_period(world)
    first, _created = submit_response(period=period, submission=_submission(1))
    submit_response(period=period, submission=_submission(4))
    first.delete()
    refresh_period_result(period=period)
    _assert_stored_equals_fresh(period)


def test_compute_ikm_command_repairs_stored_results(world: Any) -> None:
    period = make_period(world)
    other = make_period(world, title="SKM lain")
    submit_response(period=period, submission=_submission(2))
    submit_response(period=other, submission=_submission(4))
    PeriodResult.objects.all().update(respondents=99, ikm=None, totals={})
    out = io.StringIO()
    call_command("compute_ikm", "--period", str(period.pk), stdout=out)
    assert PeriodResult.objects.get(period=other).respondents == 99
    _assert_stored_equals_fresh(period)
    call_command("compute_ikm", stdout=out)
    _assert_stored_equals_fresh(other)
    assert "2" in out.getvalue()


def test_period_without_stored_result_reads_fresh_and_next_answer_stores(world: Any) -> None:
    period = make_period(world)
    submit_response(period=period, submission=_submission(3))
    PeriodResult.objects.all().delete()
    fresh = fresh_results_for_periods([period])[period.pk]
    assert results_for_periods([period])[period.pk] == fresh
    submit_response(period=period, submission=_submission(1))
    _assert_stored_equals_fresh(period)


def test_home_reads_stored_results_without_scanning_answers(world: Any) -> None:
    periods = [make_period(world, title=f"SKM {n}") for n in range(3)]
    for period in periods:
        submit_response(period=period, submission=_submission(3))
    client = Client()
    client.force_login(world.admin)
    with CaptureQueriesContext(connection) as queries:
        reply = client.get("/survei/")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert reply.status_code == 200
    assert "surveys_answer" not in sql
    assert "surveys_surveyresponse" not in sql
    assert SurveyResponse.objects.count() == 3
