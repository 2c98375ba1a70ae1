"""The idle timeout of a session slides with use, without a session write on every request
(issue 16 A7; core.middleware.SessionRefreshMiddleware)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sitrantib.testing.factories import TEST_PASSWORD

START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """The time the sessions (and everything else asking timezone.now) see; set `.now`."""

    class Clock:
        now = START

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


@pytest.fixture
def logged_in(world, client, clock):
    response = client.post("/akun/masuk/", {"username": "camat", "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def _get_counting_session_writes(client, path="/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    return response, len(writes)


def test_session_idle_for_two_hours_is_gone(logged_in, clock):
    clock.now = START + dt.timedelta(hours=2, seconds=1)

    response = logged_in.get("/")

    assert response.status_code == 302
    assert response.url == "/akun/masuk/?next=/"


def test_request_within_the_refresh_window_does_not_write_the_session(logged_in, clock):
    clock.now = START + dt.timedelta(minutes=4)

    response, writes = _get_counting_session_writes(logged_in)

    assert response.status_code == 200
    assert writes == 0


def test_request_after_the_threshold_writes_once_and_slides_the_idle_timeout(logged_in, clock):
    clock.now = START + dt.timedelta(minutes=6)
    response, writes = _get_counting_session_writes(logged_in)
    assert (response.status_code, writes) == (200, 1)
    assert logged_in.cookies["sessionid"]["expires"] == ""  # still ends when the browser closes

    clock.now = START + dt.timedelta(hours=2, minutes=5)  # past the expiry set at login
    again, writes_again = _get_counting_session_writes(logged_in)

    assert again.status_code == 200
    assert writes_again == 1


def test_login_session_ends_with_the_browser(logged_in):
    assert logged_in.cookies["sessionid"]["expires"] == ""
    assert logged_in.cookies["sessionid"]["max-age"] == ""


def test_anonymous_request_without_a_session_creates_none(db, client):
    from django.contrib.sessions.models import Session

    client.get("/akun/masuk/")

    assert Session.objects.count() == 0
