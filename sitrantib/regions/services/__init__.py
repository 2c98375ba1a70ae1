"""Writes of regions: reference-data loads and the office profile. Each is atomic and audited.

One module per concept; this package re-exports them, so callers import from
`sitrantib.regions.services`.
"""

from sitrantib.regions.services.boundaries import geometry_area_km2, load_boundaries
from sitrantib.regions.services.offices import (
    OFFICE_FIELDS,
    SIGNATORY_FIELDS,
    load_office_data,
    update_office_profile,
    update_signatory,
)
from sitrantib.regions.services.reference import (
    BOUNDARIES_GEOJSON,
    BOUNDARIES_SOURCE,
    DATA_DIR,
    MESSAGE_BAD_CODE,
    MESSAGE_BAD_SCOPE,
    MESSAGE_UNKNOWN_PARENT,
    OFFICES_DIR,
    REGIONS_CSV,
    REGIONS_SOURCE,
    LoadResult,
    RegionDataError,
    load_regions,
    normalise_scope,
    read_region_rows,
)
from sitrantib.regions.services.statistics import (
    STATISTIC_FIELDS,
    add_village_statistic,
    update_district_statistic,
    update_village_statistic,
)

__all__ = [
    "BOUNDARIES_GEOJSON",
    "BOUNDARIES_SOURCE",
    "DATA_DIR",
    "MESSAGE_BAD_CODE",
    "MESSAGE_BAD_SCOPE",
    "MESSAGE_UNKNOWN_PARENT",
    "OFFICES_DIR",
    "OFFICE_FIELDS",
    "REGIONS_CSV",
    "REGIONS_SOURCE",
    "SIGNATORY_FIELDS",
    "STATISTIC_FIELDS",
    "LoadResult",
    "RegionDataError",
    "add_village_statistic",
    "geometry_area_km2",
    "load_boundaries",
    "load_office_data",
    "load_regions",
    "normalise_scope",
    "read_region_rows",
    "update_district_statistic",
    "update_office_profile",
    "update_signatory",
    "update_village_statistic",
]
