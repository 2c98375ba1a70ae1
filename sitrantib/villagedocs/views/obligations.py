"""Obligations: the list, one obligation with its submissions, and what is done to it — a desa
sends its document, the kecamatan stamps a paper one received, accepts or returns a submission,
waives an obligation; the administrator makes the year's obligations and those of an event.

The receipt time of a submission is stamped by the system when it is recorded (services.py); no
form has a field for it. A record outside the viewer's scope is absent (404).
"""

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.forms import add_service_error
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import Scope
from sitrantib.regions.models import Village
from sitrantib.regions.selectors import villages_in_scope
from sitrantib.villagedocs import access, selectors, services
from sitrantib.villagedocs.enums import Frequency, ObligationStatus, Verdict
from sitrantib.villagedocs.forms import (
    ACCEPT,
    STATUS_LATE,
    EventObligationForm,
    GenerateForm,
    JudgeForm,
    ObligationFilterForm,
    StampForm,
    SubmitForm,
    WaiveForm,
)
from sitrantib.villagedocs.models import DocumentType, Obligation, Submission
from sitrantib.villagedocs.views.common import (
    choose_district_page,
    chosen_district,
    managed_or_choice,
    obligation_state,
    period_label,
    reader_scope,
    rule_text,
    with_district,
)

ORDERING = ("due_date", "village_id", "pk")
CLOSED = (ObligationStatus.WAIVED, ObligationStatus.ACCEPTED)


def _obligation_for(request: HttpRequest, pk: int) -> tuple[Obligation, Scope]:
    scope = reader_scope(request)
    obligation = selectors.obligations_for(scope).select_related("district").filter(pk=pk).first()
    if obligation is None:
        raise Http404
    return obligation, scope


def _types_of(district_code: str) -> Any:
    return DocumentType.objects.filter(
        Q(district_id=district_code) | Q(district__isnull=True)
    ).order_by("order", "name", "pk")


# The list ----------------------------------------------------------------------------------------


@require_GET
@login_required
def obligation_list(request: HttpRequest) -> HttpResponse:
    """Obligations of one kecamatan (an operator: their desa) by year, type, desa and status,
    by deadline, a page at a time."""
    scope = reader_scope(request)
    district = chosen_district(request, scope)
    if district is None:
        return choose_district_page(request, scope, "villagedocs:obligation_list", "obligations")
    today = timezone.localdate()
    data = request.GET.copy()
    if "tahun" not in data:
        data["tahun"] = str(today.year)
    form = ObligationFilterForm(
        data,
        types=_types_of(district.code),
        villages=villages_in_scope(scope=scope).filter(district=district),
        user=request.user,
    )
    obligations = selectors.obligations_for(scope).filter(district=district)
    if form.is_valid():
        chosen = form.cleaned_data
        if chosen.get("tahun"):
            obligations = obligations.filter(year=chosen["tahun"])
        if chosen.get("jenis") is not None:
            obligations = obligations.filter(document_type=chosen["jenis"])
        if chosen.get("desa") is not None:
            obligations = obligations.filter(village=chosen["desa"])
        if chosen.get("status") == STATUS_LATE:
            obligations = selectors.late_obligations(obligations, today)
        elif chosen.get("status"):
            obligations = obligations.filter(status=chosen["status"])
    else:
        obligations = obligations.none()
    page = page_by_key(request, obligations, ordering=ORDERING, page_size=50)
    rows = [
        {
            "obligation": o,
            "period": period_label(o.period_key),
            "state": obligation_state(o, today),
        }
        for o in page.rows
    ]
    return render(
        request,
        "villagedocs/obligation_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "district": district,
            "can_manage": access.can_manage(scope, district.code),
        },
        status=400 if form.errors else 200,
    )


# One obligation ----------------------------------------------------------------------------------


