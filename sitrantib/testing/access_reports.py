"""The rules of the document catalogue /laporan/ in the access matrix (`access_matrix.RULES`).

The policy is `sitrantib/reports/views.py` (docs/adr/0104): the section's administrator, the
Camat and the kecamatan staff open the catalogue of their kecamatan, and so do the readers of a
wider coverage (who choose the kecamatan of each document); each document kind then shows only
to those its own rule lets make it. Desa operators, partners and the superuser without role are
refused (403). Making a document is a POST from the catalogue's forms (an empty one is answered
with the catalogue and its message: nothing queued).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitrantib.testing.access_vocabulary import (
    DENY,
    HIDE,
    NOT_ALLOWED,
    OK,
    Rule,
    Target,
    shape,
    target,
    writes,
)

EXTRA_ARGS: dict[str, dict[str, str]] = {}

CATALOGUE = shape(DENY, admin=OK, camat=OK, staff=OK, outsider=OK, national=OK, regency=OK)

# The section's analysis of each indicator for the LKjIP (sitrantib/reports/views_performance.py,
# docs/adr/0102): read by the kecamatan's readers (the Camat, the administrator, the staff, and
# wide coverages); a kecamatan out of scope is 404; written by the kecamatan's administrator
# only (an indicator of world.district is out of the other kecamatan's reach: 404).
NARRATIVE_READERS = shape(DENY, admin=OK, camat=OK, staff=OK, outsider=OK, national=OK, regency=OK)
NARRATIVE_READERS_CHOSEN = shape(
    DENY, admin=OK, camat=OK, staff=OK, outsider=HIDE, national=OK, regency=OK
)
NARRATIVE_WRITERS = shape(DENY, admin=OK, outsider=HIDE, national=OK, regency=OK)
VARIANTS: dict[str, list[Target]] = {
    "reports:narrative_list": [
        target("reports:narrative_list"),
        target("reports:narrative_list", query="kecamatan=35.08.07&year=2026", label="kecamatan"),
    ],
}

RULES: list[Rule] = [
    Rule("reports:home", CATALOGUE),
    Rule("reports:make", shape(NOT_ALLOWED), post=writes(CATALOGUE)),
    Rule("reports:narrative_list", NARRATIVE_READERS),
    Rule("reports:narrative_list", NARRATIVE_READERS_CHOSEN, label="kecamatan"),
    Rule("reports:narrative_edit", NARRATIVE_WRITERS, post=writes(NARRATIVE_WRITERS)),
]

MATRIX_SCENE: list[tuple[str, Callable[[Any], Any]]] = []
