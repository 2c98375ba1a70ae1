"""The archive of issued documents: every generated document kept exactly as it was issued.

An app registers each kind of document it issues once (in its AppConfig.ready or a module
imported there), with the rule saying who may read an issued copy:

    register_document_kind(DocumentKind(
        key="meetings.invitation", title=_("Undangan rapat"), readers=reads_meeting_documents,
    ))

and archives a document when it is issued as final (a numbered invitation, a certificate, a
signed report, a KAK rendered on request):

    issued = archive_document(
        kind="meetings.invitation", title=..., subject_key=f"meeting:{meeting.pk}",
        district_code=meeting.district_id, fmt=DocumentFormat.PDF, content=pdf_bytes,
        filename="undangan-005.pdf", actor=request.user,
    )

The archive keeps who issued it, when, the data version it was rendered from (the newest audit
entry of its kecamatan at that moment: every change goes through the audit log, so two issues
with the same data version were rendered from the same records) and the SHA-256 of the bytes. A
newer issue of the same kind, subject and format supersedes the older one, which stays
downloadable. A request key (a background job, a client id) makes a retried request return its
first document instead of issuing a second (docs/adr/0100).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry, DocumentFormat, IssuedDocument

CONTENT_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ArchiveCorrupted(Exception):
    """An archived file no longer matches the checksum recorded when it was issued."""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document an app issues: its key, title and who may read an issued copy.

    `readers(user, document)` is True when `user` may list and download `document` (an
    IssuedDocument of this kind); it is called on documents already limited to the user's
    kecamatan scope, so it decides by role and by the document's subject.
    """

    key: str
    title: str | Promise
    readers: Callable[[Any, IssuedDocument], bool]


_KINDS: dict[str, DocumentKind] = {}


def register_document_kind(kind: DocumentKind) -> DocumentKind:
    """Declare a kind of issued document (registering the same key twice is an error)."""
    existing = _KINDS.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"Document kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind
    return kind


def document_kind(key: str) -> DocumentKind:
    """The registered kind `key`; LookupError when there is none."""
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No document kind {key!r} is registered") from None


def document_kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)


def current_data_version(district_code: str = "") -> str:
    """The data version a document rendered now is built from: the newest audit entry's id
    (of the kecamatan when given, of the whole install otherwise), as "audit:<id>"."""
    # Issuing or downloading a document changes no record: those entries do not move the version.
    entries = AuditEntry.objects.exclude(object_type=IssuedDocument._meta.label_lower).exclude(
        action=AuditAction.EXPORT
    )
    if district_code:
        entries = entries.filter(district_code=district_code)
    newest = entries.order_by("-at", "-id").values_list("id", flat=True).first()
    return f"audit:{newest or 0}"


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def archive_document(
    *,
    kind: str,
    title: str,
    subject_key: str,
    district_code: str,
    fmt: str,
    content: bytes,
    filename: str,
    actor: Any,
    params: dict[str, Any] | None = None,
    request_key: str | None = None,
    data_version: str | None = None,
) -> IssuedDocument:
    """Keep `content` as the newest issue of (kind, subject_key, fmt); return it.

    The issue it replaces (if any) is marked superseded, not deleted. With `request_key`, a
    second call with the same key returns the first document and stores nothing.
    `data_version` defaults to `current_data_version(district_code)`; pass the version read
    before rendering when the rendering takes long.
    """
    document_kind(kind)
    if request_key:
        existing = IssuedDocument.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    previous = list(
        IssuedDocument.objects.select_for_update()
        .filter(kind=kind, subject_key=subject_key, format=fmt, superseded_by__isnull=True)
        .only("pk")
    )
    document = IssuedDocument(
        kind=kind,
        title=title[:255],
        subject_key=subject_key,
        district_code=district_code or "",
        format=fmt,
        filename=filename,
        size=len(content),
        sha256=checksum(content),
        data_version=data_version or current_data_version(district_code),
        params=params or {},
        issued_by=actor if getattr(actor, "pk", None) is not None else None,
        issued_at=timezone.now(),
        request_key=request_key or None,
    )
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    IssuedDocument.objects.filter(pk__in=[p.pk for p in previous]).update(superseded_by=document)
    record_change(
        actor=actor,
        action=AuditAction.CREATE,
        instance=document,
        after={
            "kind": kind,
            "subject_key": subject_key,
            "format": fmt,
            "filename": filename,
            "size": document.size,
            "sha256": document.sha256,
            "data_version": document.data_version,
            "supersedes": [p.pk for p in previous],
        },
    )
    return document


def current_issue(*, kind: str, subject_key: str, fmt: str) -> IssuedDocument | None:
    """The newest issue of (kind, subject_key, fmt), or None."""
    return (
        IssuedDocument.objects.filter(
            kind=kind, subject_key=subject_key, format=fmt, superseded_by__isnull=True
        )
        .order_by("-issued_at", "-id")
        .first()
    )


def issue_once(
    *,
    kind: str,
    title: str,
    subject_key: str,
    district_code: str,
    fmt: str,
    filename: str,
    actor: Any,
    render: Callable[[], bytes],
    params: dict[str, Any] | None = None,
) -> IssuedDocument:
    """The issued document for a final document about to be handed out.

    When the newest issue of (kind, subject_key, fmt) was rendered from the data version that
    is current now, it is returned as it is (the same bytes, no new row); otherwise `render()`
    is called and its bytes archived as a new issue superseding the old one. Views of final
    documents (a numbered invitation, a certificate, a signed report) send
    `read_archived(issue_once(...))`, so what was handed out can always be downloaded again.
    """
    version = current_data_version(district_code)
    existing = current_issue(kind=kind, subject_key=subject_key, fmt=fmt)
    if existing is not None and existing.data_version == version:
        return existing
    return archive_document(
        kind=kind,
        title=title,
        subject_key=subject_key,
        district_code=district_code,
        fmt=fmt,
        content=render(),
        filename=filename,
        actor=actor,
        params=params,
        data_version=version,
    )


def read_archived(document: IssuedDocument) -> bytes:
    """The bytes exactly as issued; ArchiveCorrupted when they no longer match the checksum."""
    with document.file.open("rb") as handle:
        content = handle.read()
    if checksum(content) != document.sha256:
        raise ArchiveCorrupted(f"Issued document {document.pk} does not match its checksum")
    return content
