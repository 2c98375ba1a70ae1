import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sitrantib.meetings import services
from sitrantib.meetings.models import LetterNumbering
from sitrantib.meetings.tests.factories import finish, koramil, make_item, make_meeting, make_office

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def held_meeting(world):
    make_office(world.district)
    LetterNumbering.objects.create(district=world.district, unit_code="427.83")
    other = koramil(world)
    meeting = make_meeting(world, invited=[world.polsek, other])
    services.issue_invitation(meeting=meeting, actor=world.admin)
    services.record_attendance(
        meeting=meeting,
        name="AKP Sugeng",
        position="Kapolsek",
        institution=world.polsek,
        actor=world.admin,
    )
    services.save_minutes(
        meeting=meeting,
        summary="Rapat berjalan lancar.",
        minute_taker="Rina",
        discussions={meeting.agenda_items.order_by("order").first().pk: "Situasi aman terkendali."},
        actor=world.admin,
    )
    services.record_decision(
        meeting=meeting,
        text="Patroli gabungan tiap malam Minggu",
        owner_institution=world.polsek,
        due_date=meeting.starts_at.date(),
        actor=world.admin,
    )
    finish(world, meeting.action_items.get())
    services.record_decision(
        meeting=meeting,
        text="Pendataan pos kamling",
        owner_institution=other,
        due_date=meeting.starts_at.date(),
        actor=world.admin,
    )
    meeting.refresh_from_db()
    return meeting


def _get(client, user, meeting, document):
    client.force_login(user)
    return client.get(reverse("meetings:meeting_pdf", args=[meeting.pk, document]))


def test_invitation_pdf_has_letterhead_number_invitees_agenda_and_signature(
    client, world, held_meeting
):
    text = _text(_get(client, world.admin, held_meeting, "undangan"))

    for expected in [
        "KECAMATAN YOSOWILANGUN",
        f"Nomor : {held_meeting.letter_number}",
        "300.1.4/1/427.83/",
        "Polsek Yosowilangun",
        "Koramil Yosowilangun",
        "Situasi kamtibmas",
        "Selasa, 10 Februari 2026",
        "Pendopo Kecamatan Yosowilangun",
        "CAMAT YOSOWILANGUN",
        "Budi Santoso",
        "NIP. 197001011990031001",
    ]:
        assert expected in text, expected


def test_attendance_pdf_lists_attendees_with_signature_column(client, world, held_meeting):
    text = _text(_get(client, world.admin, held_meeting, "daftar-hadir"))

    for expected in ["DAFTAR HADIR", "Tanda tangan", "AKP Sugeng", "Kapolsek"]:
        assert expected in text, expected


def test_minutes_pdf_has_discussion_and_decisions(client, world, held_meeting):
    text = _text(_get(client, world.admin, held_meeting, "notulen"))

    for expected in [
        "NOTULEN RAPAT",
        "Situasi aman terkendali.",
        "Patroli gabungan tiap malam Minggu",
        "Pendataan pos kamling",
        "Rina",
    ]:
        assert expected in text, expected


def test_report_pdf_has_attendance_decisions_and_follow_up_status(client, world, held_meeting):
    text = _text(_get(client, world.admin, held_meeting, "laporan"))

    for expected in [
        "LAPORAN HASIL RAPAT",
        "AKP Sugeng",
        "Selesai (dengan bukti)",
        "Terbuka",
        "Tindak lanjut selesai dengan bukti: 1 dari 2.",
    ]:
        assert expected in text, expected


def test_report_pdf_for_partner_shows_only_its_items(client, world, held_meeting):
    text = _text(_get(client, world.partner, held_meeting, "laporan"))

    assert "Tindak lanjut selesai dengan bukti: 1 dari 1." in text


def test_meeting_pdf_unknown_document_404(client, world, held_meeting):
    assert _get(client, world.admin, held_meeting, "kuitansi").status_code == 404


def test_meeting_pdf_of_meeting_without_office_renders(client, world):
    meeting = make_meeting(world)
    make_item(world, meeting)

    text = _text(_get(client, world.admin, meeting, "undangan"))

    assert "Rapat Koordinasi FORKOMPIMKA Februari" in text


def test_invitation_pdf_addresses_invited_person_by_position(client, world):
    make_office(world.district)
    kapolsek = services.create_person(
        institution=world.polsek, name="AKP Sugeng", position="Kapolsek", actor=world.admin
    )
    meeting = make_meeting(world, invited=[])
    services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        invited=[],
        invited_people=[kapolsek],
        actor=world.admin,
    )

    text = _text(_get(client, world.admin, meeting, "undangan"))

    assert "Kapolsek, Polsek Yosowilangun" in text
