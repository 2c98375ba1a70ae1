"""API fuzzing: every operation of /api/schema/ answers within its own schema.

Schemathesis reads the schema SiTrantib serves at /api/schema/ and calls the WSGI application in
process (no server, the test's database), a bounded number of generated requests per operation:

- the Admin Seksi Trantib of 35.08.07 with positive data (valid by the schema) and negative data
  (invalid by the schema), the village operator of Darungan (reads his desa, most writes 403) and
  an anonymous client (401 everywhere but the public survey endpoint);
- path ids point at real records of one scene three times out of four, so the fuzzer reaches the
  operations themselves, not only their 404.

Every answer must pass schemathesis' checks: no server error, a status code the operation
documents, a content type it documents, a body that matches the documented schema (errors too).
Each request runs in a savepoint that is rolled back, so the cases of one operation do not change
the scene of the next; generation is derandomized, so a run in CI repeats the one before.
`test_documented_answers_*` produce the rarer answers on purpose (409, 412, 429, 401, 403) and
check them against the schema the same way.
"""

import copy
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sitrantib.testing import a11y

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SCHEMA_PATH = "/api/schema/?format=json"

# Cases per operation and phase: about 81 operations x 34 cases, under two minutes on SQLite.
POSITIVE_CASES = 15
NEGATIVE_CASES = 10
OPERATOR_CASES = 5
ANONYMOUS_CASES = 4

# The records behind "{id}" / "{code}" of each resource (attributes of the scene).
RECORDS = {
    "action-items": ["action_item"],
    "budget-lines": ["budget_line"],
    "equipment-issues": ["equipment_issue"],
    "equipment-stocks": ["stock"],
    "equipment-types": ["equipment_type"],
    "institutions": ["polsek"],
    "instructors": ["instructor"],
    "linmas-members": ["member"],
    "meetings": ["meeting"],
    "plans": ["plan"],
    "squads": ["squad"],
    "surveys": ["open_period", "closed_period", "published_period"],
    "trainings": ["training", "records_training"],
    "villages": ["village", "sibling_village"],
    # village documents and indicators (a11y_villagedocs.SCENE, a11y_indicators.SCENE)
    "document-types": ["vdocs.own_type"],
    "document-obligations": [
        "vdocs.open",
        "vdocs.submitted",
        "vdocs.returned",
        "vdocs.accepted",
        "vdocs.waived",
    ],
    "indicators": ["ind.peaceful", "ind.manual"],
}
KEY_OF = {"equipment-types": "code", "villages": "code", "indicators": "code"}


# The scene -----------------------------------------------------------------------------------


def build_fuzz_scene(world: Any) -> SimpleNamespace:
    """a11y's scene (a record of every kind, trainings with sessions, participants, marks and
    certificates) plus the register's squads and equipment."""
    from sitrantib.linmas.models import EquipmentType
    from sitrantib.linmas.services import issue_equipment, save_squad, set_equipment

    scene = a11y.build_scene(world)
    scene.equipment_type = EquipmentType.objects.get_or_create(code="ht", defaults={"name": "HT"})[
        0
    ]
    scene.squad = save_squad(
        village=scene.village, name="Regu 1", leader=scene.member, actor=scene.operator
    )
    scene.stock = set_equipment(
        village=scene.village,
        item_type=scene.equipment_type,
        good=3,
        damaged=1,
        required=5,
        actor=scene.admin,
    )
    scene.equipment_issue = issue_equipment(
        member=scene.member,
        item_type=scene.equipment_type,
        quantity=1,
        issued_on=dt.date(2026, 1, 5),
        actor=scene.admin,
    )
    return scene


def _walk(scene: Any, path: str) -> Any:
    """The scene's object at a dotted path ("vdocs.open")."""
    value = scene
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _key(record: Any, resource: str) -> Any:
    return getattr(record, KEY_OF.get(resource, "pk"))


def body_values(scene: Any) -> dict[str, list[Any]]:
    """Real values for the fields of request bodies that name another record, so that a body
    can pass its serializer and reach the service."""
    members = [scene.member.pk] + [
        enrolment.member_id
        for training in (scene.training, scene.records_training)
        for enrolment in training.enrolments.order_by("pk")
    ]
    return {
        "meeting": [scene.meeting.pk],
        "decision": [scene.decision.pk],
        "owner_institution": [scene.polsek.pk],
        "institution": [scene.polsek.pk],
        "owner_person": [scene.person.pk],
        "activity": [scene.plan_activity.pk],
        "planned_activity": [scene.plan_activity.pk],
        "budget_line": [scene.budget_line.pk],
        "member": members,
        "leader": members,
        "squad": [scene.squad.pk],
        "item_type": [scene.equipment_type.code],
        "village": [scene.village.code, scene.sibling_village.code],
        "district": [scene.district.code],
        "session": [scene.training_session.pk, scene.records_session.pk],
        "instructor": [scene.instructor.pk],
    }


