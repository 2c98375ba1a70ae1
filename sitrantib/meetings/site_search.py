"""Meetings in the site search (core/search.py; docs/adr/0053): by part of the title, newest
first, within the meetings the user may see (a partner or desa only those it is invited to or
owns an item of). One query; a kecamatan holds tens of meetings a year."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from sitrantib.core.formatting import format_date_id
from sitrantib.core.scoping import Scope
from sitrantib.core.search import SearchFound, SearchHit, register_site_search
from sitrantib.meetings.selectors import meetings_in_scope


def find_meetings(request: HttpRequest, scope: Scope, query: str, limit: int) -> SearchFound | None:
    found = list(
        meetings_in_scope(scope=scope)
        .filter(title__icontains=query)
        .order_by("-starts_at", "-pk")[: limit + 1]
    )
    return SearchFound(
        hits=[
            SearchHit(
                label=meeting.title,
                url=meeting.get_absolute_url(),
                detail=format_date_id(timezone.localtime(meeting.starts_at)),
            )
            for meeting in found
        ],
        more_url=f"{reverse('meetings:meeting_list')}?{urlencode({'q': query})}",
    )


register_site_search("meetings.meetings", title=gettext_lazy("Rapat"), find=find_meetings, order=20)
