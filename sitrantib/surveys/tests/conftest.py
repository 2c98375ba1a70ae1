"""Fixtures of the survey tests: periods of the `world` kecamatan and questionnaire payloads."""

import datetime as dt
import uuid
from typing import Any

import pytest

from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.services import create_period, transition_period


def make_period(
    world: Any, *, status: str = PeriodStatus.OPEN, district: Any = None, **extra: Any
) -> Any:
    values: dict[str, Any] = {
        "title": "SKM Triwulan I 2026",
        "service_unit": "Seksi Trantib",
        "services": "Izin keramaian\nRekomendasi izin keramaian",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 3, 31),
        "population": 100,
    }
    values.update(extra)
    period = create_period(district=district or world.district, actor=world.admin, **values)
    paths: dict[str, list[PeriodStatus]] = {
        PeriodStatus.DRAFT: [],
        PeriodStatus.OPEN: [PeriodStatus.OPEN],
        PeriodStatus.CLOSED: [PeriodStatus.OPEN, PeriodStatus.CLOSED],
        PeriodStatus.PUBLISHED: [PeriodStatus.OPEN, PeriodStatus.CLOSED, PeriodStatus.PUBLISHED],
    }
    for step in paths[status]:
        period = transition_period(period=period, status=step, actor=world.admin)
    return period


def payload(value: int | dict[str, Any] = 4, **extra: Any) -> dict[str, Any]:
    answers = value if isinstance(value, dict) else {f"U{i}": value for i in range(1, 10)}
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "answers": answers,
        "respondent": {
            "sex": "P",
            "age": 34,
            "education": "sma",
            "occupation": "wirausaha",
            "service": "Izin keramaian",
        },
        "suggestion": "",
    }
    body.update(extra)
    return body


@pytest.fixture
def same_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rate-limit check falls in one minute, so a test never straddles a minute boundary."""
    from sitrantib.surveys import ratelimit

    moment = dt.datetime(2026, 5, 1, 8, 30, 15, tzinfo=dt.UTC)
    monkeypatch.setattr(ratelimit, "_now", lambda: moment)


@pytest.fixture
def open_period(world: Any) -> Any:
    return make_period(world)
