"""Incidents: the list, the map, the monthly counts by category, an incident's page with its status
history and the status move, and the photos of visits and incidents (served only in scope).

The create and edit forms live in views/field_forms.py (they work offline). Access
(fieldwork/access.py): an incident outside the viewer's scope is not found (404) — a partner
(Polsek, Koramil) sees only those handed over to it; only the administrator of the kecamatan moves
the status; the village operator of the desa adds photos.
"""

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.forms import add_service_error
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import access, selectors
from sitrantib.fieldwork.filters import IncidentFilter
from sitrantib.fieldwork.forms.records import (
    IncidentTransitionForm,
    MonthlyForm,
    PhotoForm,
)
from sitrantib.fieldwork.models import CitizenReport, FieldPhoto, Incident, Visit
from sitrantib.fieldwork.services import incidents as incident_services
from sitrantib.fieldwork.services import photos as photo_services

INCIDENT_ORDERING = ("-occurred_at", "-pk")
PAGE_SIZE = 50
# The longer side of a photo's small copy on the pages (px).
THUMBNAIL_SIDE = 320
# Refusals of an upload by core/uploads.py: shown beside the file field.
FILE_ERROR_CODES = frozenset(
    {"empty", "too_large", "file_type", "bad_pdf", "bad_image", "image_too_big"}
)


# Shared with the visit pages ---------------------------------------------------------------------


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A report naming people: shown in the browser, never stored by a cache."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def add_photo_from_form(request: HttpRequest, form: PhotoForm, *, owner: Visit | Incident) -> bool:
    """Store the form's photo of `owner` through the service; a refusal goes beside the field."""
    if not form.is_valid():
        return False
    try:
        photo_services.add_photo(
            owner=owner,
            file=form.cleaned_data["photo"],
            actor=request.user,
            caption=form.cleaned_data["caption"],
            keep_location=form.cleaned_data["keep_location"],
        )
    except ValidationError as exc:
        if not hasattr(exc, "error_dict") and any(
            getattr(e, "code", None) in FILE_ERROR_CODES for e in exc.error_list
        ):
            form.add_error("photo", exc)
        else:
            add_service_error(form, exc)
        return False
    except PermissionDenied as exc:
        add_service_error(form, exc)
        return False
    return True


def photos_visible_to(user: Any) -> Any:
    """Photos whose visit, incident or citizen report the user reads."""
    scope = scope_of(user)
    return FieldPhoto.objects.filter(
        Q(visit__in=access.scoped(Visit.objects.all(), scope).values("pk"))
        | Q(incident__in=access.scoped_incidents(Incident.objects.all(), scope).values("pk"))
        | Q(
            citizen_report__in=access.scoped_reports(CitizenReport.objects.all(), scope).values(
                "pk"
            )
        )
    )


def _thumbnail(photo: FieldPhoto) -> bytes | None:
    """A small JPEG of the photo (the stored one is already upright and without metadata)."""
    from PIL import Image

    try:
        with photo.file.open("rb") as handle, Image.open(handle) as image:
            image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=80)
    except (OSError, ValueError):
        return None
    return buffer.getvalue()


@require_GET
@login_required
def photo_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A photo of a visit, incident or citizen report, to those who read its record (404 for
    anyone else); `?ukuran=kecil` gives the small copy the pages show."""
    photo = get_object_or_404(photos_visible_to(request.user), pk=pk)
    response: HttpResponseBase
    if request.GET.get("ukuran") == "kecil":
        small = _thumbnail(photo)
        if small is None:
            raise Http404
        response = HttpResponse(small, content_type="image/jpeg")
    else:
        is_png = photo.file.name.lower().endswith(".png")
        response = FileResponse(
            photo.file.open("rb"), content_type="image/png" if is_png else "image/jpeg"
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@login_required
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a photo of a visit or incident (who records its desa); back to its page."""
    photo = get_object_or_404(
        photos_visible_to(request.user).select_related("visit", "incident"), pk=pk
    )
    owner = photo.visit or photo.incident
    if owner is None:
        raise PermissionDenied
    photo_services.remove_photo(photo=photo, actor=request.user)
    messages.success(request, _("Foto dihapus."))
    return redirect(owner)


# The list, the map and the monthly counts --------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[IncidentFilter, Any]:
    scope = scope_of(request.user)
    if not access.can_read_incidents(scope):
        raise Http404
    return filter_for_page(IncidentFilter, request=request, queryset=selectors.incidents_for(scope))


