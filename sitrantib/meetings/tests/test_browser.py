"""The journey of issue 4: minutes with three decisions -> the Polsek completes its item on a
phone with a photo -> the indicator moves from 0 % to 33,33 %.

Set MEETINGS_SCREENSHOT_DIR to also save the screenshots used in docs/guide/rapat.md.
"""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from sitrantib.meetings.tests.factories import (
    koramil,
    make_meeting,
    make_office,
    village_government,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("MEETINGS_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"meetings-{name}.png"), full_page=False)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_minutes_decisions_and_phone_follow_up_move_indicator(
    page, browser, live_server, login, phone_context_args, world
):
    make_office(world.district)
    desa = village_government(world)
    army = koramil(world)
    meeting = make_meeting(world, invited=[world.polsek, army, desa])
    today = timezone.localdate()
    due = (today + dt.timedelta(days=3)).isoformat()
    start, end = today - dt.timedelta(days=30), today + dt.timedelta(days=30)
    period = f"?start={start.isoformat()}&end={end.isoformat()}"
    page.set_viewport_size({"width": 1280, "height": 800})

    # The section writes the minutes...
    login(page, world.admin)
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/notulen/")
    page.fill("#id_minute_taker", "Rina Kasi Trantib")
    page.locator("textarea[name^=discussion_]").first.fill(
        "Situasi kamtibmas aman; ronda perlu digiatkan."
    )
    _shot(page, "notulen")
    page.click("button:has-text('Simpan notulen')")
    page.wait_for_url(f"**/rapat/{meeting.pk}/**")

    # ... and three decisions, assigned to the Polsek, the Koramil and a desa.
    for text, owner in [
        ("Patroli gabungan malam Minggu", "Polsek Yosowilangun"),
        ("Pendampingan pos kamling", "Koramil Yosowilangun"),
        ("Aktifkan ronda di Darungan", desa.name),
    ]:
        page.fill("#id_text", text)
        page.select_option("#id_owner_institution", label=owner)
        page.fill("#id_due_date", due)
        page.click("button:has-text('Simpan keputusan')")
        page.wait_for_load_state()
    assert page.locator("#decision-list > li").count() == 3
    page.evaluate("document.getElementById('keputusan').scrollIntoView({behavior: 'instant'})")
    _shot(page, "rapat")

    page.goto(f"{live_server.url}/rapat/indikator/{period}")
    assert page.inner_text("#indicator-value") == "0,00 %"

    # The Polsek user completes its item on a phone, with a photo.
    context = browser.new_context(**phone_context_args)
    phone = context.new_page()
    login(phone, world.partner)
    phone.goto(f"{live_server.url}/rapat/")
    assert phone.locator("#ledger-table tbody tr").count() == 1
    _shot(phone, "buku-ponsel")
    phone.click("#ledger-table a:has-text('Patroli gabungan')")
    phone.select_option("#id_status", "in_progress")
    phone.click("button:has-text('Simpan status')")
    phone.wait_for_load_state()
    phone.set_input_files(
        "#id_file", files=[{"name": "patroli.png", "mimeType": "image/png", "buffer": _png()}]
    )
    phone.fill("#id_note", "Patroli gabungan dilaksanakan Sabtu malam.")
    phone.click("button:has-text('Unggah bukti')")
    phone.wait_for_load_state()
    assert phone.locator("#evidence-list li").count() == 1
    phone.select_option("#id_status", "done")
    phone.click("button:has-text('Simpan status')")
    phone.wait_for_load_state()
    assert phone.get_attribute("#item-status [data-status]", "data-status") == "done"
    _shot(phone, "tindak-lanjut-ponsel")
    context.close()

    # The indicator has moved.
    page.goto(f"{live_server.url}/rapat/indikator/{period}")
    assert page.inner_text("#indicator-value") == "33,33 %"
    _shot(page, "indikator")
    page.goto(f"{live_server.url}/rapat/")
    _shot(page, "buku")
