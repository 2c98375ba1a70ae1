"""Issue 16 A6: one public submission costs a fixed, small number of queries and one transaction,
and the rate limit counts with one insert-or-increment statement per attempt."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from sitrantib.surveys import ratelimit
from sitrantib.surveys.models import SubmissionCounter, SurveyResponse
from sitrantib.surveys.tests.conftest import make_period, payload

pytestmark = pytest.mark.django_db


def _post(period: Any, body: dict[str, Any]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        reply = APIClient().post(
            f"/api/v1/surveys/{period.pk}/responses/", body, format="json", REMOTE_ADDR="192.0.2.5"
        )
    return reply.status_code, [q["sql"] for q in queries.captured_queries]


def _transactions(sql: list[str]) -> int:
    return sum(1 for s in sql if s.upper().startswith(("BEGIN", "SAVEPOINT", "START TRANSACTION")))


def test_submission_takes_eight_queries_and_one_transaction(world: Any, same_minute: None) -> None:
    period = make_period(world)
    _post(period, payload(3))  # the address's window row exists from here on
    status, sql = _post(period, payload(4))
    data = [s for s in sql if not s.upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT"))]
    assert status == 201
    # period, resend check, rate limit, lock + elements + stored result, response, answers,
    # stored result
    assert len(data) == 7, data
    assert _transactions(sql) <= 1
    assert SurveyResponse.objects.count() == 2


def test_resend_answers_before_rate_limit_in_two_queries(world: Any, same_minute: None) -> None:
    period = make_period(world)
    body = payload(3)
    _post(period, body)
    status, sql = _post(period, body)
    assert (status, len(sql)) == (200, 2)


def test_rate_limit_is_one_statement_per_attempt(db: Any) -> None:
    moment = dt.datetime(2026, 5, 1, 8, 30, 10, tzinfo=dt.UTC)
    ratelimit.register_attempt(address="192.0.2.7", now=moment)
    with CaptureQueriesContext(connection) as queries:
        ratelimit.register_attempt(address="192.0.2.7", now=moment)
    assert len(queries.captured_queries) == 1
    assert SubmissionCounter.objects.get().count == 2


@override_settings(SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE=2)
def test_rate_limit_counts_addresses_apart(db: Any) -> None:
    moment = dt.datetime(2026, 5, 1, 8, 30, 10, tzinfo=dt.UTC)
    first = [ratelimit.register_attempt(address="192.0.2.7", now=moment) for _ in range(3)]
    other = [ratelimit.register_attempt(address="192.0.2.8", now=moment) for _ in range(2)]
    assert (first, other) == ([True, True, False], [True, True])
    assert sorted(SubmissionCounter.objects.values_list("count", flat=True)) == [2, 3]
