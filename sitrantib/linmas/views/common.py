"""The access helpers every LINMAS page uses: one scope check, one member lookup."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode

from sitrantib.core.scoping import Scope, scope_of
from sitrantib.linmas import selectors
from sitrantib.linmas.models import Member
from sitrantib.regions.models import District, Regency, Village


def page_scope(request: HttpRequest, *, members: bool = False, write: bool = False) -> Scope:
    """The one access check: the viewer's scope, refused (403) when the role may not do this."""
    scope = scope_of(request.user)
    if write and not selectors.can_write(scope):
        raise PermissionDenied
    if members and not selectors.can_read_members(scope):
        raise PermissionDenied
    if not selectors.can_read_readiness(scope):
        raise PermissionDenied
    return scope


@dataclass(frozen=True)
class Level:
    """What a readiness or equipment page lists (issue 16 A1): kabupaten, kecamatan or desa rows,
    inside `regency` or `district` when the viewer opened one."""

    name: str
    regency: Regency | None = None
    district: District | None = None

    @property
    def summary(self) -> bool:
        return self.name != selectors.LEVEL_VILLAGE

    def villages(self, scope: Scope) -> QuerySet[Village]:
        villages = selectors.villages_in_scope(scope=scope)
        if self.district is not None:
            villages = villages.filter(district=self.district)
        return villages


def page_level(request: HttpRequest, scope: Scope) -> Level:
    """The level asked for by `?kabupaten=` / `?kecamatan=` (404 outside the scope), or where a
    scope starts: the country by kabupaten, several kecamatan by kecamatan, one by desa."""
    kecamatan = request.GET.get("kecamatan", "")
    kabupaten = request.GET.get("kabupaten", "")
    if kecamatan:
        district = get_object_or_404(
            selectors.districts_in_scope(scope=scope).select_related("regency"),
            code=kecamatan[:20],
        )
        return Level(selectors.LEVEL_VILLAGE, regency=district.regency, district=district)
    if kabupaten and selectors.is_wide(scope):
        regency = get_object_or_404(selectors.regencies_in_scope(scope=scope), code=kabupaten[:20])
        return Level(selectors.LEVEL_DISTRICT, regency=regency)
    if scope.national:
        return Level(selectors.LEVEL_REGENCY)
    if selectors.is_wide(scope):
        return Level(selectors.LEVEL_DISTRICT)
    return Level(selectors.LEVEL_VILLAGE)


def member_for(request: HttpRequest, pk: int, *, write: bool = False) -> Member:
    """The member `pk` as the viewer may see it (or write it); 404 outside the scope."""
    if write:
        page_scope(request, write=True)
        return get_object_or_404(selectors.members_writable_by(user=request.user), pk=pk)
    page_scope(request, members=True)
    return get_object_or_404(selectors.members_visible_to(user=request.user), pk=pk)


def list_url(**query: str) -> str:
    return reverse("linmas:member_list") + "?" + urlencode(query)


def apply_errors(form: Any, error: ValidationError) -> None:
    """A service's ValidationError onto the form: each message beside its field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
