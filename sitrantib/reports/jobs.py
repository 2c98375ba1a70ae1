"""Every document of the catalogue renders in the background (ADR 0104).

One export kind of core.exporting, "reports.document", renders any report kind: the page queues
an ExportJob (`start_document`) and sends the user to its progress page (/sistem/ekspor/<id>/),
which refreshes itself and offers the download when the job is done. The task runs at once on
the laptop's ImmediateBackend and in tests, and in a worker process in production.

The build issues the document through `services.issue_report` with the request key
"job:<job id>", so the archive keeps exactly one document per job: a job run twice (a retry, a
worker killed in the middle and its job requeued by core.workers) returns the document the first
run archived instead of issuing a second. The file the progress page offers is the archived
bytes, read back through `read_archived` (checksum verified).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sitrantib.core.archive import read_archived
from sitrantib.core.exporting import (
    ExportError,
    ExportKind,
    ExportRun,
    register_export,
    start_export,
)
from sitrantib.core.models import ExportJob, IssuedDocument
from sitrantib.reports.catalogue import ReportRequest, ReportUnavailable, report_kind
from sitrantib.reports.services import MESSAGE_NOT_ALLOWED, issue_report

EXPORT_KIND = "reports.document"

MESSAGE_UNKNOWN_REPORT = gettext_noop("Jenis dokumen ini tidak tersedia lagi.")
MESSAGE_BAD_REQUEST = gettext_noop("Permintaan dokumen ini tidak lengkap. Buat dokumennya lagi.")


def document_params(
    *, key: str, district_code: str, year: int, fmt: str, month: int | None = None
) -> dict[str, Any]:
    """The parameters of a job rendering report `key` (JSON, kept on the ExportJob)."""
    params: dict[str, Any] = {"kind": key, "district": district_code, "year": year, "format": fmt}
    if month:
        params["month"] = month
    return params


def start_document(
    *, user: Any, key: str, district_code: str, year: int, fmt: str, month: int | None = None
) -> ExportJob:
    """Queue the rendering of report `key` for `user`; the job (its task runs on commit)."""
    return start_export(
        kind=EXPORT_KIND,
        user=user,
        params=document_params(
            key=key, district_code=district_code, year=year, fmt=fmt, month=month
        ),
    )


def issue_for_run(run: ExportRun, *, user: Any, params: dict[str, Any]) -> IssuedDocument:
    """Issue (or find, for a job run before) the document a job's parameters ask for."""
    try:
        key = str(params["kind"])
        request = ReportRequest(
            district_code=str(params["district"]),
            year=int(params["year"]),
            fmt=str(params["format"]),
            month=int(params["month"]) if params.get("month") else None,
            actor=user,
        )
    except (KeyError, TypeError, ValueError):
        raise ExportError(MESSAGE_BAD_REQUEST) from None
    try:
        report_kind(key)
    except LookupError:
        raise ExportError(MESSAGE_UNKNOWN_REPORT) from None
    request_key = f"job:{run.job.pk}" if run.job is not None else None
    try:
        return issue_report(key=key, request=request, request_key=request_key)
    except PermissionDenied:
        raise ExportError(MESSAGE_NOT_ALLOWED) from None
    except ReportUnavailable as exc:
        raise ExportError(exc.message) from None
    except ValueError as exc:
        raise ExportError(str(exc)) from None


def build_document(run: ExportRun, *, user: Any, params: dict[str, Any]) -> None:
    """The export's build: the archived bytes into the job's file, under the document's name."""
    document = issue_for_run(run, user=user, params=params)
    run.file.write(read_archived(document))
    run.filename = document.filename


register_export(
    ExportKind(
        key=EXPORT_KIND,
        title=_("Dokumen resmi"),
        build=build_document,
        filename="dokumen.pdf",
        content_type="application/pdf",
        audited_params=("kind", "district", "year", "month", "format"),
    )
)
