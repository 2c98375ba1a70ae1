"""The village documents at a glance: the year's on-time shares and the desa x type matrix, the
late desa for the Camat, and the kecamatan's settings.

Readers (villagedocs/access.py) see their desa or kecamatan; a wide scope (a kabupaten, national)
first sees one line per kecamatan and opens one of them. Every page runs a fixed number of
queries whatever the number of desa or obligations.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.scoping import Scope
from sitrantib.regions.models import Village
from sitrantib.regions.selectors import villages_in_scope
from sitrantib.villagedocs import access, selectors, services
from sitrantib.villagedocs.forms import SettingsForm, YearForm
from sitrantib.villagedocs.models import DocumentType, Obligation
from sitrantib.villagedocs.views.common import (
    LEGEND,
    STATES,
    choose_district_page,
    chosen_district,
    managed_or_choice,
    period_label,
    reader_scope,
    scope_districts,
    short_period,
    state_of,
    with_district,
)

QUARTERS = ((1, 3), (4, 6), (7, 9), (10, 12))


@dataclass
class SharePeriod:
    key: str
    label: str
    start: dt.date
    end: dt.date
    result: selectors.OnTime | None = None


def share_periods(year: int) -> list[SharePeriod]:
    periods = [
        SharePeriod(
            f"{year}-Q{n}",
            _("Triwulan %(number)s") % {"number": n},
            dt.date(year, first, 1),
            (dt.date(year, last, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1),
        )
        for n, (first, last) in enumerate(QUARTERS, start=1)
    ]
    periods.append(SharePeriod(str(year), _("Setahun"), dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return periods


def share_table(obligations: QuerySet[Obligation], year: int, today: dt.date) -> dict[str, Any]:
    """Per document type and period (quarters and the whole year, by deadline) the on-time share,
    and per period the average of the types' shares: the indicator's value."""
    periods = share_periods(year)
    for period in periods:
        period.result = selectors.on_time_shares(obligations, period.start, period.end, today)
    types: dict[int, DocumentType] = {}
    cells: dict[int, dict[str, selectors.TypeShare]] = defaultdict(dict)
    for period in periods:
        assert period.result is not None
        for share in period.result.shares:
            types.setdefault(share.document_type.pk, share.document_type)
            cells[share.document_type.pk][period.key] = share
    ordered = sorted(types.values(), key=lambda t: (t.order, t.name, t.pk))
    rows = [{"type": t, "cells": [cells[t.pk].get(p.key) for p in periods]} for t in ordered]
    return {"periods": periods, "rows": rows}


def matrix(
    obligations: QuerySet[Obligation], villages: list[Village], year: int, today: dt.date
) -> dict[str, Any]:
    """Desa x document type for the year: every obligation's state as a short linked badge."""
    rows = list(
        obligations.filter(year=year)
        .values(
            "pk",
            "village_id",
            "document_type_id",
            "period_key",
            "status",
            "on_time",
            "due_date",
        )
        .order_by("due_date", "period_key", "pk")
    )
    type_ids = {r["document_type_id"] for r in rows}
    types = sorted(
        DocumentType.objects.filter(pk__in=sorted(type_ids)),
        key=lambda t: (t.order, t.name, t.pk),
    )
    base = reverse("villagedocs:obligation_detail", kwargs={"pk": 0})
    prefix = base[: base.rindex("0/")]
    cells: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        state = state_of(r["status"], r["on_time"], r["due_date"], today)
        cells[(r["village_id"], r["document_type_id"])].append(
            {
                "url": f"{prefix}{r['pk']}/",
                "period": short_period(r["period_key"]),
                "period_full": period_label(r["period_key"]),
                "state": state,
            }
        )
    return {
        "types": types,
        "rows": [
            {"village": v, "cells": [cells.get((v.code, t.pk), []) for t in types]}
            for v in villages
        ],
        "count": len(rows),
    }


