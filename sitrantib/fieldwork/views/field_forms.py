"""The visit and incident report forms: new reports (also sent by script from the offline queue)
and changes to a stored report.

A new report comes either as a normal form POST (errors rendered beside the fields) or as the same
POST sent by offline/field-form.js with `Accept: application/json` (docs/adr/0084):

- 201 `{"id", "url"}` when the report was stored;
- 200 with the same body when its `client_id` was already received (a resend, a double tap);
- 400 `{"errors": {field: [messages]}}` when refused, in the user's language;
- 403 `{"detail": ...}` when the user may not write reports of that desa (a page POST gets the
  form back with the message beside the desa instead).

The record and its photos are stored all-or-nothing: a refused photo stores nothing, and the
message names the photo. CSRF stays on: the script sends the token of the cookie.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import MESSAGE_FORBIDDEN, add_service_error
from sitrantib.core.scoping import scope_of
from sitrantib.core.text import first_control_character
from sitrantib.fieldwork import access, selectors
from sitrantib.fieldwork.forms.field_report import FieldReportForm
from sitrantib.fieldwork.forms.incident_form import IncidentForm, incident_initial
from sitrantib.fieldwork.forms.villages import writable_villages
from sitrantib.fieldwork.forms.visit_form import VisitForm, visit_initial
from sitrantib.fieldwork.models import FieldPhoto, Incident, Post, TaskForce, Visit
from sitrantib.fieldwork.services import incidents as incident_services
from sitrantib.fieldwork.services import photos as photo_services
from sitrantib.fieldwork.services import visits as visit_services
from sitrantib.regions.models import Hamlet, Village


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _require_writer(request: HttpRequest) -> None:
    if not access.can_write_any(scope_of(request.user)):
        raise PermissionDenied


def _village_refused(request: HttpRequest) -> bool:
    """The POST names a desa the user may not write (403, not a form error)."""
    code = str(request.POST.get("village") or "")[:20]
    if not code or not Village.objects.filter(code=code).exists():
        return False
    return not access.can_write_village(scope_of(request.user), code)


def _client_id(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(request.POST.get("client_id") or ""))
    except ValueError:
        return None


def _answer(record: Visit | Incident, *, status: int) -> JsonResponse:
    return JsonResponse({"id": record.pk, "url": record.get_absolute_url()}, status=status)


def _refused(errors: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400)


def _forbidden(exc: PermissionDenied | None = None) -> JsonResponse:
    return JsonResponse({"detail": str(exc or "") or _(MESSAGE_FORBIDDEN)}, status=403)


# Service fields that the form shows under another name.
FORM_FIELD_OF = {
    "visited_at": "visit_date",
    "ended_at": "end_time",
    "occurred_at": "occurred_date",
    "photo": "photos",
}


def service_error(form: Any, exc: ValidationError | PermissionDenied) -> None:
    """A service's refusal beside the form field that shows the value it refuses."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        exc = ValidationError(
            {FORM_FIELD_OF.get(name, name): errors for name, errors in exc.error_dict.items()}
        )
    add_service_error(form, exc)


def _photo_error(exc: ValidationError, name: str) -> ValidationError:
    """A refused photo, named: "<file>: <reason>", beside the photo field."""
    text = " ".join(exc.messages)
    return ValidationError({"photos": [f"{name}: {text}"]})


def store_with_photos[R: (Visit, Incident)](
    form: FieldReportForm, request: HttpRequest, save: Callable[[], tuple[R, bool]]
) -> tuple[R, bool]:
    """`save()` and every photo of the form in one transaction: a refused photo undoes the
    record too (and removes the files already written)."""
    stored: list[FieldPhoto] = []
    try:
        with transaction.atomic():
            record, created = save()
            if created or form.editing is not None:
                for upload in form.photo_files:
                    try:
                        stored.append(
                            photo_services.add_photo(
                                owner=record,
                                file=upload,
                                actor=request.user,
                                keep_location=bool(form.cleaned_data.get("keep_photo_location")),
                            )
                        )
                    except ValidationError as exc:
                        raise _photo_error(exc, upload.name or "") from None
    except Exception:
        for photo in stored:
            photo.file.delete(save=False)
        raise
    return record, created


def _now_initial(date_name: str, time_name: str) -> dict[str, Any]:
    now = timezone.localtime()
    return {date_name: now.date(), time_name: now.time().replace(second=0, microsecond=0)}


