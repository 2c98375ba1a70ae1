"""KTA numbers under concurrency (issue 15 B4, docs/adr/0106): many issues at once, the same
member asked twice, in two kecamatan.

Runs in both suites. On PostgreSQL (SITRANTIB_DB=postgres) the threads start together at a
barrier and really race on the counter row's lock (`SELECT ... FOR UPDATE`), including its first
creation. SQLite's shared in-memory test database answers "table is locked" instead of waiting;
that transaction did nothing, so the caller retries (as the trainings numbering test does).
"""

import datetime as dt
import random
import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from sitrantib.linmas.models import CardSerial, Member
from sitrantib.linmas.services import issue_card_number

from .conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 30
RETRY_FOR = 120
ON = dt.date(2026, 5, 4)


class Racers:
    """Calls run in threads, each with its own connection; together at a barrier on PostgreSQL."""

    def __init__(self, calls: list[Callable[[], object]]) -> None:
        self.calls = calls
        self.errors: list[BaseException] = []
        self.refused: list[str] = []
        self.start = threading.Barrier(len(calls)) if connection.vendor == "postgresql" else None

    def _run(self, call: Callable[[], object]) -> None:
        try:
            if self.start is not None:
                self.start.wait(WAIT)
            # SQLite: retried until the others are done, however slow a loaded machine is.
            deadline = time.monotonic() + RETRY_FOR
            while True:
                try:
                    call()
                    return
                except OperationalError as exc:  # SQLite: "database table is locked"
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(random.uniform(0.005, 0.05))
        except ValidationError as exc:  # the service's refusal (number already issued)
            self.refused.extend(exc.messages)
        except BaseException as exc:  # reported by the assert of the test
            self.errors.append(exc)
        finally:
            connection.close()

    def run(self) -> None:
        threads = [threading.Thread(target=self._run, args=(call,)) for call in self.calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(RETRY_FOR + WAIT)
        assert self.errors == []


def test_numbers_issued_at_once_are_gap_free_and_unique_per_kecamatan(world):
    here = [
        make_member(world.village if n % 2 else world.sibling_village, serial=n,
                    name=f"Anggota {n}", card_valid_until=dt.date(2030, 1, 1))
        for n in range(1, 9)
    ]  # fmt: skip
    there = [
        make_member(world.foreign_village, serial=20 + n, name=f"Lain {n}",
                    card_valid_until=dt.date(2030, 1, 1))
        for n in range(1, 4)
    ]  # fmt: skip
    calls: list[Callable[[], object]] = [
        lambda m=member: issue_card_number(member=m, actor=world.admin, on=ON) for member in here
    ]
    calls += [
        lambda m=member: issue_card_number(member=m, actor=world.outsider, on=ON)
        for member in there
    ]
    # The same members asked again at once: each gets one number, no serial is spent.
    calls += [
        lambda m=member: issue_card_number(member=m, actor=world.admin, on=ON)
        for member in here[:3]
    ]
    racers = Racers(calls)
    racers.run()
    issued = Member.objects.exclude(card_serial=None)
    by_district = {
        code: sorted(issued.filter(card_district_id=code).values_list("card_serial", flat=True))
        for code in ("35.08.07", "35.08.06")
    }
    assert (
        by_district,
        len(racers.refused),
        issued.values("card_number").distinct().count(),
        dict(CardSerial.objects.values_list("district_id", "last_serial")),
    ) == (
        {"35.08.07": list(range(1, 9)), "35.08.06": [1, 2, 3]},
        3,
        11,
        {"35.08.07": 8, "35.08.06": 3},
    )
