"""Squads (regu) and the equipment stock of each desa."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.paging import page_by_key
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.linmas import selectors, services
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.forms import EquipmentForm, SquadForm
from sitrantib.linmas.views.common import apply_errors, page_level, page_scope

SQUAD_ORDERING = ("village", "order", "name", "pk")
VILLAGE_ORDERING = ("code",)
# Desa per page of the equipment table (each row holds every item type).
EQUIPMENT_PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
@login_required
def squads(request: AuthenticatedRequest) -> HttpResponse:
    scope = page_scope(request, members=True)
    can_write = selectors.can_write(scope)
    villages = selectors.villages_writable_by(user=request.user)
    form = None
    if can_write:
        form = SquadForm(request.POST or None, user=request.user, villages=villages)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            squad = form.cleaned_data["squad"]
            try:
                services.save_squad(
                    village=squad.village if squad else form.cleaned_data["village"],
                    name=form.cleaned_data["name"],
                    order=form.cleaned_data["order"] or 0,
                    leader=form.cleaned_data["leader"],
                    squad=squad,
                    actor=request.user,
                )
            except StaleVersion as exc:
                form.add_error(None, exc.message)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Regu tersimpan."))
                return redirect("linmas:squads")
    rows = selectors.squads_visible_to(user=request.user).annotate(
        active=Count("members", filter=Q(members__status=MemberStatus.AKTIF))
    )
    page = page_by_key(request, rows, ordering=SQUAD_ORDERING)
    return render(
        request,
        "linmas/squads.html",
        {"squads": page.rows, "page": page, "form": form, "can_write": can_write},
    )


@require_http_methods(["GET", "POST"])
@login_required
def equipment(request: AuthenticatedRequest) -> HttpResponse:
    scope = page_scope(request)
    can_write = selectors.can_write(scope)
    villages = selectors.villages_writable_by(user=request.user)
    form = (
        EquipmentForm(request.POST or None, user=request.user, villages=villages)
        if can_write
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.set_equipment(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Perlengkapan desa tersimpan."))
            return redirect("linmas:equipment")
    level = page_level(request, scope)
    if level.summary:
        # A wide scope: stock and shortage summed per kabupaten or kecamatan (issue 16 A1).
        regions = selectors.regions_at(
            scope=scope, level=level.name, parent=level.regency.code if level.regency else ""
        )
        page = page_by_key(
            request, regions, ordering=VILLAGE_ORDERING, page_size=EQUIPMENT_PAGE_SIZE
        )
        types, table = selectors.shortage_summary(level=level.name, regions=page.rows)
    else:
        # Each desa with its active members, counted in the same query (issue 9 point 10).
        villages = level.villages(scope).annotate(
            active_members=Count(
                "linmas_members", filter=Q(linmas_members__status=MemberStatus.AKTIF)
            )
        )
        page = page_by_key(
            request,
            villages,
            ordering=VILLAGE_ORDERING,
            page_size=EQUIPMENT_PAGE_SIZE,
        )
        types, table = selectors.shortage_table(scope=scope, villages=page.rows)  # type: ignore[assignment]
    return render(
        request,
        "linmas/equipment.html",
        {
            "types": types,
            "table": table,
            "page": page,
            "level": level,
            "national": scope.national,
            "wide": selectors.is_wide(scope),
            "form": form,
            "can_write": can_write,
            "links": selectors.can_read_members(scope),
        },
    )
