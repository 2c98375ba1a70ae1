"""Desa boundaries for maps, with an area estimate labelled as such (atomic, audited)."""

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.regions.models import Village, VillageBoundary
from sitrantib.regions.services.reference import BOUNDARIES_SOURCE, LoadResult, normalise_scope


def _ring_area_km2(ring: list[list[float]]) -> float:
    """Area of a lon/lat ring on a sphere, by the shoelace formula on a local projection."""
    radius_km = 6371.0088
    lat0 = math.radians(sum(p[1] for p in ring) / len(ring))
    pts = [
        (math.radians(lon) * math.cos(lat0) * radius_km, math.radians(lat) * radius_km)
        for lon, lat in ring
    ]
    total = 0.0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def geometry_area_km2(geometry: dict[str, Any]) -> float:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    area = 0.0
    for polygon in polygons:
        outer, *holes = polygon
        area += _ring_area_km2(outer) - sum(_ring_area_km2(h) for h in holes)
    return area


@transaction.atomic
def load_boundaries(
    *,
    features: Iterable[dict[str, Any]],
    scope: str,
    actor: AbstractBaseUser | None,
    source: str = BOUNDARIES_SOURCE,
) -> LoadResult:
    """Store simplified desa boundaries for maps, with an area estimate labelled as such."""
    prefix = normalise_scope(scope)
    wanted = {
        f["properties"]["code"]: f
        for f in features
        if not prefix
        or f["properties"]["code"].startswith(prefix + ".")
        or f["properties"]["code"] == prefix
    }
    known = set(Village.objects.filter(code__in=list(wanted)).values_list("code", flat=True))
    existing = {b.village_id: b for b in VillageBoundary.objects.filter(village_id__in=known)}
    result = LoadResult()
    to_create, to_update = [], []
    for code in sorted(known):
        feature = wanted[code]
        lon, lat = feature["properties"]["centroid"]
        values = {
            "geometry": feature["geometry"],
            "centroid_lon": lon,
            "centroid_lat": lat,
            "estimated_area_km2": Decimal(str(round(geometry_area_km2(feature["geometry"]), 3))),
            "source": source,
        }
        current = existing.get(code)
        if current is None:
            to_create.append(VillageBoundary(village_id=code, **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
    VillageBoundary.objects.bulk_create(to_create, batch_size=500)
    VillageBoundary.objects.bulk_update(
        to_update,
        ["geometry", "centroid_lon", "centroid_lat", "estimated_area_km2", "source"],
        batch_size=500,
    )
    result.created["boundary"] = len(to_create)
    result.updated["boundary"] = len(to_update)
    result.unchanged["boundary"] = len(known) - len(to_create) - len(to_update)
    if result.changed:
        # Not a record update: one summary entry for a bulk load of reference data (thousands of
        # rows at once), so save_changes, which audits one row, does not apply.
        record_change(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="regions.villageboundary",
            object_id=prefix or "all",
            object_repr=f"Batas desa {prefix or 'seluruh Indonesia'}",
            after={"created": result.created, "updated": result.updated},
            note=source,
        )
    return result