def _create(
    request: HttpRequest,
    *,
    model: type[Visit] | type[Incident],
    form_class: type[VisitForm] | type[IncidentForm],
    initial: dict[str, Any],
    save: Callable[[Any], tuple[Any, bool]],
    template: str,
    success: str,
) -> HttpResponse:
    as_json = request.method == "POST" and wants_json(request)
    try:
        _require_writer(request)
        # The offline queue is told 403 for a desa outside the scope; a page POST gets the
        # form back with the message beside the desa (the field refuses it).
        if as_json and _village_refused(request):
            raise PermissionDenied(_(MESSAGE_FORBIDDEN))
    except PermissionDenied as exc:
        if as_json:
            return _forbidden(exc)
        raise
    if request.method == "POST":
        # A resend of a report already received answers with the first record at once.
        try:
            found = visit_services.existing_report(model, _client_id(request), request.user)
        except ValidationError as exc:
            if as_json:
                return _refused({"client_id": exc.messages})
            found = None
        if found is not None:
            if as_json:
                return _answer(found, status=200)
            messages.info(request, _("Laporan ini sudah diterima sebelumnya."))
            return redirect(found.get_absolute_url())
    form = form_class(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            record, created = store_with_photos(form, request, lambda: save(form))
        except (ValidationError, PermissionDenied) as exc:
            if as_json and isinstance(exc, PermissionDenied):
                return _forbidden(exc)
            service_error(form, exc)
        else:
            if as_json:
                return _answer(record, status=201 if created else 200)
            messages.success(request, success)
            return redirect(record.get_absolute_url())
    if as_json:
        return _refused(form.errors_by_field)
    return _page(request, template, form, None)


def _page(request: HttpRequest, template: str, form: Any, record: Any) -> HttpResponse:
    return render(
        request,
        template,
        {"form": form, "record": record},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    def save(form: VisitForm) -> tuple[Visit, bool]:
        return visit_services.create_visit(
            village=form.chosen_village,
            data=form.visit_input(),
            actor=request.user,
            client_id=form.cleaned_data.get("client_id"),
        )

    return _create(
        request,
        model=Visit,
        form_class=VisitForm,
        initial=_now_initial("visit_date", "visit_time"),
        save=save,
        template="fieldwork/field/visit_form.html",
        success=_("Laporan kunjungan tersimpan."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    def save(form: IncidentForm) -> tuple[Incident, bool]:
        return incident_services.create_incident(
            village=form.chosen_village,
            data=form.incident_input(),
            actor=request.user,
            client_id=form.cleaned_data.get("client_id"),
        )

    return _create(
        request,
        model=Incident,
        form_class=IncidentForm,
        initial=_now_initial("occurred_date", "occurred_time"),
        save=save,
        template="fieldwork/field/incident_form.html",
        success=_("Laporan kejadian tersimpan."),
    )


def writable_visit_for(request: HttpRequest, pk: int) -> Visit:
    """A visit the user may change: 404 outside their reading scope, 403 when read-only."""
    scope = scope_of(request.user)
    visit = selectors.visit_detail(pk, scope)
    if visit is None:
        raise Http404
    if not access.can_write_village(scope, visit.village_id):
        raise PermissionDenied
    return visit


def writable_incident_for(request: HttpRequest, pk: int) -> Incident:
    """An incident the user may change: 404 outside their reading scope, 403 when read-only."""
    scope = scope_of(request.user)
    incident = selectors.incident_detail(pk, scope)
    if incident is None:
        raise Http404
    if not access.can_write_village(scope, incident.village_id):
        raise PermissionDenied
    return incident


def _edit(
    request: HttpRequest,
    *,
    record: Any,
    form: Any,
    update: Callable[[Any], Any],
    template: str,
    success: str,
) -> HttpResponse:
    def save() -> tuple[Any, bool]:
        update(form)  # True when something changed; the photos go to the record either way
        return record, False

    if request.method == "POST" and form.is_valid():
        try:
            store_with_photos(form, request, save)
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            service_error(form, exc)
        else:
            messages.success(request, success)
            return redirect(record.get_absolute_url())
    return _page(request, template, form, record)


@require_http_methods(["GET", "POST"])
@login_required
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = writable_visit_for(request, pk)
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        editing=visit,
        initial={**visit_initial(visit), "version": visit.version},
    )

    def update(form: VisitForm) -> bool:
        return visit_services.update_visit(
            visit=visit,
            data=form.visit_input(),
            actor=request.user,
            expected_version=form.expected_version,
        )

    return _edit(
        request,
        record=visit,
        form=form,
        update=update,
        template="fieldwork/field/visit_form.html",
        success=_("Perubahan laporan kunjungan tersimpan."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def incident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = writable_incident_for(request, pk)
    form = IncidentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
        editing=incident,
        initial={**incident_initial(incident), "version": incident.version},
    )

    def update(form: IncidentForm) -> bool:
        return incident_services.update_incident(
            incident=incident,
            data=form.incident_input(),
            actor=request.user,
            expected_version=form.expected_version,
        )

    return _edit(
        request,
        record=incident,
        form=form,
        update=update,
        template="fieldwork/field/incident_form.html",
        success=_("Perubahan laporan kejadian tersimpan."),
    )


@require_GET
@login_required
def village_options(request: HttpRequest) -> JsonResponse:
    """The Poskamling, Satgas and dusun of one desa the user may write (`?desa=<code>`), by form
    field name, for the report forms of a wide scope (offline/field-form.js fills the choices
    when the desa is chosen). 404 for a desa outside the user's scope; never cached."""
    code = str(request.GET.get("desa") or "").strip()[:20]
    if not code or first_control_character(code) is not None:
        raise Http404
    village = writable_villages(request.user).filter(code=code).first()
    if village is None:
        raise Http404
    posts = Post.objects.filter(village=village, is_active=True).order_by("name", "pk")
    forces = TaskForce.objects.filter(village=village).select_related("village").order_by("pk")
    hamlets = Hamlet.objects.filter(village=village).order_by("name", "pk")
    response = JsonResponse(
        {
            "village": village.code,
            "posts": [{"id": str(p.pk), "label": p.name} for p in posts],
            "task_force": [{"id": str(f.pk), "label": str(f)} for f in forces],
            "hamlet": [{"id": str(h.pk), "label": h.name} for h in hamlets],
        }
    )
    response["Cache-Control"] = "no-store"
    return response
