"""Pages of the budget: a year's lines, a line with its revisions and spending, the spending
import, the multi-year view and the money of a plan (time series, requested lines, cost per
output)."""

import mimetypes
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.budget import imports, services
from sitrantib.budget.forms import (
    ImportForm,
    LineForm,
    NewLineForm,
    RevisionForm,
    SpendingForm,
    YearForm,
)
from sitrantib.budget.models import BudgetLine
from sitrantib.budget.selectors import (
    can_manage_budget,
    can_read_budget,
    cost_per_output,
    lines_visible_to,
    multi_year,
    revisions_of,
    spending_by_month,
    spending_visible_to,
    spent_on,
    table_checks,
    tables_visible_to,
    time_series_for_plan,
    year_summary,
    years_with_lines,
)
from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.imports import build_preview, discard_import, pending_batches, template_workbook
from sitrantib.core.paging import page_by_key
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.planning.carried_out import carried_out_for
from sitrantib.planning.models import PlannedActivity
from sitrantib.planning.selectors import plans_visible_to
from sitrantib.regions.models import District

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(request: AuthenticatedRequest) -> str:
    """The code of the reader's kecamatan; 403 for anyone who may not read a budget."""
    district_code = request.user.district_id
    if not can_read_budget(user=request.user) or not district_code:
        raise PermissionDenied
    return district_code


def _require_manager(request: AuthenticatedRequest) -> str:
    """The code of the manager's kecamatan; 403 for anyone who may not manage a budget."""
    district_code = request.user.district_id
    if not can_manage_budget(user=request.user) or not district_code:
        raise PermissionDenied
    return district_code


def _own_district(request: AuthenticatedRequest) -> District:
    """The manager's kecamatan (after `_require_manager`, which refuses a user without one)."""
    district = request.user.district
    if district is None:
        raise PermissionDenied
    return district


def line_for(request: HttpRequest, pk: int, *, manage: bool = False) -> BudgetLine:
    """The one access helper of this app: outside the viewer's scope -> 404; `manage` -> 403."""
    line = get_object_or_404(
        lines_visible_to(user=request.user).select_related("activity__plan", "table"), pk=pk
    )
    if manage and not can_manage_budget(user=request.user):
        raise PermissionDenied
    return line


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    if form.is_valid() and form.cleaned_data.get("tahun"):
        return int(form.cleaned_data["tahun"])
    return timezone.localdate().year


