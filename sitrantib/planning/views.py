"""Pages of the plan: list, detail, edits of a draft, approval, revision, copy, calendar."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.paging import page_by_key
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.core.scoping import scope_of
from sitrantib.planning import services
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.filters import PlanFilter
from sitrantib.planning.forms import (
    MONTH_CHOICES,
    ActivityForm,
    CodeForm,
    IndicatorForm,
    NoteForm,
    PlanCreateForm,
    PlanForm,
    SectionForm,
)
from sitrantib.planning.models import AnnualPlan, Indicator, PlannedActivity, PlanSection
from sitrantib.planning.selectors import (
    can_approve_plans,
    can_manage_plans,
    can_read_plans,
    plan_calendar,
    plans_visible_to,
    revisions_of,
    with_contents,
)


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Anda tidak berhak melakukan tindakan ini.")


def _require_reader(request: HttpRequest) -> None:
    if not can_read_plans(user=request.user):
        raise PermissionDenied


def plan_for(request: HttpRequest, pk: int, *, manage: bool = False) -> AnnualPlan:
    """The one access helper of this app: outside the viewer's scope -> 404; `manage` -> 403."""
    plan = get_object_or_404(with_contents(plans_visible_to(user=request.user)), pk=pk)
    if manage and not can_manage_plans(user=request.user):
        raise PermissionDenied
    return plan


