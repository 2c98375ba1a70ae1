"""Issue 16 A6: the public submission's own path (plain checks, one storing statement, the stored
IKM's inputs added by an SQL expression) stores exactly what the general path stores, keeps the
stored IKM equal to a fresh computation, refuses a period closed a moment ago, and loses or doubles
nothing when many phones send at once (docs/adr/0035)."""

import threading
import uuid
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from sitrantib.surveys.models import Answer, PeriodResult, SurveyResponse
from sitrantib.surveys.selectors import (
    fresh_results_for_periods,
    ikm_for_period,
    public_period,
    questionnaire_of,
    results_for_periods,
)
from sitrantib.surveys.services import (
    PeriodNotOpen,
    Submission,
    plain_submission,
    submit_online,
    submit_response,
    transition_period,
)
from sitrantib.surveys.tests.conftest import make_period, payload

WAIT = 30


def _url(period: Any) -> str:
    return f"/api/v1/surveys/{period.pk}/responses/"


def _assert_stored_equals_fresh(period: Any) -> None:
    assert (
        results_for_periods([period])[period.pk] == fresh_results_for_periods([period])[period.pk]
    )


@pytest.mark.django_db
def test_public_path_keeps_stored_result_equal_to_fresh(world: Any, same_minute: None) -> None:
    period = make_period(world)
    client = APIClient()
    bodies = [payload(4), payload(2), payload({f"U{i}": 1 + i % 4 for i in range(1, 10)})]
    for n, body in enumerate(bodies):
        reply = client.post(_url(period), body, format="json", REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert reply.status_code == 201, reply.json()
        _assert_stored_equals_fresh(period)
    row = PeriodResult.objects.get(period=period)
    assert row.respondents == 3
    assert row.totals["U1"] == [4 + 2 + 2, 3]
    assert row.totals["U4"] == [4 + 2 + 1, 3]
    # The ikm/grade columns are brought up to date when the period stops taking answers.
    closed = transition_period(period=period, status="closed", actor=world.admin)
    row.refresh_from_db()
    fresh = fresh_results_for_periods([closed])[closed.pk]
    assert (row.ikm, row.grade) == (fresh.ikm, fresh.grade or "")
    assert row.ikm == ikm_for_period(period=closed) is not None


@pytest.mark.django_db
def test_public_path_stores_what_the_general_path_stores(world: Any, same_minute: None) -> None:
    period = make_period(world)
    body = payload({f"U{i}": 1 + (i * 3) % 4 for i in range(1, 10)}, suggestion="  Antre lama  ")
    body["respondent"]["service"] = "izin  KERAMAIAN"
    reply = APIClient().post(_url(period), body, format="json", REMOTE_ADDR="192.0.2.9")
    assert reply.status_code == 201
    online = SurveyResponse.objects.get(client_id=body["client_id"])
    general, _created = submit_response(
        period=period,
        submission=Submission(
            client_id=uuid.uuid4(),
            answers=body["answers"],
            respondent=body["respondent"],
            suggestion=body["suggestion"],
        ),
    )
    general.refresh_from_db()
    fields = ("source", "sex", "age", "education", "occupation", "service", "suggestion")
    assert [getattr(online, f) for f in fields] == [getattr(general, f) for f in fields]
    assert online.service == "Izin keramaian"
    assert online.suggestion == "Antre lama"
    assert dict(online.answers.values_list("element__code", "value")) == body["answers"]
    assert reply.json() == {
        "client_id": body["client_id"],
        "survey": period.pk,
        "received_at": reply.json()["received_at"],
    }
    assert online.received_at is not None
    _assert_stored_equals_fresh(period)


@pytest.mark.django_db
def test_plain_checks_leave_everything_doubtful_to_the_long_way(world: Any) -> None:
    period = make_period(world)
    elements = questionnaire_of(period)
    assert plain_submission(payload(3), period=period, elements=elements) is not None
    doubtful = [
        payload({**{f"U{i}": 3 for i in range(1, 10)}, "U3": "3"}),  # text, the long way takes it
        payload({**{f"U{i}": 3 for i in range(1, 10)}, "U3": True}),
        payload({**{f"U{i}": 3 for i in range(1, 10)}, "U10": 3}),
        payload({f"U{i}": 3 for i in range(1, 9)}),
        payload(3, website="http://spam"),
        payload(3, suggestion="a\x00b"),
        payload(3, suggestion="x" * 2001),
        payload(3, client_id="bukan-uuid"),
    ]
    for key, value in (("sex", " P"), ("age", "34"), ("age", 9), ("education", "x")):
        body = payload(3)
        body["respondent"][key] = value
        doubtful.append(body)
    body = payload(3)
    body["respondent"]["service"] = "Layanan lain"
    doubtful.append(body)
    for body in doubtful:
        assert plain_submission(body, period=period, elements=elements) is None, body


@pytest.mark.django_db
def test_long_way_accepts_what_plain_checks_leave(world: Any, same_minute: None) -> None:
    period = make_period(world)
    body = payload({**{f"U{i}": 2 for i in range(1, 10)}, "U3": "3"})
    body["respondent"]["age"] = "34"
    reply = APIClient().post(_url(period), body, format="json", REMOTE_ADDR="192.0.2.9")
    assert reply.status_code == 201
    stored = SurveyResponse.objects.get(client_id=body["client_id"])
    assert stored.age == 34
    assert stored.answers.get(element__code="U3").value == 3
    _assert_stored_equals_fresh(period)


@pytest.mark.django_db
def test_period_closed_after_the_read_takes_nothing(world: Any) -> None:
    period = make_period(world)
    seen = public_period(pk=period.pk, client_id=None)
    assert seen is not None
    assert seen.status == "open"
    transition_period(period=period, status="closed", actor=world.admin)
    body = payload(3)
    submission = plain_submission(body, period=seen, elements=questionnaire_of(seen))
    assert submission is not None
    with pytest.raises(PeriodNotOpen):
        submit_online(period=seen, submission=submission, checked=True)
    assert (SurveyResponse.objects.count(), Answer.objects.count()) == (0, 0)
    assert PeriodResult.objects.get(period=period).respondents == 0


@pytest.mark.django_db
def test_public_period_reads_draft_as_missing_and_finds_resend(world: Any) -> None:
    draft = make_period(world, status="draft")
    assert public_period(pk=draft.pk, client_id=None) is None
    period = make_period(world, title="SKM lain")
    body = payload(3)
    submission = plain_submission(body, period=period, elements=questionnaire_of(period))
    assert submission is not None
    stored, created = submit_online(period=period, submission=submission, checked=True)
    assert created
    again, created_again = submit_online(period=period, submission=submission, checked=True)
    assert (created_again, again.pk) == (False, stored.pk)
    seen = public_period(pk=period.pk, client_id=submission.client_id)
    assert seen is not None
    assert seen.received_id == stored.pk  # type: ignore[attr-defined]
    assert seen.received_at == SurveyResponse.objects.get().received_at  # type: ignore[attr-defined]
    assert seen.title == "SKM lain"  # fields not read are loaded when touched


@pytest.mark.django_db(transaction=True)
def test_many_phones_at_once_none_lost_or_doubled(world: Any) -> None:
    """Eight threads, each with its own connection, send 40 questionnaires and resend 10 of them.
    On PostgreSQL they run at the same time (the share lock and the stored row's SQL increment);
    the SQLite test database fails a second writer at once instead of waiting, so there the sends
    take turns (the path is the same)."""
    period = make_period(world)
    bodies = [payload(1 + n % 4) for n in range(40)]
    queue = list(enumerate(bodies + bodies[:10]))
    take, turns = threading.Lock(), threading.Lock()
    statuses: list[int] = []
    errors: list[BaseException] = []
    simultaneous = connection.vendor == "postgresql"

    def phone() -> None:
        client = APIClient()
        try:
            while True:
                with take:
                    if not queue:
                        return
                    n, body = queue.pop(0)
                address = f"198.51.100.{n % 200 + 1}"
                if simultaneous:
                    reply = client.post(_url(period), body, format="json", REMOTE_ADDR=address)
                else:
                    with turns:
                        reply = client.post(_url(period), body, format="json", REMOTE_ADDR=address)
                statuses.append(reply.status_code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=phone) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert errors == []
    assert sorted(statuses) == [200] * 10 + [201] * 40
    assert SurveyResponse.objects.count() == 40
    assert Answer.objects.count() == 40 * 9
    assert PeriodResult.objects.get(period=period).respondents == 40
    _assert_stored_equals_fresh(period)
