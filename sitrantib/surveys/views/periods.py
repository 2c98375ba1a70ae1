"""Survey periods: list, create, edit, detail, live results, status and the QR poster."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.links import is_loopback, public_url
from sitrantib.core.paging import page_by_key
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.surveys import exports
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.filters import SurveyPeriodFilter
from sitrantib.surveys.forms import (
    PeriodForm,
    TransitionForm,
)
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.selectors import (
    can_manage,
    can_read,
    default_elements_for,
    districts_for_new_period,
    elements_of,
    low_score_suggestions,
    period_result,
    periods_visible_to,
    profile_for,
    results_for_periods,
    trend_for,
    weight_share,
)
from sitrantib.surveys.services import (
    STAFF_ENTRY_STATUSES,
    TRANSITIONS,
    create_period,
    transition_period,
    update_period,
)
from sitrantib.surveys.views.common import _period


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    filterset, periods = filter_for_page(
        SurveyPeriodFilter, request=request, queryset=periods_visible_to(user=request.user)
    )
    page = page_by_key(request, periods, ordering=("-period_start", "-pk"))
    results = results_for_periods(page.rows)
    return render(
        request,
        "surveys/home.html",
        {
            "page": page,
            "filter": filterset,
            "rows": [(p, results[p.pk]) for p in page.rows],
            "can_manage": can_manage(request.user),
            "can_read": can_read(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def period_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise Http404
    districts = districts_for_new_period(user=request.user)
    form = PeriodForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = create_period(
                district=data["district"],
                title=data["title"],
                service_unit=data["service_unit"],
                services=data["services"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                population=data["population"],
                follow_up_plan=data.get("follow_up_plan") or "",
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Periode survei dibuat sebagai draf."))
            return redirect(period)
    options = list(districts[:2])
    preview = default_elements_for(district=options[0]) if len(options) == 1 else []
    return render(
        request,
        "surveys/period_form.html",
        {
            "form": form,
            "period": None,
            "elements": [(e, weight_share(e, preview)) for e in preview],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def period_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, manage=True)
    form = PeriodForm(request.POST or None, instance=period)
    if period.status == PeriodStatus.PUBLISHED:
        for name, field in form.fields.items():
            field.disabled = name not in ("follow_up_plan", "version")
    if request.method == "POST" and form.is_valid():
        try:
            update_period(
                period=period,
                changes={
                    name: form.cleaned_data[name] for name in form.changed_data if name != "version"
                },
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Periode survei disimpan."))
            return redirect("surveys:detail", pk=period.pk)
    elements = elements_of(period)
    return render(
        request,
        "surveys/period_form.html",
        {
            "form": form,
            "period": period,
            "elements": [(e, weight_share(e, elements)) for e in elements],
        },
    )


def _results_context(request: HttpRequest, period: SurveyPeriod) -> dict[str, Any]:
    result = period_result(period=period)
    low = low_score_suggestions(period=period)
    trend = trend_for(period=period)
    profile = profile_for(period=period)
    chart = {
        "elements": {
            "labels": [f"{e.code}" for e in result.elements],
            "values": [float(e.value) if e.value is not None else None for e in result.elements],
        },
        "trend": {
            "labels": [p.title for p, _r in trend],
            "values": [float(r.ikm) if r.ikm is not None else None for _p, r in trend],
        },
        "profile": [
            {
                "key": t.key,  # the chart's text alternative is the table profile-<key>
                "title": t.title,
                "labels": [r.label for r in t.rows],
                "values": [r.count for r in t.rows],
            }
            for t in profile
            if t.key in ("sex", "age", "education", "occupation")
        ],
    }
    return {
        "period": period,
        "result": result,
        "below_target": result.respondents < period.sample_target,
        "weakest": [(e, low.get(e.code, [])) for e in result.weakest_first()],
        "trend": trend,
        "profile": profile,
        "chart": chart,
    }


@require_GET
@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The live results page of a period, with what the section can do next."""
    period = _period(request, pk)
    context = _results_context(request, period)
    context.update(
        {
            "can_manage": can_manage(request.user),
            "next_statuses": [PeriodStatus(s) for s in sorted(TRANSITIONS[period.status])],
            "transition_form": TransitionForm(initial={"version": period.version}),
            "can_enter_paper": period.status in STAFF_ENTRY_STATUSES,
            "public_url": public_url(request, period.public_path),
        }
    )
    return render(request, "surveys/period_detail.html", context)


@require_GET
@login_required
def period_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The results block alone, refreshed by htmx while the period is open.

    Opened on its own (a bookmark, a link, a new tab) the address serves the whole page: a
    fragment has no title, language or menu (docs/adr/0055).
    """
    if not request.headers.get("HX-Request"):
        return period_detail(request, pk)
    period = _period(request, pk)
    return render(request, "surveys/_results.html", _results_context(request, period))


@require_POST
@login_required
def period_transition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, manage=True)
    form = TransitionForm(request.POST)
    if form.is_valid() and form.cleaned_data["status"] == PeriodStatus.PUBLISHED:
        # Publishing asks first: the confirmation page states the sample shortfall.
        return redirect("surveys:publish", pk=period.pk)
    if form.is_valid():
        try:
            period = transition_period(
                period=period,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Status survei: %(status)s.") % {"status": period.get_status_display()}
            )
    return redirect("surveys:detail", pk=period.pk)


@require_GET
@login_required
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 poster for the front desk with the short address and its QR code."""
    period = _period(request, pk)
    url = public_url(request, period.public_path)
    return render(
        request,
        "surveys/poster.html",
        {
            "period": period,
            "public_url": url,
            "qr_svg": exports.qr_svg(url),
            # A poster printed with 127.0.0.1 opens on no phone: the page says what to do.
            "address_is_loopback": is_loopback(url),
        },
    )
