"""The field work at a glance: the module's start page, a desa's page, the desa situation per
period and its rule, the field calendar, and the map data every field map reads.

Readers (fieldwork/access.py) see their desa or kecamatan; a partner sees only the incidents
handed over to it (its start page and the map's incident points); anyone else is refused (403).
Wide scopes (a kabupaten, national) choose a kecamatan (?kecamatan=) rather than scroll through
thousands of desa.
"""

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.fieldwork import access, selectors
from sitrantib.fieldwork.enums import (
    OPEN_INCIDENT_STATUSES,
    CitizenReportStatus,
    IncidentStatus,
    Situation,
)
from sitrantib.fieldwork.filters import MapIncidentFilter, MapPostFilter, first_error
from sitrantib.fieldwork.forms.overview import PeriodForm, RuleForm, YearForm
from sitrantib.fieldwork.models import Incident, Post
from sitrantib.fieldwork.services.rules import rule_for, update_rule
from sitrantib.fieldwork.situation import (
    CONDITION_LABELS,
    Period,
    current_month,
    summarise,
    village_situations,
)
from sitrantib.regions.models import District, Village
from sitrantib.regions.selectors import villages_in_scope

RECENT = 10


# Shared helpers (the registers' pages use them too) ----------------------------------------------


def reader_scope(request: HttpRequest) -> Scope:
    """The viewer's scope when they read the registers, visits and situations; else 403."""
    scope = scope_of(request.user)
    if not access.can_read(scope):
        raise PermissionDenied
    return scope


def scope_villages(scope: Scope) -> QuerySet[Village]:
    return villages_in_scope(scope=scope)


def scope_districts(scope: Scope) -> QuerySet[District]:
    if scope.national:
        return District.objects.order_by("name", "code")
    return District.objects.filter(code__in=sorted(scope.district_codes)).order_by("name", "code")


def chosen_district(request: HttpRequest, scope: Scope) -> District | None:
    """The kecamatan a page shows: ?kecamatan= when in scope, else the only one of the scope."""
    districts = scope_districts(scope)
    wanted = request.GET.get("kecamatan", "")
    if wanted:
        district = districts.filter(code=wanted[:8]).first()
        if district is None:
            raise Http404
        return district
    only = list(districts[:2])
    return only[0] if len(only) == 1 else None


def boundaries_url(district: District | None, village: Village | None = None) -> str:
    """The desa shapes of a kecamatan (regions' GeoJSON), or '' when there is none to draw."""
    code = district.code if district is not None else (village.district_id if village else "")
    if not code:
        return ""
    return reverse("regions:village_map_data") + "?" + urlencode({"kecamatan": code})


def map_settings() -> dict[str, Any]:
    """The tile layer of the maps, when the site names one (none is needed)."""
    return {
        "map_tile_url": settings.SITRANTIB_MAP_TILE_URL,
        "map_tile_attribution": settings.SITRANTIB_MAP_TILE_ATTRIBUTION,
    }


# Compatibility name used by the registers' views.
map_labels = map_settings


def _period_from(request: HttpRequest) -> tuple[PeriodForm, Period]:
    form = PeriodForm(request.GET or {"period": ""})
    if form.is_valid():
        return form, form.cleaned_data["period"]
    return form, current_month()


def _evidence_url(kind: str, pk: int) -> str:
    name = "fieldwork:visit_detail" if kind == "visit" else "fieldwork:incident_detail"
    return reverse(name, kwargs={"pk": pk})


def _situation_rows(results: list[Any], period: Period) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        conditions = []
        for c in r.conditions:
            conditions.append(
                {
                    "code": c.code,
                    "label": c.label,
                    "holds": c.holds,
                    "detail": c.detail,
                    "evidence": [
                        {"url": _evidence_url(e.kind, e.pk), "text": e.text, "date": e.on_date}
                        for e in c.evidence
                    ],
                }
            )
        rows.append(
            {
                "result": r,
                "conditions": conditions,
                "visits_url": reverse("fieldwork:visit_list")
                + "?"
                + urlencode({"desa": r.village_code, "period": period.key}),
            }
        )
    return rows


