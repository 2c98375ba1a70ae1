from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sitrantib.regions.models import VillageBoundary
from sitrantib.regions.selectors import (
    boundaries_for,
    district_statistics,
    districts_visible_to,
    latest_statistic,
    villages_visible_to,
    villages_with_latest_statistics,
)
from sitrantib.regions.statistics import density_per_km2, summarise


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The kecamatan at a glance: its desa in a table and on a map, with their latest figures."""
    villages = list(villages_with_latest_statistics(user=request.user))
    rows = [(v, latest_statistic(v)) for v in villages]
    districts = list(districts_visible_to(user=request.user).select_related("regency")[:2])
    district = districts[0] if len(districts) == 1 else None
    stated = list(district_statistics(district=district)) if district else []
    return render(
        request,
        "regions/home.html",
        {
            "rows": [(v, s, density_per_km2(s)) for v, s in rows],
            "summary": summarise([s for _v, s in rows if s is not None]),
            "district": district,
            "stated_totals": stated,
            "map_tile_url": settings.SITRANTIB_MAP_TILE_URL,
            "map_tile_attribution": settings.SITRANTIB_MAP_TILE_ATTRIBUTION,
        },
    )


@require_GET
@login_required
def village_detail(request: HttpRequest, code: str) -> HttpResponse:
    village = get_object_or_404(
        villages_visible_to(user=request.user).select_related("district__regency"), code=code
    )
    statistics = list(village.statistics.select_related("source").order_by("-year", "source__title"))
    boundary = VillageBoundary.objects.filter(village=village).first()
    return render(
        request,
        "regions/village_detail.html",
        {
            "village": village,
            "statistics": [(s, density_per_km2(s)) for s in statistics],
            "hamlets": list(village.hamlets.order_by("name")),
            "boundary": boundary,
        },
    )


@require_GET
@login_required
def village_map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the desa in the viewer's scope, drawn as shapes (no tile server needed)."""
    villages = villages_visible_to(user=request.user)
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
