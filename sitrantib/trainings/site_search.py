"""Trainings in the site search (core/search.py; docs/adr/0053): by part of the title, newest
first, within the trainings the user may open (a partner only those its people teach). One
query; a kecamatan holds a few trainings a year."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from sitrantib.core.formatting import format_date_id
from sitrantib.core.scoping import Scope
from sitrantib.core.search import SearchFound, SearchHit, register_site_search
from sitrantib.trainings.selectors import trainings_in_scope


def find_trainings(
    request: HttpRequest, scope: Scope, query: str, limit: int
) -> SearchFound | None:
    found = list(
        trainings_in_scope(scope=scope)
        .filter(title__icontains=query)
        .order_by("-starts_on", "-pk")[: limit + 1]
    )
    return SearchFound(
        hits=[
            SearchHit(
                label=training.title,
                url=training.get_absolute_url(),
                detail=format_date_id(training.starts_on),
            )
            for training in found
        ],
        more_url=f"{reverse('trainings:home')}?{urlencode({'q': query})}",
    )


register_site_search(
    "trainings.trainings", title=gettext_lazy("Pelatihan"), find=find_trainings, order=15
)
