"""What the indicators put on the home page (core/homepanels.py; docs/adr/0053).

For a reader of one kecamatan: how many of this year's indicators are graded "baik" or better,
out of those with an achievement, read from the stored year values (one aggregate query; values
are not computed here), opening the dashboard.
"""

from collections.abc import Iterator

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sitrantib.core.homepanels import HomeFigure, register_home_figures
from sitrantib.core.scoping import Scope
from sitrantib.indicators import access
from sitrantib.indicators.models import IndicatorValue

GOOD = 76  # lower bound of "baik" (achievement.DEFAULT_GRADES)


def indicator_figures(request: HttpRequest, scope: Scope) -> Iterator[HomeFigure]:
    if scope.national or len(scope.district_codes) != 1 or not access.can_read(scope):
        return
    district = next(iter(scope.district_codes))
    year = timezone.localdate().year
    counts = IndicatorValue.objects.filter(
        definition__district_id=district, definition__year=year, period_key=str(year)
    ).aggregate(
        graded=Count("pk", filter=Q(achievement__isnull=False)),
        good=Count("pk", filter=Q(achievement__gte=GOOD)),
    )
    if not counts["graded"]:
        return
    yield HomeFigure(
        key="indicators-good",
        label=_("Indikator kinerja baik"),
        value=_("%(good)s dari %(graded)s") % counts,
        url=reverse("indicators:dashboard"),
        note=_("capaian tahun %(year)d ≥ 76%%") % {"year": year},
        tone="success" if counts["good"] == counts["graded"] else "warning",
    )


register_home_figures("indicators.capaian", figures=indicator_figures, order=40)
