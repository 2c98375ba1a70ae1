"""Issuing a report: render one kind of the catalogue and keep it in the archive (ADR 0104).

`issue_report(key=..., request=ReportRequest(...))` checks that the actor may read the kind for
the kecamatan (the command line, actor None, may), reads the kecamatan's data version BEFORE
rendering (a change made while a long document renders makes the next issue newer, never this
one look current), builds the document and archives it under kind "reports.<key>"
(`core.archive.archive_document`). With a `request_key` (a background job: "job:<id>") a retried
request returns its first document without rendering again.

Every report kind of the catalogue is also a kind of the archive (`register_archive_kinds`,
called by ReportsConfig.ready after the kinds are imported, and again by `issue_report` for a
kind registered later): who may read an issued copy is who may make it for that kecamatan.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_noop

from sitrantib.core.archive import (
    DocumentKind,
    archive_document,
    current_data_version,
    document_kind,
    register_document_kind,
)
from sitrantib.core.models import IssuedDocument
from sitrantib.reports.catalogue import ReportKind, ReportRequest, report_kind, report_kinds

MESSAGE_NOT_ALLOWED = gettext_noop(
    "Anda tidak berhak membuat dokumen ini untuk kecamatan tersebut."
)
MESSAGE_FORMAT_NOT_OFFERED = gettext_noop("Dokumen ini tidak tersedia dalam format tersebut.")
MESSAGE_MONTH_NEEDED = gettext_noop("Pilih bulan laporan.")

ARCHIVE_PREFIX = "reports."
# The years a document may be made for: from 2000 to next year (a plan is drafted a year ahead).
MIN_YEAR = 2000


def latest_year() -> int:
    """The last year a document may be made for (next year)."""
    return timezone.localdate().year + 1


def archive_kind_key(key: str) -> str:
    """The archive kind of report kind `key` ("kak" -> "reports.kak")."""
    return f"{ARCHIVE_PREFIX}{key}"


class _ReadersBridge:
    """The archive's reader rule of a report kind: who may make it for the document's kecamatan.

    Looked up by key at call time, so it follows the kind registered now; two bridges of one key
    are equal (registering the archive kind again is no conflict).
    """

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, user: Any, document: IssuedDocument) -> bool:
        try:
            kind = report_kind(self.key)
        except LookupError:
            return False
        return bool(kind.readers(user, document.district_code))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ReadersBridge) and other.key == self.key

    def __hash__(self) -> int:
        return hash(("reports", self.key))


def register_archive_kind(kind: ReportKind) -> None:
    """Declare report kind `kind` as a kind of the archive (once; again is a no-op)."""
    key = archive_kind_key(kind.key)
    try:
        document_kind(key)
    except LookupError:
        register_document_kind(
            DocumentKind(key=key, title=kind.title, readers=_ReadersBridge(kind.key))
        )


def register_archive_kinds() -> None:
    """Declare every report kind of the catalogue as a kind of the archive."""
    for kind in report_kinds():
        register_archive_kind(kind)


def may_make(kind: ReportKind, *, actor: Any, district_code: str) -> bool:
    """True when `actor` may make `kind` for the kecamatan (the command line, None, may)."""
    return actor is None or bool(kind.readers(actor, district_code))


def issue_report(
    *, key: str, request: ReportRequest, request_key: str | None = None
) -> IssuedDocument:
    """Render report `key` for `request` and archive it; the IssuedDocument.

    Raises LookupError for an unknown kind, PermissionDenied(MESSAGE_NOT_ALLOWED) when the actor
    may not make it for that kecamatan, ReportUnavailable (from the kind's build) when it cannot
    be made, and ValueError for a format the kind does not offer or a missing month. With
    `request_key`, a request already served returns its first document and renders nothing.
    """
    kind = report_kind(key)
    if not may_make(kind, actor=request.actor, district_code=request.district_code):
        raise PermissionDenied(MESSAGE_NOT_ALLOWED)
    if request.fmt not in kind.formats:
        raise ValueError(MESSAGE_FORMAT_NOT_OFFERED)
    if kind.needs_month and not request.month:
        raise ValueError(MESSAGE_MONTH_NEEDED)
    register_archive_kind(kind)
    if request_key:
        served = IssuedDocument.objects.filter(request_key=request_key).first()
        if served is not None:
            return served
    version = current_data_version(request.district_code)
    rendered = kind.build(request)
    params: dict[str, Any] = {"year": request.year, "format": request.fmt}
    if request.month:
        params["month"] = request.month
    if request.actor is None:
        params["issued_from"] = "command_line"
    return archive_document(
        kind=archive_kind_key(key),
        title=rendered.title,
        subject_key=rendered.subject_key,
        district_code=request.district_code,
        fmt=request.fmt,
        content=rendered.content,
        filename=rendered.filename,
        actor=request.actor,
        params=params,
        request_key=request_key,
        data_version=version,
    )
