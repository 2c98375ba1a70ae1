"""Issue 9, point 6 in the browser: the section prints a meeting's documents from its page and
gets papers ready to sign — a draft invitation marked DRAF until it has its number, the
attendance list with the meeting's date, a row for every invitee and the signature block whole.
"""

import io

import pytest
from pypdf import PdfReader

from sitrantib.meetings import services
from sitrantib.meetings.models import LetterNumbering
from sitrantib.meetings.tests.factories import koramil, make_meeting, make_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, link_text: str) -> list[str]:
    """The PDF behind a link of the page, fetched with the page's own session."""
    href = page.get_by_role("link", name=link_text).get_attribute("href")
    answer = page.request.get(href if "://" in href else page.url.split("/rapat/")[0] + href)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.body()))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def test_documents_printed_from_the_meeting_page_are_ready_to_sign(page, live_server, login, world):
    make_office(world.district)
    LetterNumbering.objects.create(district=world.district, unit_code="427.83")
    meeting = make_meeting(world, invited=[world.polsek, koramil(world)])
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, world.admin)
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/")

    draft = _download(page, "Undangan (PDF)")
    assert all("DRAF" in text for text in draft)

    services.issue_invitation(meeting=meeting, actor=world.admin)
    page.reload()
    numbered = _download(page, "Undangan (PDF)")
    attendance = _download(page, "Daftar hadir (PDF)")

    assert not any("DRAF" in text for text in numbered)
    whole = " ".join(attendance)
    assert "10 Februari 2026" in whole  # the meeting's date, not the day it was printed
    assert "Polsek Yosowilangun" in whole
    assert "Koramil Yosowilangun" in whole
    signed = [text for text in attendance if "Budi Santoso" in text]
    assert len(signed) == 1
    assert "CAMAT YOSOWILANGUN" in signed[0]
    assert "NIP. 19700101 199003 1 001" in signed[0]