# Start page --------------------------------------------------------------------------------------


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """This month in the viewer's desa or kecamatan: how many desa were visited and are tentram
    dan tertib, what is still open, what waits for the section."""
    scope = scope_of(request.user)
    if not access.can_read_incidents(scope):
        raise PermissionDenied
    if not access.can_read(scope):
        # A partner: only the incidents handed over to its institution.
        incidents = selectors.incidents_for(scope)
        return render(
            request,
            "fieldwork/overview/home_partner.html",
            {
                "handed_over": incidents.filter(status=IncidentStatus.HANDED_OVER).count(),
                "total": incidents.count(),
            },
        )
    period = current_month()
    villages = scope_villages(scope)
    results = village_situations(villages, period)
    summary = summarise(results)
    manager = access.can_manage_any(scope)
    own_villages = (
        list(villages.order_by("name", "code")) if scope.village_codes is not None else []
    )
    return render(
        request,
        "fieldwork/overview/home.html",
        {
            "period": period,
            "summary": summary,
            "open_incidents": selectors.incidents_for(scope)
            .filter(status__in=sorted(OPEN_INCIDENT_STATUSES))
            .count(),
            "open_rawan": selectors.visits_for(scope)
            .filter(situation=Situation.RAWAN, resolved_on__isnull=True)
            .count(),
            "reports_waiting": (
                selectors.report_queue(scope).filter(status=CitizenReportStatus.RECEIVED).count()
                if manager
                else None
            ),
            "own_villages": own_villages,
            "not_peaceful": [r for r in results if not r.peaceful][:RECENT],
            "not_peaceful_count": summary.villages - summary.peaceful,
            "can_write": access.can_write_any(scope),
            "open_status_query": urlencode({"status": IncidentStatus.REPORTED}),
            "verified_status_query": urlencode({"status": IncidentStatus.VERIFIED}),
        },
    )


# A desa's page -----------------------------------------------------------------------------------


@require_GET
@login_required
def village_page(request: HttpRequest, code: str) -> HttpResponse:
    scope = reader_scope(request)
    village = scope_villages(scope).filter(code=code[:13]).select_related("district").first()
    if village is None:
        raise Http404
    period = current_month()
    one = Village.objects.filter(code=village.code)
    result = village_situations(one, period)[0]
    incidents = list(
        selectors.incidents_for(scope)
        .filter(village=village)
        .order_by("-occurred_at", "-pk")[:RECENT]
    )
    visits = list(
        selectors.visits_for(scope).filter(village=village).order_by("-visited_at", "-pk")[:RECENT]
    )
    posts = list(selectors.posts_for(scope).filter(village=village).order_by("name", "pk"))
    task_force = selectors.task_forces_for(scope).filter(village=village).first()
    query = urlencode({"desa": village.code})
    return render(
        request,
        "fieldwork/overview/village.html",
        {
            "village": village,
            "period": period,
            "situation": _situation_rows([result], period)[0],
            "incidents": incidents,
            "visits": visits,
            "posts": posts,
            "task_force": task_force,
            "desa_query": query,
            "points_url": reverse("fieldwork:map_data")
            + "?"
            + urlencode({"desa": village.code, "layers": "posts,incidents", "period": period.key}),
            "boundaries_url": boundaries_url(village.district),
            "can_write": access.can_write_village(scope, village.code),
            **map_settings(),
        },
    )


# Desa situation per period -----------------------------------------------------------------------


@require_GET
@login_required
def situations(request: HttpRequest) -> HttpResponse:
    """Every desa's situation in the period with the condition that decided it; for a wide scope
    first a line per kecamatan, each opening down to its desa."""
    scope = reader_scope(request)
    form, period = _period_from(request)
    district = chosen_district(request, scope)
    villages = scope_villages(scope)
    if district is not None:
        villages = villages.filter(district=district)
    results = village_situations(villages, period) if not form.errors else []
    summary = summarise(results)
    by_district: list[dict[str, Any]] = []
    if district is None and scope.village_codes is None:
        grouped: dict[str, list[Any]] = defaultdict(list)
        for r in results:
            grouped[r.district_code].append(r)
        names = {d.code: d for d in scope_districts(scope).filter(code__in=list(grouped))}
        by_district = [
            {
                "district": names[code],
                "summary": summarise(rows),
                "url": reverse("fieldwork:situations")
                + "?"
                + urlencode({"kecamatan": code, "period": period.key}),
            }
            for code, rows in sorted(grouped.items(), key=lambda kv: names[kv[0]].name)
        ]
    today = timezone.localdate()
    return render(
        request,
        "fieldwork/overview/situations.html",
        {
            "form": form,
            "period": period,
            "district": district,
            "summary": summary,
            "by_district": by_district,
            "rows": _situation_rows(results, period) if not by_district else [],
            "condition_labels": CONDITION_LABELS,
            "quick_periods": [
                (_("Bulan ini"), f"{today.year}-{today.month:02d}"),
                (_("Triwulan ini"), f"{today.year}-Q{(today.month - 1) // 3 + 1}"),
                (_("Tahun ini"), str(today.year)),
            ],
            "previous_key": _shift(period, -1).key,
            "next_key": _shift(period, 1).key,
            "can_manage": district is not None and access.can_manage(scope, district.code),
        },
        status=400 if form.errors else 200,
    )


