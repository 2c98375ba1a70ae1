"""Institutions and their people: who may be invited to a meeting, and whom a user sees."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from sitrantib.meetings.models import InstitutionPerson
from sitrantib.regions.models import Institution
from sitrantib.regions.selectors import institutions_visible_to


def institutions_with_people(institutions: QuerySet[Institution]) -> QuerySet[Institution]:
    """The institutions with their active people in `active_people` (one extra query)."""
    return institutions.prefetch_related(
        Prefetch(
            "people",
            queryset=InstitutionPerson.objects.filter(is_active=True).order_by("name", "pk"),
            to_attr="active_people",
        )
    )


def people_visible_to(*, user: Any) -> QuerySet[InstitutionPerson]:
    """People of the institutions the user may see (regions' institution scope)."""
    return InstitutionPerson.objects.filter(institution__in=institutions_visible_to(user=user))


def invitable_institutions(*, district_code: str) -> QuerySet[Institution]:
    return (
        Institution.objects.filter(district_id=district_code, is_active=True)
        .select_related("village")
        .order_by("kind", "name", "pk")
    )


def invitable_people(*, district_code: str) -> QuerySet[InstitutionPerson]:
    return (
        InstitutionPerson.objects.filter(institution__district_id=district_code, is_active=True)
        .select_related("institution")
        .order_by("institution__kind", "institution__name", "name", "pk")
    )