def _activities(district_code: str, year: int) -> Any:
    return PlannedActivity.objects.filter(
        plan__district_id=district_code, plan__year=year, plan__status__in=["draft", "approved"]
    ).order_by("plan__revision", "position")


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    district = _require_reader(request)
    year = _year(request)
    summary = year_summary(user=request.user, district_code=district, year=year)
    lines = lines_visible_to(user=request.user).filter(district_id=district, year=year)
    return render(
        request,
        "budget/home.html",
        {
            "year": year,
            "summary": summary,
            "tables": table_checks(
                tables_visible_to(user=request.user).filter(district_id=district, year=year)
            ),
            "by_month": spending_by_month(lines=lines),
            "years": years_with_lines(user=request.user, district_code=district),
            "can_manage": can_manage_budget(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def line_create(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request)
    year = _year(request)
    district = _own_district(request)
    form = NewLineForm(request.POST or None, activities=_activities(district.code, year))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            line = services.create_line(
                district=district,
                year=year,
                code=data["code"],
                name=data["name"],
                ceiling=data["ceiling"],
                activity=data["activity"],
                actor=request.user,
            )
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Mata anggaran ditambahkan."))
            return redirect(line)
    return render(
        request,
        "budget/line_form.html",
        {"form": form, "year": year, "title": _("Mata anggaran baru")},
    )


def _to_form(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_http_methods(["GET", "POST"])
def line_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = line_for(request, pk, manage=True)
    form = LineForm(
        request.POST or None, instance=line, activities=_activities(line.district_id, line.year)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_line(
                line=line,
                changes={n: form.cleaned_data[n] for n in form.changed_data if n != "version"},
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(line)
    return render(
        request,
        "budget/line_form.html",
        {"form": form, "year": line.year, "line": line, "title": _("Ubah mata anggaran")},
    )


def _events(line: BudgetLine) -> list[Any]:
    if line.activity_id is None:
        return []
    return carried_out_for([line.activity_id], line.year)


def _line_page(
    request: HttpRequest,
    line: BudgetLine,
    *,
    revision_form: Any = None,
    spending_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    page = page_by_key(
        request,
        spending_visible_to(user=request.user).filter(line=line).select_related("created_by"),
        ordering=("-on_date", "-pk"),
    )
    spent = spent_on(line)
    return render(
        request,
        "budget/line_detail.html",
        {
            "line": line,
            "page": page,
            "spent": spent,
            "remaining": line.ceiling - spent,
            "revisions": list(revisions_of(line)),
            "can_manage": can_manage_budget(user=request.user),
            "revision_form": revision_form or RevisionForm(initial={"version": line.version}),
            "spending_form": spending_form or SpendingForm(events=_events(line)),
        },
        status=status,
    )


@require_GET
def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _line_page(request, line_for(request, pk))


@require_POST
def line_revise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = line_for(request, pk, manage=True)
    form = RevisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.revise_ceiling(
                line=line,
                new_amount=data["new_amount"],
                on_date=data["on_date"],
                reason=data["reason"],
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Pagu direvisi."))
            return redirect(line)
    return _line_page(request, line, revision_form=form, status=400)


@require_POST
def spending_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = line_for(request, pk, manage=True)
    events = _events(line)
    form = SpendingForm(request.POST, request.FILES, events=events)
    if form.is_valid():
        data = form.cleaned_data
        event = form.events.get(data.get("event") or "")
        try:
            services.record_spending(
                line=line,
                on_date=data["on_date"],
                amount=data["amount"],
                description=data["description"],
                evidence=data.get("evidence"),
                event_kind=event.kind if event else "",
                event_id=event.object_id if event else None,
                event_label=event.label if event else data.get("event_label", ""),
                actor=request.user,
            )
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Realisasi dicatat."))
            return redirect(line)
    return _line_page(request, line, spending_form=form, status=400)


@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    spending = get_object_or_404(spending_visible_to(user=request.user), pk=pk)
    name = spending.evidence.name  # a file field without a name is an empty one
    if not name:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        spending.evidence.open("rb"),
        content_type=content_type,
        filename=spending.evidence_name or name.rsplit("/", 1)[-1],
    )


@require_GET
def multi_year_view(request: AuthenticatedRequest) -> HttpResponse:
    district = _require_reader(request)
    years = years_with_lines(user=request.user, district_code=district)[-6:]
    series, years = multi_year(user=request.user, district_code=district, years=years)
    chart = {
        "labels": [str(y) for y in years],
        "datasets": [
            {
                "label": s.name,
                "data": [float(p.amount) if p.amount is not None else None for p in s.points],
            }
            for s in series
        ],
    }
    return render(
        request,
        "budget/multi_year.html",
        {"series": series, "years": years, "chart": chart},
    )


@require_GET
def plan_money(request: AuthenticatedRequest, plan_pk: int) -> HttpResponse:
    _require_reader(request)
    plan = get_object_or_404(plans_visible_to(user=request.user), pk=plan_pk)
    requested = table_checks(tables_visible_to(user=request.user).filter(plan=plan, year=plan.year))
    requested_lines = {
        check.table.pk: list(check.table.lines.order_by("position", "pk")) for check in requested
    }
    return render(
        request,
        "budget/plan_money.html",
        {
            "plan": plan,
            "time_series": time_series_for_plan(user=request.user, plan=plan),
            "requested": [(c, requested_lines[c.table.pk]) for c in requested],
            "costs": cost_per_output(user=request.user, plan=plan),
        },
    )


# ---------------------------------------------------------------- import


@require_GET
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request)
    response = HttpResponse(template_workbook(imports.SPENDING), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-realisasi.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    _require_manager(request)
    form = ImportForm(request.POST or None, request.FILES or None, initial={"year": _year(request)})
    if request.method == "POST" and form.is_valid():
        try:
            batch = imports.stage_spending(
                upload=form.cleaned_data["file"],
                district=_own_district(request),
                year=form.cleaned_data["year"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("budget:import_preview", pk=batch.pk)
    return render(request, "budget/import_upload.html", {"form": form})


@require_http_methods(["GET", "POST"])
def import_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    batch = get_object_or_404(
        pending_batches(owner=request.user, kind=imports.SPENDING.kind),
        pk=pk,
    )
    if request.method == "POST":
        if "discard" in request.POST:
            discard_import(batch=batch, actor=request.user)
            return redirect("budget:home")
        try:
            result = imports.confirm_spending(batch=batch, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request, _("Realisasi diimpor: %(count)s baris baru.") % {"count": result.created}
            )
            return redirect("budget:home")
    return render(
        request,
        "budget/import_preview.html",
        {
            "preview": build_preview(batch, spec=imports.SPENDING),
            "upload_url": "../",
        },
    )
