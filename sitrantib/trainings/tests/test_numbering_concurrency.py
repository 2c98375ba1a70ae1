"""Official numbers under concurrency (issue 15 B4): the office's letter serial shared by meeting
invitations and instructors' assignment letters (surat tugas), and training certificates with a
revoked one replaced while another training issues.

Runs in both suites. On PostgreSQL (SITRANTIB_DB=postgres) the threads start together at a
barrier and really race on the serial row's lock (`SELECT ... FOR UPDATE`), including its first
creation. SQLite's shared in-memory test database answers "table is locked" instead of waiting;
that transaction did nothing, so the caller retries, as the meetings numbering test does.
"""

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from sitrantib.meetings import services as meetings
from sitrantib.meetings.models import LetterSerial, Meeting
from sitrantib.meetings.tests.factories import make_meeting
from sitrantib.trainings import services
from sitrantib.trainings.models import Certificate, Enrolment, TrainingKind, TrainingSession
from sitrantib.trainings.tests.factories import (
    make_instructor,
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def training_kind(db):
    """The kinds are seeded by a migration, which an earlier transactional test's flush removed."""
    TrainingKind.objects.get_or_create(code="dasar", defaults={"name": "Pelatihan Dasar"})


WAIT = 30
LETTER_DATE = dt.date(2026, 5, 4)
CLASSIFICATION = "800.1.11.1"  # the surat tugas default; invitations are set to share it


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
            for _ in range(400):
                try:
                    call()
                    return
                except OperationalError as exc:  # SQLite: "database table is locked"
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
            raise TimeoutError
        except ValidationError as exc:  # a refusal the service gives (already numbered)
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
            thread.join(WAIT * 2)
        assert self.errors == []


def _serial(number: str) -> int:
    return int(number.split("/")[1])


def test_invitations_and_assignment_letters_at_once_share_one_gap_free_serial(world):
    meetings.update_numbering(
        district=world.district,
        pattern="{classification}/{serial}/{unit_code}/{year}",
        unit_code="427.83",
        invitation_classification=CLASSIFICATION,
        actor=world.admin,
    )
    invitations = [make_meeting(world, title=f"Rapat {n}") for n in range(4)]
    training = make_training(world)
    sessions = make_sessions(world, training, count=4, instructor=make_instructor(world))
    calls: list[Callable[[], object]] = []
    for meeting, session in zip(invitations, sessions, strict=True):
        calls.append(
            lambda m=meeting: meetings.issue_invitation(
                meeting=m, letter_date=LETTER_DATE, actor=world.admin
            )
        )
        calls.append(
            lambda s=session: services.issue_assignment(
                session=s, letter_date=LETTER_DATE, actor=world.admin
            )
        )
    # The same meeting and session asked twice at once: numbered once, no serial spent.
    calls.append(
        lambda: meetings.issue_invitation(
            meeting=invitations[0], letter_date=LETTER_DATE, actor=world.admin
        )
    )
    calls.append(
        lambda: services.issue_assignment(
            session=sessions[0], letter_date=LETTER_DATE, actor=world.admin
        )
    )
    racers = Racers(calls)
    racers.run()
    numbers = list(
        Meeting.objects.exclude(letter_number="").values_list("letter_number", flat=True)
    ) + list(
        TrainingSession.objects.exclude(assignment_number="").values_list(
            "assignment_number", flat=True
        )
    )
    assert (
        sorted(_serial(n) for n in numbers),
        len(racers.refused),
        LetterSerial.objects.get(classification=CLASSIFICATION, year=2026).last_serial,
        {n.split("/")[0] for n in numbers},
    ) == (list(range(1, 9)), 2, 8, {CLASSIFICATION})


def test_certificates_of_a_replacement_and_another_training_at_once_never_repeat_a_serial(world):
    """A revoked certificate keeps its number; its replacement takes the next serial while
    another training issues its own, all in one yearly serial of the kecamatan (ADR 0061)."""
    first = _finished(world, 3, "Pertama")
    issued = services.issue_certificates(training=first, actor=world.admin, on=dt.date(2026, 4, 1))
    services.revoke_certificate(certificate=issued[0], reason="Salah nama", actor=world.admin)
    second = _finished(world, 5, "Kedua")
    racers = Racers(
        [
            lambda t=training: services.issue_certificates(
                training=t, actor=world.admin, on=dt.date(2026, 4, 2)
            )
            for training in (first, second, first, second)
        ]
    )
    racers.run()
    serials = list(Certificate.objects.order_by("serial").values_list("serial", flat=True))
    in_force = Certificate.objects.filter(revoked_at__isnull=True)
    assert (
        serials,
        in_force.count(),
        in_force.values("enrolment").distinct().count(),
        Certificate.objects.values("number").distinct().count(),
    ) == (list(range(1, 10)), 8, 8, 9)


def _finished(world, count: int, title: str):
    training = make_training(world, title=title)
    [session] = make_sessions(world, training, count=1)
    for member in make_members(world.village, count):
        services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    ids = list(Enrolment.objects.filter(training=training).values_list("pk", flat=True))
    services.mark_attendance(session=session, marks=dict.fromkeys(ids, "hadir"), actor=world.admin)
    services.set_scores(training=training, scores=dict.fromkeys(ids, (60, 90)), actor=world.admin)
    return services.transition_training(training=training, to_status="finished", actor=world.admin)
