"""Data-quality rules for regions and their printed statistics.

Figures in a KAK are typed by hand. These rules show what does not add up instead of
correcting it: stated totals against the sum of their parts, male + female against the total,
areas against their unit and the kabupaten, and duplicates.
"""

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core import localization
from sitrantib.core.dataquality import Finding, register
from sitrantib.core.enums import Severity
from sitrantib.core.scoping import Scope, restrict
from sitrantib.regions.models import (
    DistrictStatistic,
    Institution,
    OfficeProfile,
    Signatory,
    Village,
    VillageBoundary,
    VillageStatistic,
)
from sitrantib.regions.statistics import AREA_RATIO_LIMIT, SUMMED_FIELDS, area_km2

# The densest city districts on earth hold about 50,000 people per km²; past twice that a figure
# or its unit is wrong.
MAX_PLAUSIBLE_DENSITY = Decimal(100_000)
# Sex ratio (men per 100 women) of whole villages stays within this band almost everywhere.
SEX_RATIO_BAND = (Decimal(70), Decimal(140))

MSG_TOTAL_MISMATCH = gettext_noop(
    "Jumlah %(field)s tercetak %(stated)s, tetapi jumlah per desa %(computed)s "
    "(selisih %(diff)s). Sumber: %(source)s (data tahun %(year)s)."
)
MSG_PARTS_MISMATCH = gettext_noop(
    "Laki-laki %(male)s + perempuan %(female)s = %(sum)s, tetapi jumlah penduduk tercetak "
    "%(total)s (selisih %(diff)s). Sumber: %(source)s (data tahun %(year)s)."
)
MSG_SEX_RATIO = gettext_noop(
    "Rasio jenis kelamin %(ratio)s laki-laki per 100 perempuan tidak wajar untuk satu desa; "
    "periksa angka laki-laki dan perempuan. Sumber: %(source)s (data tahun %(year)s)."
)
MSG_HOUSEHOLDS = gettext_noop(
    "Jumlah rumah tangga %(households)s melebihi jumlah penduduk %(population)s."
)
MSG_AREA_OVER_REGENCY = gettext_noop(
    "Luas desa %(area)s km² melebihi luas seluruh %(regency)s (%(regency_area)s km²)."
)
MSG_AREA_SUM_OVER_REGENCY = gettext_noop(
    "Jumlah luas desa %(area)s km² melebihi luas seluruh %(regency)s (%(regency_area)s km²); "
    "satuan luas pada sumber kemungkinan bukan km² (misalnya hektare). "
    "Sumber: %(source)s (data tahun %(year)s)."
)
MSG_AREA_VS_MAP = gettext_noop(
    "Luas tercetak %(area)s %(unit)s (%(area_km2)s km²) berbeda %(ratio)s kali dari perkiraan "
    "peta %(estimate)s km²; periksa angka atau satuannya."
)
MSG_AREA_UNIT_UNKNOWN = gettext_noop(
    "Satuan luas %(unit)s tidak dikenal; luas tidak dapat diperiksa."
)
MSG_DENSITY = gettext_noop(
    "Kepadatan %(density)s jiwa/km² tidak mungkin (batas %(limit)s); periksa luas atau satuannya."
)
MSG_DUPLICATE_NAME = gettext_noop("Ada %(count)s desa bernama %(name)s di kecamatan yang sama.")
MSG_SIGNATORY_NAME = gettext_noop(
    "Penandatangan %(title)s belum diisi namanya; blok tanda tangan dokumen akan kosong."
)
MSG_NO_VILLAGE_GOVERNMENT = gettext_noop("Desa %(name)s belum punya instansi pemerintah desa.")

FIELD_LABELS = {
    "hamlet_count": gettext_noop("dusun"),
    "rw_count": gettext_noop("RW"),
    "rt_count": gettext_noop("RT"),
    "male": gettext_noop("laki-laki"),
    "female": gettext_noop("perempuan"),
    "population": gettext_noop("penduduk"),
    "households": gettext_noop("rumah tangga"),
    "area": gettext_noop("luas"),
}


