"""A small report kind for the catalogue, job and command tests: real DOCX, PDF and XLSX files
(python-docx, WeasyPrint, openpyxl) with the year and kecamatan written in them, readable by the
kecamatan's administrator, Camat and staff. The fixture `tiny_kind` (import
`tiny_kind_fixture`) registers it for one test only."""

import io
from collections.abc import Iterator
from typing import Any

import pytest

from sitrantib.core import archive
from sitrantib.core.enums import Role
from sitrantib.core.scoping import scope_of
from sitrantib.reports import catalogue
from sitrantib.reports.catalogue import (
    RenderedDocument,
    ReportKind,
    ReportRequest,
    ReportUnavailable,
    register_report,
)

TINY = "uji"
BUILDS: list[ReportRequest] = []
MESSAGE_NO_DATA = "Belum ada data tahun ini."  # a kind's gettext_noop message


def tiny_text(request: ReportRequest) -> str:
    return f"Laporan uji {request.district_code} tahun {request.year}"


def tiny_bytes(request: ReportRequest) -> bytes:
    text = tiny_text(request)
    if request.fmt == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    if request.fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append([text])
        sheet.append([request.year, 23400000])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    from weasyprint import HTML

    return bytes(HTML(string=f"<p>{text}</p>").write_pdf())


def build_tiny(request: ReportRequest) -> RenderedDocument:
    BUILDS.append(request)
    if request.year == 2001:
        raise ReportUnavailable(MESSAGE_NO_DATA)
    return RenderedDocument(
        content=tiny_bytes(request),
        filename=f"uji-{request.year}.{request.fmt}",
        title=f"Laporan uji {request.year}",
        subject_key=f"uji:{request.district_code}:{request.year}",
    )


def reads_tiny(user: Any, district_code: str) -> bool:
    scope = scope_of(user)
    return (
        not scope.is_empty
        and (scope.national or scope.role in {Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF})
        and scope.covers_district(district_code)
    )


def reads_admin_only(user: Any, district_code: str) -> bool:
    scope = scope_of(user)
    return scope.is_admin and scope.covers_district(district_code)


TINY_KIND = ReportKind(
    key=TINY,
    title="Laporan uji",
    formats=("docx", "pdf", "xlsx"),
    build=build_tiny,
    readers=reads_tiny,
    description="Laporan kecil untuk pengujian.",
)
ADMIN_KIND = ReportKind(
    key="uji_admin",
    title="Laporan uji khusus admin",
    formats=("pdf",),
    build=build_tiny,
    readers=reads_admin_only,
    needs_month=True,
)


@pytest.fixture(name="tiny_kind")
def tiny_kind_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReportKind]:
    """The test kinds registered beside the real ones, for this test only."""
    monkeypatch.setattr(catalogue, "_KINDS", dict(catalogue._KINDS))
    monkeypatch.setattr(archive, "_KINDS", dict(archive._KINDS))
    BUILDS.clear()
    register_report(TINY_KIND)
    register_report(ADMIN_KIND)
    yield TINY_KIND
    BUILDS.clear()
