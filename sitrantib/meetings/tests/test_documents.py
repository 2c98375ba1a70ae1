import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sitrantib.core.formatting import format_date_id
from sitrantib.meetings import services
from sitrantib.meetings.documents import attendance_blank_rows
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


DASH = "\u2013"


def _pages(response) -> list[str]:
    reader = PdfReader(io.BytesIO(response.content))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.mark.parametrize("document", ["undangan", "daftar-hadir", "notulen", "laporan"])
def test_meeting_pdf_time_line_shows_time_only(client, world, held_meeting, document):
    text = _text(_get(client, world.admin, held_meeting, document))

    assert f"Waktu : 09.00 WIB {DASH} selesai" in text
    assert "pukul" not in text


def test_meeting_pdf_time_line_with_end_time(client, world, held_meeting):
    held_meeting.ends_at = held_meeting.starts_at + dt.timedelta(hours=2, minutes=30)
    held_meeting.save()

    text = _text(_get(client, world.admin, held_meeting, "undangan"))

    assert f"Waktu : 09.00 {DASH} 11.30 WIB" in text


def test_meeting_pdf_time_line_ending_another_day(client, world, held_meeting):
    held_meeting.ends_at = held_meeting.starts_at + dt.timedelta(days=1, hours=3)
    held_meeting.save()

    text = _text(_get(client, world.admin, held_meeting, "undangan"))

    assert f"Waktu : 09.00 WIB {DASH} 11 Februari 2026 pukul 12.00 WIB" in text


def test_invitation_pdf_prints_place_and_date_once(client, world, held_meeting):
    text = _text(_get(client, world.admin, held_meeting, "undangan"))

    assert text.count("Lumajang, ") == 1


def test_invitation_pdf_without_office_still_dated(client, world):
    meeting = make_meeting(world)

    text = _text(_get(client, world.admin, meeting, "undangan"))

    assert text.count(format_date_id(timezone.localdate())) == 1


def test_attendance_pdf_small_meeting_fits_one_page(client, world, held_meeting):
    services.record_attendance(meeting=held_meeting, name="Kapten Joko", actor=world.admin)

    pages = _pages(_get(client, world.admin, held_meeting, "daftar-hadir"))

    assert len(pages) == 1
    assert ("AKP Sugeng" in pages[0], "Budi Santoso" in pages[0]) == (True, True)


def test_attendance_pdf_blank_rows_for_invitees_not_listed(world):
    assert (
        list(attendance_blank_rows(2, 2)),
        list(attendance_blank_rows(0, 12)),
        list(attendance_blank_rows(30, 3)),
    ) == (
        [3, 4, 5, 6, 7, 8],
        list(range(1, 13)),
        [31, 32],
    )


def test_attendance_pdf_signature_kept_with_last_rows(client, world, held_meeting):
    # 10 attendees + 2 blank rows: without keep-together the signature was alone on page 2.
    for n in range(2, 11):
        services.record_attendance(meeting=held_meeting, name=f"Peserta {n}", actor=world.admin)

    pages = _pages(_get(client, world.admin, held_meeting, "daftar-hadir"))

    assert len(pages) == 2
    assert ("Budi Santoso" in pages[1], "12 12." in pages[1]) == (True, True)