def _villages(plan: AnnualPlan) -> list[tuple[str, str]]:
    return list(plan.district.villages.order_by("code").values_list("code", "name"))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    plans = plans_visible_to(user=request.user).select_related("district", "approved_by")
    filterset, plans = filter_for_page(PlanFilter, request=request, queryset=plans)
    page = page_by_key(request, plans, ordering=("-year", "-revision"))
    return render(
        request,
        "planning/home.html",
        {"page": page, "filter": filterset, "can_manage": can_manage_plans(user=request.user)},
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_manage_plans(user=request.user) or not request.user.district_id:
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        district = request.user.district
        if district is None:  # refused above already (no district_id)
            raise PermissionDenied
        try:
            plan = services.create_plan(
                district=district,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Draf rencana dibuat."))
            return redirect(plan)
    return render(request, "planning/form.html", {"form": form, "title": _("Rencana baru")})


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, plan_for(request, pk))


def _detail_page(
    request: HttpRequest,
    plan: AnnualPlan,
    *,
    code_form: CodeForm | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The plan page; a refused code or approval comes back with what was typed and why."""
    statistics: list[Any] = []
    if plan.statistics_source_id:
        from sitrantib.regions.models import VillageStatistic

        statistics = list(
            VillageStatistic.objects.filter(
                source_id=plan.statistics_source_id, village__district_id=plan.district_id
            )
            .select_related("village")
            .order_by("village__code")
        )
    user = request.user
    return render(
        request,
        "planning/detail.html",
        {
            "plan": plan,
            "statistics": statistics,
            "revisions": revisions_of(plan),
            "can_manage": can_manage_plans(user=user),
            "can_approve": can_approve_plans(user=user) and plan.status == PlanStatus.DRAFT,
            "code_form": code_form or CodeForm(),
            "note_form": note_form or NoteForm(initial={"version": plan.version}),
            "month_choices": MONTH_CHOICES,
        },
        status=status,
    )


def _saved(request: HttpRequest, plan: AnnualPlan) -> HttpResponse:
    messages.success(request, _("Perubahan disimpan."))
    return redirect(plan)


@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, manage=True)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(
                plan=plan,
                changes={n: form.cleaned_data[n] for n in form.changed_data if n != "version"},
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _saved(request, plan)
    return render(
        request, "planning/form.html", {"form": form, "plan": plan, "title": _("Ubah rencana")}
    )


def _child_form(
    request: HttpRequest,
    pk: int,
    child_pk: int | None,
    *,
    model: type[Any],
    form_class: type[Any],
    save: Any,
    title: str,
    extra: Any = None,
) -> HttpResponse:
    plan = plan_for(request, pk, manage=True)
    child = get_object_or_404(model, pk=child_pk, plan=plan) if child_pk else None
    form = form_class(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        values = {
            n: form.cleaned_data[n]
            for n in form.Meta.fields
            if n in form.cleaned_data and (child is None or n in form.changed_data)
        }
        try:
            save(plan=plan, child=child, values=values, form=form)
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, _error_text(exc))
        else:
            return _saved(request, plan)
    return render(request, "planning/form.html", {"form": form, "plan": plan, "title": title})


@require_http_methods(["GET", "POST"])
def section_edit(
    request: AuthenticatedRequest, pk: int, section_pk: int | None = None
) -> HttpResponse:
    def save(*, plan: AnnualPlan, child: Any, values: Any, form: Any) -> None:
        services.save_section(
            plan=plan,
            section=child,
            values=values,
            actor=request.user,
            expected_version=form.expected_version,
        )

    return _child_form(
        request,
        pk,
        section_pk,
        model=PlanSection,
        form_class=SectionForm,
        save=save,
        title=_("Bagian KAK"),
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(
    request: AuthenticatedRequest, pk: int, indicator_pk: int | None = None
) -> HttpResponse:
    def save(*, plan: AnnualPlan, child: Any, values: Any, form: Any) -> None:
        services.save_indicator(
            plan=plan,
            indicator=child,
            values=values,
            actor=request.user,
            expected_version=form.expected_version,
        )

    return _child_form(
        request,
        pk,
        indicator_pk,
        model=Indicator,
        form_class=IndicatorForm,
        save=save,
        title=_("Indikator dan target"),
    )


@require_http_methods(["GET", "POST"])
def activity_edit(
    request: AuthenticatedRequest, pk: int, activity_pk: int | None = None
) -> HttpResponse:
    def save(*, plan: AnnualPlan, child: Any, values: Any, form: Any) -> None:
        services.save_activity(
            plan=plan,
            activity=child,
            values=values,
            participants=form.cleaned_data["participants"],
            actor=request.user,
            expected_version=form.expected_version,
        )

    return _child_form(
        request,
        pk,
        activity_pk,
        model=PlannedActivity,
        form_class=ActivityForm,
        save=save,
        title=_("Kegiatan terencana"),
    )


@require_POST
def code_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, manage=True)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            services.save_code(plan=plan, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Kode disimpan."))
            return redirect(plan)
    # Refused: the plan page again, with the typed code and the reason beside its field.
    return _detail_page(request, plan, code_form=form, status=400)


def _errors_to_form(form: Any, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, _error_text(exc))


@require_POST
def plan_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.approve_plan(
                plan=plan,
                actor=request.user,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Rencana disetujui."))
            return redirect(plan)
    # Refused: the plan page again, the note as typed and the reason above it.
    return _detail_page(request, plan, note_form=form, status=400)


@require_POST
def plan_revise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, manage=True)
    try:
        revision = services.start_revision(plan=plan, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(plan)
    messages.success(request, _("Draf revisi dibuat; rencana yang disetujui tetap berlaku."))
    return redirect(revision)


@require_POST
def plan_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk, manage=True)
    try:
        copy = services.copy_plan_to_year(plan=plan, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(plan)
    messages.success(
        request,
        _("Rencana disalin ke tahun %(year)s; target dan anggaran diisi baru.")
        % {"year": copy.year},
    )
    return redirect(copy)


@require_GET
def plan_calendar_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request, pk)
    rows = plan_calendar(plan=plan, villages=_villages(plan))
    return render(
        request,
        "planning/calendar.html",
        {
            "plan": plan,
            "rows": rows,
            "month_choices": MONTH_CHOICES,
            "late_count": sum(len(r.late_months) for r in rows),
            "is_admin": scope_of(request.user).is_admin,
        },
    )
