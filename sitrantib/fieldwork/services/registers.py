"""Poskamling and Satgas Keamanan Desa registers: create, change, rosters and members."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from sitrantib.core.audit import record_change, save_changes, save_new
from sitrantib.core.enums import AuditAction
from sitrantib.fieldwork.enums import Equipment
from sitrantib.fieldwork.models import Post, PostDuty, PostDutyPerson, TaskForce, TaskForceMember
from sitrantib.fieldwork.services.common import (
    check_hamlet,
    check_member,
    clean_codes,
    coordinates,
    require_writer,
)
from sitrantib.regions.models import Village

POST_FIELDS = (
    "hamlet",
    "rw",
    "rt",
    "name",
    "address",
    "latitude",
    "longitude",
    "condition",
    "is_active",
    "equipment",
    "equipment_note",
    "note",
)
TASK_FORCE_FIELDS = (
    "decree_number",
    "decree_date",
    "leader_name",
    "leader_member",
    "vest_count",
    "radio_count",
    "equipment_note",
    "is_active",
    "note",
)


@dataclass(frozen=True)
class Person:
    """A person on a roster or in a Satgas: a LINMAS member where they are one, else a name."""

    name: str
    member: Any = None
    position: str = ""
    rw: str = ""


@dataclass(frozen=True)
class DutyNight:
    weekday: int
    group_name: str = ""
    people: Sequence[Person] = ()


def _post_values(village: Village, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in POST_FIELDS if k in data}
    if "equipment" in values:
        values["equipment"] = clean_codes(values["equipment"], Equipment, field="equipment")
    if "latitude" in values or "longitude" in values:
        values["latitude"], values["longitude"] = coordinates(
            values.get("latitude"), values.get("longitude")
        )
    check_hamlet(village, values.get("hamlet"))
    return values


@transaction.atomic
def create_post(*, village: Village, data: Mapping[str, Any], actor: Any) -> Post:
    """Register a Poskamling in a desa (audited)."""
    require_writer(actor, village)
    post = Post(village=village, district_id=village.district_id, **_post_values(village, data))
    return save_new(post, actor=actor)


@transaction.atomic
def update_post(
    *, post: Post, data: Mapping[str, Any], actor: Any, expected_version: int | None = None
) -> bool:
    require_writer(actor, post.village)
    return save_changes(
        post, _post_values(post.village, data), actor=actor, expected_version=expected_version
    )


def _person_name(person: Person) -> str:
    return (person.name or "").strip() or (person.member.name if person.member else "")


@transaction.atomic
def set_roster(*, post: Post, nights: Sequence[DutyNight], actor: Any) -> list[PostDuty]:
    """Replace a Poskamling's duty roster (one audit entry with the roster before and after)."""
    require_writer(actor, post.village)
    for night in nights:
        for person in night.people:
            check_member(post.village, person.member, field="people")
    before = roster_snapshot(post)
    PostDuty.objects.filter(post=post).delete()
    duties = PostDuty.objects.bulk_create(
        [PostDuty(post=post, weekday=n.weekday, group_name=n.group_name) for n in nights]
    )
    PostDutyPerson.objects.bulk_create(
        [
            PostDutyPerson(duty=duty, member=p.member, name=_person_name(p))
            for duty, night in zip(duties, nights, strict=True)
            for p in night.people
            if _person_name(p)
        ]
    )
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=post,
        before={"roster": before},
        after={"roster": roster_snapshot(post)},
    )
    return duties


def roster_snapshot(post: Post) -> list[dict[str, Any]]:
    duties = PostDuty.objects.filter(post=post).prefetch_related("people")
    return [
        {
            "weekday": d.weekday,
            "group": d.group_name,
            "people": [[p.member_id, p.name] for p in d.people.all()],
        }
        for d in duties
    ]


def _task_force_values(village: Village, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data[k] for k in TASK_FORCE_FIELDS if k in data}
    check_member(village, values.get("leader_member"), field="leader_member")
    if values.get("leader_member") is not None and not values.get("leader_name"):
        values["leader_name"] = values["leader_member"].name
    return values


@transaction.atomic
def create_task_force(*, village: Village, data: Mapping[str, Any], actor: Any) -> TaskForce:
    """Register the Satgas Keamanan Desa of a desa (one per desa; audited)."""
    require_writer(actor, village)
    task_force = TaskForce(
        village=village, district_id=village.district_id, **_task_force_values(village, data)
    )
    return save_new(task_force, actor=actor)


@transaction.atomic
def update_task_force(
    *,
    task_force: TaskForce,
    data: Mapping[str, Any],
    actor: Any,
    expected_version: int | None = None,
) -> bool:
    require_writer(actor, task_force.village)
    return save_changes(
        task_force,
        _task_force_values(task_force.village, data),
        actor=actor,
        expected_version=expected_version,
    )


@transaction.atomic
def set_task_force_members(
    *, task_force: TaskForce, people: Sequence[Person], actor: Any
) -> list[TaskForceMember]:
    """Replace the member list of a Satgas (one audit entry with the list before and after)."""
    require_writer(actor, task_force.village)
    for person in people:
        check_member(task_force.village, person.member, field="members")
    before = _members_snapshot(task_force)
    TaskForceMember.objects.filter(task_force=task_force).delete()
    seen: set[int] = set()
    rows = []
    for p in people:
        if not _person_name(p) or (p.member is not None and p.member.pk in seen):
            continue
        if p.member is not None:
            seen.add(p.member.pk)
        rows.append(
            TaskForceMember(
                task_force=task_force,
                member=p.member,
                name=_person_name(p),
                position=p.position,
                rw=p.rw,
            )
        )
    created = TaskForceMember.objects.bulk_create(rows)
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=task_force,
        before={"members": before},
        after={"members": _members_snapshot(task_force)},
    )
    return created


def _members_snapshot(task_force: TaskForce) -> list[list[Any]]:
    return [
        [m.member_id, m.name, m.position, m.rw]
        for m in TaskForceMember.objects.filter(task_force=task_force)
    ]
