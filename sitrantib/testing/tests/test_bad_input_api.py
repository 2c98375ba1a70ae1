"""Every write operation of the API refuses bad input field by field and stores nothing.

The operations and their fields come from the OpenAPI schema (drf-spectacular, generated in
process), so a new endpoint is covered the day it appears. For each field a bounded sample of the
corpus (sitrantib/testing/bad_input.py) is sent by the kecamatan's administrator on top of a valid
body (the first record of the resource as the API shows it): the answer is 400 with the field named
in `errors`, no table gains or loses a row, and an updated record reads the same afterwards.
"""

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

from sitrantib.surveys.tests.conftest import payload as survey_payload
from sitrantib.testing.bad_input import (
    MISSING,
    cases_for_property,
    changed_counts,
    row_counts,
    sample,
)

from .seed import populate

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
COMPONENTS = SCHEMA["components"]
WRITES = ("post", "put", "patch")
OPERATIONS = sorted(
    (path, method)
    for path, operations in SCHEMA["paths"].items()
    for method in operations
    if method in WRITES
)
# Cases per field: the "missing" case of a required field and a rotation of the others.
CASES_PER_FIELD = 5
# Rows a refused request may legitimately write: the public survey endpoint counts every attempt
# per client address (rate limit), and a login keeps its session.
COUNTS_IGNORED = ("surveys.SubmissionCounter", "sessions.Session")
# Fields refused as a whole request on purpose, without naming them: the questionnaire's hidden
# "website" field is a trap for automated senders, who must not learn which field gave them away.
REFUSED_WITHOUT_NAME = {("surveys_responses_create", "website")}
# A valid body for the actions whose records no list shows (operationId: body); every other
# operation starts from a record the API itself returned.
VALID_BODIES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "v1_action_items_evidence_create": lambda seed: {"note": "Patroli dilaksanakan"},
    "v1_action_items_transition_create": lambda seed: {"status": "in_progress", "note": "Mulai"},
    "v1_equipment_issues_return_create": lambda seed: {"returned_on": "2026-02-01"},
    "v1_linmas_members_transition_create": lambda seed: {"status": "nonaktif", "note": "Pindah"},
    "v1_plans_transition_create": lambda seed: {"status": "submitted", "note": "Diajukan"},
    "v1_surveys_transition_create": lambda seed: {"status": "closed", "note": "Selesai"},
    "v1_trainings_transition_create": lambda seed: {"status": "running", "note": "Mulai"},
    "surveys_responses_create": lambda seed: survey_payload(),
    "v1_trainings_scores_create": lambda seed: {"member": seed["member"].pk, "pre": 60},
    "v1_trainings_enrolments_create": lambda seed: {"member": seed["spare_member"].pk},
    # The first incident the list shows is the reported one (seed: a11y_fieldwork.SCENE).
    "v1_incidents_transition_create": lambda seed: {"status": "verified", "note": "Dicek"},
}


