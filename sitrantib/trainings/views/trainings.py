"""Trainings: the list, creating and changing one, its page with the status and sessions, and the
kecamatan's numbering settings. Thin: scope -> form -> one service call (docs/adr/0060)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.forms import add_service_error
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.regions.models import District
from sitrantib.regions.selectors import districts_visible_to
from sitrantib.trainings import services
from sitrantib.trainings.access import can_manage, can_manage_any, can_read, can_read_participants
from sitrantib.trainings.enums import TrainingStatus
from sitrantib.trainings.filters import TrainingFilter
from sitrantib.trainings.forms import SettingsForm, TrainingForm, TransitionForm
from sitrantib.trainings.models import Training, TrainingSession
from sitrantib.trainings.selectors import enrolments_in_scope, sessions_of, trainings_in_scope

TRAINING_ORDERING = ("-starts_on", "-pk")
TRAINING_PAGE_SIZE = 50


# Access helpers (one per object: outside the viewer's scope -> 404) ------------------------------


def training_for(request: HttpRequest, pk: int) -> Training:
    return get_object_or_404(trainings_in_scope(scope=scope_of(request.user)), pk=pk)


def managed_training_for(request: HttpRequest, pk: int) -> Training:
    """A training the viewer may change: 404 outside the scope, 403 for a reader."""
    training = training_for(request, pk)
    if not can_manage(scope_of(request.user), training.district_id):
        raise PermissionDenied
    return training


def session_for(request: HttpRequest, pk: int) -> TrainingSession:
    sessions = TrainingSession.objects.filter(
        training__in=trainings_in_scope(scope=scope_of(request.user))
    ).select_related("training", "training__kind", "training__district", "instructor")
    return get_object_or_404(sessions, pk=pk)


def managed_session_for(request: HttpRequest, pk: int) -> TrainingSession:
    session = session_for(request, pk)
    if not can_manage(scope_of(request.user), session.training.district_id):
        raise PermissionDenied
    return session


def actor_of(request: HttpRequest) -> Any:
    """The signed-in user who acts (login is required on every page here)."""
    return request.user


def error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Anda tidak berhak melakukan tindakan ini.")


def with_counts(trainings: QuerySet[Training]) -> QuerySet[Training]:
    """Participants and completed counts in the same query as the rows."""
    return trainings.annotate(
        n_participants=Count("enrolments", distinct=True),
        n_completed=Count("enrolments", filter=Q(enrolments__completed=True), distinct=True),
    )


# The list ----------------------------------------------------------------------------------------


@require_GET
@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    """The trainings in scope, newest first, filtered by year, status and kind, a page at a time."""
    scope = scope_of(request.user)
    if not can_read(scope):
        raise Http404
    filterset, trainings = filter_for_page(
        TrainingFilter, request=request, queryset=trainings_in_scope(scope=scope)
    )
    page = page_by_key(
        request, with_counts(trainings), ordering=TRAINING_ORDERING, page_size=TRAINING_PAGE_SIZE
    )
    return render(
        request,
        "trainings/training_list.html",
        {
            "form": filterset.form,
            "page": page,
            "trainings": page.rows,
            "can_manage": can_manage_any(scope),
        },
    )


# Create and change -------------------------------------------------------------------------------


def _new_training_district(request: HttpRequest) -> tuple[str, QuerySet[District] | None]:
    """The kecamatan of a new training: the admin's own; a wide-coverage admin picks one."""
    user: Any = request.user
    if user.district_id:
        return user.district_id, None
    districts = districts_visible_to(user=user).order_by("code")
    chosen = request.POST.get("district") or request.GET.get("district") or ""
    if not chosen or not districts.filter(pk=chosen).exists():
        first = districts.first()
        chosen = first.pk if first else ""
    return chosen, districts


