"""Public pages (no login): the questionnaire at /s/<code>/ and the published results at /s/."""

import uuid

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.surveys import ratelimit
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.forms import QuestionnaireForm
from sitrantib.surveys.selectors import (
    period_for_public,
    published_periods,
    questionnaire_of,
    received_in,
    results_for_periods,
    with_received,
)
from sitrantib.surveys.services import (
    InvalidSubmission,
    PeriodNotOpen,
    Submission,
    submit_online,
)


@login_not_required
@require_GET
def published(request: HttpRequest) -> HttpResponse:
    """Published survey results of every kecamatan: IKM, grade and the value of each element;
    a result below its sample target says it is not yet representative (and by how much)."""
    periods = list(published_periods())
    results = results_for_periods(periods)
    rows = [
        (p, results[p.pk], max(p.sample_target - results[p.pk].respondents, 0)) for p in periods
    ]
    return render(request, "surveys/public_published.html", {"rows": rows})


@login_not_required
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, code: str) -> HttpResponse:
    """The questionnaire on a phone; a hidden id made with the form makes a resend count once."""
    client_id = _client_id(request.POST) if request.method == "POST" else None
    # One query: the period and the questionnaire already stored under the form's client id;
    # the elements come from the questionnaire this process keeps.
    period = get_object_or_404(
        with_received(period_for_public(short_code=code), client_id=client_id)
    )
    elements = questionnaire_of(period)
    form = QuestionnaireForm(request.POST or None, elements=elements, services=period.service_list)
    rejection = ""
    status = 200
    if period.status != PeriodStatus.OPEN:
        return render(
            request,
            "surveys/public_closed.html",
            {"period": period},
            status=200 if request.method == "GET" else 409,
        )
    if request.method == "POST":
        if received_in(period, client_id=client_id) is not None:
            # A resend of a stored questionnaire is not counted by the rate limit.
            return redirect("surveys_public:thanks", code=period.short_code)
        if not ratelimit.register_attempt(address=ratelimit.client_address(request.META)):
            rejection = _(ratelimit.MESSAGE_RATE_LIMITED)
            status = 429
        elif form.is_valid():
            submission = Submission(
                client_id=form.cleaned_data["client_id"],
                answers=form.answers(),
                respondent=form.respondent(),
                suggestion=form.cleaned_data["suggestion"],
                honeypot=form.cleaned_data["website"],
            )
            try:
                submit_online(period=period, submission=submission)
            except PeriodNotOpen as exc:
                rejection = str(exc)
                status = 409
            except InvalidSubmission as exc:
                form.add_submission_errors(exc.errors)
                rejection = _("Periksa kembali isian yang ditandai.")
                status = 400
            else:
                return redirect("surveys_public:thanks", code=period.short_code)
        else:
            rejection = _("Masih ada pertanyaan yang belum dijawab. Periksa isian yang ditandai.")
            status = 400
        # Every answer already chosen stays; the page opens at the first field in error.
        form.focus_first_error()
    return render(
        request,
        "surveys/public_questionnaire.html",
        {"period": period, "form": form, "rejection": rejection},
        status=status,
    )


@login_not_required
@require_GET
def thanks(request: HttpRequest, code: str) -> HttpResponse:
    period = get_object_or_404(period_for_public(short_code=code))
    return render(request, "surveys/public_thanks.html", {"period": period})


def _client_id(data: QueryDict) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(data.get("client_id") or ""))
    except ValueError:
        return None
