"""Pages of the section: periods, live results, paper entry, import, report and raw data."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.concurrency import StaleVersion, form_stale
from sitrantib.core.filters import filter_for_page
from sitrantib.core.imports import build_preview, discard_import
from sitrantib.core.models import ImportBatch
from sitrantib.core.paging import page_by_key
from sitrantib.core.spreadsheets import XLSX_CONTENT_TYPE as XLSX
from sitrantib.core.spreadsheets import stream_workbook
from sitrantib.surveys import exports
from sitrantib.surveys.enums import PeriodStatus, ResponseSource
from sitrantib.surveys.filters import SurveyPeriodFilter
from sitrantib.surveys.forms import (
    ElementFormSet,
    ElementSetVersionForm,
    ImportForm,
    PeriodForm,
    QuestionnaireForm,
    TransitionForm,
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
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.selectors import (
    can_manage,
    can_read,
    default_elements_for,
    districts_for_new_period,
    element_set_districts,
    elements_of,
    has_own_element_set,
    low_score_suggestions,
    period_result,
    periods_visible_to,
    profile_for,
    response_count,
    results_for_periods,
    trend_for,
    weight_share,
)
from sitrantib.surveys.services import (
    ELEMENT_FIELDS,
    STAFF_ENTRY_STATUSES,
    TRANSITIONS,
    InvalidSubmission,
    PeriodNotOpen,
    StaleElementSet,
    Submission,
    create_period,
    element_set_version,
    record_export,
    save_element_set,
    submit_response,
    transition_period,
    update_period,
)


def _period(request: HttpRequest, pk: int, *, manage: bool = False) -> SurveyPeriod:
    """The period if the user may see it (404 otherwise); `manage` also requires the section."""
    period = get_object_or_404(periods_visible_to(user=request.user), pk=pk)
    if manage and not can_manage(request.user):
        raise PermissionDenied
    return period


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    filterset, periods = filter_for_page(
        SurveyPeriodFilter, request=request, queryset=periods_visible_to(user=request.user)
    )
    page = page_by_key(request, periods, ordering=("-period_start", "-pk"))
    results = results_for_periods(page.rows)
    return render(
        request,
        "surveys/home.html",
        {
            "page": page,
            "filter": filterset,
            "rows": [(p, results[p.pk]) for p in page.rows],
            "can_manage": can_manage(request.user),
            "can_read": can_read(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def period_create(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise Http404
    districts = districts_for_new_period(user=request.user)
    form = PeriodForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = create_period(
                district=data["district"],
                title=data["title"],
                service_unit=data["service_unit"],
                services=data["services"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                population=data["population"],
                follow_up_plan=data.get("follow_up_plan") or "",
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Periode survei dibuat sebagai draf."))
            return redirect(period)
    options = list(districts[:2])
    preview = default_elements_for(district=options[0]) if len(options) == 1 else []
    return render(
        request,
        "surveys/period_form.html",
        {
            "form": form,
            "period": None,
            "elements": [(e, weight_share(e, preview)) for e in preview],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, manage=True)
    form = PeriodForm(request.POST or None, instance=period)
    if period.status == PeriodStatus.PUBLISHED:
        for name, field in form.fields.items():
            field.disabled = name not in ("follow_up_plan", "version")
    if request.method == "POST" and form.is_valid():
        try:
            update_period(
                period=period,
                changes={
                    name: form.cleaned_data[name] for name in form.changed_data if name != "version"
                },
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            form_stale(form, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Periode survei disimpan."))
            return redirect("surveys:detail", pk=period.pk)
    elements = elements_of(period)
    return render(
        request,
        "surveys/period_form.html",
        {
            "form": form,
            "period": period,
            "elements": [(e, weight_share(e, elements)) for e in elements],
        },
    )


def _results_context(request: HttpRequest, period: SurveyPeriod) -> dict[str, Any]:
    result = period_result(period=period)
    low = low_score_suggestions(period=period)
    trend = trend_for(period=period)
    profile = profile_for(period=period)
    chart = {
        "elements": {
            "labels": [f"{e.code}" for e in result.elements],
            "values": [float(e.value) if e.value is not None else None for e in result.elements],
        },
        "trend": {
            "labels": [p.title for p, _r in trend],
            "values": [float(r.ikm) if r.ikm is not None else None for _p, r in trend],
        },
        "profile": [
            {
                "title": t.title,
                "labels": [r.label for r in t.rows],
                "values": [r.count for r in t.rows],
            }
            for t in profile
            if t.key in ("sex", "age", "education", "occupation")
        ],
    }
    return {
        "period": period,
        "result": result,
        "below_target": result.respondents < period.sample_target,
        "weakest": [(e, low.get(e.code, [])) for e in result.weakest_first()],
        "trend": trend,
        "profile": profile,
        "chart": chart,
    }


@require_GET
@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The live results page of a period, with what the section can do next."""
    period = _period(request, pk)
    context = _results_context(request, period)
    context.update(
        {
            "can_manage": can_manage(request.user),
            "next_statuses": [PeriodStatus(s) for s in sorted(TRANSITIONS[period.status])],
            "transition_form": TransitionForm(initial={"version": period.version}),
            "can_enter_paper": period.status in STAFF_ENTRY_STATUSES,
            "public_url": request.build_absolute_uri(period.public_path),
        }
    )
    return render(request, "surveys/period_detail.html", context)


