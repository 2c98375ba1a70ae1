"""The people of an institution who are invited and own follow-ups."""

from django.db import transaction

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes, save_new
from sitrantib.meetings.models import Institution, InstitutionPerson
from sitrantib.meetings.services.common import require_admin


@transaction.atomic
def create_person(
    *, institution: Institution, name: str, position: str, actor: User, phone: str = ""
) -> InstitutionPerson:
    """Add a person to an institution (audited); administrators of its kecamatan only."""
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
    actor: User,
    phone: str = "",
    is_active: bool = True,
    expected_version: int | None = None,
) -> InstitutionPerson:
    """Correct a person of an institution (or mark them no longer active).

    Refuses a non-administrator (PermissionDenied), invalid values (ValidationError) and a
    person changed by someone else since `expected_version` (StaleVersion).
    """
    require_admin(actor, person.institution.district_id)
    save_changes(
        person,
        {"name": name, "position": position, "phone": phone, "is_active": is_active},
        actor=actor,
        expected_version=expected_version,
    )
    return person
