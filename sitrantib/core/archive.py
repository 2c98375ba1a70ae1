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

Who reads an issued copy (`documents_visible_to(user)`, the archive pages /sistem/arsip/):
first the user's kecamatan scope (core.scoping: a document of another kecamatan is absent, so
its page answers 404; a wide coverage reaches its kecamatan, "national" all; a document without
a kecamatan only "national"), then the kind's rule, without a query per document:

- a kind with `visible(scope) -> Q` is narrowed in SQL by that filter on IssuedDocument's own
  columns (a desa in `params["village"]`, for instance, for a village operator's documents);
- a kind without it is decided by `readers(user, document)` once per (kind, kecamatan) pair
  present in the scope, asked on a stand-in document carrying only its kind and kecamatan: such
  a rule decides by role and kecamatan, never by the document's subject.

Every issued copy's page and download use the same queryset, so the list, the page and the
download never disagree. A document whose kind is no longer registered is read by nobody.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry, DocumentFormat, IssuedDocument
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.core.text import strip_control_characters

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

    `visible(scope)`, when given, is the same rule as a filter on IssuedDocument (a Q on its
    own columns, `params__village__in=...` for a desa): the archive list applies it in SQL.
    Without it the list asks `readers` once per kecamatan, on a stand-in document that has
    only its kind and kecamatan (so such a rule must decide by role and kecamatan only).
    """

    key: str
    title: str | Promise
    readers: Callable[[Any, IssuedDocument], bool]
    visible: Callable[[Scope], Q] | None = None


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


def _scoped_documents(scope: Scope) -> QuerySet[IssuedDocument]:
    """Issued documents of the scope's kecamatan (a village operator: of its desa's kecamatan;
    the kind's rule then decides which of them)."""
    documents = IssuedDocument.objects.all()
    if scope.national:
        return documents
    if scope.is_empty:
        return documents.none()
    return documents.filter(district_code__in=sorted(scope.district_codes))


def documents_visible_to(*, user: Any) -> QuerySet[IssuedDocument]:
    """The issued documents `user` may list and download (module docstring: scope, then each
    kind's rule). At most one query to build (the kinds without `visible`), none per row."""
    scope = scope_of(user)
    scoped = _scoped_documents(scope)
    if scope.is_empty:
        return scoped
    allowed = Q(pk__in=[])
    asked_by_district: list[DocumentKind] = []
    for kind in document_kinds():
        if kind.visible is not None:
            allowed |= Q(kind=kind.key) & kind.visible(scope)
        else:
            asked_by_district.append(kind)
    if asked_by_district:
        by_key = {kind.key: kind for kind in asked_by_district}
        pairs = (
            scoped.filter(kind__in=sorted(by_key))
            .order_by()
            .values_list("kind", "district_code")
            .distinct()
        )
        for key, district_code in pairs:
            stand_in = IssuedDocument(kind=key, district_code=district_code)
            if by_key[key].readers(user, stand_in):
                allowed |= Q(kind=key, district_code=district_code)
    return scoped.filter(allowed)


def may_read(user: Any, document: IssuedDocument) -> bool:
    """Whether `user` may read this one issued document (its kind's `readers` on the document
    itself, after the scope): for a single document's page and download."""
    try:
        kind = document_kind(document.kind)
    except LookupError:
        return False
    scope = scope_of(user)
    if scope.is_empty or not (scope.national or document.district_code in scope.district_codes):
        return False
    return bool(kind.readers(user, document))


def current_data_version(district_code: str = "") -> str:
    """The data version a document rendered now is built from: the newest audit entry's id
    (of the kecamatan when given, of the whole install otherwise), as "audit:<id>"."""
    # Issuing or downloading a document changes no record: those entries do not move the version.
    # Nor does a locked login (a read-only entry like a download).
    entries = AuditEntry.objects.exclude(object_type=IssuedDocument._meta.label_lower).exclude(
        action__in=[AuditAction.EXPORT, AuditAction.LOGIN_LOCKED]
    )
    if district_code:
        entries = entries.filter(district_code=district_code)
    newest = entries.order_by("-at", "-id").values_list("id", flat=True).first()
    return f"audit:{newest or 0}"


# What a file name on a user's disk cannot hold (Windows' forbidden characters, path separators,
# control characters, line breaks): replaced by a space.
_FILENAME_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
FILENAME_MAX = 200


def download_name(filename: str, fmt: str) -> str:
    """The name an issued document is stored and sent under: the last part of `filename`
    without path, quotes or control characters (removed; a line break becomes a space), at
    most 200 characters with its extension kept; "dokumen.<fmt>" when nothing is left."""
    name = strip_control_characters(filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(_FILENAME_UNSAFE.sub(" ", name).split()).strip(". ")
    if not name:
        return f"dokumen.{fmt}"
    if len(name) > FILENAME_MAX:
        stem, dot, extension = name.rpartition(".")
        if not dot or len(extension) > 10:
            stem, dot, extension = name, "", ""
        name = stem[: FILENAME_MAX - len(dot + extension)].rstrip(". ") + dot + extension
    return name


def _serialise(*names: str) -> None:
    """Make concurrent transactions naming the same keys run one after the other (call inside
    the transaction). PostgreSQL: a transaction-scoped advisory lock per key, taken in one
    order; SQLite: nothing to do, its transactions begin IMMEDIATE and so serialise writers."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in sorted(set(names)):
            digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, signed=True)]
            )


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
    reuse_same_version: bool = False,
) -> IssuedDocument:
    """Keep `content` as the newest issue of (kind, subject_key, fmt); return it.

    The issue it replaces (if any) is marked superseded, not deleted. With `request_key`, a
    second call with the same key returns the first document and stores nothing.
    `data_version` defaults to `current_data_version(district_code)`; pass the version read
    before rendering when the rendering takes long. With `reuse_same_version`, a newest issue
    already rendered from that `data_version`, or holding exactly these bytes, is returned
    instead (what `issue_once` needs).
    Concurrent calls for the same document, or the same request key, are serialised.
    """
    document_kind(kind)
    filename = download_name(filename, fmt)
    # Issues of the same document (and retries of one request) run one after the other: without
    # it, two at once both find the same current issue (or none) and both stay current.
    keys = [f"archive:{kind}:{subject_key}:{fmt}"]
    if request_key:
        keys.append(f"request:{request_key}")
    _serialise(*keys)
    if request_key:
        existing = IssuedDocument.objects.filter(request_key=request_key).first()
        if existing is not None:
            return existing
    if reuse_same_version:
        newest = current_issue(kind=kind, subject_key=subject_key, fmt=fmt)
        if newest is not None and (
            newest.data_version == data_version or newest.sha256 == checksum(content)
        ):
            # Issued from the same data meanwhile (issue_once asked twice at once), or the
            # records changed elsewhere in the kecamatan and the document reads exactly as its
            # current issue: that issue is what is handed out, no second copy is kept.
            return newest
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
    is called and, unless its bytes equal the newest issue's (a change elsewhere in the
    kecamatan that this document does not show: PDFs render byte for byte the same from the
    same records), archived as a new issue superseding the old one. Views of final
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
        reuse_same_version=True,
    )


def read_archived(document: IssuedDocument) -> bytes:
    """The bytes exactly as issued; ArchiveCorrupted when they no longer match the checksum."""
    with document.file.open("rb") as handle:
        content = handle.read()
    if checksum(content) != document.sha256:
        raise ArchiveCorrupted(f"Issued document {document.pk} does not match its checksum")
    return content


def kind_for_roles(
    *,
    key: str,
    title: str | Promise,
    roles: frozenset[str] | set[str],
    village_roles: frozenset[str] | set[str] = frozenset(),
) -> DocumentKind:
    """A kind read by `roles` (every document of their kecamatan scope; "national" reads all)
    and by `village_roles` for the documents of their own desa (`params["village"]`, set when
    the document is archived). The same rule as `readers` and as the list's SQL filter."""

    def visible(scope: Scope) -> Q:
        if scope.national or scope.role in roles:
            return Q()
        if scope.role in village_roles and scope.village_codes is not None:
            return Q(params__village__in=sorted(scope.village_codes))
        return Q(pk__in=[])

    def readers(user: Any, document: IssuedDocument) -> bool:
        scope = scope_of(user)
        if scope.is_empty:
            return False
        if scope.national or scope.role in roles:
            return True
        village = str((document.params or {}).get("village") or "")
        return scope.role in village_roles and bool(village) and scope.covers_village(village)

    return DocumentKind(key=key, title=title, readers=readers, visible=visible)
