"""Attendance per session, pre/post scores, the completion list, certificates and the public
certificate check (issue 10 points 4-6).

Access (trainings/access.py): the section's administrator of the kecamatan writes; the Camat,
the staff and the village operators read (an operator only the participants of their desa); a
partner reads trainings without participants, so these pages, which are lists of participants,
answer 404 to a partner as to anyone outside the kecamatan. The certificate check is public.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.forms import BaseForm, add_service_error
from sitrantib.core.links import public_url
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.core.text import TextLimit
from sitrantib.trainings import selectors, services
from sitrantib.trainings.access import can_manage, can_read_participants
from sitrantib.trainings.enums import (
    COUNTED_STATUSES,
    RECORDING_STATUSES,
    AttendanceStatus,
    TrainingStatus,
)
from sitrantib.trainings.models import (
    AttendanceMark,
    Certificate,
    Enrolment,
    Training,
    TrainingSession,
)

MESSAGE_MARKS_SAVED = gettext_noop("Kehadiran tersimpan: %(count)s catatan berubah.")
MESSAGE_SCORES_SAVED = gettext_noop("Nilai tersimpan: %(count)s peserta berubah.")
MESSAGE_NOT_RECORDING = gettext_noop(
    "Kehadiran dan nilai hanya dapat dicatat ketika pelatihan berlangsung atau selesai "
    "(status sekarang: %(status)s)."
)
MESSAGE_REVOKED = gettext_noop("Sertifikat %(number)s dicabut.")
MESSAGE_NONE_ISSUED = gettext_noop(
    "Tidak ada sertifikat baru: semua peserta yang lulus sudah mempunyai sertifikat."
)

COMPLETION_FILTERS = {"lulus": True, "belum": False}


# Access ------------------------------------------------------------------------------------------


def _participant_scope(request: HttpRequest) -> Scope:
    """The viewer's scope when they may see participants; else 404 (a partner, an outsider)."""
    scope = scope_of(request.user)
    if not can_read_participants(scope):
        raise Http404
    return scope


def training_for(request: HttpRequest, pk: int) -> tuple[Training, Scope]:
    """The one access helper of these pages: a training outside the viewer's scope -> 404."""
    scope = _participant_scope(request)
    return get_object_or_404(selectors.trainings_in_scope(scope=scope), pk=pk), scope


def session_for(request: HttpRequest, pk: int) -> tuple[TrainingSession, Scope]:
    scope = _participant_scope(request)
    session = get_object_or_404(
        TrainingSession.objects.select_related("training", "training__kind", "instructor"),
        pk=pk,
        training__in=selectors.trainings_in_scope(scope=scope).values("pk"),
    )
    return session, scope


def _nav_context(training: Training, scope: Scope, active: str) -> dict[str, Any]:
    return {
        "training": training,
        "sessions": selectors.sessions_of(training),
        "active": active,
        "can_manage": can_manage(scope, training.district_id),
        "recording": training.status in RECORDING_STATUSES,
    }


def _not_recording(training: Training) -> str:
    return _(MESSAGE_NOT_RECORDING) % {"status": TrainingStatus(training.status).label}


# Attendance --------------------------------------------------------------------------------------


