"""Writes of regions: reference-data loads and the office profile. Each is atomic and audited."""

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils.dateparse import parse_date

from sitrantib.core.audit import record_change, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.formatting import parse_count, parse_decimal_id
from sitrantib.regions.enums import InstitutionKind, RegencyKind, SignatoryRole, VillageKind
from sitrantib.regions.models import (
    District,
    DistrictStatistic,
    Institution,
    OfficeProfile,
    Province,
    Regency,
    Signatory,
    StatisticSource,
    Village,
    VillageBoundary,
    VillageStatistic,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "wilayah-kemendagri-2025.csv"
BOUNDARIES_GEOJSON = DATA_DIR / "desa-35.08-lumajang.geojson"
OFFICES_DIR = DATA_DIR / "offices"
REGIONS_SOURCE = "Kepmendagri 300.2.2-2138/2025 (cahyadsn/wilayah, MIT)"
BOUNDARIES_SOURCE = "cahyadsn/wilayah_boundaries (MIT), disederhanakan; perkiraan, bukan luas resmi"

MESSAGE_BAD_SCOPE = "Cakupan wilayah tidak valid: {scope!r}. Gunakan kode seperti 35.08 atau 'all'."
MESSAGE_BAD_CODE = "Baris {line}: kode wilayah tidak valid: {code!r}."
MESSAGE_UNKNOWN_PARENT = "Baris {line}: induk wilayah {parent} tidak ada dalam berkas."


class RegionDataError(ValueError):
    """Reference data that cannot be loaded; the message says which line and why."""


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    # Each updated region with its values before and after, for the audit entry.
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())


_LEVELS = ("province", "regency", "district", "village")


def _level_of(code: str) -> str:
    parts = code.split(".")
    widths = (2, 2, 2, 4)
    if not 1 <= len(parts) <= 4 or any(
        len(p) != w or not p.isdigit() for p, w in zip(parts, widths, strict=False)
    ):
        raise ValueError(code)
    return _LEVELS[len(parts) - 1]


def normalise_scope(scope: str) -> str:
    """'all' for the whole country, otherwise a valid region code prefix such as '35.08'."""
    scope = scope.strip()
    if scope == "all":
        return ""
    try:
        _level_of(scope)
    except ValueError:
        raise RegionDataError(MESSAGE_BAD_SCOPE.format(scope=scope)) from None
    return scope


