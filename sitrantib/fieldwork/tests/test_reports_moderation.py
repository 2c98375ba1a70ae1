"""Citizen reports, the section's side (issue 11 point 5, docs/adr/0082): the moderation queue of
the kecamatan's administrator, verifying into an incident, rejecting with a reason."""

import datetime as dt
import io
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from sitrantib.fieldwork.enums import CitizenReportStatus, IncidentSource, IncidentStatus
from sitrantib.fieldwork.models import CitizenReport, FieldPhoto, Incident
from sitrantib.fieldwork.services import reports
from sitrantib.fieldwork.tests.factories import category
from sitrantib.testing.responses import release

QUEUE = "/lapangan/pengaduan/"


def jpeg() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 40, 40)).save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "foto.jpg"
    return buffer


def submitted(
    world: Any,
    *,
    village: Any = None,
    code: str = "curanmor",
    photo: bool = False,
    hours_ago: int = 5,
) -> CitizenReport:
    data = reports.ReportInput(
        village=village or world.village,
        category=category(code),
        place="Pasar desa",
        occurred_at=timezone.now() - dt.timedelta(hours=hours_ago),
        description="Keributan di pasar.",
        contact_name="Budi Pelapor",
        contact_phone="081299990000",
    )
    report, _created = reports.submit_report(
        data=data, client_id=uuid.uuid4(), photo=jpeg() if photo else None
    )
    return report


def get(client: Client, user: Any, url: str, **params: Any) -> Any:
    if user is not None:
        client.force_login(user)
    response = client.get(url, params)
    release(response)
    return response


# Who may moderate ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "camat", "operator", "sibling_operator", "partner"])
def test_queue_and_detail_are_refused_to_roles_that_do_not_moderate(
    client: Client, world: Any, role: str
) -> None:
    report = submitted(world)
    user = getattr(world, role)
    statuses = [get(client, user, url).status_code for url in (QUEUE, f"{QUEUE}{report.pk}/")]
    assert statuses == [403, 403]


def test_anonymous_is_sent_to_login(client: Client, world: Any) -> None:
    report = submitted(world)
    for url in (QUEUE, f"{QUEUE}{report.pk}/"):
        response = get(client, None, url)
        assert (response.status_code, "/akun/masuk/" in response["Location"]) == (302, True)
    verify = client.post(f"{QUEUE}{report.pk}/verifikasi/", {})
    assert verify.status_code == 302
    assert CitizenReport.objects.get().status == CitizenReportStatus.RECEIVED


def test_admin_of_another_kecamatan_sees_neither_the_report_nor_its_page(
    client: Client, world: Any
) -> None:
    report = submitted(world)
    queue = get(client, world.outsider, QUEUE)
    detail = get(client, world.outsider, f"{QUEUE}{report.pk}/")
    verify = client.post(f"{QUEUE}{report.pk}/verifikasi/", {"category": report.category_id})
    reject = client.post(f"{QUEUE}{report.pk}/tolak/", {"reason": "Bukan wilayah kami"})
    assert (queue.status_code, list(queue.context["page"].rows)) == (200, [])
    assert queue.context["waiting_count"] == 0
    assert (detail.status_code, verify.status_code, reject.status_code) == (404, 404, 404)
    assert CitizenReport.objects.get().status == CitizenReportStatus.RECEIVED


@pytest.mark.parametrize("role", ["staff", "camat", "operator", "partner", "outsider"])
def test_verify_and_reject_are_refused_to_others_and_change_nothing(
    client: Client, world: Any, role: str
) -> None:
    report = submitted(world)
    client.force_login(getattr(world, role))
    verify = client.post(f"{QUEUE}{report.pk}/verifikasi/", {"category": report.category_id})
    reject = client.post(f"{QUEUE}{report.pk}/tolak/", {"reason": "Tidak jelas"})
    assert {verify.status_code, reject.status_code} <= {403, 404}
    assert CitizenReport.objects.get().status == CitizenReportStatus.RECEIVED
    assert Incident.objects.count() == 0


# The queue -------------------------------------------------------------------------------------


def test_queue_lists_waiting_reports_first_with_their_count(client: Client, world: Any) -> None:
    rejected = submitted(world)
    reports.reject_report(report=rejected, reason="Ganda", actor=world.admin)
    older = submitted(world, hours_ago=20)
    newer = submitted(world, village=world.sibling_village)
    submitted(world, village=world.foreign_village)  # another kecamatan: never listed
    response = get(client, world.admin, QUEUE)
    rows = list(response.context["page"].rows)
    assert response.status_code == 200
    assert [r.pk for r in rows] == [newer.pk, older.pk, rejected.pk]
    assert response.context["waiting_count"] == 2
    assert "2 menunggu verifikasi" in response.content.decode()


def test_queue_filters_by_status_and_desa(client: Client, world: Any) -> None:
    rejected = submitted(world)
    reports.reject_report(report=rejected, reason="Ganda", actor=world.admin)
    waiting = submitted(world)
    sibling = submitted(world, village=world.sibling_village)
    received = get(client, world.admin, QUEUE, status="received")
    in_sibling = get(client, world.admin, QUEUE, village=world.sibling_village.code)
    refused = get(client, world.admin, QUEUE, status="hilang")
    assert {r.pk for r in received.context["page"].rows} == {waiting.pk, sibling.pk}
    assert [r.pk for r in in_sibling.context["page"].rows] == [sibling.pk]
    assert (refused.status_code, list(refused.context["page"].rows)) == (400, [])
    assert 'id="id_status_error"' in refused.content.decode()


