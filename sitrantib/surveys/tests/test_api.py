"""API: periods for the section, the public response endpoint, the result in the issue's format."""

import uuid
from typing import Any

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from sitrantib.core.models import AuditEntry
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import Answer, SurveyResponse
from sitrantib.surveys.tests.conftest import make_period, payload

pytestmark = pytest.mark.django_db


def client_for(user: Any = None) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    if user is not None:
        client.force_authenticate(user)
    return client


def responses_url(period: Any) -> str:
    return f"/api/v1/surveys/{period.pk}/responses/"


def test_create_survey_returns_target_public_url_and_status(world: Any) -> None:
    body = {
        "title": "SKM Semester I 2026",
        "service": "Rekomendasi izin keramaian",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "population": 220,
    }
    reply = client_for(world.admin).post("/api/v1/surveys/", body, format="json")
    data = reply.json()
    assert reply.status_code == 201
    assert (data["sample_target"], data["status"], data["district"]) == (140, "draft", "35.08.07")
    assert data["public_url"].startswith("http://testserver/s/")
    assert data["id"] > 0


def test_create_survey_by_camat_is_forbidden(world: Any) -> None:
    body = {
        "title": "X",
        "service": "Y",
        "period_start": "2026-01-01",
        "period_end": "2026-01-02",
        "population": 10,
    }
    reply = client_for(world.camat).post("/api/v1/surveys/", body, format="json")
    assert reply.status_code == 403


def test_create_survey_rejects_end_before_start(world: Any) -> None:
    body = {
        "title": "X",
        "service": "Y",
        "period_start": "2026-02-01",
        "period_end": "2026-01-02",
        "population": 10,
    }
    reply = client_for(world.admin).post("/api/v1/surveys/", body, format="json")
    assert (reply.status_code, list(reply.json()["errors"])) == (400, ["period_end"])


def test_transition_moves_survey_through_statuses(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT)
    client = client_for(world.admin)
    seen = []
    for status in ("open", "closed", "published"):
        reply = client.post(
            f"/api/v1/surveys/{period.pk}/transition/", {"status": status}, format="json"
        )
        seen.append((reply.status_code, reply.json()["status"]))
    assert seen == [(200, "open"), (200, "closed"), (200, "published")]


def test_transition_rejects_skipping_a_status(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT)
    reply = client_for(world.admin).post(
        f"/api/v1/surveys/{period.pk}/transition/", {"status": "published"}, format="json"
    )
    assert reply.status_code == 400
    assert reply.json() == {
        "detail": "Status tidak dapat diubah dari Draf ke Dipublikasikan.",
        "errors": {"status": ["Status tidak dapat diubah dari Draf ke Dipublikasikan."]},
    }


@pytest.mark.parametrize(
    ("who", "list_count", "detail_status"),
    [
        ("admin", 1, 200),
        ("camat", 1, 200),
        ("national", 1, 200),
        ("staff", 0, 404),
        ("operator", 0, 404),
        ("partner", 0, 404),
        ("outsider", 0, 404),
    ],
)
def test_survey_scope_by_role(world: Any, who: str, list_count: int, detail_status: int) -> None:
    period = make_period(world)
    client = client_for(getattr(world, who))
    assert len(client.get("/api/v1/surveys/").json()["results"]) == list_count
    assert client.get(f"/api/v1/surveys/{period.pk}/result/").status_code == detail_status


def test_survey_list_requires_login(world: Any) -> None:
    assert client_for().get("/api/v1/surveys/").status_code in (401, 403)


def test_result_has_issue_format(world: Any, open_period: Any) -> None:
    client = client_for()
    for value in (4, 3, 3, 3):
        assert (
            client.post(responses_url(open_period), payload(value), format="json").status_code
            == 201
        )
    data = client_for(world.admin).get(f"/api/v1/surveys/{open_period.pk}/result/").json()
    assert data == {
        "respondents": 4,
        "sample_target": 80,
        "elements": [
            {"code": f"U{i}", "name": name, "nrr": "3.2500", "value": "81.25", "grade": "B"}
            for i, name in enumerate(
                [
                    "Persyaratan",
                    "Sistem, Mekanisme, dan Prosedur",
                    "Waktu Penyelesaian",
                    "Biaya/Tarif",
                    "Produk Spesifikasi Jenis Pelayanan",
                    "Kompetensi Pelaksana",
                    "Perilaku Pelaksana",
                    "Penanganan Pengaduan, Saran dan Masukan",
                    "Sarana dan Prasarana",
                ],
                start=1,
            )
        ],
        "ikm": "81.25",
        "grade": "B",
        "label": "Baik",
    }