def read_region_rows(path: Path, *, scope: str) -> Iterator[tuple[int, str, str]]:
    """(line, code, name) of the rows inside the scope and of the scope's own ancestors."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        if header[:2] != ["code", "name"]:
            raise RegionDataError("Kepala berkas harus 'code,name'.")
        for line, row in enumerate(reader, start=2):
            if len(row) < 2:
                continue
            code, name = row[0].strip(), row[1].strip()
            if scope and not (
                code == scope or code.startswith(scope + ".") or scope.startswith(code + ".")
            ):
                continue
            yield line, code, name


def _sync_level(
    model: type[models.Model],
    wanted: dict[str, dict[str, Any]],
    result: LoadResult,
    label: str,
    prefix: str,
) -> None:
    """Create missing rows and update changed ones; rows already right are not written at all."""
    fields = list(next(iter(wanted.values())).keys()) if wanted else []
    # A few codes are fetched by key; a large level (all desa of a scope) in one scan of the
    # scope's prefix, since SQLite limits the number of parameters of one query.
    rows = model._default_manager.all()
    if len(wanted) <= 900:
        rows = rows.filter(code__in=list(wanted))
    elif prefix:
        rows = rows.filter(code__startswith=prefix + ".")
    existing = {row["code"]: row for row in rows.values("code", *fields) if row["code"] in wanted}
    to_create = [
        model(code=code, **values) for code, values in wanted.items() if code not in existing
    ]
    changed = [
        code
        for code, values in wanted.items()
        if code in existing and any(existing[code][k] != v for k, v in values.items())
    ]
    to_update = [model(code=code, **wanted[code]) for code in changed]
    model._default_manager.bulk_create(to_create, batch_size=2000)
    if to_update:
        model._default_manager.bulk_update(to_update, fields, batch_size=1000)
    result.created[label] = len(to_create)
    result.updated[label] = len(to_update)
    result.changes.extend(
        {"code": code, "before": existing[code], "after": wanted[code]} for code in changed
    )
    result.unchanged[label] = len(wanted) - len(to_create) - len(to_update)


@transaction.atomic
def load_regions(*, path: Path = REGIONS_CSV, scope: str, actor: Any) -> LoadResult:
    """Load provinsi, kabupaten/kota, kecamatan and desa/kelurahan codes within a scope.

    Idempotent: a second run writes nothing; a renamed region is updated in place, never
    duplicated. Regions missing from the file are left alone (codes are never reused).
    Side effect: one audit entry summarising the counts when anything changed.
    """
    prefix = normalise_scope(scope)
    levels: dict[str, dict[str, dict[str, Any]]] = {level: {} for level in _LEVELS}
    for line, code, name in read_region_rows(path, scope=prefix):
        try:
            level = _level_of(code)
        except ValueError:
            raise RegionDataError(MESSAGE_BAD_CODE.format(line=line, code=code)) from None
        parent = code.rsplit(".", 1)[0]
        parent_level = _LEVELS[_LEVELS.index(level) - 1] if level != "province" else None
        if parent_level and parent not in levels[parent_level]:
            raise RegionDataError(MESSAGE_UNKNOWN_PARENT.format(line=line, parent=parent))
        if level == "province":
            levels[level][code] = {"name": name}
        elif level == "regency":
            regency_kind = RegencyKind.KOTA if int(code[3:5]) >= 71 else RegencyKind.KABUPATEN
            levels[level][code] = {"name": name, "province_id": parent, "kind": regency_kind.value}
        elif level == "district":
            levels[level][code] = {"name": name, "regency_id": parent}
        else:
            village_kind = {"1": VillageKind.KELURAHAN, "3": VillageKind.DESA_ADAT}.get(
                code[9], VillageKind.DESA
            )
            levels[level][code] = {"name": name, "district_id": parent, "kind": village_kind.value}
    result = LoadResult()
    for level, model in zip(_LEVELS, (Province, Regency, District, Village), strict=True):
        _sync_level(model, levels[level], result, level, prefix)
    if result.changed:
        record_change(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="regions.region",
            object_id=prefix or "all",
            object_repr=f"Kode wilayah {prefix or 'seluruh Indonesia'}",
            district_code=prefix if len(prefix) == 8 else "",
            after={
                "created": result.created,
                "updated": result.updated,
                "changes": result.changes,
            },
            note=REGIONS_SOURCE,
        )
    return result


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
    *, features: Iterable[dict[str, Any]], scope: str, actor: Any, source: str = BOUNDARIES_SOURCE
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


_COUNT_FIELDS = {
    "hamlets": "hamlet_count",
    "rw": "rw_count",
    "rt": "rt_count",
    "male": "male",
    "female": "female",
    "population": "population",
    "households": "households",
}


def _figures(printed: dict[str, str], *, area_unit: str) -> dict[str, Any]:
    """Numbers from figures as printed: counts may carry thousands separators ("1.455")."""
    values: dict[str, Any] = {}
    for key, field_name in _COUNT_FIELDS.items():
        if printed.get(key) not in (None, ""):
            values[field_name] = parse_count(str(printed[key]))
    if printed.get("area") not in (None, ""):
        # Stored with three decimals; quantized here so a re-load compares equal.
        values["area"] = parse_decimal_id(str(printed["area"])).quantize(Decimal("0.001"))
        values["area_unit"] = area_unit
    return values


def _upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    actor: Any,
    counts: dict[str, int],
) -> models.Model:
    """Create or update one record, auditing only a real change."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        save_new(instance, actor=actor)
        counts["created"] += 1
        return instance
    before = snapshot(instance)
    for key, value in values.items():
        setattr(instance, key, value)
    after = snapshot(instance)
    if after != before:
        instance.full_clean()
        instance.save()
        record_change(
            actor=actor, action=AuditAction.UPDATE, instance=instance, before=before, after=after
        )
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    return instance


