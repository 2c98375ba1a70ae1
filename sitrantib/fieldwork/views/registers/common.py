"""What the register pages of both kinds share: the desa a writer may record in, the check that
the viewer writes for a desa, and the choice of the desa of a new record."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sitrantib.core.scoping import Scope
from sitrantib.fieldwork import access
from sitrantib.fieldwork.forms.registers import VillageChoiceForm
from sitrantib.fieldwork.views.overview import scope_villages
from sitrantib.regions.models import Village


def writable_villages(scope: Scope) -> Any:
    villages = scope_villages(scope)
    if not access.can_write_any(scope):
        return villages.none()
    return villages


def require_writer(scope: Scope, village_code: str) -> None:
    if not access.can_write_village(scope, village_code):
        raise PermissionDenied


def choose_village(
    request: HttpRequest, scope: Scope, title: str
) -> tuple[Village | None, HttpResponse | None]:
    """The desa of a new record: from ?desa= (in the writer's scope), the only one, or asked."""
    villages = writable_villages(scope)
    code = request.GET.get("desa", "")
    if code:
        village = villages.filter(code=code).select_related("district").first()
        if village is None:
            raise Http404
        return village, None
    only = list(villages.select_related("district")[:2])
    if len(only) == 1:
        return only[0], None
    if not only:
        raise PermissionDenied
    form = VillageChoiceForm(villages=villages, user=request.user)
    return None, render(
        request, "fieldwork/registers/choose_village.html", {"form": form, "title": title}
    )