@require_GET
@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    """The incidents in scope, newest first, by period, desa, category, status and source."""
    filterset, incidents = _filtered(request)
    page = page_by_key(request, incidents, ordering=INCIDENT_ORDERING, page_size=PAGE_SIZE)
    return render(
        request,
        "fieldwork/incidents/incident_list.html",
        {
            "form": filterset.form,
            "page": page,
            "incidents": page.rows,
            "can_write": access.can_write_any(scope_of(request.user)),
            "map_query": _map_query(request),
        },
        status=400 if filterset.form.errors else 200,
    )


MAP_FILTERS = ("period", "desa", "category", "status", "source")


def _map_query(request: HttpRequest) -> str:
    """The list's filters as a query string (for the map and its points)."""
    query = request.GET.copy()
    for key in list(query):
        if key not in MAP_FILTERS:
            del query[key]
    return query.urlencode()


@require_GET
@login_required
def incident_map(request: HttpRequest) -> HttpResponse:
    """The incidents of the list's filters on a map of the desa (no tile server needed)."""
    filterset, _incidents = _filtered(request)
    query = _map_query(request)
    points_url = (
        reverse("fieldwork:map_data")
        + "?"
        + "&".join(part for part in (query, "layers=incidents") if part)
    )
    return render(
        request,
        "fieldwork/incidents/incident_map.html",
        {
            "form": filterset.form,
            "points_url": points_url,
            "map_query": query,
        },
        status=400 if filterset.form.errors else 200,
    )


@require_GET
@login_required
def incident_monthly(request: HttpRequest) -> HttpResponse:
    """Incidents per category and month of a year (rejected reports left out), by desa."""
    scope = scope_of(request.user)
    if not access.can_read_incidents(scope):
        raise Http404
    form = MonthlyForm(request.GET or None, user=request.user)
    incidents = selectors.incidents_for(scope)
    valid = not form.is_bound or form.is_valid()
    if valid and form.is_bound and form.cleaned_data.get("desa"):
        incidents = incidents.filter(village_id=form.cleaned_data["desa"])
    counts = selectors.monthly_counts(incidents if valid else incidents.none(), form.chosen_year)
    return render(
        request,
        "fieldwork/incidents/incident_monthly.html",
        {
            "form": form,
            "counts": counts,
            "rows": [(category, row, sum(row)) for category, row in counts.rows],
            "months": [MONTHS_3[m] for m in range(1, 13)],
        },
        status=200 if valid else 400,
    )


# An incident's page ------------------------------------------------------------------------------


def incident_for(request: HttpRequest, pk: int) -> Incident:
    incident = selectors.incident_detail(pk, scope_of(request.user))
    if incident is None:
        raise Http404
    return incident


def _transition_form(incident: Incident, data: Any = None) -> IncidentTransitionForm | None:
    targets = incident_services.allowed_statuses(incident)
    if not targets:
        return None
    return IncidentTransitionForm(
        data, incident=incident, targets=targets, initial={"version": incident.version}
    )


def render_incident_page(
    request: HttpRequest,
    incident: Incident,
    *,
    transition_form: IncidentTransitionForm | None = None,
    photo_form: PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    scope = scope_of(request.user)
    manager = access.can_manage(scope, incident.district_id)
    can_write = access.can_write_village(scope, incident.village_id)
    if transition_form is None and manager:
        transition_form = _transition_form(incident)
    if photo_form is None and can_write:
        photo_form = PhotoForm()
    context = {
        "incident": incident,
        "transitions": list(incident.transitions.all()),
        "photos": list(incident.photos.all()),
        "can_manage": manager,
        "can_write": can_write,
        "transition_form": transition_form if manager else None,
        "photo_form": photo_form if can_write else None,
    }
    return render(request, "fieldwork/incidents/incident_detail.html", context, status=status)


@require_GET
@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_incident_page(request, incident_for(request, pk))


@require_POST
@login_required
def incident_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the incident's status (the administrator of its kecamatan)."""
    incident = incident_for(request, pk)
    if not access.can_manage(scope_of(request.user), incident.district_id):
        raise PermissionDenied
    form = _transition_form(incident, request.POST)
    if form is None:
        messages.error(request, _("Status kejadian ini tidak dapat diubah lagi."))
        return redirect(incident)
    if form.is_valid():
        try:
            moved = incident_services.transition_incident(
                incident=Incident.objects.get(pk=incident.pk),
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                handed_to=form.cleaned_data.get("handed_to"),
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Status kejadian sekarang: %(status)s.") % {"status": moved.get_status_display()},
            )
            return redirect(moved)
    return render_incident_page(
        request, incident_for(request, pk), transition_form=form, status=400
    )


@require_POST
@login_required
def incident_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = incident_for(request, pk)
    if not access.can_write_village(scope_of(request.user), incident.village_id):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    if add_photo_from_form(request, form, owner=incident):
        messages.success(request, _("Foto tersimpan."))
        return redirect(incident)
    return render_incident_page(request, incident, photo_form=form, status=400)
