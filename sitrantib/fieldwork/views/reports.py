"""Citizen reports (pengaduan, issue 11 point 5; docs/adr/0082).

Public, no login (/lapor/): the phone-first report form of a kecamatan, protected like the
survey's questionnaire (a hidden client id made when the page renders so a resend returns the
first report, a per-address limit, a honeypot field), and the status of a report by its code,
whose lookups are limited per address too.

Internal (/lapangan/pengaduan/): the moderation queue of the section's administrator of the
kecamatan (access.scoped_reports): verify a report into an incident or reject it with a reason.
Any other role is refused (403); a report of another kecamatan is absent (404).
"""

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sitrantib.core.forms import add_service_error
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.fieldwork import access
from sitrantib.fieldwork.enums import CitizenReportStatus, IncidentStatus
from sitrantib.fieldwork.forms.reports import (
    CitizenReportForm,
    CodeLookupForm,
    QueueFilterForm,
    RejectReportForm,
    VerifyReportForm,
)
from sitrantib.fieldwork.models import CitizenReport, FieldPhoto
from sitrantib.fieldwork.services import reports
from sitrantib.regions.models import District
from sitrantib.surveys import ratelimit

# Counters of the shared per-address rate limit (surveys/ratelimit.py), one per purpose.
SUBMIT_PURPOSE = "citizen-report"
LOOKUP_PURPOSE = "citizen-report-status"
DEFAULT_SUBMIT_LIMIT_PER_MINUTE = 5
DEFAULT_LOOKUP_LIMIT_PER_MINUTE = 20
QUEUE_PAGE_SIZE = 30
START_PAGE_SIZE = 30

MESSAGE_RATE_LIMITED = gettext_noop(
    "Terlalu banyak laporan dari alamat ini dalam satu menit. Tunggu sebentar lalu kirim lagi; "
    "laporan ini belum tersimpan."
)
MESSAGE_LOOKUP_LIMITED = gettext_noop(
    "Terlalu banyak pencarian kode dari alamat ini dalam satu menit. "
    "Tunggu sebentar lalu coba lagi."
)
MESSAGE_CHECK_FIELDS = gettext_noop("Laporan belum terkirim. Periksa isian yang ditandai.")
MESSAGE_REFUSED = gettext_noop("Laporan tidak dapat diterima.")
MESSAGE_PHOTO_AGAIN = gettext_noop("Bila Anda melampirkan foto, pilih fotonya sekali lagi.")
MESSAGE_REJECTED = gettext_noop("Pengaduan %(code)s ditolak; pelapor membaca alasannya.")
MESSAGE_VERIFIED = gettext_noop("Pengaduan %(code)s diverifikasi menjadi kejadian.")


def submit_limit() -> int:
    return int(
        getattr(
            settings,
            "SITRANTIB_CITIZEN_REPORT_RATE_LIMIT_PER_MINUTE",
            DEFAULT_SUBMIT_LIMIT_PER_MINUTE,
        )
    )


def lookup_limit() -> int:
    return int(
        getattr(
            settings,
            "SITRANTIB_CITIZEN_REPORT_LOOKUP_RATE_LIMIT_PER_MINUTE",
            DEFAULT_LOOKUP_LIMIT_PER_MINUTE,
        )
    )


def _attempt(request: HttpRequest, *, purpose: str, limit: int) -> bool:
    return ratelimit.register_attempt(
        address=ratelimit.client_address(request.META), purpose=purpose, limit=limit
    )


def _accepting_districts() -> Any:
    """Kecamatan that take reports: those whose office has set up its profile."""
    return District.objects.filter(office__isnull=False).select_related("regency")


# Public: the form --------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_start(request: HttpRequest) -> HttpResponse:
    """Straight to the form when one kecamatan takes reports; else a short searchable list."""
    districts = _accepting_districts()
    query = (request.GET.get("q") or "").strip()[:100]
    if not query:
        first = list(districts.order_by("code")[:2])
        if len(first) == 1:
            return redirect("fieldwork_public:form", district_code=first[0].code)
    else:
        districts = districts.filter(name__icontains=query)
    page = page_by_key(request, districts, ordering=("name", "code"), page_size=START_PAGE_SIZE)
    return render(
        request,
        "fieldwork/public/start.html",
        {"page": page, "query": query, "lookup_form": CodeLookupForm()},
    )


