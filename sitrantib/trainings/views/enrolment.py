"""Participants of a training: the list per desa, and three ways to enrol from the register
(one member searched by name, a quota per desa, every untrained member of one desa); withdraw.

Readers: the Admin Seksi Trantib, the Camat and the kecamatan staff see every participant, a
village operator those of their desa, a partner none (404). NIK is masked unless the viewer keeps
the register (linmas ADR 0010). The list runs the same queries for 3 participants or 180.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from sitrantib.core.forms import add_service_error
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import scope_of
from sitrantib.linmas.selectors import mask_value, sees_personal_data
from sitrantib.trainings import services
from sitrantib.trainings.access import can_manage, can_read_participants
from sitrantib.trainings.enums import ENROLLING_STATUSES
from sitrantib.trainings.forms import EnrolMemberForm, EnrolQuotaForm, EnrolVillageForm
from sitrantib.trainings.models import Enrolment, Training
from sitrantib.trainings.registry import member_search
from sitrantib.trainings.selectors import enrolments_in_scope, trainings_in_scope
from sitrantib.trainings.views.trainings import (
    actor_of,
    error_text,
    managed_training_for,
    training_for,
)

PARTICIPANT_ORDERING = ("village__name", "member__name", "pk")
PARTICIPANT_PAGE_SIZE = 200
MAX_WARNINGS_SHOWN = 10


def _participants_url(training: Training) -> str:
    return reverse("trainings:participants", kwargs={"pk": training.pk})


def _readable_training(request: HttpRequest, pk: int) -> Training:
    training = training_for(request, pk)
    if not can_read_participants(scope_of(request.user)):
        raise Http404
    return training


def render_participants(
    request: HttpRequest,
    training: Training,
    *,
    member_form: EnrolMemberForm | None = None,
    quota_form: EnrolQuotaForm | None = None,
    village_form: EnrolVillageForm | None = None,
) -> HttpResponse:
    scope = scope_of(request.user)
    manager = can_manage(scope, training.district_id)
    enrolling = manager and training.status in ENROLLING_STATUSES
    visible = enrolments_in_scope(training=training, scope=scope)
    page = page_by_key(
        request, visible, ordering=PARTICIPANT_ORDERING, page_size=PARTICIPANT_PAGE_SIZE
    )
    reveal = sees_personal_data(scope)
    for row in page.rows:
        row.nik_shown = mask_value("nik", row.member.nik, reveal=reveal)
    per_village = list(
        visible.order_by()
        .values("village_id", "village__name")
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(completed=True)))
        .order_by("village__name", "village_id")
    )
    enrolled = Enrolment.objects.filter(training=training).count()
    search_url = reverse("trainings:enrol_member", kwargs={"pk": training.pk})
    forms: dict[str, Any] = {}
    if enrolling:
        forms = {
            "member_form": member_form or EnrolMemberForm(training=training, search_url=search_url),
            "quota_form": quota_form or EnrolQuotaForm(training=training),
            "village_form": village_form or EnrolVillageForm(training=training),
        }
    refused = any(f is not None and f.errors for f in (member_form, quota_form, village_form))
    return render(
        request,
        "trainings/participants.html",
        {
            "training": training,
            "page": page,
            "participants": page.rows,
            "per_village": per_village,
            "visible_total": sum(row["n"] for row in per_village),
            "visible_completed": sum(row["done"] for row in per_village),
            "enrolled": enrolled,
            "free": max(training.capacity - enrolled, 0),
            "can_manage": manager,
            "enrolling": enrolling,
            **forms,
        },
        status=400 if refused else 200,
    )


@require_http_methods(["GET"])
@login_required
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    return render_participants(request, _readable_training(request, pk))


def _report(request: HttpRequest, result: services.EnrolResult) -> None:
    """What an enrolment did, as messages: who was added, and the warnings."""
    count = len(result.added)
    if count == 1:
        messages.success(
            request, _("%(name)s terdaftar sebagai peserta.") % {"name": result.added[0].member}
        )
    elif count:
        messages.success(
            request,
            ngettext("%(count)s peserta ditambahkan.", "%(count)s peserta ditambahkan.", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("Tidak ada anggota yang memenuhi syarat untuk ditambahkan."))
    for warning in result.warnings[:MAX_WARNINGS_SHOWN]:
        messages.warning(request, warning)
    rest = len(result.warnings) - MAX_WARNINGS_SHOWN
    if rest > 0:
        messages.warning(
            request,
            ngettext(
                "dan %(count)s peserta lain yang sudah lulus pelatihan jenis ini tahun ini.",
                "dan %(count)s peserta lain yang sudah lulus pelatihan jenis ini tahun ini.",
                rest,
            )
            % {"count": rest},
        )


@require_http_methods(["GET", "POST"])
@login_required
def enrol_member(request: HttpRequest, pk: int) -> HttpResponse:
    """POST enrols one member. GET with `q` is the member search of this training: the active
    members of its kecamatan not yet enrolled (JSON `[{"id", "label"}]`, at most 20)."""
    training = managed_training_for(request, pk)
    if request.method == "GET":
        if "q" not in request.GET:
            return redirect(_participants_url(training))
        results = member_search(training=training, user=request.user, query=request.GET["q"])
        response = JsonResponse(results, safe=False)
        response["Cache-Control"] = "no-store"
        return response
    form = EnrolMemberForm(
        request.POST,
        training=training,
        search_url=reverse("trainings:enrol_member", kwargs={"pk": training.pk}),
    )
    if form.is_valid():
        try:
            result = services.enrol_member(
                training=training, member=form.cleaned_data["member"], actor=actor_of(request)
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            _report(request, result)
            return redirect(_participants_url(training))
    training.refresh_from_db()
    return render_participants(request, training, member_form=form)


@require_POST
@login_required
def enrol_quota(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill each desa (or the chosen ones) up to N participants."""
    training = managed_training_for(request, pk)
    form = EnrolQuotaForm(request.POST, training=training)
    if form.is_valid():
        chosen = form.cleaned_data["villages"]
        try:
            result = services.enrol_by_quota(
                training=training,
                per_village=form.cleaned_data["per_village"],
                village_codes=[v.pk for v in chosen] if chosen else None,
                actor=actor_of(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            _move_member_error(exc, to="per_village")
            add_service_error(form, exc)
        else:
            _report(request, result)
            return redirect(_participants_url(training))
    training.refresh_from_db()
    return render_participants(request, training, quota_form=form)


@require_POST
@login_required
def enrol_village(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol every active member of one desa not yet trained in this kind."""
    training = managed_training_for(request, pk)
    form = EnrolVillageForm(request.POST, training=training)
    if form.is_valid():
        try:
            result = services.enrol_village(
                training=training, village=form.cleaned_data["village"], actor=actor_of(request)
            )
        except (ValidationError, PermissionDenied) as exc:
            _move_member_error(exc, to="village")
            add_service_error(form, exc)
        else:
            _report(request, result)
            return redirect(_participants_url(training))
    training.refresh_from_db()
    return render_participants(request, training, village_form=form)


def _move_member_error(exc: ValidationError | PermissionDenied, *, to: str) -> None:
    """The capacity refusal names `member`; on these forms it belongs beside `to`."""
    if (
        isinstance(exc, ValidationError)
        and hasattr(exc, "error_dict")
        and "member" in exc.error_dict
    ):
        exc.error_dict.setdefault(to, []).extend(exc.error_dict.pop("member"))


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the participant (refused with a certificate)."""
    scope = scope_of(request.user)
    enrolment = get_object_or_404(
        Enrolment.objects.filter(training__in=trainings_in_scope(scope=scope)).select_related(
            "member", "training", "training__kind"
        ),
        pk=pk,
    )
    training = enrolment.training
    if not can_manage(scope, training.district_id):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.withdraw(enrolment=enrolment, actor=actor_of(request))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, _("%(name)s dikeluarkan dari peserta.") % {"name": enrolment.member}
            )
        return redirect(_participants_url(training))
    return render(
        request,
        "trainings/confirm.html",
        {
            "training": training,
            "title": _("Keluarkan peserta"),
            "question": _("Keluarkan %(name)s dari peserta %(training)s?")
            % {"name": enrolment.member.name, "training": training.title},
            "detail": _("Catatan kehadiran dan nilainya ikut terhapus."),
            "action": reverse("trainings:withdraw", kwargs={"pk": enrolment.pk}),
            "button": _("Keluarkan"),
            "back": _participants_url(training),
        },
    )
