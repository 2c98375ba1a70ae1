"""Paper questionnaires: entry one by one, and the staged XLSX import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sitrantib.core.imports import build_preview, discard_import
from sitrantib.core.models import ImportBatch
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.core.spreadsheets import XLSX_CONTENT_TYPE as XLSX
from sitrantib.surveys.enums import ResponseSource
from sitrantib.surveys.forms import (
    ImportForm,
    QuestionnaireForm,
)
from sitrantib.surveys.imports import (
    KIND,
    confirm_questionnaires,
    questionnaire_spec,
    questionnaire_template,
    scope_key,
    stage_questionnaires,
    stored_rows,
)
from sitrantib.surveys.selectors import (
    elements_of,
    response_count,
)
from sitrantib.surveys.services import (
    STAFF_ENTRY_STATUSES,
    InvalidSubmission,
    PeriodNotOpen,
    Submission,
    submit_response,
)
from sitrantib.surveys.views.common import _attachment, _period


@require_http_methods(["GET", "POST"])
@login_required
def paper_entry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Quick entry of one paper questionnaire; the form comes back empty for the next one."""
    period = _period(request, pk, manage=True)
    elements = elements_of(period)
    form = QuestionnaireForm(
        request.POST or None,
        elements=elements,
        services=period.service_list,
        service_required=False,
    )
    if request.method == "POST" and form.is_valid():
        submission = Submission(
            client_id=form.cleaned_data["client_id"],
            answers=form.answers(),
            respondent=form.respondent(),
            suggestion=form.cleaned_data["suggestion"],
        )
        try:
            _response, created = submit_response(
                period=period,
                submission=submission,
                source=ResponseSource.PAPER,
                actor=request.user,
            )
        except PeriodNotOpen as exc:
            messages.error(request, str(exc))
        except InvalidSubmission as exc:
            form.add_submission_errors(exc.errors)
        else:
            if created:
                messages.success(
                    request, _("Kuesioner disimpan. Silakan entri kuesioner berikutnya.")
                )
            else:
                messages.info(request, _("Kuesioner ini sudah tersimpan sebelumnya."))
            return redirect("surveys:paper_entry", pk=period.pk)
    if form.is_bound:
        form.focus_first_error()
    count = response_count(period=period)
    return render(
        request,
        "surveys/paper_entry.html",
        {
            "period": period,
            "form": form,
            "count": count,
            "allowed": period.status in STAFF_ENTRY_STATUSES,
        },
    )


@require_GET
@login_required
def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, manage=True)
    return _attachment(
        questionnaire_template(period=period), f"templat-skm-{period.short_code}.xlsx", XLSX
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Upload: the file is checked and parsed once, then the preview page shows the batch."""
    period = _period(request, pk, manage=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    file_error = ""
    if request.method == "POST" and form.is_valid():
        try:
            batch = stage_questionnaires(
                period=period, upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as exc:
            file_error = " ".join(exc.messages)
        else:
            return redirect("surveys:import_preview", pk=period.pk, batch=batch.pk)
    return render(
        request,
        "surveys/import.html",
        {
            "period": period,
            "form": form,
            "file_error": file_error,
            "allowed": period.status in STAFF_ENTRY_STATUSES,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_preview(request: AuthenticatedRequest, pk: int, batch: int) -> HttpResponse:
    """The staged file: errors by row and column, or the questionnaires to store; confirm stores
    all or none, and a second confirmation (double click, second tab) stores nothing more."""
    period = _period(request, pk, manage=True)
    staged = get_object_or_404(
        ImportBatch.objects.filter(owner=request.user, kind=KIND, scope_key=scope_key(period)),
        pk=batch,
    )
    file_error = ""
    if request.method == "POST" and "discard" in request.POST:
        discard_import(batch=staged, actor=request.user)
        return redirect("surveys:import", pk=period.pk)
    if request.method == "POST":
        try:
            result = confirm_questionnaires(batch=staged, period=period, actor=request.user)
        except (PeriodNotOpen, ValidationError) as exc:
            file_error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:
            if not result.repeated:
                messages.success(
                    request,
                    _("%(created)s kuesioner diimpor; %(skipped)s sudah ada sebelumnya.")
                    % {"created": result.created, "skipped": result.unchanged},
                )
            return redirect("surveys:detail", pk=period.pk)
    return render(
        request,
        "surveys/import_preview.html",
        {
            "period": period,
            "preview": build_preview(staged, spec=questionnaire_spec(period)),
            "stored": stored_rows(staged, period=period),
            "file_error": file_error,
            "upload_url": reverse("surveys:import", args=[period.pk]),
            "allowed": period.status in STAFF_ENTRY_STATUSES,
        },
    )
