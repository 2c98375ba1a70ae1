"""The desa search every form may use (core.autocomplete), scoped by the user and labelled by
regions.choices. Imported by RegionsConfig.ready."""

from typing import Any

from django.db.models import QuerySet

from sitrantib.core.autocomplete import register_search
from sitrantib.regions.choices import CHOICE_ORDERING, village_label, villages_for_choice
from sitrantib.regions.models import Village
from sitrantib.regions.selectors import villages_visible_to

SEARCH_VILLAGES = "regions.villages"


def register_village_search(key: str, *, villages_for: Any) -> None:
    """Register desa search `key` over `villages_for(user)`, with the shared label and order."""

    def queryset_for(user: Any) -> QuerySet[Village]:
        return villages_for_choice(villages_for(user))

    register_search(
        key,
        queryset_for=queryset_for,
        label=village_label,
        search_fields=("name",),
        code_field="code",
        ordering=CHOICE_ORDERING,
    )


register_village_search(SEARCH_VILLAGES, villages_for=lambda user: villages_visible_to(user=user))
