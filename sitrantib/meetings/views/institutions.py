"""Office settings of meetings: the institutions' people and the letter numbering."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.meetings import services
from sitrantib.meetings.forms import NumberingForm, PersonForm
from sitrantib.meetings.models import LetterNumbering
from sitrantib.meetings.selectors import (
    can_manage_meetings,
    institutions_with_people,
    numbering_for,
)
from sitrantib.regions.selectors import institutions_visible_to


@require_http_methods(["GET", "POST"])
@login_required
def institutions(request: HttpRequest) -> HttpResponse:
    visible = institutions_visible_to(user=request.user).order_by("kind", "name", "pk")
    can_manage = can_manage_meetings(user=request.user)
    form = PersonForm(request.POST or None, institutions=visible) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.create_person(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Personel tersimpan."))
                return redirect("meetings:institutions")
    rows = list(institutions_with_people(visible))
    return render(
        request,
        "meetings/institutions.html",
        {"institutions": rows, "form": form, "can_manage": can_manage},
    )


@require_http_methods(["GET", "POST"])
@login_required
def numbering(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_manage_meetings(user=user) or not user.district_id:
        raise PermissionDenied
    current = numbering_for(district_code=user.district_id)
    initial = {
        "pattern": current.pattern
        if current
        else LetterNumbering._meta.get_field("pattern").default,
        "unit_code": current.unit_code if current else "",
        "invitation_classification": (
            current.invitation_classification
            if current
            else LetterNumbering._meta.get_field("invitation_classification").default
        ),
        "version": current.version if current else None,
    }
    form = NumberingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version", None)
        try:
            services.update_numbering(
                district=user.district, actor=user, expected_version=expected_version, **data
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Penomoran surat tersimpan."))
            return redirect("meetings:numbering")
    return render(request, "meetings/numbering.html", {"form": form})