def _n(value: int | Decimal) -> str:
    return localization.number(value, trim=True)


def _village_statistics(scope: Scope) -> list[VillageStatistic]:
    return list(
        restrict(
            VillageStatistic.objects.select_related("source", "village__district__regency"),
            scope,
            district_field="village__district",
            village_field="village",
        ).order_by("village_id", "year", "source_id")
    )


@register("regions.stated_totals")
def stated_totals(scope: Scope) -> Iterator[Finding]:
    """A printed kecamatan total ("JUMLAH") must equal the sum of its desa rows."""
    stated_rows = restrict(
        DistrictStatistic.objects.select_related("source", "district__regency"),
        scope,
        district_field="district",
        village_field=None,
    )
    parts: dict[tuple[str, int, int], list[VillageStatistic]] = defaultdict(list)
    for row in _village_statistics(scope):
        parts[(row.village.district_id, row.year, row.source_id)].append(row)
    for stated in stated_rows:
        rows = parts.get((stated.district_id, stated.year, stated.source_id), [])
        for field in SUMMED_FIELDS:
            expected = getattr(stated, field)
            values = [getattr(r, field) for r in rows]
            if expected is None or not values or any(v is None for v in values):
                continue
            computed = sum(values)
            if computed != expected:
                yield Finding(
                    severity=Severity.ERROR,
                    object=f"district:{stated.district_id}",
                    field=field,
                    message=_(MSG_TOTAL_MISMATCH)
                    % {
                        "field": _(FIELD_LABELS[field]),
                        "stated": _n(expected),
                        "computed": _n(computed),
                        "diff": _n(expected - computed),
                        "source": stated.source.title,
                        "year": stated.year,
                    },
                    district_code=stated.district_id,
                )
        areas = [area_km2(r) for r in rows]
        regency = stated.district.regency
        if rows and all(a is not None for a in areas) and regency.official_area_km2:
            total_area = sum(a for a in areas if a is not None)
            if total_area > regency.official_area_km2:
                yield Finding(
                    severity=Severity.ERROR,
                    object=f"district:{stated.district_id}",
                    field="area",
                    message=_(MSG_AREA_SUM_OVER_REGENCY)
                    % {
                        "area": _n(total_area),
                        "regency": regency.name,
                        "regency_area": _n(regency.official_area_km2),
                        "source": stated.source.title,
                        "year": stated.year,
                    },
                    district_code=stated.district_id,
                )


