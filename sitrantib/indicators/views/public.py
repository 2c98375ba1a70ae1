"""The public page (no login): the indicators a kecamatan chose to publish, with value, target
and achievement; never the records behind them, nor any name of a person."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sitrantib.indicators import selectors
from sitrantib.indicators.views.common import chosen_year, grade_legend, year_choices
from sitrantib.indicators.views.dashboard import indicator_rows
from sitrantib.regions.models import District


@login_not_required
@require_GET
def published(request: HttpRequest, district_code: str) -> HttpResponse:
    district = get_object_or_404(District, code=district_code[:8])
    year = chosen_year(request)
    lines = indicator_rows(selectors.published(district_code=district.code, year=year))
    return render(
        request,
        "indicators/public_published.html",
        {
            "district": district,
            "year": year,
            "years": year_choices(year),
            "lines": lines,
            "legend": grade_legend(),
        },
    )
