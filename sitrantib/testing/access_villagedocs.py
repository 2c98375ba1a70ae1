"""The village-document rules of the access matrix (`access_matrix.RULES`, `API_RULES`, ...).

The policy is `sitrantib/villagedocs/access.py` (docs/adr/0090):
- the desa operator reads the obligations of their own desa and uploads its documents (an
  obligation of another desa: 404);
- the kecamatan staff and the section's administrator read every desa of the kecamatan, stamp a
  paper document as received, and accept or return a submission;
- the administrator alone manages the kecamatan's document types, generates the year's
  obligations, makes an event's obligation, waives one and sets the kecamatan's rules;
- the Camat reads everything of the kecamatan (the late desa are listed for him) and writes
  nothing;
- partners read nothing here; the administrator of another kecamatan reads nothing of this one;
  the superuser without a role reaches nothing.

A role that may not use a page at all gets 403 (DENY); a record out of the viewer's scope is
404 (HIDE).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sitrantib.testing.access_vocabulary import (
    ACCEPT,
    BAD,
    DENY,
    FOREIGN,
    HIDE,
    NOT_ALLOWED,
    OK,
    SIBLING,
    Rule,
    shape,
    writes,
)

# URL arguments of the URL names that are no page of a11y.PAGES.
EXTRA_ARGS: dict[str, dict[str, str]] = {
    "villagedocs:submit": {"pk": "vdocs.open"},
    "villagedocs:stamp": {"pk": "vdocs.open"},
    "villagedocs:waive": {"pk": "vdocs.open"},
    "villagedocs:judge": {"pk": "vdocs.submission"},
    "villagedocs:submission_file": {"pk": "vdocs.submission"},
}

# Shapes. Columns: the kecamatan's roles (admin, camat, staff), the desa operators (own desa,
# other desa), the partners (involved, not involved), the other kecamatan, the wide coverages,
# the superuser without role, the anonymous visitor.
POST_ONLY = shape(NOT_ALLOWED)
# A list or overview: every reader, each on its own desa or kecamatan.
READ_LIST = shape(OK, partner=DENY, partner_other=DENY, superuser=DENY)
# An obligation of world.village (and its submission's file).
READ_RECORD = shape(
    OK, operator_other=HIDE, partner=DENY, partner_other=DENY, outsider=HIDE, superuser=DENY
)
# The section's tools on its own kecamatan: every administrator.
MANAGERS = shape(DENY, admin=OK, outsider=OK, national=OK, regency=OK)
# A document type of world.district's own: its administrators.
MANAGED_TYPE = shape(DENY, admin=OK, outsider=HIDE, national=OK, regency=OK)
# Sending a document of world.village: its operator and the kecamatan's receivers.
UPLOAD = shape(
    DENY,
    admin=ACCEPT,
    staff=ACCEPT,
    operator=ACCEPT,
    operator_other=HIDE,
    outsider=HIDE,
    national=ACCEPT,
    regency=ACCEPT,
)
# Stamping as received, accepting or returning: the kecamatan's receivers.
RECEIVE = shape(
    DENY,
    admin=ACCEPT,
    staff=ACCEPT,
    operator_other=HIDE,
    outsider=HIDE,
    national=ACCEPT,
    regency=ACCEPT,
)
# Waiving an obligation of world.village: the administrators.
MANAGE_RECORD = shape(
    DENY, admin=ACCEPT, operator_other=HIDE, outsider=HIDE, national=ACCEPT, regency=ACCEPT
)

RULES: list[Rule] = [
    Rule("villagedocs:home", READ_LIST),
    Rule("villagedocs:late", READ_LIST),
    Rule("villagedocs:settings", MANAGERS, post=writes(MANAGERS)),
    Rule("villagedocs:obligation_list", READ_LIST),
    Rule("villagedocs:generate", MANAGERS, post=writes(MANAGERS)),
    Rule("villagedocs:event_create", MANAGERS, post=writes(MANAGERS)),
    Rule("villagedocs:obligation_detail", READ_RECORD),
    Rule("villagedocs:submit", POST_ONLY, post=UPLOAD),
    Rule("villagedocs:stamp", POST_ONLY, post=RECEIVE),
    Rule("villagedocs:waive", POST_ONLY, post=MANAGE_RECORD),
    Rule("villagedocs:judge", POST_ONLY, post=RECEIVE),
    Rule("villagedocs:submission_file", READ_RECORD),
    # The types and their deadline rules are the administrator's tool (the other roles read each
    # obligation's deadline where it is shown).
    Rule("villagedocs:type_list", MANAGERS),
    Rule("villagedocs:type_create", MANAGERS, post=writes(MANAGERS)),
    Rule("villagedocs:type_edit", MANAGED_TYPE, post=writes(MANAGED_TYPE)),
]

# ---------------------------------------------------------------------------------------------
# The API: /api/v1/document-types/, document-obligations (+ submissions), document-on-time.

API_RECORDS: dict[str, str] = {
    "document-types": "vdocs.own_type",
    "document-obligations": "vdocs.open",
}
API_READ_LIST = shape(OK, partner=DENY, partner_other=DENY, superuser=DENY)
API_READ_TYPE = shape(OK, partner=DENY, partner_other=DENY, outsider=HIDE, superuser=DENY)
API_READ_RECORD = shape(
    OK, operator_other=HIDE, partner=DENY, partner_other=DENY, outsider=HIDE, superuser=DENY
)
API_CHANGE_TYPE = shape(DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT)
API_RULES: dict[str, Mapping[str, str]] = {
    "GET /api/v1/document-types/": API_READ_LIST,
    "GET /api/v1/document-types/{id}/": API_READ_TYPE,
    # The body names world.district (the type as its administrator reads it): the other
    # kecamatan's administrator may not create there.
    "POST /api/v1/document-types/": shape(DENY, admin=ACCEPT, national=ACCEPT, regency=ACCEPT),
    "PATCH /api/v1/document-types/{id}/": API_CHANGE_TYPE,
    "PUT /api/v1/document-types/{id}/": API_CHANGE_TYPE,
    "GET /api/v1/document-obligations/": API_READ_LIST,
    "GET /api/v1/document-obligations/{id}/": API_READ_RECORD,
    "GET /api/v1/document-obligations/{id}/submissions/": API_READ_RECORD,
    # Multipart only: the JSON body of the matrix reaches the operation as 415 (BAD). The
    # Camat's refusal comes once the body is read (the service's 403, villagedocs/tests).
    "POST /api/v1/document-obligations/{id}/submissions/": shape(
        BAD,
        operator_other=HIDE,
        partner=DENY,
        partner_other=DENY,
        outsider=HIDE,
        superuser=DENY,
    ),
    # Asked without its required `year`: every reader reaches the operation (400).
    "GET /api/v1/document-on-time/": shape(BAD, partner=DENY, partner_other=DENY, superuser=DENY),
}
# A new type sent as the administrator reads the kecamatan's own one, under a code of its own.
API_BODIES: dict[str, tuple[str, dict[str, Any]]] = {
    "POST /api/v1/document-types/": ("/api/v1/document-types/{id}/", {"code": "laporan-ronda"}),
    "PUT /api/v1/document-types/{id}/": ("/api/v1/document-types/{id}/", {}),
}

# ---------------------------------------------------------------------------------------------
# The scene: an obligation of the other desa (the operator of world.village must not see it), and
# the other kecamatan's own document type and an obligation with its submission (FOREIGN in
# their text).


def _sibling_obligation(s: Any) -> Any:
    import datetime as dt

    from sitrantib.testing.a11y_villagedocs import make_obligation, pdf_upload
    from sitrantib.villagedocs import services

    obligation = make_obligation(
        s,
        "rekap-penduduk",
        "2026-01",
        dt.date(2026, 2, 10),
        village=s.sibling_village,
        note=f"Catatan {SIBLING}",
    )
    services.submit_document(
        obligation=obligation,
        actor=s.sibling_operator,
        file=pdf_upload(f"rekap-{SIBLING}.pdf"),
        note=f"Dikirim {SIBLING}",
    )
    return obligation


def _foreign_villagedocs(s: Any) -> Any:
    import datetime as dt
    from types import SimpleNamespace

    from sitrantib.testing.a11y_villagedocs import make_obligation, pdf_upload
    from sitrantib.villagedocs import services

    own_type = services.create_document_type(
        district=s.other_district,
        data={
            "code": "laporan-asing",
            "name": f"Laporan {FOREIGN}",
            "frequency": "monthly",
            "due_day": 5,
        },
        actor=s.national,
    )
    obligation = make_obligation(
        s,
        "lppd",
        "2025",
        dt.date(2026, 3, 31),
        village=s.foreign_village,
        note=f"Catatan {FOREIGN}",
    )
    submission = services.submit_document(
        obligation=obligation,
        actor=s.national,
        file=pdf_upload(f"lppd-{FOREIGN}.pdf"),
        note=f"Dikirim {FOREIGN}",
    )
    return SimpleNamespace(own_type=own_type, obligation=obligation, submission=submission)


MATRIX_SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("vdocs_sibling", _sibling_obligation),
    ("vdocs_foreign", _foreign_villagedocs),
]

__all__ = ["API_BODIES", "API_RECORDS", "API_RULES", "EXTRA_ARGS", "MATRIX_SCENE", "RULES"]