def _request_schema(operation: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    content = operation.get("requestBody", {}).get("content", {})
    for media in ("application/json", "multipart/form-data"):
        if media in content:
            schema = content[media]["schema"]
            ref = schema.get("$ref")
            if ref:
                schema = COMPONENTS["schemas"][ref.rsplit("/", 1)[-1]]
            return media, schema
    return None


def _items(body: Any) -> list[Any]:
    if isinstance(body, dict) and "results" in body:
        return list(body["results"])
    return list(body) if isinstance(body, list) else []


def _resolve(client: Any, path: str) -> str:
    """The path with each `{param}` replaced by the first record the list before it shows."""
    while "{" in path:
        start = path.index("{")
        end = path.index("}", start)
        listing = client.get(path[:start])
        items = _items(listing.json()) if listing.status_code == 200 else []
        assert items, f"no record to try {path}: add one to seed.populate"
        first = items[0]
        value = first.get("id", first.get("code")) if isinstance(first, dict) else first
        path = f"{path[:start]}{value}{path[end + 1 :]}"
    return path


def _base_body(
    client: Any, operation: dict[str, Any], url: str, method: str, fields: dict[str, Any]
) -> dict:
    """A valid body to spoil: the record itself (update), the first record of the collection
    (create), the first item the action's own list shows, or the declared VALID_BODIES."""
    declared = VALID_BODIES.get(operation["operationId"])
    if declared is not None:
        return declared(client.seed)
    source = None
    if method in ("put", "patch"):
        source = client.get(url).json()
    else:
        response = client.get(url)
        if response.status_code == 200:
            items = _items(response.json())
            source = items[0] if items else None
    if not isinstance(source, dict):
        return {}
    body = {
        name: _as_sent(value, fields[name])
        for name, value in source.items()
        if name in fields and not fields[name].get("readOnly")
    }
    if method == "post" and "client_id" in body:
        # The first record's client id would only name that record again (a resend answers it
        # without reading the rest, docs/adr/0081): a new report gets its own.
        body["client_id"] = str(uuid.uuid4())
    return body


def _as_sent(value: Any, prop: dict[str, Any]) -> Any:
    """A value as a client sends it back: whole rupiah read as 1000000.0 are sent as 1000000."""
    if isinstance(value, float) and value.is_integer() and prop.get("format") == "decimal":
        return int(value)
    return value


def _send(client: Any, method: str, url: str, media: str, body: dict[str, Any]) -> Any:
    if media == "application/json":
        return getattr(client, method)(url, data=json.dumps(body), content_type=media)
    form = {k: v for k, v in body.items() if isinstance(v, str | int | float | bool)}
    if method == "post":
        return client.post(url, data=form)
    from django.test.client import MULTIPART_CONTENT, encode_multipart

    return getattr(client, method)(
        url, data=encode_multipart("XxBoUnDaRyxX", form), content_type=MULTIPART_CONTENT
    )


def _cases(operation: dict[str, Any], method: str, schema: dict[str, Any], media: str):
    required = set(schema.get("required", ())) if method != "patch" else set()
    for name, prop in schema.get("properties", {}).items():
        if prop.get("readOnly"):
            continue
        cases = cases_for_property(prop, required=name in required, components=COMPONENTS)
        if media != "application/json":  # a form field holds text only
            cases = [c for c in cases if c.value is MISSING or isinstance(c.value, str | int)]
        yield name, sample(cases, limit=CASES_PER_FIELD, seed=f"{operation['operationId']}.{name}")


def _refusal_problem(response: Any, field: str | None) -> str | None:
    """What is wrong with the answer to a bad value of `field`: anything but 400 with a
    message for the field (for `None`: a message at all)."""
    if response.status_code != 400:
        return f"{response.status_code} {response.content[:200]!r}"
    body = response.json()
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, dict) or not body.get("detail"):
        return f"400 without the project's error body: {json.dumps(body)[:300]}"
    if field is not None and field not in errors:
        return f"400 without the field: {json.dumps(body)[:300]}"
    return None


@pytest.fixture
def admin_client(client: Any, world: Any, settings: Any) -> Any:
    settings.SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE = 1_000_000
    client.seed = populate(world)
    client.force_login(world.admin)
    client.raise_request_exception = False
    return client


def test_every_write_operation_of_the_schema_is_tried() -> None:
    """The sweep below really covers the API: creates, updates, actions of every resource."""
    resources = {path.split("/")[3] for path, _ in OPERATIONS}
    assert len(OPERATIONS) >= 40
    assert {"linmas-members", "meetings", "budget-lines", "surveys", "trainings"} <= resources


@pytest.mark.sweep
@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_write_operation_refuses_bad_values_field_by_field_and_stores_nothing(
    admin_client: Any, path: str, method: str
) -> None:
    client = admin_client
    operation = SCHEMA["paths"][path][method]
    request = _request_schema(operation)
    if request is None:  # no body (e.g. issue the certificates): nothing to spoil
        assert not operation.get("requestBody")
        return
    media, schema = request
    url = _resolve(client, path)
    fields = schema.get("properties", {})
    base = _base_body(client, operation, url, method, fields)
    before_record = client.get(url).content if method in ("put", "patch") else None
    before = row_counts(COUNTS_IGNORED)

    problems = []
    sent = 0
    for field, cases in _cases(operation, method, schema, media):
        for case in cases:
            response = _send(client, method, url, media, case.apply(base, field))
            sent += 1
            named = (operation["operationId"], field) not in REFUSED_WITHOUT_NAME
            problem = _refusal_problem(response, field if named else None)
            after = row_counts(COUNTS_IGNORED)
            moved = changed_counts(before, after)
            if moved:
                problem = f"{problem or response.status_code}; stored {moved}"
                before = after
            if problem:
                problems.append(f"{field} <- {case.label}: {problem}")

    if before_record is not None:
        after_record = client.get(url).content
        if after_record != before_record:
            problems.append("the record changed")
    print(f"{method.upper()} {path}: {sent} cases")
    assert not problems, f"{method.upper()} {path}:\n" + "\n".join(problems)
