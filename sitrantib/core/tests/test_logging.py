"""Structured logs: one JSON object per line, one line per request with its id and duration,
never the query string (searches carry names and NIKs)."""

import json
import logging
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from sitrantib.core.logging import (
    JsonFormatter,
    RequestContextFilter,
    RequestLogMiddleware,
    current_request_id,
)


class Lines(logging.Handler):
    """Keeps the formatted lines, as the console handler of production would write them."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict[str, Any]] = []
        self.setFormatter(JsonFormatter())
        self.addFilter(RequestContextFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def lines() -> Any:
    handler = Lines()
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(old_level)


def _view(request: HttpRequest) -> HttpResponse:
    logging.getLogger("sitrantib.linmas").info("member %s saved", 7)
    return HttpResponse("ok", status=201)


def test_a_record_is_one_json_line_with_time_level_logger_and_fields():
    record = logging.LogRecord("sitrantib.x", logging.WARNING, __file__, 1, "a %s", ("b",), None)
    record.fields = {"task_id": "t1"}

    entry = json.loads(JsonFormatter().format(record))

    assert entry["level"] == "WARNING"
    assert entry["logger"] == "sitrantib.x"
    assert entry["message"] == "a b"
    assert entry["task_id"] == "t1"
    assert entry["time"].endswith("+00:00")
    assert "\n" not in JsonFormatter().format(record)


def test_an_exception_is_kept_in_the_same_line():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())

    line = JsonFormatter().format(record)

    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exc"]


def test_each_request_is_logged_once_with_its_id_and_without_the_query(lines):
    request = RequestFactory().get("/linmas/anggota/?q=3508123412340001&nama=Siti")

    response = RequestLogMiddleware(_view)(request)

    request_id = response["X-Request-ID"]
    app_line, request_line = lines
    assert app_line["message"] == "member 7 saved"
    assert app_line["request_id"] == request_id
    assert request_line["logger"] == "sitrantib.request"
    assert request_line["request_id"] == request_id
    assert (request_line["method"], request_line["path"], request_line["status"]) == (
        "GET",
        "/linmas/anggota/",
        201,
    )
    assert isinstance(request_line["duration_ms"], float)
    assert "3508123412340001" not in json.dumps(lines)
    assert "Siti" not in json.dumps(lines)
    assert current_request_id() == ""  # nothing leaks into the next request


def test_a_proxys_request_id_is_kept_and_a_crafted_one_replaced(lines):
    kept = RequestLogMiddleware(_view)(
        RequestFactory().get("/", headers={"X-Request-ID": "abc-123"})
    )
    replaced = RequestLogMiddleware(_view)(
        RequestFactory().get("/", headers={"X-Request-ID": 'x"}\n{evil'})
    )

    assert kept["X-Request-ID"] == "abc-123"
    assert len(replaced["X-Request-ID"]) == 32
    assert "evil" not in json.dumps(lines)


def test_a_server_error_is_logged_at_error_level(lines):
    middleware = RequestLogMiddleware(lambda request: HttpResponse(status=503))

    middleware(RequestFactory().post("/health"))

    assert (lines[-1]["level"], lines[-1]["status"], lines[-1]["method"]) == ("ERROR", 503, "POST")
