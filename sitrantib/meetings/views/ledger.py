"""The follow-up ledger and the follow-up indicator."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sitrantib.core.filters import filter_for_page
from sitrantib.core.paging import page_by_key
from sitrantib.meetings.enums import PENDING_STATUSES
from sitrantib.meetings.filters import ActionItemFilter
from sitrantib.meetings.forms import PeriodForm
from sitrantib.meetings.origins import attach_origins
from sitrantib.meetings.selectors import (
    INDICATOR_LISTS,
    INDICATOR_ORDERING,
    LEDGER_ORDERING,
    FollowUpCounts,
    can_manage_meetings,
    follow_up_indicator,
    format_percent_id,
    indicator_list,
    institution_tallies,
    is_whole_months,
    ledger_items,
    stored_follow_up,
    stored_follow_up_by_institution,
)

LEDGER_PAGE_SIZE = 100


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The follow-up ledger: every item in scope (of a meeting or from a field visit), overdue
    first, a page at a time, each with its origin (one call per origin for the page), with
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
            "items": attach_origins(page.rows, user=user),
            "tallies": institution_tallies(user=user),
            "owner_filter": "owner_institution" in filterset.filters,
            "can_manage": can_manage_meetings(user=user),
        },
    )


INDICATOR_PAGE_SIZE = 50
INDICATOR_LIST_TITLES = {
    "due": _("Jatuh tempo pada periode (penyebut)"),
    "followed": _("Ditindaklanjuti (pembilang)"),
    "cancelled": _("Dibatalkan (tidak dihitung)"),
    "carried": _("Bawaan dari periode sebelumnya yang belum selesai"),
}


@require_GET
@login_required
def indicator(request: HttpRequest) -> HttpResponse:
    """The indicator of a period: its value and counts (read from the stored figures for whole
    months, else counted once by the calculator), per institution, and one list behind it a page
    at a time (`daftar` = due, followed, cancelled or carried)."""
    today = timezone.localdate()
    start, end = PeriodForm.default_period(today)
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    user = request.user
    if is_whole_months(start, end):
        counts = stored_follow_up(user=user, start=start, end=end)
        by_institution = stored_follow_up_by_institution(user=user, start=start, end=end)
    else:
        result = follow_up_indicator(user=user, start=start, end=end, today=today)
        counts = FollowUpCounts(
            due=len(result.due),
            followed_up=len(result.followed_up),
            pending=len([i for i in result.due if i.status in PENDING_STATUSES]),
            cancelled=len(result.cancelled),
        )
        by_institution = []
    shown = request.GET.get("daftar", "due")
    if shown not in INDICATOR_LISTS:
        shown = "due"
    rows = indicator_list(user=user, name=shown, start=start, end=end, today=today)
    page = page_by_key(request, rows, ordering=INDICATOR_ORDERING, page_size=INDICATOR_PAGE_SIZE)
    query = {"start": start.isoformat(), "end": end.isoformat()}
    return render(
        request,
        "meetings/indicator.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "counts": counts,
            "by_institution": by_institution,
            "value_text": format_percent_id(counts.value),
            "page": page,
            "rows": page.rows,
            "shown": shown,
            "list_title": INDICATOR_LIST_TITLES[shown],
            "list_links": [
                (name, title, urlencode({**query, "daftar": name}))
                for name, title in INDICATOR_LIST_TITLES.items()
            ],
        },
    )
