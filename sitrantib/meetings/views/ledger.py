"""The follow-up ledger and the follow-up indicator."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sitrantib.core.filters import filter_for_page
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import scope_of
from sitrantib.meetings.enums import PENDING_STATUSES
from sitrantib.meetings.filters import ActionItemFilter, KecamatanChoiceForm
from sitrantib.meetings.forms import PeriodForm
from sitrantib.meetings.origins import attach_origins
from sitrantib.meetings.selectors import (
    INDICATOR_LISTS,
    INDICATOR_ORDERING,
    LEDGER_ORDERING,
    FollowUpCounts,
    can_manage_meetings,
    district_tallies,
    follow_up_indicator,
    format_percent_id,
    indicator_list,
    institution_tallies,
    is_whole_months,
    is_wide,
    ledger_districts,
    ledger_items,
    stored_follow_up,
    stored_follow_up_by_district,
    stored_follow_up_by_institution,
)
from sitrantib.regions.models import District

LEDGER_PAGE_SIZE = 100
# Kecamatan rows per page of a wide scope's summary (issue 16 A1).
SUMMARY_PAGE_SIZE = 50


def chosen_kecamatan(request: HttpRequest) -> District | None:
    """The kecamatan `?kecamatan=` chooses: one the viewer's scope covers (core.scoping), else
    404 as for any record outside the scope; None when none is asked for."""
    wanted = (request.GET.get("kecamatan") or "").strip()
    if not wanted:
        return None
    district = District.objects.filter(code=wanted[:20]).first()
    if district is None or not scope_of(request.user).covers_district(district.code):
        raise Http404
    return district


def choose_kecamatan(request: HttpRequest) -> tuple[District | None, KecamatanChoiceForm | None]:
    """The kecamatan a page shows, and for a wide scope the form that chooses it.

    A scope of one kecamatan: `chosen_kecamatan` (404 outside it), no form. A wide scope: the
    search field's choice; a kecamatan outside the scope (or unknown) is a message beside the
    field over the summary, never another kecamatan's data.
    """
    if not is_wide(scope_of(request.user)):
        return chosen_kecamatan(request), None
    wanted = (request.GET.get("kecamatan") or "").strip()
    form = KecamatanChoiceForm({"kecamatan": wanted} if wanted else None, user=request.user)
    if wanted and form.is_valid():
        return form.cleaned_data["kecamatan"], form
    return None, form


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The follow-up ledger: every item in scope (of a meeting or from a field visit), overdue
    first, a page at a time, each with its origin (one call per origin for the page), with
    per-institution counts.

    A scope of several kecamatan first sees one row per kecamatan with its counts (a page of
    kecamatan, one grouped query), each opening `?kecamatan=<code>`: that kecamatan's ledger
    (issue 16 A1)."""
    user: Any = request.user
    district, chooser = choose_kecamatan(request)
    if district is None and chooser is not None:
        page = page_by_key(
            request, ledger_districts(user=user), ordering=("code",), page_size=SUMMARY_PAGE_SIZE
        )
        return render(
            request,
            "meetings/ledger.html",
            {
                "summary": district_tallies(user=user, districts=page.rows),
                "chooser": chooser,
                "page": page,
                "can_manage": can_manage_meetings(user=user),
            },
        )
    code = district.code if district is not None else None
    items_in_scope = ledger_items(user=user)
    if code is not None:
        items_in_scope = items_in_scope.filter(district_id=code)
    filterset, items = filter_for_page(
        ActionItemFilter, request=request, queryset=items_in_scope, district_code=code
    )
    page = page_by_key(request, items, ordering=LEDGER_ORDERING, page_size=LEDGER_PAGE_SIZE)
    return render(
        request,
        "meetings/ledger.html",
        {
            "form": filterset.form,
            "district": district,
            "page": page,
            "items": attach_origins(page.rows, user=user),
            "tallies": institution_tallies(user=user, district_code=code),
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
    user: Any = request.user
    district, chooser = choose_kecamatan(request)
    code = district.code if district is not None else None
    query = {"start": start.isoformat(), "end": end.isoformat()}
    if code is not None:
        query["kecamatan"] = code
    if district is None and chooser is not None:
        return _indicator_summary(
            request, form=form, chooser=chooser, start=start, end=end, query=query
        )
    if is_whole_months(start, end):
        counts = stored_follow_up(user=user, start=start, end=end, district_code=code)
        by_institution = stored_follow_up_by_institution(
            user=user, start=start, end=end, district_code=code
        )
    else:
        result = follow_up_indicator(
            user=user, start=start, end=end, today=today, district_code=code
        )
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
    rows = indicator_list(
        user=user, name=shown, start=start, end=end, today=today, district_code=code
    )
    page = page_by_key(request, rows, ordering=INDICATOR_ORDERING, page_size=INDICATOR_PAGE_SIZE)
    return render(
        request,
        "meetings/indicator.html",
        {
            "form": form,
            "district": district,
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


def _indicator_summary(
    request: HttpRequest,
    *,
    form: PeriodForm,
    chooser: KecamatanChoiceForm,
    start: Any,
    end: Any,
    query: dict[str, str],
) -> HttpResponse:
    """A wide scope's indicator: the total and one row per kecamatan (a page of kecamatan), both
    read from the stored figures of the months of the period; no item lists (issue 16 A1)."""
    user: Any = request.user
    whole = is_whole_months(start, end)
    page = page_by_key(
        request, ledger_districts(user=user), ordering=("code",), page_size=SUMMARY_PAGE_SIZE
    )
    counts = stored_follow_up(user=user, start=start, end=end) if whole else None
    return render(
        request,
        "meetings/indicator.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "summary_mode": True,
            "chooser": chooser,
            "whole_months": whole,
            "counts": counts,
            "value_text": format_percent_id(counts.value) if counts else "",
            "page": page,
            "by_district": (
                stored_follow_up_by_district(user=user, start=start, end=end, districts=page.rows)
                if whole
                else []
            ),
            "district_query": urlencode(query),
        },
    )
