from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.scoping import scope_of
from sitrantib.regions.forms import OfficeProfileForm, SignatoryForm
from sitrantib.regions.models import District, VillageBoundary
from sitrantib.regions.selectors import (
    boundaries_for,
    district_statistics,
    districts_visible_to,
    latest_statistic,
    offices_visible_to,
    villages_visible_to,
    villages_with_latest_statistics,
)
from sitrantib.regions.services import update_office_profile, update_signatory
from sitrantib.regions.statistics import area_off_map, density_per_km2, summarise


def _district_for(request: HttpRequest) -> District | None:
    """The kecamatan a page shows: the one asked for (if in scope), else the user's own."""
    districts = districts_visible_to(user=request.user).select_related("regency")
    for wanted in (request.GET.get("kecamatan"), request.user.district_id):
        if wanted and (district := districts.filter(code=wanted).first()) is not None:
            return district
    # A user whose scope is a single kecamatan needs no choice.
    only = list(districts[:2])
    return only[0] if len(only) == 1 else None


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One kecamatan at a glance: its desa in a table and on a map, with their latest figures."""
    district = _district_for(request)
    if district is None:
        return _choose_district(request)
    villages = list(villages_with_latest_statistics(user=request.user).filter(district=district))
    rows = [(v, latest_statistic(v)) for v in villages]
    return render(
        request,
        "regions/home.html",
        {
            "rows": [(v, s, density_per_km2(s)) for v, s in rows],
            "summary": summarise([s for _v, s in rows if s is not None]),
            "district": district,
            "stated_totals": list(district_statistics(district=district, user=request.user)),
            "sources": sorted({s.source for _v, s in rows if s is not None}, key=str),
            "map_tile_url": settings.SITRANTIB_MAP_TILE_URL,
            "map_tile_attribution": settings.SITRANTIB_MAP_TILE_ATTRIBUTION,
        },
    )


DISTRICT_CHOICES_SHOWN = 50


def _choose_district(request: HttpRequest) -> HttpResponse:
    """For users whose scope spans many kecamatan: find one by name or code."""
    query = request.GET.get("q", "").strip()
    districts = districts_visible_to(user=request.user).select_related("regency")
    if query:
        districts = districts.filter(Q(name__icontains=query) | Q(code__startswith=query))
    return render(
        request,
        "regions/choose_district.html",
        {
            "districts": list(districts.order_by("code")[:DISTRICT_CHOICES_SHOWN]),
            "query": query,
            "limit": DISTRICT_CHOICES_SHOWN,
        },
    )


@require_GET
@login_required
def village_detail(request: HttpRequest, code: str) -> HttpResponse:
    village = get_object_or_404(
        villages_visible_to(user=request.user).select_related("district__regency"), code=code
    )
    statistics = list(
        village.statistics.select_related("source").order_by("-year", "source__title")
    )
    boundary = VillageBoundary.objects.filter(village=village).first()
    return render(
        request,
        "regions/village_detail.html",
        {
            "village": village,
            "statistics": [(s, density_per_km2(s), area_off_map(s, boundary)) for s in statistics],
            "hamlets": list(village.hamlets.order_by("name")),
            "boundary": boundary,
        },
    )


@require_GET
@login_required
def village_map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the desa in the viewer's scope, drawn as shapes (no tile server needed)."""
    villages = villages_visible_to(user=request.user)
    district = _district_for(request)
    if district is None:
        return JsonResponse({"type": "FeatureCollection", "features": []})
    villages = villages.filter(district=district)
    features = [
        {
            "type": "Feature",
            "geometry": b.geometry,
            "properties": {
                "code": b.village_id,
                "name": b.village.name,
                "url": b.village.get_absolute_url(),
                "centroid": [b.centroid_lon, b.centroid_lat],
            },
        }
        for b in boundaries_for(villages=villages).order_by("village_id")
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_http_methods(["GET", "POST"])
@login_required
def office_edit(request: HttpRequest) -> HttpResponse:
    """Administrators keep the letterhead and the signatories of their own office up to date."""
    scope = scope_of(request.user)
    if not scope.is_admin:
        raise PermissionDenied
    district_code = request.GET.get("district") or request.user.district_id
    office = get_object_or_404(offices_visible_to(user=request.user), district_id=district_code)
    signatories = list(office.signatories.order_by("role"))
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = OfficeProfileForm(data, files, instance=office, prefix="office")
    signatory_forms = [
        SignatoryForm(data, instance=s, prefix=f"signatory-{s.pk}") for s in signatories
    ]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in signatory_forms):
        with transaction.atomic():
            update_office_profile(office=office, actor=request.user, values=form.cleaned_data)
            for signatory, sform in zip(signatories, signatory_forms, strict=True):
                update_signatory(signatory=signatory, actor=request.user, values=sform.cleaned_data)
        messages.success(request, _("Profil kantor disimpan."))
        return redirect(f"{reverse('regions:office_edit')}?district={office.district_id}")
    return render(
        request,
        "regions/office_edit.html",
        {"form": form, "signatory_forms": list(zip(signatories, signatory_forms, strict=True))},
    )