def test_result_without_answers_has_null_index(world: Any, open_period: Any) -> None:
    data = client_for(world.admin).get(f"/api/v1/surveys/{open_period.pk}/result/").json()
    assert (data["respondents"], data["ikm"], data["grade"], data["label"]) == (0, None, None, None)


def test_response_created_answers_201_with_stored_answers(open_period: Any) -> None:
    body = payload(
        {"U1": 1, "U2": 2, "U3": 3, "U4": 4, "U5": 1, "U6": 2, "U7": 3, "U8": 4, "U9": 2}
    )
    reply = client_for().post(responses_url(open_period), body, format="json")
    assert reply.status_code == 201
    assert reply.json()["client_id"] == body["client_id"]
    stored = dict(Answer.objects.values_list("element__code", "value"))
    assert stored == body["answers"]


def test_response_duplicate_client_id_answers_200_same_body(open_period: Any) -> None:
    body = payload()
    first = client_for().post(responses_url(open_period), body, format="json")
    second = client_for().post(responses_url(open_period), body, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"answers": {f"U{i}": 4 for i in range(1, 9)}}, "answers"),
        ({"answers": {**{f"U{i}": 4 for i in range(1, 10)}, "U3": 5}}, "answers"),
        ({"answers": {**{f"U{i}": 4 for i in range(1, 10)}, "U3": 0}}, "answers"),
        ({"answers": {**{f"U{i}": 4 for i in range(1, 10)}, "U3": "x"}}, "answers"),
        ({"answers": {**{f"U{i}": 4 for i in range(1, 10)}, "U3": 2.5}}, "answers"),
        ({"answers": {**{f"U{i}": 4 for i in range(1, 10)}, "U10": 4}}, "answers"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        (
            {"respondent": {"sex": "X", "age": 30, "education": "sma", "occupation": "pns"}},
            "respondent",
        ),
        (
            {"respondent": {"sex": "L", "age": 3, "education": "sma", "occupation": "pns"}},
            "respondent",
        ),
        (
            {"respondent": {"sex": "L", "age": 30, "education": "?", "occupation": "pns"}},
            "respondent",
        ),
    ],
)
def test_response_invalid_answers_400_saves_nothing(
    open_period: Any, change: dict[str, Any], field: str
) -> None:
    reply = client_for().post(responses_url(open_period), payload(**change), format="json")
    assert reply.status_code == 400
    assert field in reply.json()["errors"]
    assert SurveyResponse.objects.count() == 0


def test_response_missing_element_names_the_element(open_period: Any) -> None:
    answers = {f"U{i}": 4 for i in range(1, 10) if i != 7}
    reply = client_for().post(responses_url(open_period), payload(answers), format="json")
    assert reply.json() == {
        "detail": "Unsur ini wajib dijawab.",
        "errors": {"answers": {"U7": ["Unsur ini wajib dijawab."]}},
    }


@pytest.mark.parametrize("status", [PeriodStatus.CLOSED, PeriodStatus.PUBLISHED])
def test_response_period_not_open_409_saves_nothing(world: Any, status: str) -> None:
    period = make_period(world, status=status)
    reply = client_for().post(responses_url(period), payload(), format="json")
    assert reply.status_code == 409
    assert reply.json() == {
        "detail": "Survei ini tidak sedang dibuka; jawaban tidak dapat diterima.",
        "errors": {},
    }
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize("district", ["district", "other_district"])
def test_response_draft_period_404_saves_nothing(world: Any, district: str) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT, district=getattr(world, district))
    reply = client_for().post(responses_url(period), payload(), format="json")
    assert reply.status_code == 404
    assert SurveyResponse.objects.count() == 0


@override_settings(SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE=1)
def test_response_resend_is_not_counted_by_rate_limit(open_period: Any, same_minute: None) -> None:
    body = payload()
    codes = [
        client_for().post(responses_url(open_period), body, format="json").status_code
        for _ in range(3)
    ]
    assert codes == [201, 200, 200]
    assert SurveyResponse.objects.count() == 1


@override_settings(SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE=1, SITRANTIB_TRUSTED_PROXY_COUNT=1)
def test_response_rate_limit_behind_proxy_counts_forwarded_client(
    open_period: Any, same_minute: None
) -> None:
    def post(forwarded: str) -> int:
        return (
            client_for()
            .post(
                responses_url(open_period),
                payload(),
                format="json",
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR=forwarded,
            )
            .status_code
        )

    codes = [post("198.51.100.1"), post("198.51.100.2"), post("203.0.113.9, 198.51.100.1")]
    assert codes == [201, 201, 429]


