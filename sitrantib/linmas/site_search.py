"""LINMAS members in the site search (core/search.py; docs/adr/0053).

By the start of any word of the name within one kecamatan (the start of the name only for wider
scopes, which the name index serves), or by the full NIK only for those who keep
the register and so may see a NIK (ADR 0010); for anyone else a NIK is not searched at all — a
match would confirm whose NIK it is — and the NIK shown beside each member is masked for them.
Within the user's scope: a village operator finds only the members of their own desa. One query.
"""

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sitrantib.core.scoping import Scope
from sitrantib.core.search import SearchFound, SearchHit, register_site_search
from sitrantib.linmas.selectors import can_read_members, members_in_scope, sees_personal_data
from sitrantib.linmas.selectors.access import personal_fields

NIK_LENGTH = 16
MESSAGE_NIK_NOT_SEARCHED = gettext_lazy(
    "Pencarian dengan NIK hanya untuk petugas yang mengelola register LINMAS; cari dengan nama."
)


def looks_like_nik(query: str) -> bool:
    return query.isdigit() and len(query) >= 6


def find_members(request: HttpRequest, scope: Scope, query: str, limit: int) -> SearchFound | None:
    if not can_read_members(scope):
        return None
    members = members_in_scope(scope=scope)
    if looks_like_nik(query):
        if not sees_personal_data(scope):
            return SearchFound(note=str(MESSAGE_NIK_NOT_SEARCHED))
        if len(query) != NIK_LENGTH:
            return SearchFound(note=_("Ketik ke-16 angka NIK."))
        found = list(members.filter(nik=query).order_by("pk")[: limit + 1])
        more = ""
    else:
        matches = Q(name__istartswith=query)
        if not scope.national and len(scope.district_codes) == 1:
            # Within one kecamatan (a few hundred members) any word of the name: "Santoso" finds
            # "Budi Santoso". Wider scopes keep to the start, which the name index serves.
            matches |= Q(name__icontains=f" {query}")
        found = list(members.filter(matches).order_by("name", "pk")[: limit + 1])
        more = f"{reverse('linmas:member_list')}?{urlencode({'q': query})}"
    return SearchFound(
        hits=[
            SearchHit(
                label=member.name,
                url=member.get_absolute_url(),
                detail=f"{member.village.name} · NIK {personal_fields(member, scope)['nik']}",
            )
            for member in found
        ],
        more_url=more,
    )


register_site_search(
    "linmas.members", title=gettext_lazy("Anggota LINMAS"), find=find_members, order=10
)
