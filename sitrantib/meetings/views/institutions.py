"""Office settings of meetings: the institutions' people and the letter numbering."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.meetings import services
from sitrantib.meetings.forms import InstitutionForm, NumberingForm, PersonForm, SerialStartForm
from sitrantib.meetings.models import LetterNumbering
from sitrantib.meetings.selectors import (
    can_manage_meetings,
    institutions_with_people,
    numbering_for,
)
from sitrantib.meetings.views.access import error_text
from sitrantib.regions.selectors import institutions_visible_to


@require_http_methods(["GET", "POST"])
@login_required
def institutions(request: AuthenticatedRequest) -> HttpResponse:
    can_manage = can_manage_meetings(user=request.user)
    form = PersonForm(request.POST or None, institutions=_active(request)) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.create_person(actor=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Personel tersimpan."))
                return redirect("meetings:institutions")
    return _institutions_page(request, person_form=form)


def _active(request: HttpRequest) -> Any:
    return (
        institutions_visible_to(user=request.user)
        .filter(is_active=True)
        .order_by("kind", "name", "pk")
    )


def _institutions_page(
    request: HttpRequest,
    *,
    person_form: PersonForm | None = None,
    institution_form: InstitutionForm | None = None,
) -> HttpResponse:
    """The kecamatan's institutions, active first, with their people; an administrator adds
    institutions and people and deactivates or reactivates an institution here."""
    user: Any = request.user
    can_manage = can_manage_meetings(user=user)
    visible = institutions_visible_to(user=user).order_by("-is_active", "kind", "name", "pk")
    rows = list(institutions_with_people(visible))
    can_add = can_manage and bool(user.district_id)
    refused = any(f is not None and f.errors for f in (person_form, institution_form))
    return render(
        request,
        "meetings/institutions.html",
        {
            "institutions": rows,
            "form": person_form,
            "institution_form": (institution_form or InstitutionForm()) if can_add else None,
            "can_manage": can_manage,
        },
        status=400 if refused else 200,
    )


@require_POST
@login_required
def institution_add(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_manage_meetings(user=user) or not user.district_id:
        raise PermissionDenied
    form = InstitutionForm(request.POST)
    if form.is_valid():
        try:
            institution = services.create_institution(
                district=user.district, actor=user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Instansi %(name)s ditambahkan.") % {"name": institution.name}
            )
            return redirect("meetings:institutions")
    person_form = PersonForm(institutions=_active(request))
    return _institutions_page(request, person_form=person_form, institution_form=form)


@require_POST
@login_required
def institution_active(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Deactivate (active=0) or reactivate (active=1) an institution of the admin's scope."""
    if not can_manage_meetings(user=request.user):
        raise PermissionDenied
    institution = get_object_or_404(institutions_visible_to(user=request.user), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_institution_active(institution=institution, active=active, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        if active:
            text = _("%(name)s aktif kembali dan dapat diundang.")
        else:
            text = _("%(name)s dinonaktifkan: tidak lagi ditawarkan untuk undangan baru.")
        messages.success(request, text % {"name": institution.name})
    return redirect(f"{reverse('meetings:institutions')}#institution-{institution.pk}")


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
    posted_serial = request.method == "POST" and "start" in request.POST
    form = NumberingForm(
        request.POST if request.method == "POST" and not posted_serial else None,
        initial=initial,
    )
    year = timezone.localdate().year
    serial_form = SerialStartForm(
        request.POST if posted_serial else None,
        initial={"year": year, "start": _next_serial(user.district, current, year)},
    )
    if posted_serial and serial_form.is_valid():
        try:
            services.set_serial_start(
                district=user.district,
                year=serial_form.cleaned_data["year"],
                start=serial_form.cleaned_data["start"],
                actor=user,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(serial_form, exc)
        else:
            messages.success(
                request,
                _("Undangan tahun %(year)s berikutnya bernomor urut %(start)s.")
                % serial_form.cleaned_data,
            )
            return redirect("meetings:numbering")
    elif request.method == "POST" and not posted_serial and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version", None)
        try:
            services.update_numbering(
                district=user.district, actor=user, expected_version=expected_version, **data
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Penomoran surat tersimpan."))
            return redirect("meetings:numbering")
    refused = bool(form.errors or serial_form.errors)
    return render(
        request,
        "meetings/numbering.html",
        {
            "form": form,
            "serial_form": serial_form,
            "year": year,
            "next_serial": _next_serial(user.district, current, year),
        },
        status=400 if refused else 200,
    )


def _next_serial(district: Any, current: LetterNumbering | None, year: int) -> int:
    classification = (
        current.invitation_classification
        if current
        else LetterNumbering._meta.get_field("invitation_classification").default
    )
    return services.next_serial(district=district, classification=classification, year=year)
