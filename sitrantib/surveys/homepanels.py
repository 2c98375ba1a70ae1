"""What surveys puts on the home page: the latest IKM of the section (docs/adr/0053).

Read from the stored result of the period (`PeriodResult`), one query, whatever the scope.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sitrantib.core.enums import Role
from sitrantib.core.formatting import format_number_id
from sitrantib.core.homepanels import HomeFigure, register_home_figures
from sitrantib.core.scoping import Scope
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.selectors import periods_visible_to


def closed_periods_latest_first(user: Any) -> QuerySet[SurveyPeriod]:
    """The user's closed or published periods with a stored IKM, the latest first (the
    `-period_end, -id` index serves the order: the first row without sorting every period)."""
    return (
        periods_visible_to(user=user)
        .filter(status__in=[PeriodStatus.CLOSED, PeriodStatus.PUBLISHED], result__ikm__isnull=False)
        .select_related("result")
        .order_by("-period_end", "-pk")
    )


def latest_ikm(request: HttpRequest, scope: Scope) -> Iterator[HomeFigure]:
    if scope.role == Role.PARTNER or scope.village_codes is not None:
        return
    latest = closed_periods_latest_first(request.user).first()
    if latest is None:
        yield HomeFigure(
            key="ikm",
            label=_("IKM terakhir"),
            value="\u2013",
            url=reverse("surveys:home"),
            note=_("Belum ada periode yang ditutup"),
        )
        return
    result = latest.result
    yield HomeFigure(
        key="ikm",
        label=_("IKM terakhir"),
        value=format_number_id(result.ikm) if result.ikm is not None else "\u2013",
        url=reverse("surveys:results", args=[latest.pk]),
        note=_("%(title)s · mutu %(grade)s") % {"title": latest.title, "grade": result.grade},
    )


register_home_figures("surveys.ikm", figures=latest_ikm, order=20)