def _shift(period: Period, step: int) -> Period:
    if period.kind == "month":
        index = period.year * 12 + period.number - 1 + step
        return Period("month", index // 12, index % 12 + 1)
    if period.kind == "quarter":
        index = period.year * 4 + period.number - 1 + step
        return Period("quarter", index // 4, index % 4 + 1)
    return Period("year", period.year + step)


@require_http_methods(["GET", "POST"])
@login_required
def rule_edit(request: HttpRequest) -> HttpResponse:
    """The section's administrator states the kecamatan's rule (services.rules.update_rule)."""
    scope = scope_of(request.user)
    if not access.can_manage_any(scope):
        raise PermissionDenied
    district = chosen_district(request, scope)
    if district is None:
        return render(
            request,
            "fieldwork/overview/choose_district.html",
            {"districts": scope_districts(scope), "target": "fieldwork:rule"},
        )
    if not access.can_manage(scope, district.code):
        raise PermissionDenied
    rule = rule_for(district.code)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            update_rule(
                district=district,
                data=form.rule_data(),
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Aturan desa tentram dan tertib tersimpan."))
            target = reverse("fieldwork:situations")
            if request.GET.get("kecamatan"):
                target += "?" + urlencode({"kecamatan": district.code})
            return redirect(target)
    return render(
        request,
        "fieldwork/overview/rule.html",
        {"form": form, "district": district, "rule": rule},
        status=400 if form.errors else 200,
    )


# Field calendar ----------------------------------------------------------------------------------


@require_GET
@login_required
def field_calendar(request: HttpRequest) -> HttpResponse:
    """Planned visit months of the year's plan against the visits made, per desa."""
    scope = reader_scope(request)
    form = YearForm(request.GET or None)
    year = form.year()
    district = chosen_district(request, scope)
    villages = scope_villages(scope)
    wide = district is None and scope.village_codes is None
    if district is not None:
        villages = villages.filter(district=district)
    rows = [] if wide else selectors.field_calendar(villages, year)
    return render(
        request,
        "fieldwork/overview/calendar.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "months": [(m, MONTHS_3[m]) for m in range(1, 13)],
            "district": district,
            "districts": scope_districts(scope) if wide else [],
            "late_total": sum(r.late_count for r in rows),
            "visits_url": reverse("fieldwork:visit_list"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# Map data ----------------------------------------------------------------------------------------

LAYERS = frozenset({"posts", "incidents"})
STATUS_LABELS = dict(IncidentStatus.choices)


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=400)


@require_GET
@login_required
def map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON points (selectors.map_points) of the viewer's scope, filtered as the incident list:
    period, desa, category, status; plus kecamatan, layers=posts,incidents, and for Poskamling
    active, condition and pos (one post). A partner gets only its handed-over incidents."""
    scope = scope_of(request.user)
    if not access.can_read_incidents(scope):
        raise PermissionDenied
    get = request.GET
    layers = {x.strip() for x in get.get("layers", "posts,incidents").split(",")} & LAYERS
    posts: QuerySet[Post] = (
        selectors.posts_for(scope)
        if "posts" in layers and access.can_read(scope)
        else Post.objects.none()
    )
    incidents: QuerySet[Incident] = (
        selectors.incidents_for(scope) if "incidents" in layers else Incident.objects.none()
    )
    # The list's filters (fieldwork/filters.py) decide what the points show.
    incident_filter = MapIncidentFilter(get, queryset=incidents, request=request)
    post_filter = MapPostFilter(get, queryset=posts, request=request)
    for filterset in (incident_filter, post_filter):
        if not filterset.is_valid():
            return _bad(first_error(filterset))
    incidents, posts = incident_filter.qs, post_filter.qs
    data = selectors.map_points(posts, incidents)
    for feature in data["features"]:
        props = feature["properties"]
        if props.get("kind") == "incident":
            props["status_label"] = str(STATUS_LABELS.get(props.get("status"), ""))
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    return response
