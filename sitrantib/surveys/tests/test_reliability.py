"""Issue 15 Part A for surveys: control characters in stored rows (A1), an audit log that does not
re-identify respondents (A4), bounded dates and numbers (A7), exports never cached and audited (A9).
"""

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from sitrantib.core.models import AuditEntry
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import SurveyPeriod, SurveyResponse
from sitrantib.surveys.services import Submission, submit_response
from sitrantib.surveys.tests.conftest import make_period, payload

pytestmark = pytest.mark.django_db

CONTROL = "\u0005"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _answer(period: Any, **respondent: Any) -> SurveyResponse:
    body = payload(3)
    body["respondent"].update(respondent)
    return submit_response(
        period=period,
        submission=Submission(
            client_id=body["client_id"], answers=body["answers"], respondent=body["respondent"]
        ),
    )[0]


def test_every_export_answers_with_control_characters_already_stored(world: Any) -> None:
    period = make_period(world)
    stored = _answer(period)
    # Old rows exist from before the forms refused control characters: written around them.
    SurveyResponse.objects.filter(pk=stored.pk).update(
        suggestion=f"Antrian{CONTROL} panjang", service=f"Izin{CONTROL}"
    )
    SurveyPeriod.objects.filter(pk=period.pk).update(
        title=f"SKM{CONTROL} 2026",
        follow_up_plan=f"Tambah{CONTROL} kursi",
        status=PeriodStatus.PUBLISHED,
    )
    client = logged_in(world.camat)
    raw = client.get(f"/survei/{period.pk}/data.xlsx")
    report = client.get(f"/survei/{period.pk}/laporan.pdf")
    pages = [
        client.get(path).status_code
        for path in (
            "/survei/",
            f"/survei/{period.pk}/",
            f"/survei/{period.pk}/hasil/",
            "/s/",
        )
    ]
    api = APIClient()
    api.force_authenticate(world.camat)
    result = api.get(f"/api/v1/surveys/{period.pk}/result/")
    book = load_workbook(io.BytesIO(raw.getvalue()))
    texts = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    pdf = PdfReader(io.BytesIO(report.content))
    assert (raw.status_code, report.status_code, result.status_code) == (200, 200, 200)
    assert pages == [200, 200, 200, 200]
    assert "Antrian panjang" in texts
    assert not any(CONTROL in t for t in texts)
    assert len(pdf.pages) >= 1


def test_paper_questionnaire_audit_has_no_respondent_profile(world: Any) -> None:
    period = make_period(world, services="Izin keramaian malam")
    data = {
        "client_id": "3b8e5a4e-8f61-4c55-9b8d-6b1a2f0a9c11",
        "sex": "L",
        "age": "87",
        "education": "s3",
        "occupation": "pns",
        "service": "Izin keramaian malam",
        "suggestion": "Petugas loket ramah sekali",
        **{f"U{i}": "4" for i in range(1, 10)},
    }
    admin = logged_in(world.admin)
    assert admin.post(f"/survei/{period.pk}/entri/", data).status_code == 302
    stored = SurveyResponse.objects.get()
    entries = list(AuditEntry.objects.filter(object_type="surveys.surveyresponse"))
    values = " ".join(str(v) for e in entries for v in (e.before, e.after, e.object_repr, e.note))
    detail = admin.get(f"/sistem/log-audit/{entries[0].pk}/").content.decode()
    secrets = ("87", "s3", "pns", "Izin keramaian malam", "Petugas loket", "received_at")
    assert len(entries) == 1
    assert entries[0].actor == world.admin
    assert [s for s in secrets if s in values] == []
    assert [s for s in (*secrets[3:], "entered_by", str(stored.client_id)) if s in detail] == []
    assert str(stored.pk) != entries[0].object_id


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("0252-01-01", "0252-03-31", "period_start"),
        ("2026-01-01", "9999-12-31", "period_end"),
        ("2026-01-01", "2028-01-01", "period_end"),
    ],
)
def test_period_dates_out_of_bounds_refused_on_page_and_api(
    world: Any, start: str, end: str, field: str
) -> None:
    body = {
        "title": "SKM",
        "service_unit": "Seksi Trantib",
        "services": "Izin",
        "period_start": start,
        "period_end": end,
        "population": 100,
        "district": world.district.pk,
    }
    page = logged_in(world.admin).post("/survei/baru/", body)
    api = APIClient()
    api.force_authenticate(world.admin)
    reply = api.post("/api/v1/surveys/", {**body, "service": "Izin"}, format="json")
    assert page.status_code == 200
    assert field in page.context["form"].errors
    assert reply.status_code == 400
    assert field in reply.json()["errors"]
    assert SurveyPeriod.objects.count() == 0


def test_period_of_one_year_accepted(world: Any) -> None:
    period = make_period(world, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    assert period.pk


def test_raw_data_and_report_are_not_cached_and_audited(world: Any) -> None:
    period = make_period(world)
    _answer(period)
    client = logged_in(world.camat)
    raw = client.get(f"/survei/{period.pk}/data.xlsx")
    b"".join(raw.streaming_content)
    report = client.get(f"/survei/{period.pk}/laporan.pdf")
    entries = list(
        AuditEntry.objects.filter(action="export").values_list(
            "actor", "object_type", "object_id", "district_code", "note"
        )
    )
    assert (raw["Cache-Control"], report["Cache-Control"]) == ("no-store", "no-store")
    assert [e[:4] for e in entries] == [
        (world.camat.pk, "surveys.surveyperiod", str(period.pk), "35.08.07")
    ] * 2
    assert "xlsx" in entries[0][4] or "xlsx" in entries[1][4]