def _detail_context(
    request: HttpRequest, obligation: Obligation, scope: Scope, **forms: Any
) -> dict[str, Any]:
    today = timezone.localdate()
    submissions = list(
        obligation.submissions.select_related("received_by", "verdict_by").order_by(
            "received_at", "pk"
        )
    )
    open_for_documents = obligation.status not in CLOSED
    receiver = access.can_receive(scope, obligation.district_id)
    uploader = access.can_upload(scope, obligation.village_id) and not receiver
    pending = [s for s in submissions if s.verdict == Verdict.PENDING]
    context: dict[str, Any] = {
        "obligation": obligation,
        "state": obligation_state(obligation, today),
        "period": period_label(obligation.period_key),
        "rule": rule_text(obligation.document_type),
        "days_late": (today - obligation.due_date).days if obligation.is_late(today) else 0,
        "submissions": submissions,
        "basis": services.settings_for(obligation.district_id).get_on_time_basis_display(),
        "submit_form": (forms.get("submit_form") or SubmitForm())
        if uploader and open_for_documents
        else None,
        "stamp_form": (forms.get("stamp_form") or StampForm())
        if receiver and open_for_documents
        else None,
        "judge_form": (forms.get("judge_form") or JudgeForm()) if receiver and pending else None,
        "judged": pending[-1] if pending else None,
        "waive_form": (forms.get("waive_form") or WaiveForm())
        if access.can_manage(scope, obligation.district_id) and open_for_documents
        else None,
    }
    return context


@require_GET
@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obligation, scope = _obligation_for(request, pk)
    return render(
        request, "villagedocs/obligation_detail.html", _detail_context(request, obligation, scope)
    )


def _refused(
    request: HttpRequest, obligation: Obligation, scope: Scope, key: str, form: Any
) -> HttpResponse:
    context = _detail_context(request, obligation, scope, **{key: form})
    context[key] = form  # shown even when the state no longer offers it, with its error
    return render(request, "villagedocs/obligation_detail.html", context, status=400)


