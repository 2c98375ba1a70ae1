"""The kecamatan office: its data file (profile, institutions, printed statistics) and the
letterhead and signatories edited in the app. Each write is atomic and audited.

Regions sits below accounts in the layers (pyproject importlinter), so the actor is typed as
Django's `AbstractBaseUser`, which `accounts.User` is; None is the system (a command).
"""

from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils.dateparse import parse_date

from sitrantib.core.audit import record_change, save_changes, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.formatting import parse_count, parse_decimal_id
from sitrantib.regions.enums import InstitutionKind, SignatoryRole
from sitrantib.regions.models import (
    District,
    DistrictStatistic,
    Institution,
    OfficeProfile,
    Regency,
    Signatory,
    StatisticSource,
    Village,
    VillageStatistic,
)

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
    actor: AbstractBaseUser | None,
    counts: dict[str, int],
) -> models.Model:
    """Create or update one record, auditing only a real change."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        save_new(instance, actor=actor)
        counts["created"] += 1
        return instance
    # The data file is the newer truth: no expected version, the row is taken as it is now.
    if save_changes(instance, values, actor=actor):
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    return instance


@transaction.atomic
def load_office_data(*, data: dict[str, Any], actor: AbstractBaseUser | None) -> dict[str, int]:
    """Load one kecamatan's office profile, institutions and printed statistics from a data file.

    The kecamatan must already be loaded by `load_regions`. Idempotent; every created or
    changed record is audited. `actor` None is the system (a management command). Refuses
    (KeyError, ValueError, ValidationError; nothing saved) a file naming an unknown kecamatan,
    role or institution kind, or a value the models do not accept. Data typed by hand is taken
    exactly as printed: the data-quality rules, not this loader, report figures that do not add
    up.
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
        source = StatisticSource.objects.filter(title=source_data["title"]).first()
        if source is None:
            source = StatisticSource(
                title=source_data["title"],
                published_on=parse_date(source_data.get("date", "") or "") or None,
                note=source_data.get("note", ""),
            )
            source.full_clean()
            source.save()
            # Hand-written because a source belongs to no kecamatan of its own: the entry is
            # filed under the kecamatan whose file brought it (save_new takes no district_code).
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
    *,
    office: OfficeProfile,
    actor: AbstractBaseUser,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> OfficeProfile:
    """Change the letterhead data (OFFICE_FIELDS) and audit it when anything changed.

    Refuses unknown keys (ValueError), invalid values (ValidationError) and a save made against
    a version other than `expected_version` (StaleVersion); nothing is saved then.
    """
    unknown = set(values) - set(OFFICE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown office fields: {sorted(unknown)}")
    save_changes(office, values, actor=actor, expected_version=expected_version)
    return office


@transaction.atomic
def update_signatory(
    *,
    signatory: Signatory,
    actor: AbstractBaseUser,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> Signatory:
    """Change who signs for a position (SIGNATORY_FIELDS) and audit it when anything changed.

    Refuses unknown keys (ValueError), invalid values such as a NIP that is not 18 digits
    (ValidationError) and a save made against a version other than `expected_version`
    (StaleVersion); nothing is saved then.
    """
    unknown = set(values) - set(SIGNATORY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown signatory fields: {sorted(unknown)}")
    save_changes(signatory, values, actor=actor, expected_version=expected_version)
    return signatory
