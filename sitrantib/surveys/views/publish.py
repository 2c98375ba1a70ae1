"""Publishing a period's results: a confirmation page that states the sample shortfall."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.forms import PublishForm
from sitrantib.surveys.selectors import period_result
from sitrantib.surveys.services import TRANSITIONS, transition_period
from sitrantib.surveys.views.common import _period


@require_http_methods(["GET", "POST"])
@login_required
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Asks before publishing: the respondents against the sample target and, below it, an
    explicit tick that the result is published although not yet representative (docs/adr/0036).
    Works without JavaScript: the page is the confirmation."""
    period = _period(request, pk, manage=True)
    if PeriodStatus.PUBLISHED not in TRANSITIONS[period.status]:
        messages.error(request, _("Hanya survei yang sudah ditutup dapat dipublikasikan."))
        return redirect(period)
    result = period_result(period=period)
    shortfall = max(period.sample_target - result.respondents, 0)
    form = PublishForm(
        request.POST or None, shortfall=shortfall, initial={"version": period.version}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                period = transition_period(
                    period=period,
                    status=PeriodStatus.PUBLISHED,
                    note=_("Dipublikasikan dengan sampel kurang %(n)s responden.")
                    % {"n": shortfall}
                    if shortfall
                    else "",
                    actor=request.user,
                    expected_version=form.expected_version,
                )
            except StaleVersion as exc:
                form_stale(form, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Hasil survei dipublikasikan."))
                return redirect(period)
        status = 400
    return render(
        request,
        "surveys/publish_confirm.html",
        {"period": period, "result": result, "shortfall": shortfall, "form": form},
        status=status,
    )
