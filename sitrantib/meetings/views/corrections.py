"""Corrections of what was recorded (admin only): follow-ups, decisions, attendance, people."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.meetings import services
from sitrantib.meetings.forms import (
    ActionItemEditForm,
    AttendanceForm,
    DecisionEditForm,
    PersonEditForm,
)
from sitrantib.meetings.selectors import (
    attendances_visible_to,
    decisions_visible_to,
    people_visible_to,
)
from sitrantib.meetings.views.access import item_for, require_manager


def _edit_page(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], object],
    done_message: str,
    title: str,
    back_url: str,
) -> HttpResponse:
    """The correction pages: on a valid POST call `save` with the cleaned data (the hidden
    `version` passed on as `expected_version`), then go back; a stale save keeps the form."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["expected_version"] = data.pop("version", None)
        try:
            save(data)
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, done_message)
            return redirect(back_url)
    return render(
        request,
        "meetings/edit_form.html",
        {"form": form, "title": title, "back_url": back_url},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Correct an item's description, owner and due date (the data-quality rules link here)."""
    item = item_for(request, pk)
    require_manager(request)
    form = ActionItemEditForm(
        request.POST or None,
        district_code=item.district_id,
        initial={
            "description": item.description,
            "owner_institution": item.owner_institution_id,
            "owner_person": item.owner_person_id,
            "due_date": item.due_date,
            "version": item.version,
        },
    )
    return _edit_page(
        request,
        form=form,
        save=lambda data: services.update_action_item(item=item, actor=request.user, **data),
        done_message=_("Tindak lanjut diperbarui."),
        title=_("Ubah tindak lanjut"),
        back_url=item.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
@login_required
def decision_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        decisions_visible_to(user=request.user).select_related("meeting"), pk=pk
    )
    require_manager(request)
    form = DecisionEditForm(
        request.POST or None,
        agenda_items=decision.meeting.agenda_items.order_by("order", "pk"),
        initial={
            "text": decision.text,
            "agenda_item": decision.agenda_item_id,
            "version": decision.version,
        },
    )
    back_url = f"{decision.meeting.get_absolute_url()}#keputusan"
    return _edit_page(
        request,
        form=form,
        save=lambda data: services.update_decision(decision=decision, actor=request.user, **data),
        done_message=_("Keputusan diperbarui."),
        title=_("Ubah keputusan"),
        back_url=back_url,
    )


@require_http_methods(["GET", "POST"])
@login_required
def attendance_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(
        attendances_visible_to(user=request.user).select_related("meeting"), pk=pk
    )
    require_manager(request)
    form = AttendanceForm(
        request.POST or None,
        district_code=row.meeting.district_id,
        initial={
            "name": row.name,
            "position": row.position,
            "institution": row.institution_id,
            "version": row.version,
        },
    )
    back_url = f"{row.meeting.get_absolute_url()}#kehadiran"
    return _edit_page(
        request,
        form=form,
        save=lambda data: services.update_attendance(row=row, actor=request.user, **data),
        done_message=_("Kehadiran diperbarui."),
        title=_("Ubah kehadiran"),
        back_url=back_url,
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        people_visible_to(user=request.user).select_related("institution"), pk=pk
    )
    require_manager(request)
    form = PersonEditForm(
        request.POST or None,
        initial={
            "name": person.name,
            "position": person.position,
            "phone": person.phone,
            "is_active": person.is_active,
            "version": person.version,
        },
    )
    return _edit_page(
        request,
        form=form,
        save=lambda data: services.update_person(person=person, actor=request.user, **data),
        done_message=_("Personel diperbarui."),
        title=_("Ubah personel %(institution)s") % {"institution": person.institution.name},
        back_url=reverse("meetings:institutions"),
    )
