"""The same report sent twice at the same moment through the API (issue 11, point 10): one
record, one 201 and one 200 with that record, for visits and for incidents.

Each request is a thread with its own APIClient and database connection. Both requests look for
the client id, find nothing, and only then go on to insert: the hook below holds each one right
after that look-up until both have made it, so the race the offline queue causes (a resend while
the first is still being saved) really happens every time. On PostgreSQL both then insert at
once and the unique constraint decides. The SQLite test database (in memory, shared cache)
answers "table is locked" instead of waiting for a writer, so there the second insert starts once
the first request has answered — still after its own look-up found nothing.
"""

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from sitrantib.fieldwork.models import Incident, Visit
from sitrantib.fieldwork.services import incidents as incident_services
from sitrantib.fieldwork.services import visits as visit_services
from sitrantib.fieldwork.tests.factories import category

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 30


class SameMoment:
    """Two requests held together after their look-up of the client id."""

    def __init__(self, monkeypatch, module, parties=2):
        self.barrier = threading.Barrier(parties)
        self.first_done = threading.Event()
        self.simultaneous = connection.vendor == "postgresql"
        self.local = threading.local()
        self.answers: list[tuple[int, dict]] = []
        self.errors: list[BaseException] = []
        original = module.existing_report
        race = self

        def held(*args):
            found = original(*args)
            if found is None and not getattr(race.local, "held", False):
                race.local.held = True
                turn = race.barrier.wait(WAIT)
                if not race.simultaneous and turn != 0:
                    assert race.first_done.wait(WAIT)
            return found

        monkeypatch.setattr(module, "existing_report", held)

    def post(self, user, url, body):
        def run():
            client = APIClient()
            client.force_authenticate(user)
            try:
                response = client.post(url, body, format="json")
                self.answers.append((response.status_code, response.json()))
            except BaseException as exc:
                self.errors.append(exc)
            finally:
                self.first_done.set()
                connection.close()

        return threading.Thread(target=run)

    def run(self, threads):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT * 2)
        assert self.errors == []


def test_api_same_visit_at_the_same_moment_is_recorded_once(world, monkeypatch):
    race = SameMoment(monkeypatch, visit_services)
    body = {
        "client_id": str(uuid.uuid4()),
        "village": world.village.code,
        "kind": "monitoring",
        "visited_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "situation": "kondusif",
        "recommendations": ["Perbaiki lampu pos"],
        "team": [{"name": "Sutrisno"}],
    }
    race.run([race.post(world.operator, "/api/v1/visits/", body) for _ in range(2)])

    assert sorted(code for code, _data in race.answers) == [200, 201]
    assert {data["id"] for _code, data in race.answers} == {Visit.objects.get().pk}
    visit = Visit.objects.get()
    assert str(visit.client_id) == body["client_id"]
    assert visit.recommendations.count() == 1
    assert visit.team.count() == 1


def test_api_same_incident_at_the_same_moment_is_recorded_once(world, monkeypatch):
    category("curanmor")
    race = SameMoment(monkeypatch, incident_services)
    body = {
        "client_id": str(uuid.uuid4()),
        "village": world.village.code,
        "category": "curanmor",
        "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "description": "Sepeda motor hilang.",
        "source": "citizen",
    }
    race.run([race.post(world.admin, "/api/v1/incidents/", body) for _ in range(2)])

    assert sorted(code for code, _data in race.answers) == [200, 201]
    assert {data["id"] for _code, data in race.answers} == {Incident.objects.get().pk}