# The runner ----------------------------------------------------------------------------------

_SCHEMA_CACHE: dict[str, Any] = {}


def load_schema() -> Any:
    """The schema SiTrantib serves at /api/schema/, for calls into the WSGI application."""
    from config.wsgi import application

    if "raw" not in _SCHEMA_CACHE:
        loaded = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)
        _SCHEMA_CACHE["raw"] = copy.deepcopy(loaded.raw_schema)
    schema = schemathesis.openapi.from_dict(copy.deepcopy(_SCHEMA_CACHE["raw"]))
    schema.app = application
    # Credentials are the test's (a real token or none), never generated.
    schema.config.generation.with_security_parameters = False
    return schema


@pytest.fixture
def in_process() -> Iterator[None]:
    """Requests into the WSGI application keep the test's connection and transaction (as
    Django's test client does): no closing of "old" connections around each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class Fuzz:
    """Runs every operation of the schema with generated cases and collects what broke."""

    def __init__(self, scene: Any, *, headers: dict[str, str]) -> None:
        self.scene = scene
        self.headers = headers
        self.schema = load_schema()
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.failures: dict[str, list[str]] = {}
        self.without_cases: list[str] = []
        self.operations = [result.ok() for result in self.schema.get_all_operations()]
        self.body_values = body_values(scene)

    def run(self, *, mode: GenerationMode, cases: int) -> None:
        for operation in self.operations:
            self._run_operation(operation, mode=mode, cases=cases)

    def _run_operation(self, operation: Any, *, mode: GenerationMode, cases: int) -> None:
        resource = operation.path.removeprefix("/api/v1/").split("/")[0]
        records = [_walk(self.scene, path) for path in RECORDS.get(resource, [])]
        sessions = [self.scene.training_session, self.scene.records_session]

        @hypothesis_settings(
            max_examples=cases,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
        def one_case(case: Any, data: Any) -> None:
            path = case.path_parameters if isinstance(case.path_parameters, dict) else {}
            for name in ("id", "code"):
                if name in path and records and data.draw(st.integers(0, 3)) < 3:
                    path[name] = _key(data.draw(st.sampled_from(records)), resource)
            if "session_id" in path and data.draw(st.integers(0, 3)) < 3:
                path["session_id"] = data.draw(st.sampled_from(sessions)).pk
            body = case.body if isinstance(case.body, dict) else {}
            for name in sorted(body.keys() & self.body_values.keys()):
                if data.draw(st.integers(0, 3)) < 3:
                    body[name] = data.draw(st.sampled_from(self.body_values[name]))
            query = case.query if isinstance(case.query, dict) else {}
            if "cursor" in query and data.draw(st.integers(0, 3)) < 3:
                del query["cursor"]  # mostly a first page: filters, not only "Invalid cursor"
            self.call(case)

        try:
            one_case()
        except Unsatisfiable:
            # Negative mode: nothing of the operation can be made invalid (no parameter, no
            # body), so there is no negative case to send.
            self.without_cases.append(operation.label)

    def call(self, case: Any) -> Any:
        with transaction.atomic():
            response = case.call(headers=self.headers)
            self.statuses[(case.operation.label, response.status_code)] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=self.headers)
            except (AssertionError, BaseExceptionGroup) as failure:
                found = self.failures.setdefault(case.operation.label, [])
                if len(found) < 3:
                    found.append(_describe(case, response, failure))
            transaction.set_rollback(True)
        return response

    def report(self) -> str:
        answered = Counter(code for (_, code) in self.statuses.elements())
        return (
            f"{len(self.operations)} operations ({len(self.without_cases)} without a case), "
            f"{self.statuses.total()} cases, "
            f"status codes {dict(sorted(answered.items()))}"
        )

    def problems(self) -> list[str]:
        return [f"{label}: {text}" for label, found in self.failures.items() for text in found]


def _describe(case: Any, response: Any, failure: BaseException) -> str:
    body = response.content[:300].decode("utf-8", "replace")
    sent = {
        "path": case.formatted_path,
        "query": case.query,
        "body": case.body if isinstance(case.body, dict | list | str | int | None) else "…",
    }
    first_line = str(failure).strip().splitlines()
    kinds = [line.strip() for line in first_line if line.strip()][:12]
    return (
        f"{response.status_code} {kinds} sent={json.dumps(sent, default=str)[:300]} answer={body}"
    )


def _token_headers(user: Any) -> dict[str, str]:
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


# The fuzz ------------------------------------------------------------------------------------


@pytest.mark.sweep
def test_api_fuzz_admin_positive_answers_within_the_schema(world, in_process):
    scene = build_fuzz_scene(world)
    fuzz = Fuzz(scene, headers=_token_headers(scene.admin))

    fuzz.run(mode=GenerationMode.POSITIVE, cases=POSITIVE_CASES)

    print("admin, positive:", fuzz.report())
    assert fuzz.problems() == [], "\n".join(fuzz.problems())
    # The fuzzer reached the operations themselves, not only their refusals.
    assert {code for (_, code) in fuzz.statuses} >= {200, 201, 400, 404}


@pytest.mark.sweep
def test_api_fuzz_admin_negative_answers_within_the_schema(world, in_process):
    scene = build_fuzz_scene(world)
    fuzz = Fuzz(scene, headers=_token_headers(scene.admin))

    fuzz.run(mode=GenerationMode.NEGATIVE, cases=NEGATIVE_CASES)

    print("admin, negative:", fuzz.report())
    assert fuzz.problems() == [], "\n".join(fuzz.problems())


@pytest.mark.sweep
def test_api_fuzz_village_operator_answers_within_the_schema(world, in_process):
    scene = build_fuzz_scene(world)
    fuzz = Fuzz(scene, headers=_token_headers(scene.operator))

    fuzz.run(mode=GenerationMode.POSITIVE, cases=OPERATOR_CASES)

    print("village operator, positive:", fuzz.report())
    assert fuzz.problems() == [], "\n".join(fuzz.problems())
    assert {code for (_, code) in fuzz.statuses} >= {200, 403}


@pytest.mark.sweep
def test_api_fuzz_anonymous_answers_within_the_schema(world, in_process):
    scene = build_fuzz_scene(world)
    fuzz = Fuzz(scene, headers={})

    fuzz.run(mode=GenerationMode.POSITIVE, cases=ANONYMOUS_CASES)

    print("anonymous, positive:", fuzz.report())
    assert fuzz.problems() == [], "\n".join(fuzz.problems())
    refused = {label for (label, code) in fuzz.statuses if code == 401}
    public = {label for (label, code) in fuzz.statuses if code != 401}
    assert public == {"POST /api/v1/surveys/{id}/responses/"}
    assert len(refused) == len(fuzz.operations) - 1


# The rarer answers, produced on purpose and held to the schema the same way ------------------


def _header(response: Any, name: str) -> str:
    return ",".join(
        value
        for key, values in response.headers.items()
        if key.lower() == name.lower()
        for value in values
    )


def answer(schema: Any, method: str, path: str, *, headers: dict[str, str], **case: Any) -> Any:
    """One request built by hand, validated by the fuzz checks (AssertionError on a breach)."""
    made = schema[path][method].Case(headers=headers, **case)
    response = made.call()
    made.validate_response(response, checks=CHECKS, headers=headers)
    return response


def test_documented_answers_412_for_a_stale_or_malformed_if_match(world, in_process):
    from sitrantib.linmas.tests.conftest import make_member

    member = make_member(world.village, serial=11, occupation="Guru")
    schema = load_schema()
    headers = _token_headers(world.admin)
    path = "/api/v1/linmas-members/{id}/"

    fresh = answer(schema, "GET", path, headers=headers, path_parameters={"id": member.pk})
    stale = answer(
        schema,
        "PATCH",
        path,
        headers={**headers, "If-Match": '"7"'},
        path_parameters={"id": member.pk},
        body={"occupation": "Petani"},
        media_type="application/json",
    )
    malformed = answer(
        schema,
        "PATCH",
        path,
        headers={**headers, "If-Match": "W/1"},
        path_parameters={"id": member.pk},
        body={"occupation": "Petani"},
        media_type="application/json",
    )

    member.refresh_from_db()
    assert (fresh.status_code, _header(fresh, "ETag")) == (200, '"1"')
    assert (stale.status_code, _header(stale, "ETag")) == (412, '"1"')
    assert malformed.status_code == 412
    assert (member.version, member.occupation) == (1, "Guru")


def test_documented_answers_409_and_429_of_the_public_survey_endpoint(
    world, in_process, settings, monkeypatch
):
    from sitrantib.surveys import ratelimit
    from sitrantib.surveys.enums import PeriodStatus
    from sitrantib.surveys.tests.conftest import make_period, payload

    # Every submission falls in one minute of the rate limit.
    moment = dt.datetime(2026, 5, 1, 8, 30, 15, tzinfo=dt.UTC)
    monkeypatch.setattr(ratelimit, "_now", lambda: moment)

    settings.SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE = 2
    open_period = make_period(world)
    closed_period = make_period(world, status=PeriodStatus.CLOSED, title="SKM Triwulan II 2026")
    schema = load_schema()
    path = "/api/v1/surveys/{id}/responses/"

    def submit(period: Any) -> int:
        return answer(
            schema,
            "POST",
            path,
            headers={},
            path_parameters={"id": period.pk},
            body=payload(),
            media_type="application/json",
        ).status_code

    codes = [submit(closed_period), submit(open_period), submit(open_period)]
    missing = submit(SimpleNamespace(pk=999_999))

    assert (codes, missing) == ([409, 201, 429], 404)
    assert open_period.responses.count() == 1


def test_documented_answers_401_403_404_415_and_json_for_an_unknown_api_address(world, in_process):
    from sitrantib.linmas.tests.conftest import make_member

    member = make_member(world.village, serial=12)
    schema = load_schema()
    admin = _token_headers(world.admin)
    detail = "/api/v1/linmas-members/{id}/"

    anonymous = answer(schema, "GET", detail, headers={}, path_parameters={"id": member.pk})
    partner = answer(
        schema, "GET", detail, headers=_token_headers(world.partner), path_parameters={"id": 1}
    )
    camat_writes = answer(
        schema,
        "PATCH",
        detail,
        headers=_token_headers(world.camat),
        path_parameters={"id": member.pk},
        body={"occupation": "Petani"},
        media_type="application/json",
    )
    out_of_scope = answer(
        schema,
        "GET",
        detail,
        headers=_token_headers(world.outsider),
        path_parameters={"id": member.pk},
    )
    fraction = answer(schema, "GET", detail, headers=admin, path_parameters={"id": "1.5"})
    unreadable = answer(
        schema,
        "PATCH",
        detail,
        headers={**admin, "Content-Type": "text/plain"},
        path_parameters={"id": member.pk},
        body="occupation=Petani",
        media_type="text/plain",
    )

    assert [
        anonymous.status_code,
        camat_writes.status_code,
        out_of_scope.status_code,
        fraction.status_code,
        unreadable.status_code,
    ] == [401, 403, 404, 404, 415]
    assert partner.status_code in (403, 404)
    assert fraction.json()["detail"] == "Data tidak ditemukan."


def test_schema_documents_the_error_answers_of_every_operation(db):
    """What ApiSchema adds (core/openapi.py), checked on the schema served: a view that replaces
    the schema class, or answers what it does not declare, fails here or in the fuzz."""
    raw = load_schema().raw_schema
    missing = []
    for path, operations in raw["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            public = operation.get("security") == [{}]
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            expected = {"400"} | (set() if public else {"401", "403"})
            if "{" in path:
                expected.add("404")
            if "If-Match" in headers:
                expected.add("412")
            if "requestBody" in operation:
                expected.add("415")
            if not expected <= codes:
                missing.append(f"{method.upper()} {path}: {sorted(expected - codes)}")
    versioned_writes = [
        (method, path)
        for path, operations in raw["paths"].items()
        for method, operation in operations.items()
        if "412" in operation["responses"]
    ]
    public = raw["paths"]["/api/v1/surveys/{id}/responses/"]["post"]["responses"]

    assert missing == []
    assert len(versioned_writes) >= 20
    assert {"201", "200", "400", "404", "409", "415", "429"} <= set(public)
    assert "ApiError" in raw["components"]["schemas"]


def test_nul_byte_in_a_code_or_a_cursor_answers_4xx_on_every_database(world):
    """Found by the fuzz on PostgreSQL, which cannot compare text with a NUL byte: a code in a
    body (SlugRelatedField), a code in the path and a page cursor answered 500."""
    from rest_framework.test import APIClient

    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=_token_headers(world.admin)["Authorization"])
    start = "2026-01-01T08:00:00+07:00"
    bodies = [
        ("/api/v1/squads/", {"village": "\x00", "name": "Regu A"}),
        ("/api/v1/equipment-stocks/", {"village": world.village.code, "item_type": "\x00"}),
        ("/api/v1/meetings/", {"district": "\x00", "title": "R", "venue": "B", "starts_at": start}),
        ("/api/v1/trainings/", {"district": "\x00", "kind": "\x00", "title": "Pelatihan"}),
        ("/api/v1/instructors/", {"district": "\x00", "name": "Bripka Joko"}),
    ]
    reads = [
        "/api/v1/equipment-types/%00/",
        "/api/v1/villages/%00/",
        "/api/v1/linmas-members/?cursor=cD0AJm89MA==",  # position "\x00"
        "/api/v1/linmas-members/?cursor=cD1hYmM=",  # position "abc" for an integer key
    ]

    written = [client.post(url, body, format="json") for url, body in bodies]
    read = [client.get(url) for url in reads]

    assert [r.status_code for r in written] == [400] * len(bodies)
    assert all(400 <= r.status_code < 500 for r in read), [r.status_code for r in read]
    assert all(
        set(r.json()) == {"detail", "errors"} for r in written + read if r.status_code != 200
    )