def _sent(report: CitizenReport) -> HttpResponse:
    """To the report's status page, which then shows the code big to write down."""
    url = reverse("fieldwork_public:status", kwargs={"code": report.tracking_code})
    return redirect(f"{url}?baru=1")


def _client_id(data: QueryDict) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(data.get("client_id") or ""))
    except ValueError:
        return None


@login_not_required
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, district_code: str) -> HttpResponse:
    """The report form on a phone. Order of answers (as the survey's, ADR 0032): a resend of a
    stored report goes to its status (not counted) → 429 over the limit → 400 bad input → the
    report is stored and the reporter sees its code."""
    district = get_object_or_404(_accepting_districts(), code=district_code)
    posted = request.method == "POST"
    form = CitizenReportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        district=district,
    )
    rejection = ""
    status = 200
    if posted:
        client_id = _client_id(request.POST)
        found = CitizenReport.objects.filter(client_id=client_id).first() if client_id else None
        if found is not None:
            return _sent(found)
        if not _attempt(request, purpose=SUBMIT_PURPOSE, limit=submit_limit()):
            rejection, status = _(MESSAGE_RATE_LIMITED), 429
        elif not form.is_valid():
            rejection, status = _(MESSAGE_CHECK_FIELDS), 400
        elif form.cleaned_data["website"].strip():
            rejection, status = _(MESSAGE_REFUSED), 400
        else:
            try:
                report, _created = reports.submit_report(
                    data=form.report_input(),
                    client_id=form.cleaned_data["client_id"],
                    photo=form.cleaned_data["photo"],
                    keep_location=form.cleaned_data["keep_location"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    add_service_error(form, exc)
                else:  # the photo's own check (content, size) names no field
                    form.add_error("photo", exc)
                rejection, status = _(MESSAGE_CHECK_FIELDS), 400
            else:
                return _sent(report)
        if request.FILES:
            rejection = f"{rejection} {_(MESSAGE_PHOTO_AGAIN)}"
    return render(
        request,
        "fieldwork/public/form.html",
        {"district": district, "form": form, "rejection": rejection},
        status=status,
    )


# Public: the status by code ----------------------------------------------------------------------


@login_not_required
@require_GET
def public_status_lookup(request: HttpRequest) -> HttpResponse:
    """Type the code written down; it is normalised (case, spaces, dashes) then looked up."""
    form = CodeLookupForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("fieldwork_public:status", code=form.cleaned_data["code"])
    return render(
        request,
        "fieldwork/public/status_lookup.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_not_required
@require_GET
def public_status(request: HttpRequest, code: str) -> HttpResponse:
    """What the reporter may know: the status (with the incident's status once verified, or the
    reason of a rejection) and when it was received; never the contact, never another report.
    Every lookup counts against the address's limit, so codes cannot be tried cheaply."""
    if not _attempt(request, purpose=LOOKUP_PURPOSE, limit=lookup_limit()):
        return render(
            request,
            "fieldwork/public/status_lookup.html",
            {"form": CodeLookupForm(), "rejection": _(MESSAGE_LOOKUP_LIMITED)},
            status=429,
        )
    normal = reports.normalise_code(code)
    if normal != code and len(normal) == reports.CODE_LENGTH:
        return redirect("fieldwork_public:status", code=normal)
    report = (
        CitizenReport.objects.select_related("district", "village", "category", "incident")
        .filter(tracking_code=normal)
        .first()
        if len(normal) == reports.CODE_LENGTH
        else None
    )
    if report is None:
        return render(
            request,
            "fieldwork/public/status_unknown.html",
            {"code": code[:40], "form": CodeLookupForm(initial={"code": code[:40]})},
            status=404,
        )
    incident_status = ""
    if report.status == CitizenReportStatus.VERIFIED and report.incident is not None:
        incident_status = str(IncidentStatus(report.incident.status).label)
    return render(
        request,
        "fieldwork/public/status.html",
        {
            "report": report,
            "incident_status": incident_status,
            "just_sent": request.GET.get("baru") == "1",
        },
    )


# Internal: the moderation queue ------------------------------------------------------------------


def _manager_scope(request: HttpRequest) -> Scope:
    """The administrator's scope; any other role may not moderate (403)."""
    scope = scope_of(request.user)
    if not access.can_manage_any(scope):
        raise PermissionDenied
    return scope


def report_for(request: HttpRequest, pk: int) -> tuple[CitizenReport, Scope]:
    """The one access helper of these pages: a report outside the admin's kecamatan -> 404."""
    scope = _manager_scope(request)
    queryset = access.scoped_reports(
        CitizenReport.objects.select_related(
            "district", "village", "category", "incident", "moderated_by"
        ),
        scope,
    )
    return get_object_or_404(queryset, pk=pk), scope


@login_required
@require_GET
def report_queue(request: HttpRequest) -> HttpResponse:
    """Waiting reports first (newest first), then those already moderated; filter by status and
    desa; paged by key. Rows carry category, desa and whether a photo came with them (no query
    per row)."""
    scope = _manager_scope(request)
    visible = access.scoped_reports(CitizenReport.objects.all(), scope)
    form = QueueFilterForm(
        request.GET, scope=scope, user=request.user
    )  # bound: no filter is a valid filter
    rows = visible.select_related("village", "category").annotate(
        waiting=Case(
            When(status=CitizenReportStatus.RECEIVED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        has_photo=Exists(FieldPhoto.objects.filter(citizen_report=OuterRef("pk"))),
    )
    if form.is_valid():
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["village"] is not None:
            rows = rows.filter(village=form.cleaned_data["village"])
    else:
        rows = rows.none()
    page = page_by_key(
        request, rows, ordering=("waiting", "-received_at", "-pk"), page_size=QUEUE_PAGE_SIZE
    )
    waiting_count = visible.filter(status=CitizenReportStatus.RECEIVED).count()
    return render(
        request,
        "fieldwork/reports/queue.html",
        {"page": page, "form": form, "waiting_count": waiting_count},
        status=200 if form.is_valid() else 400,
    )


def _detail(
    request: HttpRequest,
    report: CitizenReport,
    scope: Scope,
    *,
    verify_form: VerifyReportForm | None = None,
    reject_form: RejectReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "fieldwork/reports/detail.html",
        {
            "report": report,
            "waiting": report.status == CitizenReportStatus.RECEIVED,
            "sees_contact": access.sees_reporter_contact(scope, report),
            "photos": list(FieldPhoto.objects.filter(citizen_report=report).order_by("pk")),
            "verify_form": verify_form or VerifyReportForm(current=report.category),
            "reject_form": reject_form or RejectReportForm(),
            # A refusal of a report moderated meanwhile: its forms are no longer shown.
            "refusals": [
                *(verify_form.non_field_errors() if verify_form else []),
                *(reject_form.non_field_errors() if reject_form else []),
            ],
        },
        status=status,
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the reporter sent, the contact included (the administrator only), the photo,
    and the two decisions while it waits."""
    report, scope = report_for(request, pk)
    return _detail(request, report, scope)


@login_required
@require_POST
def report_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Verify into an incident (source: citizen report), optionally with a corrected category;
    the photos move to the incident; then the incident's page."""
    report, scope = report_for(request, pk)
    form = VerifyReportForm(request.POST, current=report.category)
    if form.is_valid():
        try:
            incident = reports.verify_report(
                report=report,
                actor=request.user,
                category=form.cleaned_data["category"],
                note=form.cleaned_data["note"].strip(),
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _(MESSAGE_VERIFIED) % {"code": report.tracking_code})
            return redirect(incident.get_absolute_url())
    report.refresh_from_db()
    return _detail(request, report, scope, verify_form=form, status=400)


@login_required
@require_POST
def report_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject with a reason (required; the reporter reads it with the code); back to the queue."""
    report, scope = report_for(request, pk)
    form = RejectReportForm(request.POST)
    if form.is_valid():
        try:
            reports.reject_report(
                report=report, reason=form.cleaned_data["reason"], actor=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _(MESSAGE_REJECTED) % {"code": report.tracking_code})
            return redirect("fieldwork:report_queue")
    report.refresh_from_db()
    return _detail(request, report, scope, reject_form=form, status=400)