@transaction.atomic
def load_office_data(*, data: dict[str, Any], actor: Any) -> dict[str, int]:
    """Load one kecamatan's office profile, institutions and printed statistics from a data file.

    The kecamatan must already be loaded by `load_regions`. Idempotent; every created or
    changed record is audited. Data typed by hand is taken exactly as printed: the
    data-quality rules, not this loader, report figures that do not add up.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    district = District.objects.select_related("regency").get(code=data["district"])
    regency_area = data.get("regency_official_area")
    if regency_area:
        regency = district.regency
        _upsert(
            Regency,
            {"code": regency.code},
            {
                "name": regency.name,
                "province_id": regency.province_id,
                "kind": regency.kind,
                "official_area_km2": parse_decimal_id(regency_area["value"]).quantize(
                    Decimal("0.001")
                ),
                "official_area_source": regency_area["source"],
            },
            actor,
            counts,
        )
    office_values = dict(data["office"])
    office = _upsert(OfficeProfile, {"district": district}, office_values, actor, counts)
    for item in data.get("signatories", []):
        _upsert(
            Signatory,
            {"office": office, "role": SignatoryRole(item["role"]).value},
            {
                "title": item["title"],
                "name": item.get("name", ""),
                "rank": item.get("rank", ""),
                "nip": item.get("nip", ""),
            },
            actor,
            counts,
        )
    for item in data.get("institutions", []):
        kind = InstitutionKind(item["kind"]).value
        _upsert(
            Institution,
            {"district": district, "name": item["name"]},
            {
                "kind": kind,
                "short_name": item.get("short_name", ""),
                "village_id": item.get("village"),
            },
            actor,
            counts,
        )
    if data.get("village_governments"):
        # Keyed by the desa, not the name: a renamed desa renames its government.
        for village in Village.objects.filter(district=district).order_by("code"):
            _upsert(
                Institution,
                {
                    "district": district,
                    "kind": InstitutionKind.VILLAGE_GOVERNMENT.value,
                    "village_id": village.code,
                },
                {"name": f"Pemerintah Desa {village.name}", "short_name": ""},
                actor,
                counts,
            )
    for table in data.get("statistics", []):
        source_data = table["source"]
        source, created = StatisticSource.objects.get_or_create(
            title=source_data["title"],
            defaults={
                "published_on": parse_date(source_data.get("date", "") or "") or None,
                "note": source_data.get("note", ""),
            },
        )
        if created:
            record_change(
                actor=actor,
                action=AuditAction.CREATE,
                instance=source,
                after=snapshot(source),
                district_code=district.code,
            )
        year = int(table["year"])
        area_unit = table.get("area_unit", "")
        for row in table.get("rows", []):
            values = _figures(row, area_unit=area_unit)
            values["printed_name"] = row.get("printed_name", "")
            _upsert(
                VillageStatistic,
                {"village_id": row["village"], "year": year, "source": source},
                values,
                actor,
                counts,
            )
        stated = table.get("stated_totals")
        if stated:
            _upsert(
                DistrictStatistic,
                {"district": district, "year": year, "source": source},
                _figures(stated, area_unit=area_unit),
                actor,
                counts,
            )
    return counts


OFFICE_FIELDS = (
    "government_line",
    "office_line",
    "address",
    "phone",
    "town",
    "postcode",
    "letter_place",
    "email",
    "emblem",
)
SIGNATORY_FIELDS = ("title", "name", "rank", "nip")


@transaction.atomic
def update_office_profile(
    *, office: OfficeProfile, actor: Any, values: dict[str, Any]
) -> OfficeProfile:
    """Change the letterhead data; unknown keys are refused. Audited when anything changed."""
    unknown = set(values) - set(OFFICE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown office fields: {sorted(unknown)}")
    # Work on the stored row: a bound form may already have changed the instance passed in.
    office = OfficeProfile.objects.select_for_update().get(pk=office.pk)
    before = snapshot(office)
    for key, value in values.items():
        setattr(office, key, value)
    office.updated_by = actor
    office.full_clean()
    after = snapshot(office)
    changed = [
        k for k in after if after[k] != before[k] and k not in {"updated_at", "updated_by_id"}
    ]
    if changed:
        office.save()
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=office,
            before=before,
            after=snapshot(office),
        )
    return office


@transaction.atomic
def update_signatory(*, signatory: Signatory, actor: Any, values: dict[str, Any]) -> Signatory:
    """Change who signs for a position (name, rank, NIP). Audited when anything changed."""
    unknown = set(values) - set(SIGNATORY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown signatory fields: {sorted(unknown)}")
    signatory = Signatory.objects.select_for_update().get(pk=signatory.pk)
    before = snapshot(signatory)
    for key, value in values.items():
        setattr(signatory, key, value)
    signatory.updated_by = actor
    signatory.full_clean()
    after = snapshot(signatory)
    if any(after[k] != before[k] for k in SIGNATORY_FIELDS):
        signatory.save()
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=signatory,
            before=before,
            after=snapshot(signatory),
        )
    return signatory
