"""Client-made ids (docs/adr/0081): a resend of a visit, an incident or a citizen report returns
the first record, one after the other and at the same moment; another desa's id is refused.

The concurrent tests run in both suites (SQLite, and PostgreSQL with SITRANTIB_DB=postgres), as
surveys/tests/test_concurrency.py does: two threads, each with its own connection, look the
client id up (and find nothing) before either inserts. On PostgreSQL both are then released
together, so the two inserts really run at the same time and the unique constraint decides. The
SQLite test database's table locks fail at once instead of waiting, so there the second insert
starts when the first thread has finished: it still carries the stale "not received" look-up and
must end in the first record, not in a second row nor an error.
"""

import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sitrantib.fieldwork.models import CitizenReport, Incident, Visit
from sitrantib.fieldwork.services import incidents, reports, visits
from sitrantib.fieldwork.tests.factories import category, incident_input, visit_input

WAIT = 20

pytestmark = pytest.mark.django_db


# One after the other ------------------------------------------------------------------------------


def test_a_resent_visit_returns_the_first(world):
    client_id = uuid.uuid4()
    first, created = visits.create_visit(
        village=world.village, data=visit_input(), actor=world.operator, client_id=client_id
    )
    again, created_again = visits.create_visit(
        village=world.village,
        data=visit_input(findings="Kiriman ulang"),
        actor=world.operator,
        client_id=client_id,
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Visit.objects.get().findings == first.findings  # the resend changes nothing
    assert Visit.objects.get().client_id == client_id


def test_a_resent_incident_returns_the_first(world):
    client_id = uuid.uuid4()
    first, created = incidents.create_incident(
        village=world.village, data=incident_input(), actor=world.operator, client_id=client_id
    )
    again, created_again = incidents.create_incident(
        village=world.village, data=incident_input(), actor=world.admin, client_id=client_id
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Incident.objects.count() == 1


def test_without_a_client_id_every_call_makes_a_record(world):
    for _ in range(2):
        visits.create_visit(village=world.village, data=visit_input(), actor=world.operator)
    assert Visit.objects.count() == 2
    assert len(set(Visit.objects.values_list("client_id", flat=True))) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["visit", "incident"])
def test_another_desas_client_id_is_refused_never_shown(world, model):
    client_id = uuid.uuid4()
    create = visits.create_visit if model == "visit" else incidents.create_incident
    data = visit_input if model == "visit" else incident_input
    records = Visit if model == "visit" else Incident
    create(village=world.village, data=data(), actor=world.operator, client_id=client_id)
    # The operator of another desa sends a report of their own desa with that id.
    with pytest.raises(ValidationError) as refused:
        create(
            village=world.sibling_village,
            data=data(),
            actor=world.sibling_operator,
            client_id=client_id,
        )
    assert refused.value.message_dict == {"client_id": [visits.MESSAGE_CLIENT_ID_TAKEN]}
    # An administrator who may write both desa is refused too: the id names Darungan's record.
    with pytest.raises(ValidationError):
        create(village=world.sibling_village, data=data(), actor=world.admin, client_id=client_id)
    assert records.objects.count() == 1
    assert records.objects.get().village == world.village


def test_another_kecamatans_client_id_is_refused(world):
    client_id = uuid.uuid4()
    visits.create_visit(
        village=world.village, data=visit_input(), actor=world.admin, client_id=client_id
    )
    with pytest.raises(ValidationError) as refused:
        visits.create_visit(
            village=world.foreign_village,
            data=visit_input(),
            actor=world.outsider,
            client_id=client_id,
        )
    assert "client_id" in refused.value.message_dict
    with pytest.raises(ValidationError):
        visits.existing_report(Visit, client_id, world.outsider)


def test_a_resent_citizen_report_returns_the_first(world):
    client_id = uuid.uuid4()
    first, created = reports.submit_report(data=report_input(world), client_id=client_id)
    again, created_again = reports.submit_report(data=report_input(world), client_id=client_id)
    assert (created, created_again) == (True, False)
    assert (again.pk, again.tracking_code) == (first.pk, first.tracking_code)
    assert CitizenReport.objects.count() == 1


def report_input(world: Any) -> reports.ReportInput:
    from django.utils import timezone

    return reports.ReportInput(
        village=world.village,
        category=category("curanmor"),
        place="Depan balai desa",
        occurred_at=timezone.now().replace(microsecond=0),
        description="Ada sepeda motor dicuri tadi malam.",
        contact_name="Siti",
        contact_phone="081234567890",
    )


# At the same moment -------------------------------------------------------------------------------


def race(
    monkeypatch: pytest.MonkeyPatch,
    module: Any,
    lookup: str,
    create: Callable[[], tuple[Any, bool]],
) -> dict[str, tuple[int, bool]]:
    """Run `create` in two threads whose first look-up of the client id both find nothing
    before either inserts; returns {thread: (record pk, created)}."""
    simultaneous = connection.vendor == "postgresql"
    looked_up = {"first": threading.Event(), "second": threading.Event()}
    go = {"first": threading.Event(), "second": threading.Event()}
    finished = {"first": threading.Event(), "second": threading.Event()}
    original = getattr(module, lookup)
    waited: set[str] = set()

    def lookup_then_wait(*args: Any, **kwargs: Any) -> Any:
        role = threading.current_thread().name
        found = original(*args, **kwargs)
        if role in looked_up and role not in waited:  # only the first look-up of a thread
            waited.add(role)
            looked_up[role].set()
            assert go[role].wait(WAIT)
            if role == "second" and not simultaneous:
                assert finished["first"].wait(WAIT)
        return found

    monkeypatch.setattr(module, lookup, lookup_then_wait)
    results: dict[str, tuple[int, bool]] = {}
    errors: list[BaseException] = []

    def run() -> None:
        role = threading.current_thread().name
        try:
            record, created = create()
            results[role] = (record.pk, created)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()
            finished[role].set()

    first = threading.Thread(target=run, name="first")
    second = threading.Thread(target=run, name="second")
    first.start()
    assert looked_up["first"].wait(WAIT)
    second.start()
    assert looked_up["second"].wait(WAIT)
    go["first"].set()
    go["second"].set()
    first.join(WAIT)
    second.join(WAIT)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_two_visits_with_one_client_id_at_the_same_moment_make_one_record(world, monkeypatch):
    client_id = uuid.uuid4()
    results = race(
        monkeypatch,
        visits,
        "existing_report",
        lambda: visits.create_visit(
            village=world.village, data=visit_input(), actor=world.operator, client_id=client_id
        ),
    )
    assert sorted(created for _pk, created in results.values()) == [False, True]
    assert results["first"][0] == results["second"][0]
    assert Visit.objects.filter(client_id=client_id).count() == 1
    assert Visit.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_incidents_with_one_client_id_at_the_same_moment_make_one_record(world, monkeypatch):
    client_id = uuid.uuid4()
    category("curanmor")  # a transactional test starts without the seeded categories
    results = race(
        monkeypatch,
        incidents,
        "existing_report",
        lambda: incidents.create_incident(
            village=world.village, data=incident_input(), actor=world.admin, client_id=client_id
        ),
    )
    assert sorted(created for _pk, created in results.values()) == [False, True]
    assert results["first"][0] == results["second"][0]
    assert Incident.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_citizen_reports_with_one_client_id_at_the_same_moment_make_one(world, monkeypatch):
    client_id = uuid.uuid4()
    category("curanmor")
    results = race(
        monkeypatch,
        reports,
        "first_report",
        lambda: reports.submit_report(data=report_input(world), client_id=client_id),
    )
    assert sorted(created for _pk, created in results.values()) == [False, True]
    assert results["first"][0] == results["second"][0]
    assert CitizenReport.objects.count() == 1
