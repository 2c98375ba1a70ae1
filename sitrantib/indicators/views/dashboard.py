"""The kecamatan's dashboard, the Camat's one page, and every kecamatan side by side.

Each number opens its value's drill-down (values.value_detail). The reads are fixed in number
whatever the count of desa or indicators: `selectors.values_for` twice (the year, its months),
field work's situation rule (five), its monthly counts (two), one grouped count of visits, and
the budget's year summary (two) and spending by month (one).
"""

import datetime as dt
from bisect import bisect_left
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext
from django.views.decorators.http import require_GET

from sitrantib.budget.selectors import can_read_budget, spending_by_month, year_summary
from sitrantib.budget.selectors import lines_visible_to as budget_lines
from sitrantib.core.paging import KeyPage
from sitrantib.core.scoping import Scope
from sitrantib.fieldwork import access as fieldwork_access
from sitrantib.fieldwork import selectors as fieldwork
from sitrantib.fieldwork.enums import IncidentStatus, PeriodKind, Situation
from sitrantib.fieldwork.situation import Period, summarise, village_situations
from sitrantib.indicators import access, selectors
from sitrantib.indicators.views.common import (
    chosen_district,
    chosen_year,
    districts_of,
    grade_legend,
    grade_of,
    reader_scope,
    year_choices,
)
from sitrantib.regions.models import District, Regency, Village, VillageBoundary
from sitrantib.regions.search import DistrictChoiceForm
from sitrantib.regions.selectors import villages_in_scope
from sitrantib.villagedocs import access as docs_access
from sitrantib.villagedocs.selectors import late_obligations, obligations_for

SITUATION_LABELS = {
    "peaceful": gettext_noop("Tentram dan tertib"),
    "not_peaceful": gettext_noop("Belum tentram dan tertib"),
    "unmonitored": gettext_noop("Belum dikunjungi"),
}


