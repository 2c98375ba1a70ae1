"""Satgas Keamanan Desa register pages: every desa with its Satgas (or none yet), the record,
its form and its members."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.scoping import Scope
from sitrantib.fieldwork import access, selectors
from sitrantib.fieldwork.forms.registers import MemberFormSet, TaskForceForm
from sitrantib.fieldwork.models import TaskForce
from sitrantib.fieldwork.services import registers as services
from sitrantib.fieldwork.views.overview import chosen_district, reader_scope, scope_villages
from sitrantib.fieldwork.views.registers.common import choose_village, require_writer


@require_GET
@login_required
def task_force_list(request: HttpRequest) -> HttpResponse:
    """Every desa of the kecamatan with its Satgas, or marked as having none yet."""
    scope = reader_scope(request)
    district = chosen_district(request, scope)
    villages = scope_villages(scope)
    if district is None and not scope.village_codes:
        return render(
            request,
            "fieldwork/registers/task_force_list.html",
            {"rows": [], "district": None, "districts": _districts(scope)},
        )
    if district is not None:
        villages = villages.filter(district=district)
    forces = selectors.task_forces_for(scope).filter(village__in=villages.values("code"))
    by_village = {tf.village_id: tf for tf in forces}
    rows = [
        {"village": v, "task_force": by_village.get(v.code)}
        for v in villages.order_by("name", "code")
    ]
    return render(
        request,
        "fieldwork/registers/task_force_list.html",
        {
            "rows": rows,
            "district": district,
            "missing": sum(1 for r in rows if r["task_force"] is None),
            "can_write": access.can_write_any(scope),
            "writable": {v.code for v in villages if access.can_write_village(scope, v.code)},
        },
    )


def _districts(scope: Scope) -> Any:
    from sitrantib.fieldwork.views.overview import scope_districts

    return scope_districts(scope)


def _task_force_for(request: HttpRequest, pk: int) -> tuple[TaskForce, Scope]:
    scope = reader_scope(request)
    task_force = selectors.task_force_detail(pk, scope)
    if task_force is None:
        raise Http404
    return task_force, scope


@require_http_methods(["GET", "POST"])
@login_required
def task_force_create(request: HttpRequest) -> HttpResponse:
    scope = reader_scope(request)
    if not access.can_write_any(scope):
        raise PermissionDenied
    village, asked = choose_village(request, scope, _("Satgas baru"))
    if asked is not None:
        return asked
    assert village is not None
    require_writer(scope, village.code)
    existing = TaskForce.objects.filter(village=village).first()
    if existing is not None:
        messages.info(request, _("Desa ini sudah memiliki Satgas Keamanan Desa."))
        return redirect(existing)
    form = TaskForceForm(
        request.POST or None,
        instance=TaskForce(village=village, district_id=village.district_id),
        villages=None,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            task_force = services.create_task_force(
                village=village, data=form.task_force_data(), actor=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Satgas Keamanan Desa tersimpan."))
            return redirect(task_force)
    return render(
        request,
        "fieldwork/registers/task_force_form.html",
        {"form": form, "task_force": None, "village": village},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_force_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task_force, scope = _task_force_for(request, pk)
    require_writer(scope, task_force.village_id)
    form = TaskForceForm(
        request.POST or None,
        instance=TaskForce.objects.select_related("village").get(pk=task_force.pk),
        villages=None,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task_force(
                task_force=TaskForce.objects.select_related("village").get(pk=task_force.pk),
                data=form.task_force_data(),
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Satgas Keamanan Desa tersimpan."))
            return redirect(task_force)
    return render(
        request,
        "fieldwork/registers/task_force_form.html",
        {"form": form, "task_force": task_force, "village": task_force.village},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def task_force_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task_force, scope = _task_force_for(request, pk)
    visits = list(task_force.visits.select_related("village").order_by("-visited_at", "-pk")[:10])
    return render(
        request,
        "fieldwork/registers/task_force_detail.html",
        {
            "task_force": task_force,
            "members": list(task_force.members.all()),
            "visits": visits,
            "can_write": access.can_write_village(scope, task_force.village_id),
            "visit_list_query": urlencode({"desa": task_force.village_id}),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def task_force_members(request: HttpRequest, pk: int) -> HttpResponse:
    task_force, scope = _task_force_for(request, pk)
    require_writer(scope, task_force.village_id)
    initial = [
        {
            "member": m.member_id,
            "name": "" if m.member_id else m.name,
            "position": m.position,
            "rw": m.rw,
        }
        for m in task_force.members.all()
    ]
    formset: Any = MemberFormSet(
        request.POST or None, initial=initial, user=request.user, prefix="anggota"
    )
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        people = [
            services.Person(
                name=(f.cleaned_data.get("name") or "").strip(),
                member=f.cleaned_data.get("member"),
                position=(f.cleaned_data.get("position") or "").strip(),
                rw=(f.cleaned_data.get("rw") or "").strip(),
            )
            for f in formset.forms
            if f.has_person()
        ]
        try:
            with transaction.atomic():
                services.set_task_force_members(
                    task_force=TaskForce.objects.select_related("village").get(pk=task_force.pk),
                    people=people,
                    actor=request.user,
                )
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        except PermissionDenied as exc:
            errors = [str(exc) or _("Anda tidak berhak melakukan tindakan ini.")]
        else:
            messages.success(request, _("Anggota Satgas tersimpan."))
            return redirect(task_force)
    invalid = request.method == "POST" and (errors or not formset.is_valid())
    return render(
        request,
        "fieldwork/registers/task_force_members.html",
        {"task_force": task_force, "formset": formset, "errors": errors},
        status=400 if invalid else 200,
    )
