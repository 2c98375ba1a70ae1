"""Data-quality rules for regions and their printed statistics.

Figures in a KAK are typed by hand. These rules show what does not add up instead of
correcting it: stated totals against the sum of their parts, male + female against the total,
areas against their unit and the kabupaten, and duplicates.
"""

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
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

# Each finding is one sentence that names the desa (or kecamatan) and the figure, with the year
# and source of the data; its link opens the form that corrects the figure (docs/adr/0053).
MSG_TOTAL_MISMATCH = gettext_noop(
    "Kecamatan %(district)s: jumlah %(field)s tercetak %(stated)s pada data %(year)s (sumber "
    "%(source)s), padahal jumlah dari desa-desanya %(computed)s (selisih %(diff)s)."
)
MSG_PARTS_MISMATCH = gettext_noop(
    "Desa %(village)s: jumlah penduduk %(total)s pada data %(year)s (sumber %(source)s), "
    "padahal laki-laki %(male)s + perempuan %(female)s = %(sum)s (selisih %(diff)s)."
)
MSG_SEX_RATIO = gettext_noop(
    "Desa %(village)s: %(ratio)s laki-laki per 100 perempuan pada data %(year)s (sumber "
    "%(source)s) tidak wajar untuk satu desa; periksa angka laki-laki dan perempuan."
)
MSG_HOUSEHOLDS = gettext_noop(
    "Desa %(village)s: jumlah rumah tangga %(households)s pada data %(year)s (sumber "
    "%(source)s), padahal jumlah penduduknya hanya %(population)s."
)
MSG_RT_BELOW_RW = gettext_noop(
    "Desa %(village)s: jumlah RT %(rt)s pada data %(year)s (sumber %(source)s), padahal "
    "tercatat %(rw)s RW; setiap RW punya sedikitnya satu RT."
)
MSG_AREA_OVER_REGENCY = gettext_noop(
    "Desa %(village)s: luas %(area)s km² pada data %(year)s (sumber %(source)s), padahal luas "
    "seluruh %(regency)s hanya %(regency_area)s km²."
)
MSG_AREA_SUM_OVER_REGENCY = gettext_noop(
    "Kecamatan %(district)s: jumlah luas desa %(area)s km² pada data %(year)s (sumber "
    "%(source)s), padahal luas seluruh %(regency)s hanya %(regency_area)s km²; satuan luas pada "
    "sumber kemungkinan bukan km² (misalnya hektare)."
)
MSG_AREA_VS_MAP = gettext_noop(
    "Desa %(village)s: luas %(area)s %(unit)s (%(area_km2)s km²) pada data %(year)s (sumber "
    "%(source)s), padahal peta memperkirakan %(estimate)s km² (%(ratio)s kali); periksa angka "
    "atau satuannya."
)
MSG_AREA_UNIT_UNKNOWN = gettext_noop(
    "Desa %(village)s: satuan luas %(unit)s pada data %(year)s (sumber %(source)s) tidak "
    "dikenal, sehingga luasnya tidak dapat diperiksa."
)
MSG_DENSITY = gettext_noop(
    "Desa %(village)s: kepadatan %(density)s jiwa/km² dari data %(year)s (sumber %(source)s) "
    "tidak mungkin (batas %(limit)s); periksa luas atau satuannya."
)
MSG_DUPLICATE_NAME = gettext_noop("Kecamatan %(district)s: ada %(count)s desa bernama %(name)s.")
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


def _district_url(code: str) -> str:
    """The kecamatan's table of desa figures, where each desa opens its statistics."""
    return f"{reverse('regions:home')}?kecamatan={code}"


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
                        "district": stated.district.name,
                        "field": _(FIELD_LABELS[field]),
                        "stated": _n(expected),
                        "computed": _n(computed),
                        "diff": _n(expected - computed),
                        "source": stated.source.title,
                        "year": stated.year,
                    },
                    district_code=stated.district_id,
                    url=reverse(
                        "regions:district_statistic_edit", args=[stated.district_id, stated.pk]
                    ),
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
                        "district": stated.district.name,
                        "area": _n(total_area),
                        "regency": regency.name,
                        "regency_area": _n(regency.official_area_km2),
                        "source": stated.source.title,
                        "year": stated.year,
                    },
                    district_code=stated.district_id,
                    url=_district_url(stated.district_id),
                )


