"""Desa statistics corrected by hand: the figures of one year and source, audited and versioned.

The figures come from printed sources (a kecamatan's KAK, BPS "Kecamatan Dalam Angka"). When a
data-quality finding shows a typing error, the kecamatan's administrator corrects the row here;
the data-quality page recomputes its findings on every view, so the finding is gone at once
(docs/adr/0053-home-and-fixable-findings.md).
"""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.dataquality import forget_counts
from sitrantib.regions.models import DistrictStatistic, Village, VillageStatistic

STATISTIC_FIELDS = (
    "year",
    "source",
    "hamlet_count",
    "rw_count",
    "rt_count",
    "area",
    "area_unit",
    "male",
    "female",
    "population",
    "households",
)


@transaction.atomic
def update_village_statistic(
    *,
    statistic: VillageStatistic,
    values: Mapping[str, Any],
    actor: AbstractBaseUser,
    expected_version: int | None = None,
) -> bool:
    """Change the figures, year or source of one desa statistic; True when something changed.

    Refuses (`StaleVersion`) a save made from a version someone else has since changed, and
    (`ValidationError`, nothing saved) a year and source the desa already has another row for.
    Audited with the values before and after.
    """
    changes = {name: values[name] for name in STATISTIC_FIELDS if name in values}
    changed = save_changes(statistic, changes, actor=actor, expected_version=expected_version)
    if changed:
        forget_counts()
    return changed


@transaction.atomic
def add_village_statistic(
    *, village: Village, values: Mapping[str, Any], actor: AbstractBaseUser
) -> VillageStatistic:
    """Record the figures of a desa for a year and source it has none for (audited).

    Refuses (`ValidationError`, nothing saved) a year and source the desa already has.
    """
    statistic = VillageStatistic(
        village=village, **{name: values[name] for name in STATISTIC_FIELDS if name in values}
    )
    save_new(statistic, actor=actor)
    forget_counts()
    return statistic


@transaction.atomic
def update_district_statistic(
    *,
    statistic: DistrictStatistic,
    values: Mapping[str, Any],
    actor: AbstractBaseUser,
    expected_version: int | None = None,
) -> bool:
    """Change the printed kecamatan totals (the source's "JUMLAH" row) of one year and source;
    True when something changed. Same refusals and audit as a desa statistic."""
    changes = {name: values[name] for name in STATISTIC_FIELDS if name in values}
    changed = save_changes(statistic, changes, actor=actor, expected_version=expected_version)
    if changed:
        forget_counts()
    return changed
