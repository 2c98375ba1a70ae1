"""The archive pages: the issued documents a user may read, one document with its versions, and
its download byte for byte (core.archive, docs/adr/0100).

- /sistem/arsip/ lists `documents_visible_to(user)` newest first, paged by key, filtered by kind,
  year of issue, kecamatan (wide coverages: a search field over their kecamatan) and "current
  only"; the list costs the same few queries however many documents it shows.
- /sistem/arsip/<pk>/ shows one document and its chain: every issue of the same kind, subject
  and format the user may read, which one it superseded and which one superseded it.
- /sistem/arsip/<pk>/unduh/ sends the stored bytes after checking their SHA-256: a mismatch is
  logged and answers an error page, never the altered bytes. The download is never cached and
  is audited as an export (who took which document, when).

A document outside the user's reach is not found (404), like every record outside a scope.
Apps hand out their final documents with `archived_response(request, issue_once(...))`.
"""

import logging
from typing import Any

import django_filters
from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sitrantib.core.archive import (
    CONTENT_TYPES,
    ArchiveCorrupted,
    document_kinds,
    documents_visible_to,
    download_name,
    may_read,
    read_archived,
)
from sitrantib.core.audit import record_change
from sitrantib.core.autocomplete import ModelSearchField, register_search
from sitrantib.core.enums import AuditAction
from sitrantib.core.filters import BaseFilterSet, YearFilter, filter_for_page
from sitrantib.core.models import DocumentFormat, IssuedDocument
from sitrantib.core.paging import page_by_key
from sitrantib.core.scoping import scope_of

logger = logging.getLogger(__name__)

ARCHIVE_PAGE_SIZE = 50
ARCHIVE_ORDERING = ("-issued_at", "-id")
SEARCH_DISTRICTS = "core.archive_districts"
_SMALL = {"class": "form-control form-control-sm"}
_SMALL_SELECT = {"class": "form-select form-select-sm"}


def _districts_for(user: Any) -> QuerySet[Any]:
    """The kecamatan of the user's scope (for the wide coverages' kecamatan filter). The model is
    looked up by name: core never imports an app."""
    district = apps.get_model("regions", "District")
    scope = scope_of(user)
    if scope.national:
        return district.objects.all()
    return district.objects.filter(code__in=sorted(scope.district_codes))


register_search(
    SEARCH_DISTRICTS,
    queryset_for=_districts_for,
    label=lambda district: f"{district.name} ({district.code})",
    search_fields=("name",),
    code_field="code",
    ordering=("name", "code"),
)


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, str(kind.title)) for kind in document_kinds()]


class CurrentOnlyField(forms.BooleanField):
    """The "current only" checkbox: ticked filters, unticked leaves every version."""


class CurrentOnlyFilter(django_filters.BooleanFilter):
    field_class = CurrentOnlyField


class DistrictSearchFilter(django_filters.Filter):
    """A kecamatan chosen through the search field (only those of the user's scope)."""

    field_class = ModelSearchField


