import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sitrantib.core.formatting import format_date_id
from sitrantib.meetings import services
from sitrantib.meetings.documents import attendance_blank_rows, invitation_subject
from sitrantib.meetings.models import LetterNumbering
from sitrantib.meetings.tests.factories import finish, koramil, make_item, make_meeting, make_office
from sitrantib.regions.models import Signatory

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
        "NIP. 19700101 199003 1 001",
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


def test_invitation_pdf_without_office_dated_once_numbered(client, world):
    meeting = make_meeting(world)
    services.issue_invitation(meeting=meeting, actor=world.admin, letter_date=dt.date(2026, 2, 2))

    text = _text(_get(client, world.admin, meeting, "undangan"))

    assert text.count("2 Februari 2026") == 1


def test_invitation_without_number_is_a_draft_marked_on_every_page(client, world):
    make_office(world.district)
    meeting = make_meeting(world)

    pages = _pages(_get(client, world.admin, meeting, "undangan"))

    assert all(page.count("DRAF") >= 2 for page in pages)  # header and watermark
    assert "Nomor : ...." in pages[0]
    # A draft is not yet dated: the date comes with the number.
    assert format_date_id(timezone.localdate()) not in " ".join(pages)


def test_numbered_invitation_carries_no_draft_mark(client, world, held_meeting):
    text = _text(_get(client, world.admin, held_meeting, "undangan"))

    assert "DRAF" not in text
    assert f"Lumajang, {format_date_id(held_meeting.letter_date)}" in text


@pytest.mark.parametrize("document", ["daftar-hadir", "notulen", "laporan"])
def test_records_carry_the_meeting_date_not_the_print_date(client, world, held_meeting, document):
    assert held_meeting.letter_date != dt.date(2026, 2, 10)  # numbered today, held in February

    text = _text(_get(client, world.admin, held_meeting, document))

    assert "Lumajang, 10 Februari 2026" in text
    assert format_date_id(timezone.localdate()) not in text


def test_attendance_pdf_small_meeting_fits_one_page(client, world, held_meeting):
    services.record_attendance(meeting=held_meeting, name="Kapten Joko", actor=world.admin)

    pages = _pages(_get(client, world.admin, held_meeting, "daftar-hadir"))

    assert len(pages) == 1
    assert ("AKP Sugeng" in pages[0], "Budi Santoso" in pages[0]) == (True, True)


def test_attendance_blank_rows_at_least_five_and_fill_the_page(world):
    assert (
        list(attendance_blank_rows(2)),
        list(attendance_blank_rows(0)),
        list(attendance_blank_rows(30)),
    ) == (
        [3, 4, 5, 6, 7, 8],
        list(range(1, 9)),
        [31, 32, 33, 34, 35],
    )


def test_attendance_pdf_has_a_row_for_every_invitee(client, world, held_meeting):
    # Polsek came (AKP Sugeng); Koramil was invited and is not recorded yet.
    pages = _pages(_get(client, world.admin, held_meeting, "daftar-hadir"))
    text = " ".join(pages)

    assert "1 Koramil Yosowilangun 1." in text  # pre-printed, the name left for the signer
    assert f"2 AKP Sugeng Kapolsek {DASH} Polsek Yosowilangun 2." in text
    # At least five blank rows after the invitees, and the list and signature on one page.
    assert ("3 3." in text, "7 7." in text, len(pages)) == (True, True, 1)


def test_attendance_pdf_signature_kept_with_last_rows(client, world, held_meeting):
    # Enough people to run onto a second page: the signature block moves with the last rows.
    for n in range(2, 24):
        services.record_attendance(meeting=held_meeting, name=f"Peserta {n}", actor=world.admin)

    pages = _pages(_get(client, world.admin, held_meeting, "daftar-hadir"))

    assert len(pages) == 2
    last = pages[-1]
    assert (
        "Mengetahui," in last,
        "Budi Santoso" in last,
        "NIP. 19700101 199003 1 001" in last,
    ) == (
        True,
        True,
        True,
    )
    assert "Peserta" in last or "28 28." in last  # never alone on its page


