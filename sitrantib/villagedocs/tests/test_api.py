"""The village-document API: scope per role, filters, the upload by the desa operator with the
receipt time stamped by the server, bad input answering 400, types with ETag/If-Match, and the
on-time shares with decimals as strings."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from sitrantib.regions.models import Village
from sitrantib.testing.responses import release
from sitrantib.villagedocs.models import DocumentType, Obligation, Submission
from sitrantib.villagedocs.tests.factories import make_obligation, pdf_upload, receive, wib

pytestmark = pytest.mark.django_db

D = dt.date
OBLIGATIONS = "/api/v1/document-obligations/"
TYPES = "/api/v1/document-types/"
ON_TIME = "/api/v1/document-on-time/"


def _as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _scene(world):
    mine = make_obligation(world.village, code="lppd", due=D(2026, 3, 31), period_key="2025")
    sibling = make_obligation(
        world.sibling_village, code="lppd", due=D(2026, 3, 31), period_key="2025"
    )
    summary = make_obligation(
        world.village, code="rekap-penduduk", due=D(2026, 2, 10), period_key="2026-01"
    )
    foreign = make_obligation(
        world.foreign_village, code="lppd", due=D(2026, 3, 31), period_key="2025"
    )
    return mine, sibling, summary, foreign


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_every_role_lists_its_scope_and_partners_are_refused(world):
    mine, sibling, summary, foreign = _scene(world)
    expected = {
        "admin": {mine.pk, sibling.pk, summary.pk},
        "camat": {mine.pk, sibling.pk, summary.pk},
        "staff": {mine.pk, sibling.pk, summary.pk},
        "operator": {mine.pk, summary.pk},
        "sibling_operator": {sibling.pk},
        "outsider": {foreign.pk},
        "national": {mine.pk, sibling.pk, summary.pk, foreign.pk},
    }
    for role, wanted in expected.items():
        assert _ids(_as(getattr(world, role)).get(OBLIGATIONS)) == wanted, role
    for path in (OBLIGATIONS, TYPES, f"{ON_TIME}?year=2026"):
        assert _as(world.partner).get(path).status_code == 403
        assert APIClient().get(path).status_code in (401, 403)
    assert _as(world.operator).get(f"{OBLIGATIONS}{sibling.pk}/").status_code == 404
    assert _as(world.outsider).get(f"{OBLIGATIONS}{mine.pk}/").status_code == 404


def test_an_obligation_has_the_documented_fields_and_an_etag(world):
    mine, *_ = _scene(world)
    receive(mine, wib(2026, 3, 31, 23, 59), actor=world.staff, verdict="accepted")
    response = _as(world.camat).get(f"{OBLIGATIONS}{mine.pk}/")
    body = response.json()
    assert response["ETag"] == f'"{Obligation.objects.get(pk=mine.pk).version}"'
    assert {
        k: body[k]
        for k in ("document_type", "village", "period_key", "due_date", "status", "on_time", "late")
    } == {
        "document_type": "lppd",
        "village": "35.08.07.2001",
        "period_key": "2025",
        "due_date": "2026-03-31",
        "status": "accepted",
        "on_time": True,
        "late": False,
    }
    assert dt.datetime.fromisoformat(body["counted_received_at"]) == wib(2026, 3, 31, 23, 59)


def test_the_filters_year_type_village_status_and_late(world):
    mine, sibling, summary, _foreign = _scene(world)
    receive(sibling, wib(2026, 3, 1), actor=world.staff, verdict="accepted")
    client = _as(world.admin)
    assert _ids(client.get(OBLIGATIONS, {"type": "rekap-penduduk"})) == {summary.pk}
    assert _ids(client.get(OBLIGATIONS, {"village": "35.08.07.2002"})) == {sibling.pk}
    assert _ids(client.get(OBLIGATIONS, {"status": "accepted"})) == {sibling.pk}
    assert _ids(client.get(OBLIGATIONS, {"year": 2026})) == {mine.pk, sibling.pk, summary.pk}
    assert _ids(client.get(OBLIGATIONS, {"year": 2027})) == set()
    # Today is after both deadlines: the two with nothing received are late.
    assert _ids(client.get(OBLIGATIONS, {"late": "true"})) == {mine.pk, summary.pk}
    assert _ids(client.get(OBLIGATIONS, {"late": "false"})) == {sibling.pk}


@pytest.mark.parametrize(
    "query",
    [
        {"year": "99999999999999999999"},
        {"year": "dua ribu"},
        {"status": "hilang"},
        {"late": "mungkin"},
        {"type": "x" * 41},
        {"village": "35.08.07.2001\x00"},
    ],
)
def test_bad_filters_answer_400_not_500(world, query):
    _scene(world)
    response = _as(world.admin).get(OBLIGATIONS, query)
    if "village" in query:
        # A code with a NUL byte names no desa: an empty page (SQLite) or a 400 (PostgreSQL
        # cannot compare it), never a 500.
        assert response.status_code in (200, 400), response.content
        if response.status_code == 200:
            assert response.json()["results"] == []
        return
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"detail", "errors"}


def test_the_desa_operator_uploads_and_the_server_stamps_the_receipt_time(world):
    mine, *_ = _scene(world)
    before = timezone.now()
    response = _as(world.operator).post(
        f"{OBLIGATIONS}{mine.pk}/submissions/",
        {"file": pdf_upload(), "note": "LPPD 2025", "received_at": "2026-03-01T08:00:00+07:00"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    stored = Submission.objects.get(pk=body["id"])
    assert before <= stored.received_at <= timezone.now()
    assert stored.received_at.date() != D(2026, 3, 1)
    assert (body["channel"], body["has_file"], body["verdict"]) == ("upload", True, "pending")
    assert Obligation.objects.get(pk=mine.pk).status == "submitted"
    listed = _as(world.camat).get(f"{OBLIGATIONS}{mine.pk}/submissions/")
    assert [row["id"] for row in listed.json()["results"]] == [stored.pk]


def test_uploads_are_scoped_and_bad_files_answer_400(world):
    mine, sibling, *_ = _scene(world)
    path = f"{OBLIGATIONS}{sibling.pk}/submissions/"
    assert (
        _as(world.operator).post(path, {"file": pdf_upload()}, format="multipart").status_code
        == 404
    )
    assert (
        _as(world.camat).post(path, {"file": pdf_upload()}, format="multipart").status_code == 403
    )
    assert (
        _as(world.partner).post(path, {"file": pdf_upload()}, format="multipart").status_code == 403
    )
    mine_path = f"{OBLIGATIONS}{mine.pk}/submissions/"
    client = _as(world.operator)
    for body in (
        {},
        {"file": SimpleUploadedFile("a.pdf", b"bukan pdf", content_type="application/pdf")},
        {"file": SimpleUploadedFile("a.pdf", b"", content_type="application/pdf")},
        {"file": pdf_upload(), "note": "x" * 5000},
        {"file": pdf_upload(), "note": "ada\x00nul"},
        {"stamp": "true"},  # an operator may not stamp
    ):
        response = client.post(mine_path, body, format="multipart")
        assert response.status_code in (400, 403), (body, response.content)
        assert set(response.json()) == {"detail", "errors"}
    assert client.post(mine_path, {"file": "teks"}, format="json").status_code == 415
    assert client.post(f"{OBLIGATIONS}99999999999999999999999/submissions/", {}).status_code == 400
    assert not Submission.objects.exists()
    stamped = _as(world.staff).post(mine_path, {"stamp": "true"}, format="multipart")
    assert stamped.status_code == 201
    assert stamped.json()["channel"] == "stamp"


def test_types_read_by_everyone_in_scope_and_written_by_the_admin_with_if_match(world):
    client = _as(world.admin)
    listed = client.get(TYPES)
    assert {row["code"] for row in listed.json()["results"]} >= {"lppd", "rpjmdes"}
    created = client.post(
        TYPES,
        {
            "code": "profil-desa",
            "name": "Profil desa",
            "frequency": "yearly",
            "due_month": 6,
            "due_day": 30,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created["ETag"] == '"1"'
    assert created.json()["district"] == "35.08.07"
    pk = created.json()["id"]
    changed = client.patch(f"{TYPES}{pk}/", {"due_day": 15}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200
    assert changed["ETag"] == '"2"'
    stale = client.patch(f"{TYPES}{pk}/", {"due_day": 10}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert DocumentType.objects.get(pk=pk).due_day == 15
    default = DocumentType.objects.get(district=None, code="lppd")
    assert client.patch(f"{TYPES}{default.pk}/", {"due_day": 1}, format="json").status_code == 403
    assert (
        _as(world.staff).post(TYPES, {"code": "x", "name": "x", "frequency": "monthly"}).status_code
        == 403
    )
    assert _as(world.outsider).get(f"{TYPES}{pk}/").status_code == 404
    assert _as(world.operator).get(f"{TYPES}{pk}/").status_code == 200
    for body in (
        {
            "code": "profil-desa",
            "name": "Lagi",
            "frequency": "yearly",
            "due_month": 6,
            "due_day": 30,
        },
        {"code": "tahunan", "name": "Tanpa tanggal", "frequency": "yearly"},
        {"code": "x", "name": "x", "frequency": "monthly", "due_day": 32},
        {"code": "bukan slug!", "name": "x", "frequency": "monthly"},
        {"code": "y", "name": "y", "frequency": "harian"},
        {
            "code": "z",
            "name": "z",
            "frequency": "event",
            "due_days_after_event": 3,
            "due_months_after_event": 1,
        },
    ):
        response = client.post(TYPES, body, format="json")
        assert response.status_code == 400, (body, response.content)
    moved = client.patch(f"{TYPES}{pk}/", {"district": "35.08.06"}, format="json")
    assert moved.status_code == 400


def test_on_time_shares_and_their_average_as_strings(world):
    mine, sibling, summary, foreign = _scene(world)
    receive(mine, wib(2026, 3, 31, 23, 59), actor=world.staff, verdict="accepted")
    receive(sibling, wib(2026, 4, 1, 0, 1), actor=world.staff, verdict="accepted")
    receive(summary, wib(2026, 2, 10, 8), actor=world.staff, verdict="accepted")
    receive(foreign, wib(2026, 3, 1), actor=world.outsider, verdict="accepted")
    body = _as(world.camat).get(ON_TIME, {"year": 2026}).json()
    # LPPD 1 of 2 = 50 %, summaries 1 of 1 = 100 %: (50 + 100) / 2 = 75 %.
    assert body["average"] == "75.00"
    assert {t["code"]: (t["on_time"], t["obliged"], t["percent"]) for t in body["types"]} == {
        "lppd": (1, 2, "50.00"),
        "rekap-penduduk": (1, 1, "100.00"),
    }
    assert (body["start"], body["end"], body["period"]) == ("2026-01-01", "2026-12-31", "Y")
    q1 = _as(world.camat).get(ON_TIME, {"year": 2026, "period": "Q1"}).json()
    assert q1["average"] == "75.00"
    february = _as(world.camat).get(ON_TIME, {"year": 2026, "period": "M02"}).json()
    assert (february["average"], february["end"]) == ("100.00", "2026-02-28")
    april = _as(world.camat).get(ON_TIME, {"year": 2026, "period": "M04"}).json()
    assert (april["average"], april["types"]) == (None, [])
    operator = _as(world.operator).get(ON_TIME, {"year": 2026}).json()
    assert operator["average"] == "100.00"  # only Darungan's documents
    national = _as(world.national).get(ON_TIME, {"year": 2026, "district": "35.08.07"}).json()
    assert national["average"] == "75.00"
    for query in (
        {},
        {"year": "20266"},
        {"year": "1999"},
        {"year": 2026, "period": "Q5"},
        {"year": 2026, "period": "M13"},
        {"year": 2026, "period": "2026-03"},
        {"year": 2026, "district": "35.08.06"},
    ):
        response = _as(world.camat).get(ON_TIME, query)
        assert response.status_code == 400, query
        assert set(response.json()) == {"detail", "errors"}
        release(response)


def test_list_and_shares_take_the_same_queries_for_2_and_20_desa(world):
    counts = {}
    for villages in (2, 20):
        Obligation.objects.all().delete()
        for n in range(villages):
            desa = Village.objects.get_or_create(
                code=f"35.08.07.20{60 + n:02d}",
                defaults={"name": f"Desa {n}", "district": world.district, "kind": "desa"},
            )[0]
            make_obligation(desa, code="lppd", due=D(2026, 3, 31), period_key="2025")
        client = _as(world.camat)
        with CaptureQueriesContext(connection) as queries:
            listed = client.get(OBLIGATIONS, {"page_size": 50})
            shares = client.get(ON_TIME, {"year": 2026})
        assert len(listed.json()["results"]) == villages
        assert shares.json()["types"][0]["obliged"] == villages
        counts[villages] = len(queries)
    assert counts[2] == counts[20]
