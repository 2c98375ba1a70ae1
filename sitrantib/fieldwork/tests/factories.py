"""Records for the field-work tests: categories, posts, visits and incidents, through the
services."""

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from sitrantib.fieldwork.enums import IncidentSource, Situation, VisitKind
from sitrantib.fieldwork.models import IncidentCategory, Post, TaskForce
from sitrantib.fieldwork.services import incidents, registers, visits


def category(code: str = "curanmor", *, serious: bool = True) -> IncidentCategory:
    """A category (the seeded one when present: a transactional test may have emptied them)."""
    found, _ = IncidentCategory.objects.get_or_create(
        code=code, defaults={"name": code.title(), "is_serious": serious}
    )
    return found


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_post(
    world: Any,
    *,
    village: Any = None,
    name: str = "Pos Kamling Krajan",
    actor: Any = None,
    **data: Any,
) -> Post:
    village = village or world.village
    return registers.create_post(
        village=village,
        data={"name": name, "rw": "01", "rt": "02", **data},
        actor=actor or world.admin,
    )


def make_task_force(
    world: Any, *, village: Any = None, actor: Any = None, **data: Any
) -> TaskForce:
    village = village or world.village
    return registers.create_task_force(
        village=village,
        data={"decree_number": "188/12/427.97/2026", "leader_name": "Sutrisno", **data},
        actor=actor or world.admin,
    )


def visit_input(
    *,
    when: dt.datetime | None = None,
    situation: str = Situation.KONDUSIF,
    kind: str = VisitKind.MONITORING,
    **extra: Any,
) -> visits.VisitInput:
    reason = extra.pop(
        "situation_reason", "" if situation == Situation.KONDUSIF else "Ada keributan"
    )
    return visits.VisitInput(
        kind=kind,
        visited_at=when or timezone.now() - dt.timedelta(hours=1),
        situation=situation,
        situation_reason=reason,
        activity_types=extra.pop("activity_types", ["patrol"]),
        findings=extra.pop("findings", "Pos aktif, ronda berjalan."),
        **extra,
    )


def make_visit(world: Any, *, village: Any = None, actor: Any = None, **extra: Any) -> Any:
    visit, _created = visits.create_visit(
        village=village or world.village,
        data=visit_input(**extra),
        actor=actor or world.admin,
        client_id=uuid.uuid4(),
    )
    return visit


def incident_input(
    *, when: dt.datetime | None = None, code: str = "curanmor", **extra: Any
) -> incidents.IncidentInput:
    return incidents.IncidentInput(
        category=category(code),
        occurred_at=when or timezone.now() - dt.timedelta(hours=2),
        description=extra.pop("description", "Sepeda motor hilang di depan rumah warga."),
        source=extra.pop("source", IncidentSource.PATROL),
        **extra,
    )


def make_incident(world: Any, *, village: Any = None, actor: Any = None, **extra: Any) -> Any:
    incident, _created = incidents.create_incident(
        village=village or world.village,
        data=incident_input(**extra),
        actor=actor or world.admin,
        client_id=uuid.uuid4(),
    )
    return incident