@register("regions.village_figures")
def village_figures(scope: Scope) -> Iterator[Finding]:
    """Per desa: parts against totals, RT against RW, plausible sex ratio, households, area and
    density. Each finding links to the form that corrects that year's figures."""
    rows = _village_statistics(scope)
    estimates = dict(
        VillageBoundary.objects.filter(village_id__in={r.village_id for r in rows}).values_list(
            "village_id", "estimated_area_km2"
        )
    )
    for row in rows:
        for severity, field, message in _row_findings(row, estimates.get(row.village_id)):
            yield Finding(
                severity=severity,
                object=f"village:{row.village_id}",
                field=field,
                message=message,
                district_code=row.village.district_id,
                url=reverse("regions:statistic_edit", args=[row.village_id, row.pk]),
            )


def _row_findings(
    row: VillageStatistic, estimate: Decimal | None
) -> Iterator[tuple[Severity, str, str]]:
    """(severity, field, sentence) of what does not add up in one desa's figures."""
    where = {"village": row.village.name, "source": row.source.title, "year": row.year}
    male, female, population = row.male, row.female, row.population
    if (
        male is not None
        and female is not None
        and population is not None
        and male + female != population
    ):
        yield (
            Severity.ERROR,
            "population",
            _(MSG_PARTS_MISMATCH)
            % {
                "male": _n(male),
                "female": _n(female),
                "sum": _n(male + female),
                "total": _n(population),
                "diff": _n(population - male - female),
                **where,
            },
        )
    if row.rt_count is not None and row.rw_count and row.rt_count < row.rw_count:
        yield (
            Severity.ERROR,
            "rt_count",
            _(MSG_RT_BELOW_RW) % {"rt": _n(row.rt_count), "rw": _n(row.rw_count), **where},
        )
    if row.male and row.female:
        ratio = (Decimal(row.male) * 100 / Decimal(row.female)).quantize(Decimal("0.1"))
        if not SEX_RATIO_BAND[0] <= ratio <= SEX_RATIO_BAND[1]:
            yield Severity.WARNING, "male", _(MSG_SEX_RATIO) % {"ratio": _n(ratio), **where}
    if row.households is not None and row.population and row.households > row.population:
        yield (
            Severity.ERROR,
            "households",
            _(MSG_HOUSEHOLDS)
            % {"households": _n(row.households), "population": _n(row.population), **where},
        )
    if row.area is None:
        return
    area = area_km2(row)
    if area is None:
        yield (
            Severity.WARNING,
            "area_unit",
            _(MSG_AREA_UNIT_UNKNOWN) % {"unit": row.area_unit or "-", **where},
        )
        return
    regency = row.village.district.regency
    if regency.official_area_km2 and area > regency.official_area_km2:
        yield (
            Severity.ERROR,
            "area",
            _(MSG_AREA_OVER_REGENCY)
            % {
                "area": _n(area),
                "regency": regency.name,
                "regency_area": _n(regency.official_area_km2),
                **where,
            },
        )
    if estimate and area:
        ratio = max(area / estimate, estimate / area)
        if ratio > AREA_RATIO_LIMIT:
            yield (
                Severity.WARNING,
                "area",
                _(MSG_AREA_VS_MAP)
                % {
                    "area": _n(row.area),
                    "unit": row.area_unit,
                    "area_km2": _n(area),
                    "ratio": _n(ratio.quantize(Decimal("0.1"))),
                    "estimate": _n(estimate),
                    **where,
                },
            )
    if row.population and area:
        density = Decimal(row.population) / area
        if density > MAX_PLAUSIBLE_DENSITY:
            yield (
                Severity.ERROR,
                "area",
                _(MSG_DENSITY)
                % {
                    "density": _n(density.quantize(Decimal(1))),
                    "limit": _n(MAX_PLAUSIBLE_DENSITY),
                    **where,
                },
            )


@register("regions.duplicates")
def duplicates(scope: Scope) -> Iterator[Finding]:
    """Two desa with the same name in one kecamatan are usually one desa entered twice."""
    villages = restrict(
        Village.objects.all(), scope, district_field="district", village_field="code"
    )
    doubles = (
        villages.values("district_id", "district__name", "name")
        .annotate(n=Count("code"))
        .filter(n__gt=1)
        .order_by("district_id", "name")
    )
    for row in doubles:
        yield Finding(
            severity=Severity.WARNING,
            object=f"district:{row['district_id']}",
            field="name",
            message=_(MSG_DUPLICATE_NAME)
            % {"district": row["district__name"], "count": row["n"], "name": row["name"]},
            district_code=row["district_id"],
            url=_district_url(row["district_id"]),
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
            url=f"{reverse('regions:office_edit')}?district={signatory.office.district_id}",
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