def test_queue_pages_by_key(client: Client, world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitrantib.fieldwork.views import reports as report_views

    monkeypatch.setattr(report_views, "QUEUE_PAGE_SIZE", 2)
    made = [submitted(world, hours_ago=h) for h in (1, 2, 3)]
    first = get(client, world.admin, QUEUE)
    second = client.get(QUEUE + first.context["page"].next_url)
    shown = [r.pk for r in first.context["page"].rows] + [r.pk for r in second.context["page"].rows]
    assert sorted(shown) == sorted(r.pk for r in made)
    assert len(set(shown)) == 3
    assert second.context["page"].next_url is None


def _queue_queries(client: Client, world: Any) -> tuple[int, int]:
    client.force_login(world.admin)
    release(client.get(QUEUE))  # the first request after a login also saves the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    rows = len(response.content.decode().split('data-report="')) - 1
    release(response)
    return len(queries.captured_queries), rows


def test_queue_runs_the_same_queries_for_one_and_three_rows(client: Client, world: Any) -> None:
    submitted(world, photo=True)
    one = _queue_queries(client, world)
    submitted(world, village=world.sibling_village, photo=True)
    submitted(world, code="banjir")
    three = _queue_queries(client, world)
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]


# The detail page -------------------------------------------------------------------------------


def test_detail_shows_everything_with_contact_and_photo_to_the_admin(
    client: Client, world: Any
) -> None:
    report = submitted(world, photo=True)
    photo = FieldPhoto.objects.get()
    response = get(client, world.admin, f"{QUEUE}{report.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Budi Pelapor" in html
    assert "081299990000" in html
    assert "Keributan di pasar." in html
    assert f"/lapangan/foto/{photo.pk}/?ukuran=kecil" in html
    assert 'id="verify-form"' in html
    assert 'id="reject-form"' in html
    thumbnail = get(client, world.admin, f"/lapangan/foto/{photo.pk}/", ukuran="kecil")
    with Image.open(io.BytesIO(thumbnail.content)) as image:
        assert (thumbnail.status_code, image.format) == (200, "JPEG")
    for role in ("camat", "operator", "outsider"):
        assert get(client, getattr(world, role), f"/lapangan/foto/{photo.pk}/").status_code == 404


# Verify and reject -----------------------------------------------------------------------------


def test_verify_creates_a_citizen_incident_and_moves_the_photo(client: Client, world: Any) -> None:
    report = submitted(world, photo=True)
    flood = category("banjir")
    client.force_login(world.admin)
    response = client.post(
        f"{QUEUE}{report.pk}/verifikasi/", {"category": flood.pk, "note": "Dicek ke lokasi"}
    )
    incident = Incident.objects.get()
    report.refresh_from_db()
    photo = FieldPhoto.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        f"/lapangan/kejadian/{incident.pk}/",
    )
    assert (incident.source, incident.status, incident.category) == (
        IncidentSource.CITIZEN,
        IncidentStatus.VERIFIED,
        flood,
    )
    assert (incident.village, incident.place, incident.occurred_at) == (
        report.village,
        report.place,
        report.occurred_at,
    )
    assert (report.status, report.incident, report.moderated_by) == (
        CitizenReportStatus.VERIFIED,
        incident,
        world.admin,
    )
    assert (photo.incident, photo.citizen_report) == (incident, None)


def test_reject_needs_a_reason(client: Client, world: Any) -> None:
    report = submitted(world)
    client.force_login(world.admin)
    response = client.post(f"{QUEUE}{report.pk}/tolak/", {"reason": "   "})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_reason_error"' in html
    assert "Tulis alasan penolakan" in html
    assert CitizenReport.objects.get().status == CitizenReportStatus.RECEIVED


def test_reject_with_a_reason_goes_back_to_the_queue(client: Client, world: Any) -> None:
    report = submitted(world)
    client.force_login(world.admin)
    response = client.post(f"{QUEUE}{report.pk}/tolak/", {"reason": "Kejadian di luar desa ini"})
    report.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, QUEUE)
    assert (report.status, report.reason, report.moderated_by) == (
        CitizenReportStatus.REJECTED,
        "Kejadian di luar desa ini",
        world.admin,
    )


def test_a_moderated_report_cannot_be_moderated_again(client: Client, world: Any) -> None:
    rejected = submitted(world)
    verified = submitted(world)
    client.force_login(world.admin)
    client.post(f"{QUEUE}{rejected.pk}/tolak/", {"reason": "Ganda"})
    client.post(f"{QUEUE}{verified.pk}/verifikasi/", {"category": verified.category_id})
    again_verify = client.post(
        f"{QUEUE}{rejected.pk}/verifikasi/", {"category": rejected.category_id}
    )
    again_reject = client.post(f"{QUEUE}{verified.pk}/tolak/", {"reason": "Berubah pikiran"})
    assert (again_verify.status_code, again_reject.status_code) == (400, 400)
    assert "sudah diperiksa" in again_verify.content.decode()
    assert "sudah diperiksa" in again_reject.content.decode()
    assert Incident.objects.count() == 1
    statuses = dict(CitizenReport.objects.values_list("pk", "status"))
    assert statuses == {
        rejected.pk: CitizenReportStatus.REJECTED,
        verified.pk: CitizenReportStatus.VERIFIED,
    }
    detail = get(client, world.admin, f"{QUEUE}{verified.pk}/")
    assert 'id="verify-form"' not in detail.content.decode()
    assert f"/lapangan/kejadian/{Incident.objects.get().pk}/" in detail.content.decode()
