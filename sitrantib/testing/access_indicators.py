"""The indicator rules of the access matrix (`access_matrix.RULES`, `API_RULES`, ...).

The policy is `sitrantib/indicators/access.py` (docs/adr/0091):
- the section's administrator manages definitions, the kecamatan's achievement rules and manual
  values with their evidence (every administrator on its own kecamatan; a record of world.district
  is out of the other kecamatan's reach: 404);
- the Camat approves a manual value (the administrator who typed it cannot; nobody else may);
- the Camat and the kecamatan staff read every indicator with the records behind each value;
- a partner (Polsek or Koramil) reads the dashboard's numbers but not the record lists behind
  them (403);
- a kabupaten or national reader compares every kecamatan it covers side by side; nobody else
  opens that page;
- a desa operator reads none of it (403); the public page shows what the section publishes to
  anyone.
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
    REDIRECT,
    Rule,
    Target,
    shape,
    target,
    writes,
)

# URL arguments of the URL names that are no page of a11y.PAGES.
EXTRA_ARGS: dict[str, dict[str, str]] = {
    "indicators:approve": {"pk": "ind.manual_value"},
    "indicators:evidence_file": {"pk": "ind.evidence"},
}

# Shapes. Columns: the kecamatan's roles (admin, camat, staff), the desa operators (own desa,
# other desa), the partners (Polsek, Koramil: both of world.district), the other kecamatan, the
# wide coverages, the superuser without role, the anonymous visitor.
PUBLIC = shape(OK, anonymous=OK)
POST_ONLY = shape(NOT_ALLOWED)
# The dashboard's numbers: every reader of indicators, each on its own kecamatan; a reader of
# several kecamatan (kabupaten, national) is sent to the side-by-side page.
READ_NUMBERS = shape(
    OK, operator=DENY, operator_other=DENY, national=REDIRECT, regency=REDIRECT, superuser=DENY
)
# The same page of world.district chosen with ?kecamatan=: the other kecamatan may not.
READ_CHOSEN = shape(OK, operator=DENY, operator_other=DENY, outsider=HIDE, superuser=DENY)
# A list of the viewer's own kecamatan: a reader of several kecamatan names one (?kecamatan=).
READ_OWN_LIST = shape(
    OK, operator=DENY, operator_other=DENY, national=HIDE, regency=HIDE, superuser=DENY
)
# Every kecamatan of the viewer's scope side by side (a kecamatan's readers see their own row).
ACROSS = shape(OK, operator=DENY, operator_other=DENY, superuser=DENY)
# A definition of world.district (what it counts, its target and values), and the page of one
# value: its formula for every reader; the record lists behind it only for the kecamatan's own
# roles and the wide readers (the partner's page leaves them out: access.can_read_records).
READ_DEFINITION = shape(OK, operator=DENY, operator_other=DENY, outsider=HIDE, superuser=DENY)
# A manual value's evidence file: the kecamatan's roles and the wide readers.
READ_EVIDENCE = shape(
    OK,
    operator=DENY,
    operator_other=DENY,
    partner=HIDE,
    partner_other=HIDE,
    outsider=HIDE,
    superuser=DENY,
)
# The section's tools on its own kecamatan: its administrator (a wide reader names the kecamatan).
MANAGERS = shape(DENY, admin=OK, outsider=OK, national=HIDE, regency=HIDE)
# ... and on world.district chosen with ?kecamatan=.
MANAGERS_CHOSEN = shape(DENY, admin=OK, outsider=HIDE, national=OK, regency=OK)
# A definition or manual value of world.district: its administrators.
MANAGED_RECORD = shape(DENY, admin=OK, outsider=HIDE, national=OK, regency=OK)
# Approving world.district's manual value: its Camat alone.
APPROVE = shape(DENY, camat=ACCEPT, outsider=HIDE)

CHOSEN = "kecamatan=35.08.07"  # world.district
VARIANTS: dict[str, list[Target]] = {
    name: [target(name), target(name, query=CHOSEN, label="kecamatan")]
    for name in (
        "indicators:dashboard",
        "indicators:camat",
        "indicators:definition_list",
        "indicators:settings",
    )
}

RULES: list[Rule] = [
    Rule("indicators:dashboard", READ_NUMBERS),
    Rule("indicators:dashboard", READ_CHOSEN, label="kecamatan"),
    Rule("indicators:camat", READ_NUMBERS),
    Rule("indicators:camat", READ_CHOSEN, label="kecamatan"),
    Rule("indicators:across", ACROSS),
    Rule("indicators:across_map", ACROSS),
    Rule("indicators:definition_list", READ_OWN_LIST),
    Rule("indicators:definition_list", READ_CHOSEN, label="kecamatan"),
    Rule("indicators:definition_create", MANAGERS, post=writes(MANAGERS)),
    Rule("indicators:seed_from_plan", MANAGERS, post=writes(MANAGERS)),
    Rule("indicators:definition_detail", READ_DEFINITION),
    Rule("indicators:definition_edit", MANAGED_RECORD, post=writes(MANAGED_RECORD)),
    Rule("indicators:settings", MANAGERS, post=writes(MANAGERS)),
    Rule(
        "indicators:settings",
        MANAGERS_CHOSEN,
        post=writes(MANAGERS_CHOSEN),
        label="kecamatan",
    ),
    Rule("indicators:value_detail", READ_DEFINITION),
    Rule("indicators:manual_entry", MANAGED_RECORD, post=writes(MANAGED_RECORD)),
    Rule("indicators:approve", POST_ONLY, post=APPROVE),
    Rule("indicators:evidence_file", READ_EVIDENCE),
    Rule("indicators_public:published", PUBLIC),
]

# ---------------------------------------------------------------------------------------------
# The API: /api/v1/indicators/ (the year's indicators of the viewer's kecamatan).

API_RECORDS: dict[str, str] = {"indicators": "ind.peaceful.code"}
# A reader of several kecamatan (kabupaten, national) names one with `kecamatan=`: asked without
# it, 400. The other kecamatan has no indicator of world.district's code: 404.
API_RULES: dict[str, Mapping[str, str]] = {
    "GET /api/v1/indicators/": shape(
        OK, operator=DENY, operator_other=DENY, national=BAD, regency=BAD, superuser=DENY
    ),
    "GET /api/v1/indicators/{code}/values/": shape(
        OK,
        operator=DENY,
        operator_other=DENY,
        outsider=HIDE,
        national=BAD,
        regency=BAD,
        superuser=DENY,
    ),
    "GET /api/v1/indicators/{code}/records/": shape(
        OK,
        operator=DENY,
        operator_other=DENY,
        partner=DENY,
        partner_other=DENY,
        outsider=HIDE,
        national=BAD,
        regency=BAD,
        superuser=DENY,
    ),
}
API_BODIES: dict[str, tuple[str, dict[str, Any]]] = {}

# ---------------------------------------------------------------------------------------------
# The scene: the other kecamatan's definitions (one published, one manual with a typed value),
# FOREIGN in their names.


def _foreign_indicators(s: Any) -> Any:
    from decimal import Decimal
    from types import SimpleNamespace

    from sitrantib.indicators import services
    from sitrantib.testing.a11y_indicators import YEAR, manual_definition, year_value

    calculated = services.create_definition(
        district=s.other_district,
        year=YEAR,
        data={
            "code": "desa-tentram",
            "name": f"Persentase desa tentram {FOREIGN}",
            "level": "programme",
            "unit": "%",
            "method": "calculated",
            "calculator": "desa_peaceful_percent",
            "target": Decimal(90),
            "published": True,
            "position": 1,
        },
        actor=s.national,
    )
    manual = manual_definition(
        s.other_district, actor=s.national, name=f"Indikator manual {FOREIGN}", code="manual-asing"
    )
    value = year_value(manual)
    services.enter_manual_value(
        value=value, number=Decimal(2), note=f"Catatan {FOREIGN}", actor=s.national
    )
    return SimpleNamespace(calculated=calculated, manual=manual, value=value)


MATRIX_SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("ind_foreign", _foreign_indicators),
]

__all__ = [
    "API_BODIES",
    "API_RECORDS",
    "API_RULES",
    "EXTRA_ARGS",
    "MATRIX_SCENE",
    "RULES",
    "VARIANTS",
]
