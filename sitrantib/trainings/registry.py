"""What the trainings module offers to the shared pieces: its searches (core.autocomplete).
Imported by TrainingsConfig.ready.

- `trainings.members`: active LINMAS members of the kecamatan(s) the user runs trainings for.
  A training's participants page narrows it further to the members of the training's kecamatan
  not yet enrolled, on its own endpoint (`member_search`, used by views/enrolment.py).
- `trainings.instructors`: the active instructors of the user's kecamatan (session form).
"""

from typing import Any

from django.db.models import QuerySet

from sitrantib.core.autocomplete import SearchSource, register_search, search
from sitrantib.core.scoping import scope_of
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import Member
from sitrantib.trainings.access import can_manage, can_manage_any
from sitrantib.trainings.forms import SEARCH_INSTRUCTORS, SEARCH_MEMBERS
from sitrantib.trainings.models import Instructor, Training
from sitrantib.trainings.selectors import instructors_in_scope


def members_to_enrol_for(user: Any) -> QuerySet[Member]:
    """Active members of the kecamatan the user manages (none for anyone else)."""
    scope = scope_of(user)
    if not can_manage_any(scope):
        return Member.objects.none()
    members = Member.objects.filter(status=MemberStatus.AKTIF)
    if scope.national:
        return members
    return members.filter(village__district__in=sorted(scope.district_codes))


def members_to_enrol_in(training: Training) -> QuerySet[Member]:
    """Active members of the training's kecamatan not yet enrolled in it."""
    return (
        Member.objects.filter(village__district=training.district_id, status=MemberStatus.AKTIF)
        .exclude(training_enrolments__training=training)
        .select_related("village")
    )


def _member_label(member: Member) -> str:
    return f"{member.name} ({member.village.name})"


def _instructor_label(instructor: Instructor) -> str:
    if instructor.institution is not None:
        short = instructor.institution.short_name or instructor.institution.name
        return f"{instructor.name} ({short})"
    return instructor.name


MEMBERS = register_search(
    SEARCH_MEMBERS,
    queryset_for=members_to_enrol_for,
    label=_member_label,
    search_fields=("name",),
    code_field="nik",
    select_related=("village",),
)
register_search(
    SEARCH_INSTRUCTORS,
    queryset_for=lambda user: instructors_in_scope(scope=scope_of(user)).filter(is_active=True),
    label=_instructor_label,
    search_fields=("name",),
    select_related=("institution",),
)


def member_search(*, training: Training, user: Any, query: str) -> list[dict[str, str]]:
    """At most 20 members to enrol in `training` whose name starts with `query` (or whose NIK it
    is), within what the user may enrol at all."""
    if not can_manage(scope_of(user), training.district_id):
        return []
    source = SearchSource(
        key=SEARCH_MEMBERS,
        queryset_for=lambda _user: members_to_enrol_in(training),
        label=MEMBERS.label,
        search_fields=MEMBERS.search_fields,
        code_field=MEMBERS.code_field,
        select_related=MEMBERS.select_related,
    )
    return search(source, user=user, query=query)