def district_summary(scope: Scope, year: int, today: dt.date) -> list[dict[str, Any]]:
    """One line per kecamatan of a wide scope: the year's average on-time share, its obligations
    decided and on time, and those late now (three queries, whatever the number of kecamatan)."""
    obligations = selectors.obligations_for(scope)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counted = (
        selectors.counted_obligations(obligations, start, end, today)
        .values("district_id", "document_type_id")
        .annotate(obliged=Count("pk"), on_time=Count("pk", filter=selectors.on_time_filter()))
        .order_by()
    )
    per_district: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for r in counted:
        per_district[r["district_id"]].append((r["document_type_id"], r["obliged"], r["on_time"]))
    late = dict(
        selectors.late_obligations(obligations, today)
        .filter(due_date__range=(start, end))
        .values("district_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("district_id", "n")
    )
    districts = scope_districts(scope)
    if scope.national:
        districts = districts.filter(code__in=sorted(set(per_district) | set(late)))
    types = DocumentType.objects.in_bulk(
        sorted({t for rows in per_district.values() for t, _o, _n in rows})
    )
    lines = []
    for district in districts:
        shares = selectors.OnTime(
            [selectors.TypeShare(types[t], o, n) for t, o, n in per_district.get(district.code, [])]
        )
        lines.append(
            {
                "district": district,
                "average": shares.average,
                "obliged": shares.obliged,
                "on_time": shares.on_time,
                "late": late.get(district.code, 0),
            }
        )
    return lines


def _year_context(request: HttpRequest) -> tuple[YearForm, int]:
    form = YearForm(request.GET or None)
    return form, form.year()


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A year of village documents: on-time shares and their average, and the desa x type
    matrix of one kecamatan (an operator: their desa); a wide scope's kecamatan side by side."""
    scope = reader_scope(request)
    year_form, year = _year_context(request)
    today = timezone.localdate()
    district = chosen_district(request, scope)
    if district is None:
        return render(
            request,
            "villagedocs/home_wide.html",
            {
                "year_form": year_form,
                "year": year,
                "lines": district_summary(scope, year, today),
            },
        )
    obligations = selectors.obligations_for(scope).filter(district=district)
    villages = list(
        villages_in_scope(scope=scope).filter(district=district).order_by("name", "code")
    )
    return render(
        request,
        "villagedocs/home.html",
        {
            "year_form": year_form,
            "year": year,
            "district": district,
            "wide": scope.national or len(scope.district_codes) > 1,
            "own_village": villages[0] if scope.village_codes is not None and villages else None,
            "shares": share_table(obligations, year, today),
            "matrix": matrix(obligations, villages, year, today),
            "legend": [STATES[key] for key in LEGEND],
            "can_manage": access.can_manage(scope, district.code),
            "late_count": selectors.late_obligations(obligations, today).count(),
        },
    )


@require_GET
@login_required
def late(request: HttpRequest) -> HttpResponse:
    """The obligations past their deadline with nothing accepted, by desa, with the days late:
    what the Camat follows up. Printable."""
    scope = reader_scope(request)
    district = chosen_district(request, scope)
    if district is None:
        return choose_district_page(request, scope, "villagedocs:late", "late")
    today = timezone.localdate()
    rows = list(
        selectors.late_obligations(
            selectors.obligations_for(scope).filter(district=district), today
        )
    )
    groups: dict[str, dict[str, Any]] = {}
    for obligation in sorted(rows, key=lambda o: (o.village.name, o.village_id, o.due_date, o.pk)):
        group = groups.setdefault(
            obligation.village_id, {"village": obligation.village, "items": []}
        )
        group["items"].append(
            {
                "obligation": obligation,
                "period": period_label(obligation.period_key),
                "days_late": (today - obligation.due_date).days,
                "state": state_of(
                    obligation.status, obligation.on_time, obligation.due_date, today
                ),
            }
        )
    return render(
        request,
        "villagedocs/late.html",
        {
            "district": district,
            "groups": list(groups.values()),
            "total": len(rows),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    """The kecamatan's on-time basis and reminder days (its administrator)."""
    chosen = managed_or_choice(request, "villagedocs:settings", "settings")
    if isinstance(chosen, HttpResponse):
        return chosen
    district = chosen
    form = SettingsForm(request.POST or None, instance=services.settings_for(district.code))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(
                district=district,
                data=form.settings_data(),
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Pengaturan dokumen desa tersimpan."))
            return redirect(with_district(reverse("villagedocs:settings"), request, district))
    return render(
        request,
        "villagedocs/settings_form.html",
        {"form": form, "district": district},
        status=400 if form.errors else 200,
    )
