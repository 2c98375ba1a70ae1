"""The archive rules of the access matrix (`access_matrix.RULES`, `EXTRA_ARGS`, `MATRIX_SCENE`).

The policy is `sitrantib/core/archive.py` (docs/adr/0100): every account opens the list, which
holds only the issued documents of its scope that its kinds' rules let it read; a document (its
page and its download) outside that is not found (404). The scene's document is a meeting
invitation of world.district: the kecamatan's roles and the wide coverages read it (the meeting
documents' archived copy is the full record, ADR 0020); desa operators, partners, the other
kecamatan and the superuser without role do not. The other kecamatan has its own invitation
(FOREIGN in its title), which no viewer of world.district may see in the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitrantib.testing.access_vocabulary import FOREIGN, HIDE, OK, Rule, shape

EXTRA_ARGS: dict[str, dict[str, str]] = {
    "core:archive_download": {"pk": "issued_document"},
}

READ_DOCUMENT = shape(HIDE, admin=OK, camat=OK, staff=OK, national=OK, regency=OK)

RULES: list[Rule] = [
    Rule("core:archive_list", shape(OK)),  # every account: the list shows its own reach only
    Rule("core:archive_detail", READ_DOCUMENT),
    Rule("core:archive_download", READ_DOCUMENT),
]


def _foreign_document(s: Any) -> Any:
    from sitrantib.testing.a11y_archive import issue_invitation

    return issue_invitation(
        s, b"%PDF-1.4 undangan asing", district=s.other_district, title=f"Undangan {FOREIGN}"
    )


MATRIX_SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("foreign_issued_document", _foreign_document),
]