@require_GET
@login_required
def period_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The results block alone, refreshed by htmx while the period is open."""
    period = _period(request, pk)
    return render(request, "surveys/_results.html", _results_context(request, period))


@require_POST
@login_required
def period_transition(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, manage=True)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            period = transition_period(
                period=period,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=request.user,
                expected_version=form.expected_version,
            )
        except StaleVersion as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Status survei: %(status)s.") % {"status": period.get_status_display()}
            )
    return redirect("surveys:detail", pk=period.pk)


@require_GET
@login_required
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 poster for the front desk with the short address and its QR code."""
    period = _period(request, pk)
    url = request.build_absolute_uri(period.public_path)
    return render(
        request,
        "surveys/poster.html",
        {"period": period, "public_url": url, "qr_svg": exports.qr_svg(url)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Quick entry of one paper questionnaire; the form comes back empty for the next one."""
    period = _period(request, pk, manage=True)
    elements = elements_of(period)
    form = QuestionnaireForm(request.POST or None, elements=elements)
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
            form.add_error(None, _("Periksa kembali isian yang ditandai."))
            for code, errors in exc.errors.get("answers", {}).items():
                if code in form.fields:
                    form.add_error(code, errors)
        else:
            if created:
                messages.success(
                    request, _("Kuesioner disimpan. Silakan entri kuesioner berikutnya.")
                )
            else:
                messages.info(request, _("Kuesioner ini sudah tersimpan sebelumnya."))
            return redirect("surveys:paper_entry", pk=period.pk)
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
def import_view(request: HttpRequest, pk: int) -> HttpResponse:
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
def import_preview(request: HttpRequest, pk: int, batch: int) -> HttpResponse:
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


@require_GET
@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    name = f"laporan-skm-{slugify(period.title)[:40] or period.pk}.pdf"
    # The report quotes the respondents' suggestions: never cached, and audited (issue 15 A9).
    response = _attachment(exports.report_pdf(period=period), name, "application/pdf")
    response["Cache-Control"] = "no-store"
    record_export(period=period, what=name, actor=request.user)
    return response


@require_GET
@login_required
def raw_data(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    name = f"data-skm-{slugify(period.title)[:40] or period.pk}.xlsx"
    # Streamed: the workbook file is written when the download starts, in write-only mode.
    response = StreamingHttpResponse(
        stream_workbook(exports.raw_data_sheets(period=period)), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Respondents' data: never kept by a browser or proxy, and audited (issue 15 A9).
    response["Cache-Control"] = "no-store"
    record_export(period=period, what=name, actor=request.user)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def element_set(request: HttpRequest) -> HttpResponse:
    """The section edits its kecamatan's default questionnaire (elements, labels, weights).

    Only new periods use it; a period keeps the copy it was created with.
    """
    districts = element_set_districts(user=request.user)
    code = request.GET.get("kecamatan") or ""
    district = districts.filter(code=code).first() if code else districts.first()
    if district is None:
        raise Http404
    current = default_elements_for(district=district)
    initial = [{name: getattr(e, name) for name in ELEMENT_FIELDS} for e in current]
    formset = ElementFormSet(request.POST or None, initial=initial, prefix="unsur")
    opened = ElementSetVersionForm(
        request.POST or None,
        initial={"opened": ElementSetVersionForm.encode(element_set_version(current))},
    )
    set_errors: list[str] = []
    if request.method == "POST" and formset.is_valid() and opened.is_valid():
        rows = [
            {name: form.cleaned_data[name] for name in ELEMENT_FIELDS}
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            save_element_set(
                district=district,
                rows=rows,
                actor=request.user,
                expected=opened.cleaned_data["opened"],
            )
        except StaleElementSet as exc:
            set_errors = [exc.message]
            # Saving again after reading the message is a deliberate overwrite of their change.
            opened = ElementSetVersionForm(
                initial={"opened": ElementSetVersionForm.encode(exc.current)}
            )
        except ValidationError as exc:
            set_errors = exc.messages
        else:
            messages.success(
                request, _("Daftar unsur survei disimpan; dipakai untuk periode survei baru.")
            )
            return redirect(f"{request.path}?kecamatan={district.code}")
    return render(
        request,
        "surveys/element_set.html",
        {
            "district": district,
            "districts": districts if districts.count() > 1 else None,
            "formset": formset,
            "opened": opened,
            "set_errors": [*set_errors, *opened.errors.get("opened", [])],
            "own_set": has_own_element_set(district=district),
            "shares": [(e, weight_share(e, current)) for e in current],
        },
    )
