"""Instructors of the kecamatan: the list, adding and changing one (people of the institutions
register: Polsek, Koramil, others)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import scope_of
from sitrantib.linmas.selectors import mask_value
from sitrantib.regions.models import District
from sitrantib.trainings import services
from sitrantib.trainings.access import can_manage, can_manage_any, can_read
from sitrantib.trainings.forms import InstructorForm
from sitrantib.trainings.models import Instructor
from sitrantib.trainings.selectors import instructors_in_scope
from sitrantib.trainings.views.trainings import actor_of

INSTRUCTOR_ORDERING = ("-is_active", "name", "pk")


@require_GET
@login_required
def instructor_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not can_read(scope):
        raise Http404
    manager = can_manage_any(scope)
    instructors = instructors_in_scope(scope=scope).annotate(n_sessions=Count("sessions"))
    page = page_by_key(request, instructors, ordering=INSTRUCTOR_ORDERING, page_size=100)
    for row in page.rows:
        # The phone is personal data: in full only for those who run the trainings.
        row.phone_shown = mask_value("phone", row.phone, reveal=manager)
        row.id_number_shown = mask_value("phone", row.id_number, reveal=manager)
    user: Any = request.user
    return render(
        request,
        "trainings/instructor_list.html",
        {
            "page": page,
            "instructors": page.rows,
            "can_manage": manager,
            "can_add": manager and bool(user.district_id),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def instructor_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.district_id or not can_manage(scope_of(user), user.district_id):
        raise PermissionDenied
    form = InstructorForm(
        request.POST or None,
        instance=Instructor(district_id=user.district_id),
        district_code=user.district_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            instructor = services.create_instructor(
                district=get_object_or_404(District, pk=user.district_id),
                data=form.instructor_data(),
                actor=user,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Instruktur %(name)s tersimpan.") % {"name": instructor})
            return redirect("trainings:instructor_list")
    return render(
        request,
        "trainings/instructor_form.html",
        {"form": form, "instructor": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def instructor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = scope_of(request.user)
    instructor = get_object_or_404(instructors_in_scope(scope=scope), pk=pk)
    if not can_manage(scope, instructor.district_id):
        raise PermissionDenied
    form = InstructorForm(
        request.POST or None,
        instance=Instructor.objects.get(pk=instructor.pk),
        district_code=instructor.district_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_instructor(
                instructor=instructor,
                changes=form.instructor_data(),
                actor=actor_of(request),
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Instruktur %(name)s tersimpan.") % {"name": instructor})
            return redirect("trainings:instructor_list")
    return render(
        request,
        "trainings/instructor_form.html",
        {"form": form, "instructor": instructor},
        status=400 if form.errors else 200,
    )