def _chair(world):
    return Signatory.objects.get(office__district=world.district, role="camat")


def test_minutes_signed_by_the_chair_with_name_rank_and_grouped_nip(client, world, held_meeting):
    services.save_minutes(
        meeting=held_meeting,
        summary=held_meeting.minutes_summary,
        minute_taker="Rina",
        chair_signatory=_chair(world),
        actor=world.admin,
    )

    text = _text(_get(client, world.admin, held_meeting, "notulen"))

    assert "Pimpinan rapat, CAMAT YOSOWILANGUN Budi Santoso Pembina NIP. 19700101 199003 1 001" in (
        text
    )
    assert "Notulis, Rina" in text


def test_minutes_chair_of_another_office_refused(world, held_meeting):
    other = make_office(world.other_district)

    with pytest.raises(ValidationError) as caught:
        services.save_minutes(
            meeting=held_meeting,
            summary="",
            chair_signatory=other.signatories.get(),
            actor=world.admin,
        )

    assert caught.value.message_dict == {"chair_signatory": [services.ERR_CHAIR_OTHER_OFFICE]}


def test_minutes_signature_never_splits_from_the_chairs_name(client, world, held_meeting):
    """Minutes long enough to cross pages: whatever the length, the chair's heading, name and
    NIP share a page, and the closing sentence travels with them."""
    services.save_minutes(
        meeting=held_meeting,
        summary="",
        chair_signatory=_chair(world),
        actor=world.admin,
    )
    agenda = held_meeting.agenda_items.order_by("order").first()
    page_counts = set()
    for lines in range(0, 30, 3):
        services.save_minutes(
            meeting=held_meeting,
            summary="",
            discussions={agenda.pk: "\n".join(f"Pembahasan baris {n}." for n in range(lines))},
            actor=world.admin,
        )
        pages = _pages(_get(client, world.admin, held_meeting, "notulen"))

        def on(text, pages=pages):
            return [i for i, page in enumerate(pages) if text in page]

        assert (
            on("Pimpinan rapat,") == on("Budi Santoso Pembina") == on("NIP. 19700101 199003 1 001")
        )
        assert on("Demikian notulen rapat ini") == on("Budi Santoso Pembina")
        page_counts.add(len(pages))
    assert page_counts == {1, 2}, "the discussion must push the signature across a page"


@pytest.mark.parametrize(
    ("title", "kind", "subject"),
    [
        ("Rapat Koordinasi FORKOMPIMKA", "rapat_koordinasi", "Rapat Koordinasi FORKOMPIMKA"),
        ("rapat koordinasi keamanan", "rapat_koordinasi", "rapat koordinasi keamanan"),
        ("RAPAT KOORDINASI FORKOMPIMKA", "lainnya", "RAPAT KOORDINASI FORKOMPIMKA"),
        ("Koordinasi FORKOMPIMKA", "rapat_koordinasi", "rapat Koordinasi FORKOMPIMKA"),
        ("Persiapan HUT RI", "rapat_koordinasi", "rapat koordinasi Persiapan HUT RI"),
        ("Evaluasi semester I", "rapat_evaluasi", "rapat Evaluasi semester I"),
        ("Sosialisasi Perda", "lainnya", "rapat Sosialisasi Perda"),
    ],
)
def test_invitation_subject_reads_naturally_whatever_the_title(world, title, kind, subject):
    from sitrantib.meetings.models import MeetingKind

    meeting = make_meeting(world, title=title)
    meeting.kind = MeetingKind.objects.get(code=kind)

    assert invitation_subject(meeting) == subject


def test_invitation_sentence_does_not_repeat_rapat(client, world):
    make_office(world.district)
    meeting = make_meeting(world, title="Rapat Koordinasi FORKOMPIMKA")

    text = _text(_get(client, world.admin, meeting, "undangan"))

    assert (
        "Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri Rapat Koordinasi FORKOMPIMKA "
        "yang akan diselenggarakan pada:" in text
    )
    assert "Rapat koordinasi Rapat" not in text
    assert '"' not in text