@require_http_methods(["GET", "POST"])
@login_required
def training_create(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not can_manage_any(scope):
        raise PermissionDenied
    district_code, districts = _new_training_district(request)
    if not district_code:
        raise PermissionDenied
    form = TrainingForm(
        request.POST or None,
        instance=Training(district_id=district_code),
        district_code=district_code,
        districts=districts,
    )
    if request.method == "POST" and form.is_valid():
        district = form.cleaned_data.get("district") or get_object_or_404(
            District, pk=district_code
        )
        try:
            training = services.create_training(
                district=district, data=form.training_data(), actor=actor_of(request)
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Pelatihan tersimpan sebagai draf."))
            return redirect(training)
    return render(
        request,
        "trainings/training_form.html",
        {"form": form, "training": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    training = managed_training_for(request, pk)
    # The form works on its own copy: the service compares with the row as it was.
    form = TrainingForm(
        request.POST or None,
        instance=Training.objects.get(pk=training.pk),
        district_code=training.district_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_training(
                training=training,
                changes=form.training_data(),
                actor=actor_of(request),
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Pelatihan tersimpan."))
            return redirect(training)
    return render(
        request,
        "trainings/training_form.html",
        {"form": form, "training": training},
        status=400 if form.errors else 200,
    )


# The training's page -----------------------------------------------------------------------------


def _transition_form(training: Training, user: Any, data: Any = None) -> TransitionForm | None:
    targets = services.TRAINING_WORKFLOW.target_choices(training, user)
    if not targets:
        return None
    return TransitionForm(
        data, targets=targets, current=training.status, initial={"version": training.version}
    )


def _summary_counts(training: Training, scope: Scope) -> dict[str, int]:
    """Participants and completed of the part the viewer sees (one query)."""
    counts = enrolments_in_scope(training=training, scope=scope).aggregate(
        participants=Count("pk"), completed=Count("pk", filter=Q(completed=True))
    )
    return {key: value or 0 for key, value in counts.items()}


def render_training_page(
    request: HttpRequest, training: Training, *, transition_form: TransitionForm | None = None
) -> HttpResponse:
    scope = scope_of(request.user)
    manager = can_manage(scope, training.district_id)
    participants = can_read_participants(scope)
    if transition_form is None and manager:
        transition_form = _transition_form(training, request.user)
    context = {
        "training": training,
        "sessions": sessions_of(training),
        "can_manage": manager,
        "reads_participants": participants,
        "counts": _summary_counts(training, scope) if participants else None,
        "transition_form": transition_form,
        "whole_kecamatan": scope.national or scope.village_codes is None,
        "is_cancelled": training.status == TrainingStatus.CANCELLED,
    }
    refused = transition_form is not None and transition_form.is_bound and transition_form.errors
    return render(
        request, "trainings/training_detail.html", context, status=400 if refused else 200
    )


@require_GET
@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_object_or_404(
        trainings_in_scope(scope=scope_of(request.user)).select_related(
            "budget_line", "planned_activity", "signatory"
        ),
        pk=pk,
    )
    return render_training_page(request, training)


@require_POST
@login_required
def training_transition(request: HttpRequest, pk: int) -> HttpResponse:
    training = managed_training_for(request, pk)
    form = _transition_form(training, request.user, request.POST)
    if form is None:
        messages.error(request, _("Status pelatihan ini tidak dapat diubah lagi."))
        return redirect(training)
    if form.is_valid():
        try:
            moved = services.transition_training(
                training=training,
                to_status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=actor_of(request),
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Status pelatihan sekarang: %(status)s.")
                % {"status": TrainingStatus(moved.status).label},
            )
            return redirect(moved)
    training.refresh_from_db()
    return render_training_page(request, training, transition_form=form)


# Settings ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    """How the kecamatan numbers its certificates and assignment letters (admin only)."""
    user: Any = request.user
    if not user.district_id or not can_manage(scope_of(user), user.district_id):
        raise PermissionDenied
    current = services.settings_for(user.district_id)
    form = SettingsForm(request.POST or None, instance=services.settings_for(user.district_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(
                district=user.district,
                changes=form.settings_data(),
                actor=user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Pengaturan pelatihan tersimpan."))
            return redirect("trainings:settings")
    return render(
        request,
        "trainings/settings_form.html",
        {"form": form, "settings": current},
        status=400 if form.errors else 200,
    )
