"""The API in the access matrix: the record behind each resource's path parameters
(`API_RECORDS`, `api_url`), the operations of the OpenAPI schema (`api_operations`), the rule of
every operation (`API_RULES`) and the valid bodies of the writes an empty body cannot reach
(`API_BODIES`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sitrantib.testing import access_fieldwork, access_indicators, access_villagedocs
from sitrantib.testing.access_matrix.shapes import (
    API_KECAMATAN_RECORD,
    API_MEETING_RECORD,
    API_SIGNED_IN,
    API_SURVEY_RECORD,
)
from sitrantib.testing.access_vocabulary import ACCEPT, BAD, DENY, HIDE, OK, resolve, shape

# The record behind "{id}" (or "{code}") of each API resource, by the path's first segment.
API_RECORDS: dict[str, str] = {
    "action-items": "action_item",
    "budget-lines": "budget_line",
    "equipment-issues": "equipment_issue",
    "equipment-stocks": "stock",
    "equipment-types": "equipment_type.code",
    "institutions": "polsek",
    "instructors": "instructor",
    "linmas-members": "member",
    "meetings": "meeting",
    "plans": "plan",
    "squads": "squad",
    "surveys": "open_period",
    "trainings": "training",
    "villages": "village.code",
    **access_fieldwork.API_RECORDS,
    **access_villagedocs.API_RECORDS,
    **access_indicators.API_RECORDS,
}


def api_resource(path: str) -> str:
    """The resource of an API path: "/api/v1/linmas-members/{id}/" -> "linmas-members"."""
    return path.removeprefix("/api/v1/").split("/")[0]


def api_url(path: str, scene: Any) -> str:
    """The schema path with its parameters filled from the scene."""
    record = API_RECORDS.get(api_resource(path), "")

    def fill(match: Any) -> str:
        name = match.group(1)
        source = "training_session" if name == "session_id" else record
        return str(resolve(scene, source))

    return re.sub(r"\{(\w+)\}", fill, path)


def api_operations() -> list[tuple[str, str]]:
    """(METHOD, path) of every operation of the OpenAPI schema, generated in-process."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    )