@register("regions.village_figures")
def village_figures(scope: Scope) -> Iterator[Finding]:
    """Per desa: parts against totals, plausible sex ratio, households, area and density."""
    rows = _village_statistics(scope)
    estimates = dict(
        VillageBoundary.objects.filter(village_id__in={r.village_id for r in rows}).values_list(
            "village_id", "estimated_area_km2"
        )
    )
    for row in rows:
        ref = f"village:{row.village_id}"
        url = row.village.get_absolute_url()
        district = row.village.district_id
        where = {"source": row.source.title, "year": row.year}
        parts = (row.male, row.female, row.population)
        if None not in parts and row.male + row.female != row.population:  # type: ignore[operator]
            yield Finding(
                severity=Severity.ERROR,
                object=ref,
                field="population",
                message=_(MSG_PARTS_MISMATCH)
                % {
                    "male": _n(row.male),
                    "female": _n(row.female),
                    "sum": _n(row.male + row.female),
                    "total": _n(row.population),
                    "diff": _n(row.population - row.male - row.female),
                    **where,
                },
                district_code=district,
                url=url,
            )
        if row.male and row.female:
            ratio = (Decimal(row.male) * 100 / Decimal(row.female)).quantize(Decimal("0.1"))
            if not SEX_RATIO_BAND[0] <= ratio <= SEX_RATIO_BAND[1]:
                yield Finding(
                    severity=Severity.WARNING,
                    object=ref,
                    field="male",
                    message=_(MSG_SEX_RATIO) % {"ratio": _n(ratio), **where},
                    district_code=district,
                    url=url,
                )
        if row.households is not None and row.population and row.households > row.population:
            yield Finding(
                severity=Severity.ERROR,
                object=ref,
                field="households",
                message=_(MSG_HOUSEHOLDS)
                % {"households": _n(row.households), "population": _n(row.population)},
                district_code=district,
                url=url,
            )
        if row.area is None:
            continue
        area = area_km2(row)
        if area is None:
            yield Finding(
                severity=Severity.WARNING,
                object=ref,
                field="area_unit",
                message=_(MSG_AREA_UNIT_UNKNOWN) % {"unit": row.area_unit or "-"},
                district_code=district,
                url=url,
            )
            continue
        regency = row.village.district.regency
        if regency.official_area_km2 and area > regency.official_area_km2:
            yield Finding(
                severity=Severity.ERROR,
                object=ref,
                field="area",
                message=_(MSG_AREA_OVER_REGENCY)
                % {
                    "area": _n(area),
                    "regency": regency.name,
                    "regency_area": _n(regency.official_area_km2),
                },
                district_code=district,
                url=url,
            )
        estimate = estimates.get(row.village_id)
        if estimate and area:
            ratio = max(area / estimate, estimate / area)
            if ratio > AREA_RATIO_LIMIT:
                yield Finding(
                    severity=Severity.WARNING,
                    object=ref,
                    field="area",
                    message=_(MSG_AREA_VS_MAP)
                    % {
                        "area": _n(row.area),
                        "unit": row.area_unit,
                        "area_km2": _n(area),
                        "ratio": _n(ratio.quantize(Decimal("0.1"))),
                        "estimate": _n(estimate),
                    },
                    district_code=district,
                    url=url,
                )
        if row.population and area:
            density = Decimal(row.population) / area
            if density > MAX_PLAUSIBLE_DENSITY:
                yield Finding(
                    severity=Severity.ERROR,
                    object=ref,
                    field="area",
                    message=_(MSG_DENSITY)
                    % {
                        "density": _n(density.quantize(Decimal(1))),
                        "limit": _n(MAX_PLAUSIBLE_DENSITY),
                    },
                    district_code=district,
                    url=url,
                )


@register("regions.duplicates")
def duplicates(scope: Scope) -> Iterator[Finding]:
    """Two desa with the same name in one kecamatan are usually one desa entered twice."""
    villages = restrict(
        Village.objects.all(), scope, district_field="district", village_field="code"
    )
    doubles = (
        villages.values("district_id", "name")
        .annotate(n=Count("code"))
        .filter(n__gt=1)
        .order_by("district_id", "name")
    )
    for row in doubles:
        yield Finding(
            severity=Severity.WARNING,
            object=f"district:{row['district_id']}",
            field="name",
            message=_(MSG_DUPLICATE_NAME) % {"count": row["n"], "name": row["name"]},
            district_code=row["district_id"],
        )


@register("regions.office")
def office(scope: Scope) -> Iterator[Finding]:
    """Documents need a named signatory, and meetings need each desa's government."""
    offices = restrict(
        OfficeProfile.objects.all(), scope, district_field="district", village_field=None
    )
    for signatory in Signatory.objects.filter(office__in=offices, name="").select_related("office"):
        yield Finding(
            severity=Severity.WARNING,
            object=f"signatory:{signatory.pk}",
            field="name",
            message=_(MSG_SIGNATORY_NAME) % {"title": signatory.title},
            district_code=signatory.office.district_id,
        )
    districts = list(offices.values_list("district_id", flat=True))
    with_government = set(
        Institution.objects.filter(
            district_id__in=districts, kind="village_government"
        ).values_list("village_id", flat=True)
    )
    for village in Village.objects.filter(district_id__in=districts).exclude(
        code__in=with_government
    ):
        yield Finding(
            severity=Severity.INFO,
            object=f"village:{village.code}",
            field="institution",
            message=_(MSG_NO_VILLAGE_GOVERNMENT) % {"name": village.name},
            district_code=village.district_id,
        )
