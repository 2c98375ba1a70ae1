"""The indicators API answers within its OpenAPI schema: its three operations fuzzed with
schemathesis (as core/tests/test_api_fuzz.py does for the whole API) for the roles that read
figures, records or nothing, with the path code pointing at a real indicator three times out of
four; and each documented answer (200 with values and nulls, 400, 401, 403, 404) produced on
purpose and checked against the schema."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.generation import GenerationMode

from sitrantib.core.tests.test_api_fuzz import CHECKS, in_process, load_schema  # noqa: F401
from sitrantib.fieldwork.tests.factories import make_visit, moment
from sitrantib.indicators.tests.factories import make_definition
from sitrantib.indicators.tests.test_api import manual_indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process")]

PATHS = (
    "/api/v1/indicators/",
    "/api/v1/indicators/{code}/values/",
    "/api/v1/indicators/{code}/records/",
)


@pytest.fixture
def scene(world):
    manual_indicator(world.district, "manual", values={"2026": "70", "2026-Q1": "20"})
    make_definition(world.district, "desa_monitored", year=2026, code="terpantau", target=2)
    make_definition(world.district, "ikm", year=2026, code="ikm", target=None, position=2)
    make_visit(world, when=moment(dt.date(2026, 3, 5)))
    return world


def _headers(user):
    if user is None:
        return {}
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


def _fuzz(schema, headers, *, mode, cases):
    failures = []
    statuses = set()
    for path in PATHS:
        operation = schema[path]["GET"]

        @hypothesis_settings(
            max_examples=cases,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
        def one_case(case, data):
            path_parameters = case.path_parameters if isinstance(case.path_parameters, dict) else {}
            if "code" in path_parameters and data.draw(st.integers(0, 3)) < 3:
                path_parameters["code"] = data.draw(st.sampled_from(["manual", "terpantau", "ikm"]))
            query = case.query if isinstance(case.query, dict) else {}
            if "year" in query and data.draw(st.integers(0, 3)) < 2:
                query["year"] = 2026
            response = case.call(headers=headers)
            statuses.add(response.status_code)
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (AssertionError, BaseExceptionGroup) as failure:
                failures.append(
                    f"{case.formatted_path} {case.query} {response.status_code}: "
                    f"{str(failure)[:300]}"
                )

        one_case()
    return statuses, failures


@pytest.mark.parametrize(
    ("role", "mode", "cases", "expected"),
    [
        ("admin", GenerationMode.POSITIVE, 25, {200, 404}),
        ("admin", GenerationMode.NEGATIVE, 10, {400}),
        ("partner", GenerationMode.POSITIVE, 8, {200, 403}),
        ("regency_admin", GenerationMode.POSITIVE, 8, {400}),
        ("operator", GenerationMode.POSITIVE, 5, {403}),
        (None, GenerationMode.POSITIVE, 4, {401}),
    ],
)
def test_api_fuzz_indicators_answer_within_the_schema(scene, role, mode, cases, expected):
    user = getattr(scene, role) if role else None
    statuses, failures = _fuzz(load_schema(), _headers(user), mode=mode, cases=cases)
    assert failures == [], "\n".join(failures)
    assert statuses >= expected, statuses


def _answer(schema, path, user, *, code=None, **query):
    headers = _headers(user)
    made = schema[path]["GET"].Case(
        headers=headers,
        path_parameters={"code": code} if code else {},
        query=query,
    )
    response = made.call()
    made.validate_response(response, checks=CHECKS, headers=headers)
    return response


def test_documented_answers_of_the_indicators_api(scene):
    schema = load_schema()
    listing, values, records = PATHS
    # 200 with figures, with nulls (no IKM survey), in every period; records of a calculated value.
    body = _answer(schema, listing, scene.admin, year=2026, period="M03").json()
    assert [item["code"] for item in body] == ["manual", "terpantau", "ikm"]
    assert _answer(schema, values, scene.admin, code="ikm", year=2026).status_code == 200
    found = _answer(schema, records, scene.admin, code="terpantau", year=2026, period="Q1")
    assert [r["label"] for r in found.json()["numerator_records"]] == ["Darungan"]
    # 400: a bad period, a year out of range, a wide coverage without its kecamatan.
    assert _answer(schema, listing, scene.admin, year=2026, period="Q7").status_code == 400
    assert _answer(schema, listing, scene.admin, year=1999).status_code == 400
    assert _answer(schema, listing, scene.national, year=2026).status_code == 400
    # 403: a role without indicators; a partner asking for records.
    assert _answer(schema, listing, scene.operator, year=2026).status_code == 403
    assert _answer(schema, records, scene.partner, code="manual", year=2026).status_code == 403
    # 404: an unknown code, a kecamatan outside the scope.
    assert _answer(schema, values, scene.admin, code="nope", year=2026).status_code == 404
    outside = _answer(schema, listing, scene.outsider, year=2026, kecamatan="35.08.07")
    assert outside.status_code == 404
    # 401: anonymous.
    assert _answer(schema, listing, None, year=2026).status_code == 401
