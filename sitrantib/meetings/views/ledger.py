"""The follow-up ledger and the follow-up indicator."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sitrantib.meetings.forms import LedgerFilterForm, PeriodForm
from sitrantib.meetings.selectors import (
    can_manage_meetings,
    follow_up_indicator,
    format_percent_id,
    institution_tallies,
    ledger_items,
    ledger_owner_choices,
    meetings_visible_to,
)

LEDGER_LIMIT = 200


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The follow-up ledger: every item in scope, overdue first, with per-institution counts."""
    user = request.user
    form = LedgerFilterForm(
        request.GET or None,
        meetings=meetings_visible_to(user=user).order_by("-starts_at", "-pk"),
        owners=ledger_owner_choices(user=user),
    )
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "meeting_id": form.cleaned_data["meeting"].pk if form.cleaned_data["meeting"] else None,
            "owner_id": owner.pk if (owner := form.cleaned_data.get("owner")) else None,
            "status": form.cleaned_data["status"],
            "overdue_only": form.cleaned_data["overdue"],
        }
    items = list(ledger_items(user=user, **filters)[: LEDGER_LIMIT + 1])
    return render(
        request,
        "meetings/ledger.html",
        {
            "form": form,
            "items": items[:LEDGER_LIMIT],
            "truncated": len(items) > LEDGER_LIMIT,
            "limit": LEDGER_LIMIT,
            "tallies": institution_tallies(user=user),
            "owner_filter": "owner" in form.fields,
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
