"""Desa in the site search (core/search.py; docs/adr/0053): by the start of the name, within the
user's scope, each with its kecamatan (names repeat across kecamatan). One query."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from sitrantib.core.scoping import Scope
from sitrantib.core.search import SearchFound, SearchHit, register_site_search
from sitrantib.regions.selectors import villages_in_scope


def find_villages(request: HttpRequest, scope: Scope, query: str, limit: int) -> SearchFound | None:
    found = list(
        villages_in_scope(scope=scope)
        .filter(name__istartswith=query)
        .select_related("district")
        .order_by("name", "code")[: limit + 1]
    )
    # The kecamatan page lists its desa filtered by name; a wider scope has no one such page.
    more = ""
    if not scope.national and len(scope.district_codes) == 1:
        district = next(iter(scope.district_codes))
        more = f"{reverse('regions:home')}?{urlencode({'kecamatan': district, 'desa': query})}"
    return SearchFound(
        hits=[
            SearchHit(
                label=f"{village.get_kind_display()} {village.name}",
                url=village.get_absolute_url(),
                detail=str(village.district.name),
            )
            for village in found
        ],
        more_url=more,
    )


register_site_search("regions.villages", title=gettext_lazy("Desa"), find=find_villages, order=30)
