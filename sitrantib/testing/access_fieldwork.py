"""The field-work rules of the access matrix (`access_matrix.RULES`, `API_RULES`, ...).

The policy is `sitrantib/fieldwork/access.py` (docs/adr/0080):
- the section's administrator reads and writes everything of the kecamatan, and alone verifies
  and moves incidents, moderates the citizen reports, sets the situation rule and turns a
  recommendation into an action item;
- a desa operator reads and writes the registers, visits and incidents of their own desa (a
  record of another desa: 404);
- the Camat and the kecamatan staff read;
- a partner (the Polsek) reads only the incidents handed over to its institution (the scene's
  `handed_incident`); the uninvolved Koramil reads none of them;
- the administrator of another kecamatan and the superuser without a role read nothing of it;
- the public pages under /lapor/ are open to anyone, the service worker and the manifest too.

Refusals: a role that may not use a page at all gets 403 (DENY) or 404 (HIDE) as its view
decides; a record out of the viewer's scope is always 404.
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
    SIBLING,
    Rule,
    shape,
    target,
    writes,
)

# URL arguments of the URL names that are no page of a11y.PAGES.
EXTRA_ARGS: dict[str, dict[str, str]] = {
    "fieldwork:visit_resolve": {"pk": "visit"},
    "fieldwork:visit_photo_add": {"pk": "visit"},
    "fieldwork:visit_pdf": {"pk": "visit"},
    "fieldwork:incident_transition": {"pk": "handed_incident"},
    "fieldwork:incident_photo_add": {"pk": "incident"},
    "fieldwork:photo_file": {"pk": "visit_photo"},
    "fieldwork:photo_delete": {"pk": "visit_photo"},
    "fieldwork:report_verify": {"pk": "citizen_report"},
    "fieldwork:report_reject": {"pk": "citizen_report"},
}

# Shapes. Columns: the kecamatan's roles (admin, camat, staff), the desa operators (own desa,
# other desa), the partners (involved, not involved), the other kecamatan, the wide coverages,
# the superuser without role, the anonymous visitor.
PUBLIC = shape(OK, anonymous=OK)
POST_ONLY = shape(NOT_ALLOWED)
# A list or overview of the kecamatan: every reader, each on its own desa or kecamatan.
READ_LIST = shape(OK, partner=DENY, partner_other=DENY, superuser=DENY)
# A register, visit or desa page of world.village.
READ_RECORD = shape(
    OK, operator_other=HIDE, partner=DENY, partner_other=DENY, outsider=HIDE, superuser=DENY
)
# A form that records something new (in the writer's own desa or kecamatan).
WRITE_NEW = shape(
    DENY, admin=OK, operator=OK, operator_other=OK, outsider=OK, national=OK, regency=OK
)
# The form of a record of world.village: its operator and the administrators.
WRITE_RECORD = shape(
    DENY, admin=OK, operator=OK, operator_other=HIDE, outsider=HIDE, national=OK, regency=OK
)
# Visits, incidents and their photos: a role that reads none of them gets 404, as a record out
# of its scope does.
RECORD_LIST = shape(OK, partner=HIDE, partner_other=HIDE, superuser=HIDE)
RECORD = shape(
    OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
)
RECORD_WRITE = shape(
    DENY,
    admin=OK,
    operator=OK,
    operator_other=HIDE,
    partner=HIDE,
    partner_other=HIDE,
    outsider=HIDE,
    national=OK,
    regency=OK,
    superuser=HIDE,
)
# Turning a recommendation of world.village's visit into an action item: the administrators.
RECOMMENDATION_ACTION = shape(
    DENY,
    admin=OK,
    operator_other=HIDE,
    partner=HIDE,
    partner_other=HIDE,
    outsider=HIDE,
    national=OK,
    regency=OK,
    superuser=HIDE,
)
# Incident lists and maps: the readers and the partners (each sees what is handed to it).
INCIDENT_LIST = shape(OK, superuser=HIDE)
# The incident handed over to the Polsek.
HANDED_INCIDENT = shape(OK, operator_other=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE)
# The section's queue and tools: every administrator on their own kecamatan.
MANAGERS = shape(DENY, admin=OK, outsider=OK, national=OK, regency=OK)
# A record the section manages (citizen report of world.district).
MANAGED_RECORD = shape(DENY, admin=OK, outsider=HIDE, national=OK, regency=OK)
# The choices of one desa for the report forms of a wide scope: those who may write a report of
# world.village; anyone else gets 404, as for a desa out of scope.
VILLAGE_OPTIONS = shape(HIDE, admin=OK, operator=OK, national=OK, regency=OK)
# URL names asked with a query (access_matrix.VARIANTS).
VARIANTS = {
    "fieldwork:village_options": [
        target("fieldwork:village_options", query="desa=35.08.07.2001", label="desa"),
    ],
}
RULES: list[Rule] = [
    # A partner's home counts only the incidents handed over to it.
    Rule("fieldwork:home", shape(OK, superuser=DENY)),
    Rule("fieldwork:village", READ_RECORD),
    Rule("fieldwork:situations", READ_LIST),
    Rule("fieldwork:rule", MANAGERS, post=writes(MANAGERS)),
    Rule("fieldwork:calendar", READ_LIST),
    Rule("fieldwork:map_data", shape(OK, superuser=DENY)),
    Rule("fieldwork:village_options", VILLAGE_OPTIONS),
    Rule("fieldwork:post_list", READ_LIST),
    Rule("fieldwork:post_create", WRITE_NEW, post=writes(WRITE_NEW)),
    Rule("fieldwork:post_detail", READ_RECORD),
    Rule("fieldwork:post_edit", WRITE_RECORD, post=writes(WRITE_RECORD)),
    Rule("fieldwork:post_roster", WRITE_RECORD, post=writes(WRITE_RECORD)),
    Rule("fieldwork:task_force_list", READ_LIST),
    # A desa has one Satgas: the operator's desa has it already, and so has the other
    # kecamatan's only desa, so their form sends them to it.
    Rule(
        "fieldwork:task_force_create",
        shape(
            DENY,
            admin=OK,
            operator=REDIRECT,
            operator_other=OK,
            outsider=REDIRECT,
            national=OK,
            regency=OK,
        ),
        post=writes(WRITE_NEW),
    ),
    Rule("fieldwork:task_force_detail", READ_RECORD),
    Rule("fieldwork:task_force_edit", WRITE_RECORD, post=writes(WRITE_RECORD)),
    Rule("fieldwork:task_force_members", WRITE_RECORD, post=writes(WRITE_RECORD)),
    Rule("fieldwork:visit_create", WRITE_NEW, post=writes(WRITE_NEW)),
    Rule("fieldwork:visit_edit", RECORD_WRITE, post=writes(RECORD_WRITE)),
    Rule("fieldwork:incident_create", WRITE_NEW, post=writes(WRITE_NEW)),
    Rule("fieldwork:incident_edit", RECORD_WRITE, post=writes(RECORD_WRITE)),
    # The outbox lists what waits on the device itself and holds no record of the server.
    Rule("fieldwork:outbox", shape(OK)),
    Rule("fieldwork:service_worker", PUBLIC),
    Rule("fieldwork:manifest", PUBLIC),
    Rule("fieldwork:visit_list", RECORD_LIST),
    Rule("fieldwork:visit_detail", RECORD),
    Rule("fieldwork:visit_resolve", POST_ONLY, post=writes(RECORD_WRITE)),
    Rule("fieldwork:visit_photo_add", POST_ONLY, post=writes(RECORD_WRITE)),
    Rule("fieldwork:visit_pdf", RECORD),
    Rule(
        "fieldwork:recommendation_action",
        RECOMMENDATION_ACTION,
        post=writes(RECOMMENDATION_ACTION),
    ),
    Rule("fieldwork:incident_list", INCIDENT_LIST),
    Rule("fieldwork:incident_map", INCIDENT_LIST),
    Rule("fieldwork:incident_monthly", INCIDENT_LIST),
    Rule("fieldwork:incident_detail", HANDED_INCIDENT),
    Rule(
        "fieldwork:incident_transition",
        POST_ONLY,
        post=shape(
            DENY,
            admin=ACCEPT,
            operator_other=HIDE,
            partner_other=HIDE,
            outsider=HIDE,
            national=ACCEPT,
            regency=ACCEPT,
            superuser=HIDE,
        ),
    ),
    Rule("fieldwork:incident_photo_add", POST_ONLY, post=writes(RECORD_WRITE)),
    Rule("fieldwork:photo_file", RECORD),
    Rule("fieldwork:photo_delete", POST_ONLY, post=writes(RECORD_WRITE)),
    Rule("fieldwork:report_queue", MANAGERS),
    Rule("fieldwork:report_detail", MANAGED_RECORD),
    Rule("fieldwork:report_verify", POST_ONLY, post=writes(MANAGED_RECORD)),
    Rule("fieldwork:report_reject", POST_ONLY, post=writes(MANAGED_RECORD)),
    # One kecamatan takes reports: the start page sends everyone to its form.
    Rule("fieldwork_public:start", shape(REDIRECT, anonymous=REDIRECT)),
    Rule("fieldwork_public:form", PUBLIC, post=writes(PUBLIC)),
    Rule("fieldwork_public:status_lookup", PUBLIC),
    Rule("fieldwork_public:status", PUBLIC),
]

# ---------------------------------------------------------------------------------------------
# The API: /api/v1/posts/, task-forces, visits, incident-categories, incidents (+ transition),
# village-situations.

API_RECORDS: dict[str, str] = {
    "posts": "post",
    "task-forces": "task_force",
    "visits": "visit",
    "incidents": "handed_incident",
    "incident-categories": "handed_incident.category.code",
}

API_LIST = shape(OK)  # every account: the list holds only what the viewer's scope holds
API_READ_RECORD = shape(
    OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
)
API_CREATE = shape(BAD, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY)
API_UPDATE = shape(
    DENY,
    admin=ACCEPT,
    operator=ACCEPT,
    operator_other=HIDE,
    outsider=HIDE,
    national=ACCEPT,
    regency=ACCEPT,
)
API_REPLACE = {
    viewer: BAD if outcome == ACCEPT else outcome for viewer, outcome in API_UPDATE.items()
}


def _register(resource: str, *, replace: bool = True) -> dict[str, Mapping[str, str]]:
    rules: dict[str, Mapping[str, str]] = {
        f"GET /api/v1/{resource}/": API_LIST,
        f"GET /api/v1/{resource}/{{id}}/": API_READ_RECORD,
        f"POST /api/v1/{resource}/": API_CREATE,
        f"PATCH /api/v1/{resource}/{{id}}/": API_UPDATE,
    }
    if replace:
        rules[f"PUT /api/v1/{resource}/{{id}}/"] = API_REPLACE
    return rules


HANDED_INCIDENT_WRITE = shape(
    DENY,
    admin=ACCEPT,
    operator=BAD,
    operator_other=HIDE,
    outsider=HIDE,
    national=ACCEPT,
    regency=ACCEPT,
)

API_RULES: dict[str, Mapping[str, str]] = {
    **_register("posts"),
    **_register("task-forces"),
    **_register("visits"),
    "GET /api/v1/incident-categories/": API_LIST,
    "GET /api/v1/incident-categories/{code}/": API_LIST,
    "GET /api/v1/incidents/": API_LIST,
    "GET /api/v1/incidents/{id}/": shape(
        OK, operator_other=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "POST /api/v1/incidents/": API_CREATE,
    # Writes to the handed-over incident: the API refuses a role that may not write at all
    # before looking the record up (403); the operator of its desa gets 400 (no longer
    # "reported": only the section changes it), the operator of another desa 404.
    "PATCH /api/v1/incidents/{id}/": HANDED_INCIDENT_WRITE,
    "PUT /api/v1/incidents/{id}/": HANDED_INCIDENT_WRITE,
    "POST /api/v1/incidents/{id}/transition/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "GET /api/v1/village-situations/": API_LIST,
}

# Writes sent with the record as the administrator reads it (its version in If-Match), so that
# the answer is the role's, not a stale version's.
API_BODIES: dict[str, tuple[str, dict[str, Any]]] = {
    "PATCH /api/v1/incidents/{id}/": ("/api/v1/incidents/{id}/", {}),
    "PUT /api/v1/incidents/{id}/": ("/api/v1/incidents/{id}/", {}),
}

# ---------------------------------------------------------------------------------------------
# The scene: a Poskamling and an incident of the other desa (the operator of world.village must
# not see them), and a record of every kind in the other kecamatan (FOREIGN in its text).


def _sibling_records(s: Any) -> Any:
    from types import SimpleNamespace

    from sitrantib.fieldwork.services import incidents, registers
    from sitrantib.fieldwork.tests.factories import incident_input

    post = registers.create_post(
        village=s.sibling_village, data={"name": f"Pos {SIBLING}"}, actor=s.admin
    )
    incident, _ = incidents.create_incident(
        village=s.sibling_village,
        data=incident_input(description=f"Kejadian {SIBLING}", place=f"Dusun {SIBLING}"),
        actor=s.admin,
    )
    return SimpleNamespace(post=post, incident=incident)


def _foreign_fieldwork(s: Any) -> Any:
    from types import SimpleNamespace

    from sitrantib.fieldwork.enums import IncidentStatus
    from sitrantib.fieldwork.services import incidents, registers, visits
    from sitrantib.fieldwork.tests.factories import incident_input, visit_input

    village = s.foreign_village
    post = registers.create_post(
        village=village,
        data={"name": f"Pos {FOREIGN}", "latitude": -8.1, "longitude": 113.2},
        actor=s.national,
    )
    task_force = registers.create_task_force(
        village=village, data={"leader_name": f"Ketua {FOREIGN}"}, actor=s.national
    )
    visit, _ = visits.create_visit(
        village=village,
        data=visit_input(findings=f"Temuan {FOREIGN}", place=f"Balai {FOREIGN}"),
        actor=s.national,
    )
    incident, _ = incidents.create_incident(
        village=village,
        data=incident_input(
            description=f"Kejadian {FOREIGN}",
            place=f"Pasar {FOREIGN}",
            latitude=-8.1,
            longitude=113.2,
        ),
        actor=s.national,
    )
    incidents.transition_incident(
        incident=incident,
        to_status=IncidentStatus.HANDED_OVER,
        handed_to=s.foreign.police,
        actor=s.national,
        note=f"Ke Polsek {FOREIGN}",
    )
    return SimpleNamespace(post=post, task_force=task_force, visit=visit, incident=incident)


MATRIX_SCENE: list[tuple[str, Callable[[Any], Any]]] = [
    ("fieldwork_sibling", _sibling_records),
    ("fieldwork_foreign", _foreign_fieldwork),
]

__all__ = ["API_BODIES", "API_RECORDS", "API_RULES", "EXTRA_ARGS", "MATRIX_SCENE", "RULES"]
