"""How a desa is offered as a choice: sorted by name, and named with its kecamatan where the name
repeats within the choices ("Kebonsari (Kec. Yosowilangun)"; Lumajang has two Kebonsari).

Every desa choice of every app goes through here: the search-as-you-type sources (registered in
regions/search.py and by the apps for their own scopes) and any plain choice field.
"""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from sitrantib.regions.models import Village

# The order of every desa choice: by name, the code deciding between equal names.
CHOICE_ORDERING = ("name", "code")


def villages_for_choice(villages: QuerySet[Village]) -> QuerySet[Village]:
    """`villages` sorted by name, each marked `name_repeats` when another desa of the same
    queryset bears its name (one query, with the kecamatan joined for the label)."""
    return (
        villages.select_related("district")
        .annotate(
            name_repeats=Exists(
                villages.order_by().filter(name=OuterRef("name")).exclude(code=OuterRef("code"))
            )
        )
        .order_by(*CHOICE_ORDERING)
    )


def village_label(village: Any) -> str:
    """The desa's name, with its kecamatan when the name repeats among the choices.

    Reads `name_repeats` from `villages_for_choice`; a desa fetched without it is named alone.
    """
    if getattr(village, "name_repeats", False):
        return _("%(village)s (Kec. %(district)s)") % {
            "village": village.name,
            "district": village.district.name,
        }
    return str(village.name)


def village_choices(villages: QuerySet[Village]) -> list[tuple[str, str]]:
    """(code, label) pairs for a plain choice field, sorted by name."""
    return [(v.code, village_label(v)) for v in villages_for_choice(villages)]
