"""Citizen reports, the public side (issue 11 point 5, docs/adr/0082): the phone form of a
kecamatan with its limits, the idempotent resend, the photo's metadata, and the status by code."""

import datetime as dt
import io
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image

from sitrantib.core.uploads import MESSAGE_TOO_LARGE, MESSAGE_TYPE_PHOTO
from sitrantib.fieldwork.enums import CitizenReportStatus
from sitrantib.fieldwork.models import CitizenReport, FieldPhoto
from sitrantib.fieldwork.services import reports
from sitrantib.fieldwork.tests.factories import category
from sitrantib.fieldwork.views import reports as report_views
from sitrantib.regions.models import OfficeProfile
from sitrantib.surveys import ratelimit
from sitrantib.surveys.models import SubmissionCounter
from sitrantib.testing.responses import release

MOMENT = dt.datetime(2026, 5, 1, 8, 30, 15, tzinfo=dt.UTC)


def make_office(district: Any, name: str = "YOSOWILANGUN") -> OfficeProfile:
    return OfficeProfile.objects.create(
        district=district, government_line="PEMERINTAH KABUPATEN LUMAJANG",
        office_line=f"KECAMATAN {name}", address="Jl. Raya", town=name,
        postcode="67382", letter_place="Lumajang",
    )  # fmt: skip


@pytest.fixture
def office(world: Any) -> OfficeProfile:
    return make_office(world.district)