def _number(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def indicator_rows(rows: list[Any]) -> list[dict[str, Any]]:
    """One line per definition: its value of the period (or None) and the grade of its capaian."""
    lines = []
    for row in rows:
        value = row.periods[0] if row.periods else None
        capaian = value.achievement if value is not None else None
        lines.append({"definition": row.definition, "value": value, "grade": grade_of(capaian)})
    return lines


def situation_period(year: int) -> Period:
    """This month when the year is this year; the year's last month for a past year."""
    today = timezone.localdate()
    if year == today.year:
        return Period(PeriodKind.MONTH, year, today.month)
    return Period(PeriodKind.MONTH, year, 12 if year < today.year else 1)


def _situations(scope: Scope, district: District, period: Period) -> dict[str, Any]:
    villages = villages_in_scope(scope=scope).filter(district=district)
    results = village_situations(villages, period)
    labels = {key: _(text) for key, text in SITUATION_LABELS.items()}
    levels: dict[str, dict[str, str]] = {}
    rows = []
    for r in results:
        level = "peaceful" if r.peaceful else ("not_peaceful" if r.monitored else "unmonitored")
        url = reverse("fieldwork:village", args=[r.village_code])
        levels[r.village_code] = {"level": level, "label": str(labels[level]), "url": url}
        rows.append({"result": r, "level": level, "label": labels[level], "url": url})
    return {
        "summary": summarise(results),
        "rows": rows,
        "levels": levels,
        "legend": [(key, labels[key]) for key in SITUATION_LABELS],
    }


def _visits_by_month(scope: Scope, district: District, year: int) -> list[int]:
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    after = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    grouped = (
        fieldwork.visits_for(scope)
        .filter(district=district, visited_at__gte=start, visited_at__lt=after)
        .annotate(month=ExtractMonth("visited_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = [0] * 12
    for row in grouped:
        counts[row["month"] - 1] += row["n"]
    return counts


def _budget(request: HttpRequest, district: District, year: int) -> dict[str, Any] | None:
    if not can_read_budget(user=request.user):
        return None
    summary = year_summary(user=request.user, district_code=district.code, year=year)
    lines = budget_lines(user=request.user).filter(district_id=district.code, year=year)
    monthly = spending_by_month(lines=lines)
    running = Decimal(0)
    cumulative = []
    for _month, amount in monthly:
        running += amount
        cumulative.append(running)
    return {"summary": summary, "monthly": monthly, "cumulative": cumulative}


def _month_links(name: str, district: District, year: int, extra: dict[str, str]) -> list[str]:
    return [
        reverse(name)
        + "?"
        + urlencode({"kecamatan": district.code, "period": f"{year}-{m:02d}", **extra})
        for m in range(1, 13)
    ]


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = reader_scope(request)
    district = chosen_district(request, scope)
    year = chosen_year(request)
    if district is None:
        return redirect(reverse("indicators:across") + "?" + urlencode({"year": year}))
    lines = indicator_rows(selectors.values_for(district_code=district.code, year=year))
    months = {
        row.definition.pk: row.periods
        for row in selectors.values_for(district_code=district.code, year=year, kind="month")
    }
    month_labels = [str(MONTHS_3[m]).capitalize() for m in range(1, 13)]
    today = timezone.localdate()
    trend = []
    for line in lines:
        definition = line["definition"]
        periods = list(months.get(definition.pk, []))[:12]
        trend.append({"definition": definition, "periods": periods})
    chart: dict[str, Any] = {
        "months": month_labels,
        "trend": [
            {
                "id": f"trend-{t['definition'].pk}",
                "name": t["definition"].name,
                "unit": t["definition"].unit,
                # Months still to come are left out of the line (no value yet, not zero).
                "values": [_number(p.value) if p.start <= today else None for p in t["periods"]],
            }
            for t in trend
        ],
        "labels": {
            "incidents": pgettext("jumlah", "Kejadian"),
            "visits": pgettext("jumlah", "Kunjungan"),
            "ceiling": _("Pagu"),
            "spent": _("Realisasi kumulatif"),
        },
    }
    context: dict[str, Any] = {
        "district": district,
        "year": year,
        "years": year_choices(year),
        "district_choice": (
            DistrictChoiceForm(districts=districts_of(scope), chosen=district, label=_("Kecamatan"))
            if access.reads_across(scope)
            else None
        ),
        "lines": lines,
        "trend": trend,
        "month_labels": month_labels,
        "legend": grade_legend(),
        "can_manage": access.can_manage(scope, district.code),
        "reads_fieldwork": fieldwork_access.can_read(scope),
    }
    if context["reads_fieldwork"]:
        period = situation_period(year)
        situations = _situations(scope, district, period)
        incidents = fieldwork.monthly_counts(
            fieldwork.incidents_for(scope).filter(district=district), year
        )
        visits = _visits_by_month(scope, district, year)
        chart["incidents"] = incidents.totals
        chart["visits"] = visits
        context.update(
            {
                "situation_period": period,
                "situations": situations,
                "boundaries_url": reverse("regions:village_map_data")
                + "?"
                + urlencode({"kecamatan": district.code}),
                "incidents": incidents,
                "visits_total": sum(visits),
                "incident_months": list(
                    zip(
                        month_labels,
                        incidents.totals,
                        _month_links("fieldwork:incident_list", district, year, {}),
                        visits,
                        _month_links("fieldwork:visit_list", district, year, {}),
                        strict=True,
                    )
                ),
            }
        )
    budget = _budget(request, district, year)
    if budget is not None:
        chart["ceiling"] = _number(budget["summary"].ceiling)
        chart["spent"] = [_number(v) for v in budget["cumulative"]]
        context["budget"] = budget
        context["budget_months"] = list(
            zip(
                month_labels,
                [amount for _m, amount in budget["monthly"]],
                budget["cumulative"],
                strict=True,
            )
        )
    context["chart"] = chart
    return render(request, "indicators/dashboard.html", context)


@require_GET
@login_required
def camat(request: HttpRequest) -> HttpResponse:
    """One printable page for the Camat: the indicators with their grades, the late village
    documents, the open rawan situations and this month's incidents, each opening its list."""
    scope = reader_scope(request)
    district = chosen_district(request, scope)
    year = chosen_year(request)
    if district is None:
        return redirect(reverse("indicators:across") + "?" + urlencode({"year": year}))
    lines = indicator_rows(selectors.values_for(district_code=district.code, year=year))
    today = timezone.localdate()
    month = Period(PeriodKind.MONTH, today.year, today.month)
    context: dict[str, Any] = {
        "district": district,
        "year": year,
        "years": year_choices(year),
        "lines": lines,
        "legend": grade_legend(),
        "today": today,
        "month": month,
        "kecamatan_query": urlencode({"kecamatan": district.code}),
    }
    if docs_access.can_read(scope):
        obligations = obligations_for(scope).filter(district=district)
        context["late_documents"] = late_obligations(obligations, today).count()
    if fieldwork_access.can_read(scope):
        start, after = month.moments()
        context["open_rawan"] = (
            fieldwork.visits_for(scope)
            .filter(district=district, situation=Situation.RAWAN, resolved_on__isnull=True)
            .count()
        )
        context["incidents_month"] = (
            fieldwork.incidents_for(scope)
            .filter(district=district, occurred_at__gte=start, occurred_at__lt=after)
            .exclude(status=IncidentStatus.REJECTED)
            .count()
        )
        context["rawan_query"] = urlencode({"kecamatan": district.code, "situation": "rawan"})
        context["incident_query"] = urlencode({"kecamatan": district.code, "period": month.key})
    return render(request, "indicators/camat.html", context)


def _period_key(request: HttpRequest, year: int) -> str:
    """?period= of the across page: "Y" (the year), "Q1".."Q4" or "M01".."M12"; else the year."""
    text = (request.GET.get("period") or "").strip().upper()
    if len(text) == 2 and text[0] == "Q" and text[1] in "1234":
        return f"{year}-{text}"
    if len(text) == 3 and text[0] == "M" and text[1:].isdigit() and 1 <= int(text[1:]) <= 12:
        return f"{year}-{text[1:]}"
    return str(year)


def _period_choices() -> list[tuple[str, str]]:
    choices = [("Y", _("Setahun"))]
    choices += [
        (f"Q{q}", _("Triwulan %(q)s") % {"q": n})
        for q, n in zip("1234", ("I", "II", "III", "IV"), strict=True)
    ]
    choices += [(f"M{m:02d}", str(MONTHS_3[m]).capitalize()) for m in range(1, 13)]
    return choices


def _chosen_regency(request: HttpRequest, scope: Scope) -> Regency | None:
    """?kabupaten= within the viewer's scope (404 outside it), else None."""
    code = (request.GET.get("kabupaten") or "").strip()[:20]
    if not code:
        return None
    return get_object_or_404(selectors.regencies_in(scope), code=code)


def _chosen_code(request: HttpRequest, codes: list[tuple[str, str]]) -> str:
    chosen = (request.GET.get("indicator") or "").strip()
    if chosen not in {code for code, _name in codes}:
        chosen = codes[0][0] if codes else ""
    return chosen


# Kabupaten rows per page of the wide summary (514 kabupaten/kota in the country).
SUMMARY_PAGE_SIZE = 50
SUMMARY_START = "mulai"


def _summary_page(request: HttpRequest, rows: list[Any]) -> KeyPage:
    """The page of the per-kabupaten rows (ordered by code) starting at `?mulai=<code>`: no
    page draws more than SUMMARY_PAGE_SIZE rows; the links keep the other parameters."""
    codes = [row.code for row in rows]
    start = str(request.GET.get(SUMMARY_START) or "").strip()[:13]
    index = bisect_left(codes, start) if start else 0

    def url(at: int | None) -> str:
        query = request.GET.copy()
        query.pop(SUMMARY_START, None)
        if at:
            query[SUMMARY_START] = codes[at]
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else request.path

    end = index + SUMMARY_PAGE_SIZE
    return KeyPage(
        rows=rows[index:end],
        next_url=url(end) if end < len(rows) else None,
        previous_url=url(max(0, index - SUMMARY_PAGE_SIZE)) if index > 0 else None,
        page_size=SUMMARY_PAGE_SIZE,
    )


@require_GET
@login_required
def across(request: HttpRequest) -> HttpResponse:
    """The kecamatan of one kabupaten side by side for a period, and a map coloured by the
    achievement of one indicator; each kecamatan opens its dashboard. A scope over several
    kabupaten first sees one row per kabupaten (issue 16 A1), each opening its kecamatan."""
    scope = reader_scope(request)
    year = chosen_year(request)
    period_key = _period_key(request, year)
    wanted = (request.GET.get("period") or "Y").strip().upper()
    regency = _chosen_regency(request, scope)
    wide = selectors.is_wide(scope)
    context: dict[str, Any] = {
        "year": year,
        "years": year_choices(year),
        "period_key": period_key,
        "period": wanted,
        "periods": _period_choices(),
        "regency": regency,
        "wide": wide,
        "legend": grade_legend(),
        "all_url": reverse("indicators:across") + "?" + urlencode({"year": year, "period": wanted}),
    }
    if regency is None and wide:
        regency_rows, codes = selectors.across_regencies(
            scope=scope, year=year, period_key=period_key
        )
        page = _summary_page(request, regency_rows)
        regency_rows = page.rows
        context.update(
            codes=codes,
            chosen=_chosen_code(request, codes),
            summary_page=page,
            summary=[
                {
                    "row": row,
                    "cells": [
                        {
                            "code": code,
                            "summary": row.summaries.get(code),
                            "grade": grade_of(
                                row.summaries[code].average if code in row.summaries else None
                            ),
                        }
                        for code, _name in codes
                    ],
                    "url": reverse("indicators:across")
                    + "?"
                    + urlencode({"kabupaten": row.code, "year": year, "period": wanted}),
                }
                for row in regency_rows
            ],
        )
        return render(request, "indicators/across.html", context)
    rows = selectors.across(
        scope=scope,
        year=year,
        period_key=period_key,
        regency_code=regency.code if regency is not None else None,
    )
    codes = selectors.indicator_columns(rows)
    chosen = _chosen_code(request, codes)
    table = []
    for row in rows:
        cells = []
        for code, _name in codes:
            cell = row.values.get(code)
            capaian = cell.achievement if cell is not None else None
            cells.append({"code": code, "cell": cell, "grade": grade_of(capaian)})
        table.append(
            {
                "row": row,
                "cells": cells,
                "url": reverse("indicators:dashboard")
                + "?"
                + urlencode({"kecamatan": row.code, "year": year}),
            }
        )
    params = {"year": year, "period": wanted, "indicator": chosen}
    if regency is not None:
        params["kabupaten"] = regency.code
    context.update(
        codes=codes,
        chosen=chosen,
        table=table,
        map_url=reverse("indicators:across_map") + "?" + urlencode(params),
    )
    return render(request, "indicators/across.html", context)


@require_GET
@login_required
def across_map(request: HttpRequest) -> JsonResponse:
    """GeoJSON: every desa of the covered kecamatan of one kabupaten, coloured by its kecamatan's
    achievement of the chosen indicator (there are no kecamatan boundaries; the desa shapes draw
    them). A scope over several kabupaten without ?kabupaten= gets no features: never every desa
    of the country."""
    scope = reader_scope(request)
    year = chosen_year(request)
    period_key = _period_key(request, year)
    code = (request.GET.get("indicator") or "").strip()[:40]
    regency = _chosen_regency(request, scope)
    if regency is None and selectors.is_wide(scope):
        return JsonResponse({"type": "FeatureCollection", "features": []})
    rows = selectors.across(
        scope=scope,
        year=year,
        period_key=period_key,
        regency_code=regency.code if regency is not None else None,
    )
    by_district: dict[str, dict[str, Any]] = {}
    for row in rows:
        cell = row.values.get(code)
        capaian = cell.achievement if cell is not None else None
        grade = grade_of(capaian)
        by_district[row.code] = {
            "district": row.code,
            "district_name": row.name,
            "achievement": None if capaian is None else str(capaian),
            "grade": grade.code or "none",
            "grade_label": str(grade.label),
            "url": reverse("indicators:dashboard")
            + "?"
            + urlencode({"kecamatan": row.code, "year": year}),
        }
    villages = Village.objects.filter(district_id__in=sorted(by_district))
    if not scope.national:
        villages = villages.filter(district_id__in=sorted(scope.district_codes))
    features = [
        {
            "type": "Feature",
            "geometry": b.geometry,
            "properties": {
                "code": b.village_id,
                "name": b.village.name,
                **by_district[b.village.district_id],
            },
        }
        for b in VillageBoundary.objects.filter(village__in=villages)
        .select_related("village")
        .order_by("village_id")
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})
