"""The survey report PDF and the de-identified raw data."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from sitrantib.core.archive import issue_once
from sitrantib.core.archive_views import archived_response
from sitrantib.core.models import DocumentFormat
from sitrantib.core.requests import AuthenticatedRequest
from sitrantib.core.spreadsheets import XLSX_CONTENT_TYPE as XLSX
from sitrantib.core.spreadsheets import stream_workbook
from sitrantib.surveys import exports
from sitrantib.surveys.archive_kinds import REPORT
from sitrantib.surveys.services import (
    record_export,
)
from sitrantib.surveys.views.common import _attachment, _period


@require_GET
@login_required
def report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    name = f"laporan-skm-{slugify(period.title)[:40] or period.pk}.pdf"
    # The report quotes the respondents' suggestions: never cached, and audited (issue 15 A9).
    if period.status in exports.PROVISIONAL_STATUSES:  # SEMENTARA: rendered, not archived
        response = _attachment(exports.report_pdf(period=period), name, "application/pdf")
        response["Cache-Control"] = "no-store"
    else:  # a closed period's report is final: archived once, sent byte for byte
        issued = issue_once(
            kind=REPORT.key,
            title=f"Laporan SKM {period.title}",
            subject_key=f"survey_period:{period.pk}",
            district_code=period.district_id,
            fmt=DocumentFormat.PDF,
            filename=name,
            actor=request.user,
            render=lambda: exports.report_pdf(period=period),
        )
        response = archived_response(request, issued)
    record_export(period=period, what=name, actor=request.user)
    return response


@require_GET
@login_required
def raw_data(request: AuthenticatedRequest, pk: int) -> StreamingHttpResponse:
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
