"""Sessions of a training: add, change, delete, and the instructor's numbered assignment letter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.forms import add_service_error
from sitrantib.trainings import services
from sitrantib.trainings.forms import SessionForm
from sitrantib.trainings.models import Training, TrainingSession
from sitrantib.trainings.views.trainings import (
    actor_of,
    error_text,
    managed_session_for,
    managed_training_for,
)


def _sessions_url(training: Training) -> str:
    return reverse("trainings:training_detail", kwargs={"pk": training.pk}) + "#sesi"


def _form_page(
    request: HttpRequest, form: SessionForm, training: Training, session: TrainingSession | None
) -> HttpResponse:
    return render(
        request,
        "trainings/session_form.html",
        {"form": form, "training": training, "session": session},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    training = managed_training_for(request, pk)
    last = TrainingSession.objects.filter(training=training).order_by("-date", "-pk").first()
    form = SessionForm(
        request.POST or None,
        instance=TrainingSession(training=training),
        user=request.user,
        district_code=training.district_id,
        initial={
            "date": last.date if last else training.starts_on,
            "place": last.place if last else training.venue,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_session(
                training=training, data=form.session_data(), actor=actor_of(request)
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Sesi tersimpan."))
            return redirect(_sessions_url(training))
    return _form_page(request, form, training, None)


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session_for(request, pk)
    training = session.training
    form = SessionForm(
        request.POST or None,
        instance=TrainingSession.objects.select_related("training").get(pk=session.pk),
        user=request.user,
        district_code=training.district_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(
                session=session,
                changes=form.session_data(),
                actor=actor_of(request),
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Sesi tersimpan."))
            return redirect(_sessions_url(training))
    return _form_page(request, form, training, session)


@require_http_methods(["GET", "POST"])
@login_required
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes, refused (with the reason) when marks exist."""
    session = managed_session_for(request, pk)
    training = session.training
    if request.method == "POST":
        try:
            services.delete_session(session=session, actor=actor_of(request))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Sesi dihapus."))
        return redirect(_sessions_url(training))
    return render(
        request,
        "trainings/confirm.html",
        {
            "training": training,
            "title": _("Hapus sesi"),
            "question": _("Hapus sesi %(session)s?") % {"session": session},
            "detail": "",
            "action": reverse("trainings:session_delete", kwargs={"pk": session.pk}),
            "button": _("Hapus sesi"),
            "back": _sessions_url(training),
        },
    )


@require_POST
@login_required
def session_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the session's instructor the office's next assignment letter number."""
    session = managed_session_for(request, pk)
    try:
        session = services.issue_assignment(session=session, actor=actor_of(request))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("Surat tugas %(instructor)s bernomor %(number)s.")
            % {"instructor": session.instructor, "number": session.assignment_number},
        )
    return redirect(_sessions_url(session.training))
