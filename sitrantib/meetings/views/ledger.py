"""The follow-up ledger and the follow-up indicator."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sitrantib.core.filters import filter_for_page
from sitrantib.core.paging import page_by_key
from sitrantib.meetings.filters import ActionItemFilter
from sitrantib.meetings.forms import PeriodForm
from sitrantib.meetings.selectors import (
    LEDGER_ORDERING,
    can_manage_meetings,
    follow_up_indicator,
    format_percent_id,
    institution_tallies,
    ledger_items,
)

LEDGER_PAGE_SIZE = 100


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The follow-up ledger: every item in scope, overdue first, a page at a time, with
    per-institution counts."""
    user = request.user
    filterset, items = filter_for_page(
        ActionItemFilter, request=request, queryset=ledger_items(user=user)
    )
    page = page_by_key(request, items, ordering=LEDGER_ORDERING, page_size=LEDGER_PAGE_SIZE)
    return render(
        request,
        "meetings/ledger.html",
        {
            "form": filterset.form,
            "page": page,
            "items": page.rows,
            "tallies": institution_tallies(user=user),
            "owner_filter": "owner_institution" in filterset.filters,
            "can_manage": can_manage_meetings(user=user),
        },
    )


@require_GET
@login_required
def indicator(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end = PeriodForm.default_period(today)
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    result = follow_up_indicator(user=request.user, start=start, end=end, today=today)
    return render(
        request,
        "meetings/indicator.html",
        {
            "form": form,
            "result": result,
            "value_text": format_percent_id(result.value),
        },
    )
