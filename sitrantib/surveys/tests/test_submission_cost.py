"""Issue 16 A6: one public submission costs a fixed, small number of queries and one transaction,
and the rate limit counts with one insert-or-increment statement per attempt.

PostgreSQL: the period with the resend check, the rate limit, and one statement storing the
response, its answers and the stored IKM's inputs (3). SQLite has no data-modifying CTE: the
last is three statements in one transaction (5)."""

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from sitrantib.surveys import ratelimit
from sitrantib.surveys.models import PeriodElement, SubmissionCounter, SurveyResponse
from sitrantib.surveys.services import refresh_period_result
from sitrantib.surveys.tests.conftest import make_period, payload
from sitrantib.surveys.tests.test_views import form_data

pytestmark = pytest.mark.django_db


def _post(period: Any, body: dict[str, Any]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        reply = APIClient().post(
            f"/api/v1/surveys/{period.pk}/responses/", body, format="json", REMOTE_ADDR="192.0.2.5"
        )
    return reply.status_code, [q["sql"] for q in queries.captured_queries]


def _transactions(sql: list[str]) -> int:
    return sum(1 for s in sql if s.upper().startswith(("BEGIN", "SAVEPOINT", "START TRANSACTION")))


def _submission_queries() -> int:
    return 3 if connection.vendor == "postgresql" else 5


def test_submission_takes_few_queries_and_one_transaction(world: Any, same_minute: None) -> None:
    period = make_period(world)
    _post(period, payload(3))  # the address's window row and the questionnaire kept from here on
    status, sql = _post(period, payload(4))
    data = [s for s in sql if not s.upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT"))]
    assert status == 201
    # period with the resend check, rate limit, (share lock,) response, answers, stored result
    assert len(data) == _submission_queries(), data
    assert _transactions(sql) <= 1
    assert SurveyResponse.objects.count() == 2


def test_resend_answers_before_rate_limit_in_one_query(world: Any, same_minute: None) -> None:
    period = make_period(world)
    body = payload(3)
    _post(period, body)
    counted = SubmissionCounter.objects.get().count
    status, sql = _post(period, body)
    assert (status, len(sql)) == (200, 1)
    assert SubmissionCounter.objects.get().count == counted


def test_questionnaire_form_submission_takes_few_queries(world: Any, same_minute: None) -> None:
    period = make_period(world)
    client = Client()
    url = f"/s/{period.short_code}/"
    client.post(url, form_data(period, 3, client_id=str(uuid.uuid4())), REMOTE_ADDR="192.0.2.5")
    with CaptureQueriesContext(connection) as queries:
        reply = client.post(
            url, form_data(period, 4, client_id=str(uuid.uuid4())), REMOTE_ADDR="192.0.2.5"
        )
    data = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT"))
    ]
    assert reply.status_code == 302
    assert len(data) == _submission_queries(), data
    assert SurveyResponse.objects.count() == 2


def test_changed_elements_are_validated_after_refresh(world: Any, same_minute: None) -> None:
    period = make_period(world)
    assert _post(period, payload(3))[0] == 201  # the questionnaire is kept by this process
    PeriodElement.objects.filter(period=period, code="U9").delete()
    refresh_period_result(period=period)  # what every change of a period's elements calls
    status, _sql = _post(period, payload(3))  # still answers U9
    assert status == 400
    body = payload(3)
    del body["answers"]["U9"]
    assert _post(period, body)[0] == 201


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