@pytest.fixture
def same_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rate-limit check falls in one minute, so a test never straddles a minute boundary."""
    monkeypatch.setattr(ratelimit, "_now", lambda: MOMENT)


def jpeg_with_location(size: tuple[int, int] = (800, 600)) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {1: "S", 2: (8.0, 10.0, 0.0), 3: "E", 4: (113.0, 17.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def form_url(world: Any) -> str:
    return f"/lapor/{world.district.code}/"


def body(world: Any, **extra: Any) -> dict[str, Any]:
    occurred = timezone.localtime() - dt.timedelta(hours=3)
    data = {
        "client_id": str(uuid.uuid4()),
        "category": category("curanmor").pk,
        "village": world.village.code,
        "place": "Depan masjid Dusun Krajan",
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
        "description": "Sepeda motor warga hilang saat salat Isya.",
        "contact_name": "Siti",
        "contact_phone": "0812 3456 7890",
        "website": "",
    }
    data.update(extra)
    return data


def post(client: Client, world: Any, data: dict[str, Any], **kwargs: Any) -> Any:
    response = client.post(form_url(world), data, **kwargs)
    release(response)
    return response


# The start page and the form page ----------------------------------------------------------------


def test_start_goes_straight_to_the_form_of_the_one_kecamatan(client: Client, office: Any) -> None:
    response = client.get("/lapor/")
    assert (response.status_code, response["Location"]) == (302, f"/lapor/{office.district_id}/")


def test_start_lists_and_searches_kecamatan_taking_reports(client: Client, world: Any) -> None:
    make_office(world.district)
    make_office(world.other_district, name="LAIN")
    listed = client.get("/lapor/")
    searched = client.get("/lapor/", {"q": world.other_district.name})
    assert listed.status_code == 200
    by_name = sorted([world.district, world.other_district], key=lambda d: (d.name, d.code))
    assert [d.code for d in listed.context["page"].rows] == [d.code for d in by_name]
    assert [d.code for d in searched.context["page"].rows] == [world.other_district.code]


def test_form_of_a_kecamatan_without_office_profile_is_404(client: Client, world: Any) -> None:
    make_office(world.district)
    assert client.get(f"/lapor/{world.other_district.code}/").status_code == 404


def test_form_page_offers_active_categories_and_desa_of_the_kecamatan(
    client: Client, world: Any, office: Any
) -> None:
    inactive = category("lama-tidak-dipakai", serious=False)
    inactive.is_active = False
    inactive.save()
    response = client.get(form_url(world))
    form = response.context["form"]
    html = response.content.decode()
    assert response.status_code == 200
    assert set(form.fields["village"].queryset) == {world.village, world.sibling_village}
    assert inactive not in form.fields["category"].queryset
    assert form.initial["client_id"]
    assert 'name="client_id"' in html
    assert 'name="website"' in html
    assert "report-hp" in html
    assert "Sertakan lokasi foto" in html
    assert "hanya dilihat oleh petugas Seksi Trantib" in html


# Sending -----------------------------------------------------------------------------------------


def test_report_is_stored_and_reporter_sent_to_its_code(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    response = post(client, world, body(world))
    report = CitizenReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/lapor/status/{report.tracking_code}/?baru=1"
    assert (report.village, report.status, report.contact_phone, report.district_id) == (
        world.village,
        CitizenReportStatus.RECEIVED,
        "081234567890",
        world.district.code,
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert report.tracking_code in page.content.decode()
    assert "Catat atau foto kode" in page.content.decode()


def test_resend_with_the_same_client_id_returns_the_first_report(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    data = body(world)
    first = post(client, world, data)
    again = post(client, world, {**data, "description": "Kiriman kedua dari tombol ganda"})
    assert CitizenReport.objects.count() == 1
    assert first["Location"] == again["Location"]
    assert CitizenReport.objects.get().description.startswith("Sepeda motor")


@override_settings(SITRANTIB_CITIZEN_REPORT_RATE_LIMIT_PER_MINUTE=2)
def test_rate_limit_per_address_answers_429_and_stores_nothing(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    statuses = [post(client, world, body(world)).status_code for _ in range(3)]
    other = post(client, world, body(world), REMOTE_ADDR="198.51.100.20")
    refused = client.post(form_url(world), body(world, place="Tempat ketiga"))
    assert statuses == [302, 302, 429]
    assert other.status_code == 302
    assert refused.status_code == 429
    assert refused.context["rejection"].startswith(report_views.MESSAGE_RATE_LIMITED[:40])
    assert "Terlalu banyak laporan" in refused.content.decode()
    assert refused.context["form"]["place"].value() == "Tempat ketiga"
    assert CitizenReport.objects.count() == 3
    assert not CitizenReport.objects.filter(place="Tempat ketiga").exists()


def test_resend_is_answered_before_the_rate_limit_counts_it(
    client: Client, world: Any, office: Any, same_minute: None, settings: Any
) -> None:
    settings.SITRANTIB_CITIZEN_REPORT_RATE_LIMIT_PER_MINUTE = 1
    data = body(world)
    first = post(client, world, data)
    resends = [post(client, world, data).status_code for _ in range(3)]
    assert (first.status_code, resends, CitizenReport.objects.count()) == (302, [302] * 3, 1)


def test_default_limit_is_five_reports_per_minute(db: Any) -> None:
    assert report_views.submit_limit() == 5


def test_report_and_survey_counters_are_kept_apart(db: Any) -> None:
    results = [
        ratelimit.register_attempt(
            address="192.0.2.7", now=MOMENT, purpose=report_views.SUBMIT_PURPOSE, limit=2
        )
        for _ in range(3)
    ]
    survey = ratelimit.register_attempt(address="192.0.2.7", now=MOMENT)
    hashes = set(SubmissionCounter.objects.values_list("address_hash", flat=True))
    assert (results, survey, len(hashes)) == ([True, True, False], True, 2)
    assert ratelimit.address_hash("192.0.2.7") in hashes
    assert all("192.0.2.7" not in h for h in hashes)


def test_honeypot_filled_is_refused_and_stores_nothing(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    response = client.post(form_url(world), body(world, website="http://spam.example"))
    assert (response.status_code, CitizenReport.objects.count()) == (400, 0)
    assert response.context["rejection"] == report_views.MESSAGE_REFUSED


@pytest.mark.parametrize(
    ("delta", "message"),
    [
        (dt.timedelta(hours=2), reports.MESSAGE_FUTURE),
        (-dt.timedelta(days=91), reports.MESSAGE_TOO_OLD),
    ],
    ids=["future", "older-than-90-days"],
)
def test_time_outside_the_window_is_refused_beside_the_field(
    client: Client,
    world: Any,
    office: Any,
    same_minute: None,
    delta: dt.timedelta,
    message: str,
) -> None:
    when = (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")
    response = client.post(form_url(world), body(world, occurred_at=when))
    assert response.status_code == 400
    assert response.context["form"].errors["occurred_at"] == [message]
    assert 'id="id_occurred_at_error"' in response.content.decode()
    assert CitizenReport.objects.count() == 0


@pytest.mark.parametrize("phone", ["12345", "0812-ABC-999", "+62 812 3456 7890 1234 5"])
def test_phone_in_wrong_format_is_refused_beside_the_field(
    client: Client, world: Any, office: Any, same_minute: None, phone: str
) -> None:
    response = client.post(form_url(world), body(world, contact_phone=phone))
    assert response.status_code == 400
    assert response.context["form"].errors["contact_phone"] == [reports.MESSAGE_PHONE]
    assert CitizenReport.objects.count() == 0


def test_phone_and_name_are_optional(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    response = post(client, world, body(world, contact_name="", contact_phone=""))
    report = CitizenReport.objects.get()
    assert (response.status_code, report.contact_name, report.contact_phone) == (302, "", "")


def test_desa_of_another_kecamatan_is_refused(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    response = client.post(form_url(world), body(world, village=world.foreign_village.code))
    assert response.status_code == 400
    assert "village" in response.context["form"].errors
    assert CitizenReport.objects.count() == 0


def test_missing_fields_are_named_and_typed_values_kept(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    response = client.post(form_url(world), body(world, place="", description=""))
    form = response.context["form"]
    assert response.status_code == 400
    assert set(form.errors) == {"place", "description"}
    assert form["contact_name"].value() == "Siti"
    assert CitizenReport.objects.count() == 0


# Photos ------------------------------------------------------------------------------------------


def _photo_file(content: bytes, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def _stored_exif(photo: FieldPhoto) -> dict[int, Any]:
    with photo.file.open("rb") as handle, Image.open(handle) as stored:
        exif = stored.getexif()
        return {**dict(exif), **({0x8825: dict(exif.get_ifd(0x8825))} if 0x8825 in exif else {})}


def test_photo_is_stored_without_metadata(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    response = post(client, world, {**body(world), "photo": _photo_file(jpeg_with_location())})
    photo = FieldPhoto.objects.get()
    assert response.status_code == 302
    assert photo.citizen_report == CitizenReport.objects.get()
    assert (photo.kept_location, _stored_exif(photo)) == (False, {})


def test_photo_keeps_its_location_only_when_the_reporter_ticks_it(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    data = {**body(world), "photo": _photo_file(jpeg_with_location()), "keep_location": "on"}
    response = post(client, world, data)
    photo = FieldPhoto.objects.get()
    exif = _stored_exif(photo)
    assert (response.status_code, photo.kept_location) == (302, True)
    assert 0x010F not in exif  # the camera's make is gone
    assert (exif[0x8825][1], exif[0x8825][3]) == ("S", "E")


def test_photo_that_is_not_an_image_is_refused_and_nothing_stored(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    fake = _photo_file(b"%PDF-1.4 bukan foto")
    response = client.post(form_url(world), {**body(world), "photo": fake})
    assert response.status_code == 400
    assert response.context["form"].errors["photo"] == [MESSAGE_TYPE_PHOTO]
    assert "pilih fotonya sekali lagi" in response.context["rejection"]
    assert (CitizenReport.objects.count(), FieldPhoto.objects.count()) == (0, 0)


def test_oversize_photo_is_refused_and_nothing_stored(
    client: Client, world: Any, office: Any, same_minute: None
) -> None:
    big = _photo_file(jpeg_with_location() + b"\0" * (5 * 1024 * 1024))
    response = client.post(form_url(world), {**body(world), "photo": big})
    assert response.status_code == 400
    assert response.context["form"].errors["photo"] == [MESSAGE_TOO_LARGE % {"limit": 5}]
    assert (CitizenReport.objects.count(), FieldPhoto.objects.count()) == (0, 0)


# Status by code ----------------------------------------------------------------------------------


def submitted(world: Any, **extra: Any) -> CitizenReport:
    data = reports.ReportInput(
        village=world.village,
        category=category("curanmor"),
        place="Pasar desa",
        occurred_at=timezone.now() - dt.timedelta(hours=5),
        description="Keributan di pasar.",
        contact_name="Budi Rahasia",
        contact_phone="081299990000",
        **extra,
    )
    report, _created = reports.submit_report(data=data, client_id=uuid.uuid4())
    return report


def test_status_of_a_waiting_report_shows_status_and_time_never_the_contact(
    client: Client, world: Any, same_minute: None
) -> None:
    report = submitted(world)
    submitted(world)  # another report: never shown
    response = client.get(f"/lapor/status/{report.tracking_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert str(CitizenReportStatus.RECEIVED.label) in html
    assert report.tracking_code in html
    assert "Budi Rahasia" not in html
    assert "081299990000" not in html
    assert "Keributan di pasar" not in html
    assert CitizenReport.objects.exclude(pk=report.pk).get().tracking_code not in html


def test_status_of_a_verified_report_shows_the_incident_status(
    client: Client, world: Any, same_minute: None
) -> None:
    report = submitted(world)
    incident = reports.verify_report(report=report, actor=world.admin)
    response = client.get(f"/lapor/status/{report.tracking_code}/")
    assert response.status_code == 200
    assert response.context["incident_status"] == "Diverifikasi"
    assert incident.get_status_display() in response.content.decode()
    assert str(CitizenReportStatus.VERIFIED.label) in response.content.decode()


def test_status_of_a_rejected_report_shows_the_reason(
    client: Client, world: Any, same_minute: None
) -> None:
    report = submitted(world)
    reports.reject_report(
        report=report, reason="Laporan ganda dari kejadian kemarin.", actor=world.admin
    )
    response = client.get(f"/lapor/status/{report.tracking_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert str(CitizenReportStatus.REJECTED.label) in html
    assert "Laporan ganda dari kejadian kemarin." in html


def test_status_lookup_normalises_the_typed_code(
    client: Client, world: Any, same_minute: None
) -> None:
    report = submitted(world)
    code = report.tracking_code
    typed = f" {code[:5].lower()}-{code[5:]} "
    response = client.get("/lapor/status/", {"code": typed})
    assert (response.status_code, response["Location"]) == (302, f"/lapor/status/{code}/")
    dashed = client.get(f"/lapor/status/{code[:5].lower()}-{code[5:]}/")
    assert dashed["Location"] == f"/lapor/status/{code}/"


def test_status_lookup_refuses_a_code_of_the_wrong_length(client: Client, db: Any) -> None:
    response = client.get("/lapor/status/", {"code": "ABC"})
    assert response.status_code == 400
    assert "code" in response.context["form"].errors


def test_unknown_code_answers_404_with_a_helpful_page(
    client: Client, world: Any, same_minute: None
) -> None:
    submitted(world)
    response = client.get("/lapor/status/ABCDEFGHJK/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Tidak ada laporan dengan kode ABCDEFGHJK" in html
    assert 'action="/lapor/status/"' in html


@override_settings(SITRANTIB_CITIZEN_REPORT_LOOKUP_RATE_LIMIT_PER_MINUTE=3)
def test_code_lookups_are_rate_limited_per_address(
    client: Client, world: Any, same_minute: None
) -> None:
    report = submitted(world)
    guesses = [client.get(f"/lapor/status/{c * 10}/").status_code for c in "ABC"]
    blocked = client.get(f"/lapor/status/{report.tracking_code}/")
    elsewhere = client.get(f"/lapor/status/{report.tracking_code}/", REMOTE_ADDR="198.51.100.5")
    assert guesses == [404, 404, 404]
    assert blocked.status_code == 429
    assert 'id="report-status"' not in blocked.content.decode()
    assert "Terlalu banyak pencarian kode" in blocked.content.decode()
    assert elsewhere.status_code == 200


def test_public_pages_need_no_login(client: Client, world: Any, office: Any) -> None:
    statuses = [client.get(url).status_code for url in (form_url(world), "/lapor/status/")]
    assert statuses == [200, 200]