# The API, per operation "METHOD path" of the OpenAPI schema. A write is sent with an empty JSON
# body unless API_BODIES gives a valid one: then BAD (400) of an allowed writer means "reached
# the operation", and a reader must get 403/404 (or 400 when the record it names is out of its
# scope: ADR 0020 answers an id of another kecamatan like an id that does not exist).
API_RULES: dict[str, Mapping[str, str]] = {
    "DELETE /api/v1/trainings/{id}/sessions/{session_id}/": shape(
        DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT
    ),
    "GET /api/v1/action-items/": API_SIGNED_IN,
    "GET /api/v1/action-items/{id}/": API_MEETING_RECORD,
    "GET /api/v1/budget-lines/": API_SIGNED_IN,
    "GET /api/v1/budget-lines/{id}/": API_KECAMATAN_RECORD,
    "GET /api/v1/budget-lines/{id}/spending/": API_KECAMATAN_RECORD,
    "GET /api/v1/data-quality/": shape(DENY, admin=OK, outsider=OK, national=OK, regency=OK),
    "GET /api/v1/equipment-issues/": API_SIGNED_IN,
    "GET /api/v1/equipment-issues/{id}/": shape(
        OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/equipment-stocks/": API_SIGNED_IN,
    "GET /api/v1/equipment-stocks/{id}/": shape(
        OK, operator_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/equipment-types/": API_SIGNED_IN,
    "GET /api/v1/equipment-types/{code}/": API_SIGNED_IN,
    "GET /api/v1/institutions/": API_SIGNED_IN,
    "GET /api/v1/institutions/{id}/": shape(
        OK, operator=HIDE, operator_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/instructors/": API_SIGNED_IN,
    "GET /api/v1/instructors/{id}/": shape(OK, outsider=HIDE, superuser=HIDE),
    "GET /api/v1/linmas-members/": API_SIGNED_IN,
    "GET /api/v1/linmas-members/{id}/": shape(
        OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/meetings/": API_SIGNED_IN,
    "GET /api/v1/meetings/{id}/": API_MEETING_RECORD,
    "GET /api/v1/meetings/{id}/decisions/": API_MEETING_RECORD,
    "GET /api/v1/meetings/{id}/minutes/": shape(
        OK,
        operator=HIDE,
        operator_other=HIDE,
        partner=DENY,
        partner_other=HIDE,
        outsider=HIDE,
        superuser=HIDE,
    ),
    "GET /api/v1/plans/": API_SIGNED_IN,
    "GET /api/v1/plans/{id}/": API_KECAMATAN_RECORD,
    "GET /api/v1/squads/": API_SIGNED_IN,
    "GET /api/v1/squads/{id}/": shape(
        OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/surveys/": API_SIGNED_IN,
    "GET /api/v1/surveys/{id}/": API_SURVEY_RECORD,
    "GET /api/v1/surveys/{id}/result/": API_SURVEY_RECORD,
    "GET /api/v1/trainings/": API_SIGNED_IN,
    "GET /api/v1/trainings/{id}/": shape(OK, partner_other=HIDE, outsider=HIDE, superuser=HIDE),
    "GET /api/v1/trainings/{id}/attendance/": shape(
        OK, partner=DENY, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/trainings/{id}/certificates/": shape(
        OK, partner=DENY, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/trainings/{id}/completion/": shape(
        OK, partner=DENY, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/trainings/{id}/enrolments/": shape(
        OK, partner=DENY, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/trainings/{id}/sessions/": shape(
        OK, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "GET /api/v1/villages/": API_SIGNED_IN,
    "GET /api/v1/villages/{code}/": shape(OK, operator_other=HIDE, outsider=HIDE, superuser=HIDE),
    "PATCH /api/v1/budget-lines/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, staff=DENY, national=DENY, regency=DENY
    ),
    "PATCH /api/v1/equipment-stocks/{id}/": shape(
        DENY,
        admin=ACCEPT,
        operator=ACCEPT,
        operator_other=HIDE,
        outsider=HIDE,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "PATCH /api/v1/instructors/{id}/": shape(
        DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT
    ),
    "PATCH /api/v1/linmas-members/{id}/": shape(
        DENY,
        admin=ACCEPT,
        operator=ACCEPT,
        operator_other=HIDE,
        outsider=HIDE,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "PATCH /api/v1/meetings/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, staff=DENY, partner=DENY, national=ACCEPT, regency=ACCEPT
    ),
    "PATCH /api/v1/squads/{id}/": shape(
        DENY,
        admin=ACCEPT,
        operator=ACCEPT,
        operator_other=HIDE,
        outsider=HIDE,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "PATCH /api/v1/surveys/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, national=ACCEPT, regency=ACCEPT
    ),
    "PATCH /api/v1/trainings/{id}/": shape(
        DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT
    ),
    "PATCH /api/v1/trainings/{id}/sessions/{session_id}/": shape(
        DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT
    ),
    "POST /api/v1/action-items/": shape(
        BAD,  # the meeting it names is out of the viewer's scope: refused like an unknown id
        admin=ACCEPT,
        camat=DENY,
        staff=DENY,
        partner=DENY,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "POST /api/v1/action-items/{id}/evidence/": shape(
        BAD, operator=HIDE, operator_other=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
    ),
    "POST /api/v1/action-items/{id}/transition/": shape(
        HIDE,  # ADR 0020: the administrators and the owning institution move an item
        admin=ACCEPT,
        camat=DENY,
        staff=DENY,
        partner=ACCEPT,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "POST /api/v1/budget-lines/": shape(
        DENY, admin=ACCEPT, outsider=ACCEPT
    ),  # in the caller's own kecamatan
    "POST /api/v1/budget-lines/{id}/spending/": shape(
        HIDE, admin=BAD, camat=DENY, staff=DENY, national=DENY, regency=DENY
    ),
    "POST /api/v1/equipment-issues/": shape(
        BAD, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY
    ),
    "POST /api/v1/equipment-issues/{id}/return/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/equipment-stocks/": shape(
        BAD, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY
    ),
    "POST /api/v1/instructors/": shape(DENY, admin=BAD, outsider=BAD, national=BAD, regency=BAD),
    "POST /api/v1/linmas-members/": shape(
        BAD, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY
    ),
    "POST /api/v1/linmas-members/{id}/transition/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/meetings/": shape(
        BAD,  # the kecamatan and institutions it names are out of the viewer's scope
        admin=ACCEPT,
        camat=DENY,
        staff=DENY,
        partner=DENY,
        partner_other=DENY,
        national=ACCEPT,
        regency=ACCEPT,
    ),
    "POST /api/v1/plans/{id}/transition/": shape(
        HIDE, admin=DENY, camat=ACCEPT, staff=DENY, national=DENY, regency=DENY
    ),  # the Camat approves
    "POST /api/v1/squads/": shape(
        BAD, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY
    ),
    "POST /api/v1/surveys/": shape(DENY, admin=BAD, outsider=BAD, national=BAD, regency=BAD),
    "POST /api/v1/surveys/{id}/responses/": shape(BAD, anonymous=BAD),
    "POST /api/v1/surveys/{id}/transition/": shape(
        HIDE, admin=BAD, camat=DENY, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/": shape(DENY, admin=BAD, outsider=BAD, national=BAD, regency=BAD),
    "POST /api/v1/trainings/{id}/attendance/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/certificates/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/enrolments/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/scores/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/sessions/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "POST /api/v1/trainings/{id}/transition/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/budget-lines/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, staff=DENY, national=DENY, regency=DENY
    ),
    "PUT /api/v1/equipment-stocks/{id}/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/instructors/{id}/": shape(
        DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/linmas-members/{id}/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/meetings/{id}/": shape(
        HIDE, admin=ACCEPT, camat=DENY, staff=DENY, partner=DENY, national=ACCEPT, regency=ACCEPT
    ),
    "PUT /api/v1/meetings/{id}/minutes/": shape(
        HIDE, admin=BAD, camat=DENY, staff=DENY, partner=DENY, national=BAD, regency=BAD
    ),
    "PUT /api/v1/squads/{id}/": shape(
        DENY, admin=BAD, operator=BAD, operator_other=HIDE, outsider=HIDE, national=BAD, regency=BAD
    ),
    "PUT /api/v1/surveys/{id}/": shape(HIDE, admin=BAD, camat=DENY, national=BAD, regency=BAD),
    "PUT /api/v1/trainings/{id}/": shape(DENY, admin=BAD, outsider=HIDE, national=BAD, regency=BAD),
    **access_fieldwork.API_RULES,
    **access_villagedocs.API_RULES,
    **access_indicators.API_RULES,
}

# Valid bodies for writes whose empty body stops at validation for every role: the record's own
# representation (read by the administrator from `source`), with `changes`.
API_BODIES: dict[str, tuple[str, dict[str, Any]]] = {
    "POST /api/v1/meetings/": ("/api/v1/meetings/{id}/", {}),
    "PUT /api/v1/meetings/{id}/": ("/api/v1/meetings/{id}/", {}),
    "POST /api/v1/action-items/": ("/api/v1/action-items/{id}/", {}),
    "POST /api/v1/budget-lines/": (
        "/api/v1/budget-lines/{id}/",
        {"amount": 1000000, "code": "5.1.02.01.01.0054", "name": "Belanja Alat Tulis"},
    ),
    "PUT /api/v1/budget-lines/{id}/": ("/api/v1/budget-lines/{id}/", {"amount": 1000000}),
    "POST /api/v1/plans/{id}/transition/": ("", {"status": "approved"}),
    "POST /api/v1/action-items/{id}/transition/": ("", {"status": "in_progress"}),
    **access_fieldwork.API_BODIES,
    **access_villagedocs.API_BODIES,
    **access_indicators.API_BODIES,
}
