"""The people of an institution who are invited and own follow-ups."""

from typing import Any

from django.db import transaction

from sitrantib.core.audit import save_new, snapshot
from sitrantib.meetings.models import Institution, InstitutionPerson
from sitrantib.meetings.services.common import record_update, require_admin


@transaction.atomic
def create_person(
    *, institution: Institution, name: str, position: str, actor: Any, phone: str = ""
) -> InstitutionPerson:
    require_admin(actor, institution.district_id)
    person = InstitutionPerson(
        institution=institution,
        name=name,
        position=position,
        phone=phone,
    )
    save_new(person, actor=actor)
    return person


@transaction.atomic
def update_person(
    *,
    person: InstitutionPerson,
    name: str,
    position: str,
    actor: Any,
    phone: str = "",
    is_active: bool = True,
) -> InstitutionPerson:
    """Correct a person of an institution (or mark them no longer active)."""
    require_admin(actor, person.institution.district_id)
    before = snapshot(person)
    person.name = name
    person.position = position
    person.phone = phone
    person.is_active = is_active
    person.updated_by = actor
    person.full_clean()
    person.save()
    record_update(actor, person, before)
    return person