class ArchiveFilter(BaseFilterSet):
    """Issued documents by kind, year of issue, kecamatan (wide coverages) and current only."""

    kind = django_filters.ChoiceFilter(
        label=_("Jenis dokumen"),
        choices=_kind_choices,
        empty_label=_("Semua"),
        widget=forms.Select(attrs=_SMALL_SELECT),
    )
    year = YearFilter(
        label=_("Tahun terbit"),
        field_name="issued_at",
        lookup_expr="year",
        widget=forms.NumberInput(attrs=_SMALL),
    )
    kecamatan = DistrictSearchFilter(
        label=_("Kecamatan"), key=SEARCH_DISTRICTS, method="filter_district"
    )
    current = CurrentOnlyFilter(
        label=_("Hanya versi terkini"),
        method="filter_current",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = IssuedDocument
        fields = ["kind", "year", "kecamatan", "current"]

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        scope = scope_of(request.user)
        if scope.national or len(scope.district_codes) > 1:
            self.form.fields["kecamatan"].limit_to(request.user)
        else:
            # One kecamatan: nothing to choose (the filter goes before the form is built).
            self.filters.pop("kecamatan")

    def filter_district(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(district_code=value.code) if value is not None else queryset

    def filter_current(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(superseded_by__isnull=True) if value else queryset


def _kind_titles() -> dict[str, str]:
    return {kind.key: str(kind.title) for kind in document_kinds()}


def _document_for(request: HttpRequest, pk: int) -> IssuedDocument:
    """The one access helper: a document the user may not read is not found (404)."""
    document = get_object_or_404(
        documents_visible_to(user=request.user).select_related("issued_by", "superseded_by"),
        pk=pk,
    )
    if not may_read(request.user, document):
        raise Http404
    return document


@require_GET
@login_required
def archive_list(request: HttpRequest) -> HttpResponse:
    """The issued documents the user may read, newest first, filtered and paged by key."""
    archive_filter, documents = filter_for_page(
        ArchiveFilter, request=request, queryset=documents_visible_to(user=request.user)
    )
    page = page_by_key(
        request,
        documents.select_related("issued_by"),
        ordering=ARCHIVE_ORDERING,
        page_size=ARCHIVE_PAGE_SIZE,
    )
    titles = _kind_titles()
    for document in page.rows:
        document.kind_title = titles.get(document.kind, document.kind)
    return render(
        request,
        "core/archive/list.html",
        {"filter": archive_filter, "page": page},
        status=400 if archive_filter.is_bound and archive_filter.errors else 200,
    )


@require_GET
@login_required
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One issued document: who issued it, when, from which data, its checksum, and its chain of
    versions (the issues of the same kind, subject and format the user may read)."""
    document = _document_for(request, pk)
    versions = list(
        documents_visible_to(user=request.user)
        .filter(kind=document.kind, subject_key=document.subject_key, format=document.format)
        .select_related("issued_by")
        .order_by(*ARCHIVE_ORDERING)
    )
    return render(
        request,
        "core/archive/detail.html",
        {
            "document": document,
            "kind_title": _kind_titles().get(document.kind, document.kind),
            "versions": versions,
            "supersedes": [v for v in versions if v.superseded_by_id == document.pk],
        },
    )


def corrupted_response(request: HttpRequest, document: IssuedDocument) -> HttpResponse:
    """The error page for an archived file that no longer matches its checksum (logged)."""
    logger.error(
        "Issued document %s (%s) does not match its checksum: not sent",
        document.pk,
        document.filename,
    )
    return render(request, "core/archive/corrupted.html", {"document": document}, status=500)


def archived_response(
    request: HttpRequest, document: IssuedDocument, *, inline: bool = False
) -> HttpResponse:
    """The exact bytes of an issued document (checksum verified), never cached; a mismatch
    answers the error page instead. Apps send their final documents through this."""
    try:
        content = read_archived(document)
    except ArchiveCorrupted:
        return corrupted_response(request, document)
    except FileNotFoundError:
        logger.error("Issued document %s has lost its file", document.pk)
        return render(request, "core/archive/corrupted.html", {"document": document}, status=500)
    response = HttpResponse(content, content_type=CONTENT_TYPES[DocumentFormat(document.format)])
    # Quoted (or RFC 6266 encoded) by Django: a name stored before download_name existed can
    # neither break the header nor add a parameter to it.
    name = download_name(document.filename, document.format)  # never empty
    response["Content-Disposition"] = content_disposition_header(not inline, name) or "inline"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def archive_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The document exactly as issued; audited as an export (who took which document)."""
    document = _document_for(request, pk)
    response = archived_response(request, document)
    if response.status_code == 200:
        record_change(
            actor=request.user,
            action=AuditAction.EXPORT,
            object_type=IssuedDocument._meta.label_lower,
            object_id=str(document.pk),
            object_repr=document.filename,
            district_code=document.district_code,
            note=f"{document.kind} sha256:{document.sha256[:12]}",
        )
    return response
