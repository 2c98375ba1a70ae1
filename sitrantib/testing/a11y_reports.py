"""The document catalogue's pages in the accessibility checks (`a11y.PAGES`, `EXCLUDED`, `SCENE`).

Who opens what follows `sitrantib/reports/views.py` (docs/adr/0104): the section's
administrator, the Camat and the kecamatan staff open the catalogue of their kecamatan (a form
per document they may make, and the recently issued documents); a kabupaten reader also chooses
the kecamatan of each document with the search field. The scene keeps one issued document of
the catalogue in the archive, so the list of recent documents is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitrantib.testing.a11y_page import Page

# fmt: off
PAGES: list[Page] = [
    # the catalogue: the forms, the recent documents (a wide coverage: the kecamatan search field)
    Page("reports:home", ("admin", "staff", "camat", "national", "regency")),
    # the section's analysis of each indicator for the LKjIP (ADR 0102): the list of the
    # indicators of the year with their analysis, the form of one indicator
    Page("reports:narrative_list", ("admin", "staff", "camat")),
    Page("reports:narrative_list", ("admin",), query="year=2026&kecamatan=35.08.07"),
    Page("reports:narrative_edit", ("admin",), pk="ind.peaceful"),
]
# fmt: on

EXCLUDED: dict[str, str] = {
    "reports:make": "POST-only: queues a document (its forms are on reports:home)",
}


def issue_report_copy(s: Any) -> Any:
    """A document of the catalogue's first kind kept in the archive (the bytes stand for it)."""
    from sitrantib.core.archive import archive_document
    from sitrantib.reports.catalogue import report_kinds
    from sitrantib.reports.services import archive_kind_key, register_archive_kind

    kinds = report_kinds()
    if not kinds:
        return None
    kind = kinds[0]
    register_archive_kind(kind)
    fmt = kind.formats[0]
    return archive_document(
        kind=archive_kind_key(kind.key),
        title=f"{kind.title} 2020",
        subject_key=f"{kind.key}:{s.district.code}:2020",
        district_code=s.district.code,
        fmt=fmt,
        content=b"%PDF-1.4 dokumen uji",
        filename=f"{kind.key}-2020.{fmt}",
        actor=s.admin,
        params={"year": 2020, "format": fmt},
    )


SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("issued_report", issue_report_copy),
]
