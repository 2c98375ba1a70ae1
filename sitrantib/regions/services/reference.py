"""The national region codes: reading the Kemendagri file and loading it (atomic, audited)."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.regions.enums import RegencyKind, VillageKind
from sitrantib.regions.models import District, Province, Regency, Village

# The data files sit beside the package: sitrantib/regions/data/.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
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
def load_regions(
    *, path: Path = REGIONS_CSV, scope: str, actor: AbstractBaseUser | None
) -> LoadResult:
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
        # Not a record update: one summary entry for a bulk load of reference data (thousands of
        # rows at once), so save_changes, which audits one row, does not apply.
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
