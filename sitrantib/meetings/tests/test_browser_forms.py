"""Journeys of issue 9 in a real browser: a refused decision keeps what was typed, attendance in
one click, and a partner on a phone completes an item with a photo in one step.

Set MEETINGS_SCREENSHOT_DIR to also save the screenshots used in docs/guide/rapat.md.
"""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from sitrantib.meetings import services
from sitrantib.meetings.tests.factories import koramil, make_item, make_meeting, make_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}


def _shot(page, name: str) -> None:
    folder = os.environ.get("MEETINGS_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"meetings-{name}.png"), full_page=False)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (40, 130, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_refused_decision_keeps_every_typed_value_with_the_error_beside_the_date(
    page, live_server, login, world
):
    make_office(world.district)
    meeting = make_meeting(world, invited=[world.polsek, koramil(world)])
    page.set_viewport_size(DESKTOP)
    login(page, world.admin)
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/")

    page.fill("#id_text", "Patroli gabungan malam Minggu di pasar desa")
    page.select_option("#id_owner_institution", label="Koramil Yosowilangun")
    page.fill("#id_due_date", "2026-02-09")  # the day before the meeting
    page.click("button:has-text('Simpan keputusan')")
    page.wait_for_load_state()

    # Same page, same values, the error under the date field, in view and focused.
    assert page.input_value("#id_text") == "Patroli gabungan malam Minggu di pasar desa"
    assert page.locator("#id_owner_institution option:checked").inner_text() == (
        "Koramil Yosowilangun"
    )
    assert page.input_value("#id_due_date") == "2026-02-09"
    date_field = page.locator("#id_due_date")
    assert "is-invalid" in (date_field.get_attribute("class") or "")
    error_id = date_field.get_attribute("aria-describedby").split()[0]
    assert page.inner_text(f"#{error_id}") == "Batas waktu tidak boleh sebelum tanggal rapat."
    # The summary of errors has the focus (docs/adr/0055); its link puts the cursor in the date.
    assert page.evaluate("document.activeElement.id") == "decisionform-error-summary"
    page.click("#decisionform-error-summary a[href='#id_due_date']")
    assert page.evaluate("document.activeElement.id") == "id_due_date"
    box = date_field.bounding_box()
    assert box is not None
    assert 0 <= box["y"] <= DESKTOP["height"]
    _shot(page, "keputusan-ditolak")

    # Correcting only the date saves the decision as typed.
    page.fill("#id_due_date", "2026-02-20")
    page.click("button:has-text('Simpan keputusan')")
    page.wait_for_load_state()
    assert page.locator("#decision-list > li").count() == 1
    assert "Patroli gabungan malam Minggu di pasar desa" in page.inner_text("#decision-list")


def test_attendance_all_present_in_one_click(page, live_server, login, world):
    make_office(world.district)
    army = koramil(world)
    meeting = make_meeting(world, invited=[world.polsek, army])
    services.create_person(
        institution=world.polsek, name="AKP Sugeng", position="Kapolsek", actor=world.admin
    )
    page.set_viewport_size(DESKTOP)
    login(page, world.admin)
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/")
    assert page.locator("#invitee-list .badge.text-bg-success").count() == 0
    _shot(page, "kehadiran")

    page.click("#attendance-all")
    page.wait_for_load_state()

    assert page.locator("#invitee-list .badge.text-bg-success").count() == 2
    assert page.locator("#attendance-list li").count() == 2
    assert page.locator("#attendance-all").count() == 0
    assert meeting.attendances.count() == 2


def test_partner_on_a_phone_completes_an_item_with_a_photo_in_one_step(
    browser, live_server, login, phone_context_args, world
):
    meeting = make_meeting(world)
    item = make_item(world, meeting, due=timezone.localdate() + dt.timedelta(days=3))
    context = browser.new_context(**phone_context_args)
    phone = context.new_page()
    login(phone, world.partner)
    phone.goto(f"{live_server.url}/rapat/tindak-lanjut/{item.pk}/")

    phone.set_input_files(
        "#id_file", files=[{"name": "patroli.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    phone.fill("#id_note", "Patroli dilaksanakan Sabtu malam.")
    phone.check("#id_complete")
    phone.locator("#evidence-submit").scroll_into_view_if_needed()
    _shot(phone, "bukti-ponsel")
    phone.click("#evidence-submit")
    phone.wait_for_load_state()

    assert phone.get_attribute("#item-status [data-status]", "data-status") == "done"
    thumb = phone.locator("#evidence-list img.evidence-thumb")
    thumb.scroll_into_view_if_needed()
    size = thumb.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]")
    assert size[0] is True
    assert max(size[1], size[2]) == services.THUMBNAIL_SIDE
    phone.evaluate("document.getElementById('item-status').scrollIntoView({behavior: 'instant'})")
    _shot(phone, "bukti-selesai-ponsel")
    context.close()
    item.refresh_from_db()
    assert item.status == "done"


def test_meeting_list_and_a_partners_view_of_a_meeting_it_did_not_attend(
    page, live_server, login, world
):
    make_office(world.district)
    army = koramil(world)
    first = timezone.make_aware(dt.datetime(2026, 6, 9, 9, 0))
    meetings = []
    for month in range(6):
        starts = first + dt.timedelta(days=30 * month)
        meeting = make_meeting(
            world,
            invited=[world.polsek, army],
            title=f"Rapat Koordinasi FORKOMPIMKA {month + 1}",
            starts_at=starts,
        )
        meeting.ends_at = starts + dt.timedelta(hours=2)
        meeting.save()
        meetings.append(meeting)
    latest = meetings[-1]
    services.record_decision(
        meeting=latest,
        text="Sosialisasi bahaya petasan di sekolah.",
        owner_institution=world.polsek,
        due_date=latest.starts_at.date() + dt.timedelta(days=14),
        actor=world.admin,
    )
    services.record_decision(
        meeting=latest,
        text="Pendampingan pos kamling.",
        owner_institution=army,
        due_date=latest.starts_at.date() + dt.timedelta(days=14),
        actor=world.admin,
    )
    page.set_viewport_size(DESKTOP)

    login(page, world.admin)
    page.goto(f"{live_server.url}/rapat/daftar/")
    rows = page.locator("table tbody tr")
    assert rows.count() == 6
    assert "Rapat Koordinasi FORKOMPIMKA 6" in rows.first.inner_text()
    assert "09.00 \u2013 11.00 WIB" in rows.first.inner_text()
    _shot(page, "daftar")
    page.context.clear_cookies()

    # The Polsek did not attend: no minutes, only the decision it answers for.
    login(page, world.partner)
    page.goto(f"{live_server.url}/rapat/{latest.pk}/")
    assert page.locator("#minutes-withheld").count() == 1
    decisions = page.inner_text("#decision-list")
    assert "Sosialisasi bahaya petasan" in decisions
    assert "Pendampingan pos kamling" not in decisions
    _shot(page, "rapat-mitra")