def _send(request: HttpRequest, pk: int, *, stamp: bool) -> HttpResponse:
    obligation, scope = _obligation_for(request, pk)
    if stamp:
        if not access.can_receive(scope, obligation.district_id):
            raise PermissionDenied
        form: Any = StampForm(request.POST, request.FILES)
        key = "stamp_form"
    else:
        if not access.can_upload(scope, obligation.village_id):
            raise PermissionDenied
        form = SubmitForm(request.POST, request.FILES)
        key = "submit_form"
    if form.is_valid():
        try:
            services.submit_document(
                obligation=obligation,
                actor=request.user,
                file=form.cleaned_data.get("file"),
                note=form.cleaned_data.get("note") or "",
                stamp=stamp,
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Dokumen dicap diterima. Waktu terima dicatat sistem.")
                if stamp
                else _("Dokumen terkirim. Waktu terima dicatat sistem."),
            )
            return redirect(obligation)
    return _refused(request, obligation, scope, key, form)


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The desa sends its document (a PDF or a photo)."""
    return _send(request, pk, stamp=False)


@require_POST
@login_required
def stamp(request: HttpRequest, pk: int) -> HttpResponse:
    """The kecamatan stamps a paper document received (a scan may be added)."""
    return _send(request, pk, stamp=True)


@require_POST
@login_required
def judge(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a waiting submission, or return it to the desa with a reason."""
    scope = reader_scope(request)
    submission = (
        Submission.objects.filter(obligation__in=selectors.obligations_for(scope))
        .select_related("obligation")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    obligation, scope = _obligation_for(request, submission.obligation_id)
    if not access.can_receive(scope, obligation.district_id):
        raise PermissionDenied
    form = JudgeForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == ACCEPT
        try:
            services.judge_submission(
                submission=submission,
                accept=accept,
                actor=request.user,
                reason=form.cleaned_data.get("reason") or "",
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Dokumen diterima lengkap.")
                if accept
                else _("Dokumen dikembalikan ke desa dengan alasannya."),
            )
            return redirect(obligation)
    return _refused(request, obligation, scope, "judge_form", form)


@require_POST
@login_required
def waive(request: HttpRequest, pk: int) -> HttpResponse:
    """The administrator marks a desa not obliged in this period, with a reason."""
    obligation, scope = _obligation_for(request, pk)
    if not access.can_manage(scope, obligation.district_id):
        raise PermissionDenied
    form = WaiveForm(request.POST)
    if form.is_valid():
        try:
            services.waive_obligation(
                obligation=obligation, reason=form.cleaned_data["reason"], actor=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Kewajiban ini ditandai tidak wajib."))
            return redirect(obligation)
    return _refused(request, obligation, scope, "waive_form", form)


@require_GET
@login_required
def submission_file(request: HttpRequest, pk: int) -> FileResponse:
    """A submitted document, only to those who read its obligation (no public media URL)."""
    scope = reader_scope(request)
    submission = (
        Submission.objects.filter(obligation__in=selectors.obligations_for(scope))
        .filter(pk=pk)
        .first()
    )
    if submission is None or not submission.file:
        raise Http404
    name = str(submission.file.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        submission.file.open("rb"),
        content_type=content_type,
        filename=submission.original_name or name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response


# Making obligations ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def generate(request: HttpRequest) -> HttpResponse:
    """The administrator makes the year's obligations of every desa for every rule-driven type;
    those already made stay as they are."""
    chosen = managed_or_choice(request, "villagedocs:generate", "generate")
    if isinstance(chosen, HttpResponse):
        return chosen
    district = chosen
    today = timezone.localdate()
    form = GenerateForm(request.POST or None, initial={"tahun": today.year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["tahun"]
        try:
            made = services.generate_obligations(district=district, year=year, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            if made:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d kewajiban dokumen tahun %(year)d dibuat.",
                        "%(count)d kewajiban dokumen tahun %(year)d dibuat.",
                        made,
                    )
                    % {"count": made, "year": year},
                )
            else:
                messages.info(
                    request,
                    _("Tidak ada kewajiban baru: semua kewajiban tahun %(year)d sudah dibuat.")
                    % {"year": year},
                )
            return redirect(with_district(reverse("villagedocs:generate"), request, district))
    types = services.types_for(district.code)
    return render(
        request,
        "villagedocs/generate.html",
        {
            "form": form,
            "district": district,
            "rule_types": [
                {"type": t, "rule": rule_text(t)} for t in types if t.frequency != Frequency.EVENT
            ],
            "has_event_types": any(t.frequency == Frequency.EVENT for t in types),
            "villages": Village.objects.filter(district=district).count(),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    """The administrator adds an obligation that follows an event, for one desa, with the event's
    date (its deadline counts from it)."""
    chosen = managed_or_choice(request, "villagedocs:event_create", "event")
    if isinstance(chosen, HttpResponse):
        return chosen
    district = chosen
    event_types = [
        t.pk for t in services.types_for(district.code) if t.frequency == Frequency.EVENT
    ]
    form = EventObligationForm(
        request.POST or None,
        types=DocumentType.objects.filter(pk__in=event_types).order_by("order", "name", "pk"),
        villages=Village.objects.filter(district=district),
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obligation = services.create_event_obligation(
                village=data["desa"],
                document_type=data["document_type"],
                event_date=data["event_date"],
                actor=request.user,
                note=data.get("note") or "",
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Kewajiban %(type)s untuk Desa %(village)s dibuat, batas waktu %(due)s.")
                % {
                    "type": obligation.document_type.name,
                    "village": obligation.village.name,
                    "due": obligation.due_date.strftime("%d-%m-%Y"),
                },
            )
            return redirect(obligation)
    return render(
        request,
        "villagedocs/event_form.html",
        {
            "form": form,
            "district": district,
            "rules": [
                {"type": t, "rule": rule_text(t)}
                for t in DocumentType.objects.filter(pk__in=event_types)
            ],
        },
        status=400 if form.errors else 200,
    )