@pytest.mark.parametrize(
    ("who", "status", "message"),
    [
        ("camat", 403, "Peran Anda hanya dapat membaca survei."),
        ("staff", 403, "Peran Anda tidak memiliki akses ke survei."),
        ("operator", 403, "Peran Anda tidak memiliki akses ke survei."),
        ("partner", 403, "Peran Anda tidak memiliki akses ke survei."),
    ],
)
def test_create_survey_refusal_message_fits_role(
    world: Any, who: str, status: int, message: str
) -> None:
    body = {
        "title": "X",
        "service": "Y",
        "period_start": "2026-01-01",
        "period_end": "2026-01-02",
        "population": 10,
    }
    reply = client_for(getattr(world, who)).post("/api/v1/surveys/", body, format="json")
    assert (reply.status_code, reply.json()) == (status, {"detail": message, "errors": {}})


@pytest.mark.parametrize(("who", "status"), [("camat", 403), ("operator", 404), ("partner", 404)])
def test_transition_by_role_without_write_access(world: Any, who: str, status: int) -> None:
    period = make_period(world, status=PeriodStatus.DRAFT)
    reply = client_for(getattr(world, who)).post(
        f"/api/v1/surveys/{period.pk}/transition/", {"status": "open"}, format="json"
    )
    assert reply.status_code == status


def test_response_unknown_survey_404(world: Any) -> None:
    assert (
        client_for().post("/api/v1/surveys/999999/responses/", payload(), format="json").status_code
        == 404
    )


def test_response_honeypot_filled_rejected_saves_nothing(open_period: Any) -> None:
    reply = client_for().post(
        responses_url(open_period), payload(website="http://spam.example"), format="json"
    )
    assert (reply.status_code, reply.json()) == (
        400,
        {"detail": "Kiriman ditolak.", "errors": {"non_field_errors": ["Kiriman ditolak."]}},
    )
    assert SurveyResponse.objects.count() == 0


@override_settings(SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE=3)
def test_response_rate_limited_429_saves_nothing(open_period: Any, same_minute: None) -> None:
    client = client_for()
    codes = [
        client.post(responses_url(open_period), payload(), format="json").status_code
        for _ in range(4)
    ]
    assert codes == [201, 201, 201, 429]
    assert SurveyResponse.objects.count() == 3


@override_settings(SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE=1)
def test_response_rate_limit_is_per_address(open_period: Any, same_minute: None) -> None:
    first = client_for().post(
        responses_url(open_period), payload(), format="json", REMOTE_ADDR="10.0.0.1"
    )
    other = client_for().post(
        responses_url(open_period), payload(), format="json", REMOTE_ADDR="10.0.0.2"
    )
    again = client_for().post(
        responses_url(open_period), payload(), format="json", REMOTE_ADDR="10.0.0.1"
    )
    assert (first.status_code, other.status_code, again.status_code) == (201, 201, 429)


def test_response_needs_no_csrf_token_even_with_session(world: Any, open_period: Any) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.admin)
    assert client.post(responses_url(open_period), payload(), format="json").status_code == 201


def test_public_response_writes_no_audit_entry(open_period: Any) -> None:
    before = AuditEntry.objects.count()
    client_for().post(responses_url(open_period), payload(), format="json")
    assert AuditEntry.objects.count() == before


def test_schema_renders_survey_endpoints_without_warnings(world: Any) -> None:
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        if "surveys" in message or "Survey" in message
    ]
    paths = set(schema["paths"])
    assert problems == []
    assert {
        "/api/v1/surveys/",
        "/api/v1/surveys/{id}/transition/",
        "/api/v1/surveys/{id}/result/",
        "/api/v1/surveys/{id}/responses/",
    } <= paths


def test_response_client_id_is_unique_per_survey_not_globally(world: Any) -> None:
    first, second = make_period(world), make_period(world, title="SKM lain")
    body = payload()
    body["client_id"] = str(uuid.uuid4())
    assert client_for().post(responses_url(first), body, format="json").status_code == 201
    assert client_for().post(responses_url(second), body, format="json").status_code == 201


def test_result_query_count_does_not_grow_with_respondents(
    world: Any, open_period: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(world.admin)
    url = f"/api/v1/surveys/{open_period.pk}/result/"
    client_for().post(responses_url(open_period), payload(4), format="json")
    with django_assert_num_queries(3):
        client.get(url)
    for _ in range(2):
        client_for().post(responses_url(open_period), payload(3), format="json")
    with django_assert_num_queries(3):
        client.get(url)
