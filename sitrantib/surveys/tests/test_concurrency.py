"""Two submissions of the same questionnaire at the same moment, on a real transactional database.

Runs in both suites (SQLite, and PostgreSQL with SITRANTIB_DB=postgres): two threads with their
own database connections post the same client_id; both must get the same body and exactly one
response must be stored.

The race window is forced: each thread looks the client id up (with the period, in one query)
and finds nothing before either inserts. On PostgreSQL both are then released together, so the
two inserts really run at the same time. The test database of the SQLite suite is an in-memory
shared-cache database whose table locks fail at once instead of waiting, so there the second
insert starts when the first request has finished; it still carries the stale "not received"
lookup and must end in the unique constraint, not in a second row.
"""

import threading
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from sitrantib.surveys.api import views
from sitrantib.surveys.models import Answer, SurveyResponse
from sitrantib.surveys.tests.conftest import make_period, payload

WAIT = 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_client_id_stores_one_and_answers_same_body(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = make_period(world)
    body = payload(3)
    simultaneous = connection.vendor == "postgresql"
    looked_up = {"first": threading.Event(), "second": threading.Event()}
    go = {"first": threading.Event(), "second": threading.Event()}
    finished = {"first": threading.Event(), "second": threading.Event()}
    original = views.received_in

    def received_then_wait(*args: Any, **kwargs: Any) -> Any:
        role = threading.current_thread().name
        found = original(*args, **kwargs)
        looked_up[role].set()
        assert go[role].wait(WAIT)
        if role == "second" and not simultaneous:
            assert finished["first"].wait(WAIT)
        return found

    monkeypatch.setattr(views, "received_in", received_then_wait)
    replies: dict[str, tuple[int, Any]] = {}
    errors: list[BaseException] = []

    def post(address: str) -> None:
        role = threading.current_thread().name
        try:
            reply = APIClient().post(
                f"/api/v1/surveys/{period.pk}/responses/", body, format="json", REMOTE_ADDR=address
            )
            replies[role] = (reply.status_code, reply.json())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()
            finished[role].set()

    first = threading.Thread(target=post, args=("192.0.2.1",), name="first")
    second = threading.Thread(target=post, args=("192.0.2.2",), name="second")
    first.start()
    assert looked_up["first"].wait(WAIT)
    second.start()
    assert looked_up["second"].wait(WAIT)
    go["first"].set()
    go["second"].set()
    first.join(WAIT)
    second.join(WAIT)
    assert errors == []
    assert sorted(code for code, _body in replies.values()) == [200, 201]
    assert replies["first"][1] == replies["second"][1]
    assert (SurveyResponse.objects.count(), Answer.objects.count()) == (1, 9)