class AttendanceForm(BaseForm):
    """One radio group per participant shown (hadir / izin / sakit / alpa); a participant left
    without a choice is not sent and keeps no mark. "Semua hadir" fills the rows left empty."""

    def __init__(self, *args: Any, enrolments: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            self.fields[f"mark-{enrolment.pk}"] = forms.ChoiceField(
                label=enrolment.member.name,
                choices=AttendanceStatus.choices,
                required=False,
                widget=forms.RadioSelect,
            )

    def marks(self, *, all_present: bool = False) -> dict[int, str]:
        chosen: dict[int, str] = {}
        for enrolment in self.enrolments:
            value = self.cleaned_data.get(f"mark-{enrolment.pk}") or ""
            if not value and all_present:
                value = AttendanceStatus.HADIR
            if value:
                chosen[enrolment.pk] = value
        return chosen


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _attendance_counts(enrolments: list[Enrolment], marks: dict[int, str]) -> dict[str, int]:
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for enrolment in enrolments:
        status = marks.get(enrolment.pk)
        if status in counts:
            counts[status] += 1
    counts["total"] = len(enrolments)
    counts["unmarked"] = counts["total"] - sum(counts[s] for s in AttendanceStatus.values)
    return counts


def _session_marks(session: TrainingSession) -> dict[int, str]:
    return dict(
        AttendanceMark.objects.filter(session=session).values_list("enrolment_id", "status")
    )


@require_http_methods(["GET", "POST"])
@login_required
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Attendance of one session on a phone in the room, or from the printed list afterwards:
    every participant on one page, one tap per person, one Save for the whole list. With
    JavaScript each tap is saved at once (the same view answers JSON)."""
    session, scope = session_for(request, pk)
    training = session.training
    enrolments = list(selectors.enrolments_in_scope(training=training, scope=scope))
    manager = can_manage(scope, training.district_id)
    status = 200
    form = AttendanceForm(request.POST if request.method == "POST" else None, enrolments=enrolments)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if form.is_valid():
            try:
                changed = services.mark_attendance(
                    session=session,
                    marks=form.marks(all_present="all_present" in request.POST),
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                if _wants_json(request):
                    marks = _session_marks(session)
                    return JsonResponse(
                        {"changed": changed, "counts": _attendance_counts(enrolments, marks)}
                    )
                messages.success(request, _(MESSAGE_MARKS_SAVED) % {"count": changed})
                return redirect(reverse("trainings:attendance", kwargs={"pk": session.pk}))
        if _wants_json(request):
            errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
            first = next(iter(errors.values()), [""])[0]
            return JsonResponse({"detail": first, "errors": errors}, status=400)
        status = 400
    marks = _session_marks(session)
    rows = []
    for enrolment in enrolments:
        field = form[f"mark-{enrolment.pk}"]
        chosen = field.value() if form.is_bound else marks.get(enrolment.pk, "")
        rows.append(
            {
                "enrolment": enrolment,
                "field": field,
                "chosen": chosen or "",
                "saved": marks.get(enrolment.pk, ""),
            }
        )
    context = {
        **_nav_context(training, scope, "attendance"),
        "session": session,
        "form": form,
        "rows": rows,
        "statuses": AttendanceStatus.choices,
        "counts": _attendance_counts(enrolments, marks),
        "refusal": None if training.status in RECORDING_STATUSES else _not_recording(training),
    }
    return render(request, "trainings/attendance.html", context, status=status)


# Scores ------------------------------------------------------------------------------------------


class ScoreField(forms.IntegerField):
    widget = forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "off", "size": "3", "maxlength": "3"}
    )
    default_error_messages = {
        "invalid": gettext_lazy("Nilai harus bilangan bulat 0 sampai 100."),
        "min_value": gettext_lazy("Nilai harus bilangan bulat 0 sampai 100."),
        "max_value": gettext_lazy("Nilai harus bilangan bulat 0 sampai 100."),
    }


class ScoresForm(BaseForm):
    """Pre- and post-test score (0-100, empty allowed) of every participant shown."""

    def __init__(self, *args: Any, enrolments: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            for part, label in (("pre", _("Pre-test")), ("post", _("Post-test"))):
                self.fields[f"{part}-{enrolment.pk}"] = ScoreField(
                    label=f"{label} {enrolment.member.name}",
                    required=False,
                    min_value=0,
                    max_value=100,
                    initial=getattr(enrolment, f"{part}_score"),
                )
            # The version the user opened: a save by someone else since is refused (no lost edit).
            self.fields[f"version-{enrolment.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=enrolment.version
            )

    def scores(self) -> dict[int, tuple[int | None, int | None]]:
        data = self.cleaned_data
        return {e.pk: (data.get(f"pre-{e.pk}"), data.get(f"post-{e.pk}")) for e in self.enrolments}

    def versions(self) -> dict[int, int]:
        data = self.cleaned_data
        return {
            e.pk: data[f"version-{e.pk}"]
            for e in self.enrolments
            if data.get(f"version-{e.pk}") is not None
        }


def _score_service_error(form: ScoresForm, exc: ValidationError) -> None:
    """The service names a participant ("score-<id>"): the message goes beside their post-test."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            if name.startswith("score-") and f"post-{name[6:]}" in form.fields:
                form.add_error(f"post-{name[6:]}", errors)
            else:
                form.add_error(None, errors)
        return
    add_service_error(form, exc)


@require_http_methods(["GET", "POST"])
@login_required
def scores(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Pre- and post-test scores of every participant, saved together; a wrong value is shown
    beside its field and nothing is saved."""
    training, scope = training_for(request, pk)
    enrolments = list(selectors.enrolments_in_scope(training=training, scope=scope))
    form = ScoresForm(request.POST if request.method == "POST" else None, enrolments=enrolments)
    status = 200
    if request.method == "POST":
        if not can_manage(scope, training.district_id):
            raise PermissionDenied
        if form.is_valid():
            try:
                changed = services.set_scores(
                    training=training,
                    scores=form.scores(),
                    actor=request.user,
                    expected_versions=form.versions(),
                )
            except ValidationError as exc:
                _score_service_error(form, exc)
            else:
                messages.success(request, _(MESSAGE_SCORES_SAVED) % {"count": changed})
                return redirect(reverse("trainings:scores", kwargs={"pk": training.pk}))
        status = 400
    rows = [
        {
            "enrolment": e,
            "pre": form[f"pre-{e.pk}"],
            "post": form[f"post-{e.pk}"],
            "version": form[f"version-{e.pk}"],
        }
        for e in enrolments
    ]
    context = {
        **_nav_context(training, scope, "scores"),
        "form": form,
        "rows": rows,
        "refusal": None if training.status in RECORDING_STATUSES else _not_recording(training),
    }
    return render(request, "trainings/scores.html", context, status=status)


# Completion --------------------------------------------------------------------------------------


@require_GET
@login_required
def completion(request: HttpRequest, pk: int) -> HttpResponse:
    """Who completed and who did not, with the stored reason, under the rule stated on top."""
    training, scope = training_for(request, pk)
    everyone = selectors.enrolments_in_scope(training=training, scope=scope)
    counts = everyone.aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(completed=True)),
    )
    counts["not_completed"] = counts["total"] - counts["completed"]
    chosen = request.GET.get("status", "")
    rows = everyone
    if chosen in COMPLETION_FILTERS:
        rows = rows.filter(completed=COMPLETION_FILTERS[chosen])
    else:
        chosen = ""
    context = _nav_context(training, scope, "completion")
    context.update(
        rows=list(rows), counts=counts, chosen=chosen, session_count=len(context["sessions"])
    )
    return render(request, "trainings/completion.html", context)


# Certificates ------------------------------------------------------------------------------------


class RevokeForm(BaseForm):
    reason = forms.CharField(
        label=gettext_lazy("Alasan pencabutan"),
        max_length=TextLimit.SHORT_NOTE,
        error_messages={"required": gettext_lazy("Alasan pencabutan wajib diisi.")},
    )


def _certificates_page(
    request: HttpRequest,
    training: Training,
    scope: Scope,
    *,
    status: int = 200,
    refusal: str | None = None,
    revoke: tuple[int, RevokeForm] | None = None,
) -> HttpResponse:
    certificates = list(selectors.certificates_of(training, scope=scope))
    for certificate in certificates:
        certificate.verify_url = public_url(  # type: ignore[attr-defined]
            request,
            reverse("trainings_public:verify", kwargs={"code": certificate.verification_code}),
        )
    holders = Certificate.objects.filter(
        enrolment__training=training, revoked_at__isnull=True
    ).values("enrolment_id")
    pending = (
        selectors.enrolments_in_scope(training=training, scope=scope)
        .filter(completed=True)
        .exclude(pk__in=holders)
        .count()
    )
    context = {
        **_nav_context(training, scope, "certificates"),
        "certificates": certificates,
        "valid_count": sum(1 for c in certificates if c.revoked_at is None),
        "pending": pending,
        "issuable": training.status in COUNTED_STATUSES,
        "refusal": refusal,
        "revoke_pk": revoke[0] if revoke else None,
        "revoke_form": revoke[1] if revoke else None,
        "reason_max": TextLimit.SHORT_NOTE,
    }
    return render(request, "trainings/certificates.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def certificates(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The certificates of a training; a manager issues them to every participant who completed
    (only once the training is finished) and revokes one with a reason."""
    training, scope = training_for(request, pk)
    if request.method == "POST":
        if not can_manage(scope, training.district_id):
            raise PermissionDenied
        try:
            issued = services.issue_certificates(training=training, actor=request.user)
        except ValidationError as exc:
            return _certificates_page(
                request, training, scope, status=400, refusal=" ".join(exc.messages)
            )
        if issued:
            messages.success(
                request,
                ngettext(
                    "%(count)s sertifikat diterbitkan.",
                    "%(count)s sertifikat diterbitkan.",
                    len(issued),
                )
                % {"count": len(issued)},
            )
        else:
            messages.info(request, _(MESSAGE_NONE_ISSUED))
        return redirect(reverse("trainings:certificates", kwargs={"pk": training.pk}))
    return _certificates_page(request, training, scope)


@require_POST
@login_required
def certificate_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _participant_scope(request)
    found = Certificate.objects.select_related("enrolment__training", "enrolment__member")
    if scope.village_codes is not None and not scope.national:
        found = found.filter(enrolment__village__in=sorted(scope.village_codes))
    certificate = get_object_or_404(
        found,
        pk=pk,
        enrolment__training__in=selectors.trainings_in_scope(scope=scope).values("pk"),
    )
    training = certificate.enrolment.training
    if not can_manage(scope, training.district_id):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_certificate(
                certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict") or "reason" not in exc.error_dict:
                return _certificates_page(
                    request, training, scope, status=400, refusal=" ".join(exc.messages)
                )
            add_service_error(form, exc)
        else:
            messages.success(request, _(MESSAGE_REVOKED) % {"number": certificate.number})
            return redirect(reverse("trainings:certificates", kwargs={"pk": training.pk}))
    return _certificates_page(request, training, scope, status=400, revoke=(certificate.pk, form))


# Public check ------------------------------------------------------------------------------------


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public certificate check: valid or revoked, the holder's name and desa, the training, its
    dates, the number and the issue date; never the NIK or the birth date."""
    certificate = selectors.certificate_by_code(code)
    context: dict[str, Any] = {"certificate": certificate}
    if certificate is not None:
        context.update(
            enrolment=certificate.enrolment,
            member=certificate.enrolment.member,
            training=certificate.enrolment.training,
        )
    return render(request, "trainings/verify.html", context, status=200 if certificate else 404)
