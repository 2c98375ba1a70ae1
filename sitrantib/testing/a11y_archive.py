"""The archive pages of the accessibility checks (`a11y.PAGES`, `EXCLUDED`, `SCENE`).

Who opens what follows `sitrantib/core/archive.py` (docs/adr/0100): every account opens the list
(it shows the documents its scope and each kind's rule let it read); a document's page is for
its kind's readers. The scene holds a meeting invitation issued twice: the first issue is
superseded by the second, so the page shows the chain of versions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitrantib.testing.a11y_page import Page

# fmt: off
PAGES: list[Page] = [
    # the list (a wide coverage also gets the kecamatan search field), one document and its chain
    Page("core:archive_list", ("admin", "operator", "regency")),
    Page("core:archive_detail", ("admin",), pk="issued_document"),
    Page("core:archive_detail", ("admin",), pk="issued_document_old"),
]
# fmt: on

EXCLUDED: dict[str, str] = {
    "core:archive_download": "file download (the document's stored bytes)",
}


def issue_invitation(s: Any, content: bytes, *, district: Any = None, title: str = "") -> Any:
    """An invitation of the scene's meeting kept in the archive (the bytes stand for the PDF)."""
    from sitrantib.core.archive import archive_document
    from sitrantib.core.models import DocumentFormat
    from sitrantib.meetings.archive_kinds import INVITATION

    district_code = (district or s.district).code
    return archive_document(
        kind=INVITATION.key,
        title=title or f"Undangan: {s.meeting.title}",
        subject_key=f"meeting:{s.meeting.pk}" if district is None else "meeting:foreign",
        district_code=district_code,
        fmt=DocumentFormat.PDF,
        content=content,
        filename=f"undangan-{s.meeting.pk}.pdf",
        actor=s.admin,
    )


SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("issued_document_old", lambda s: issue_invitation(s, b"%PDF-1.4 undangan pertama")),
    ("issued_document", lambda s: issue_invitation(s, b"%PDF-1.4 undangan kedua")),
]
