"""Links that leave the laptop use SITRANTIB_PUBLIC_URL: card QR, poster, API field, reminders."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from sitrantib.linmas.tests.conftest import make_member
from sitrantib.meetings.reminders import send_reminders
from sitrantib.meetings.tests.factories import TODAY, make_item, make_meeting
from sitrantib.surveys.tests.conftest import make_period

pytestmark = pytest.mark.django_db
PUBLIC = "http://192.168.1.10:8000"


@pytest.fixture
def public_address(settings):
    settings.SITRANTIB_PUBLIC_URL = PUBLIC
    return PUBLIC


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def _qr_modules(image, size):
    gray = image.convert("L")
    step = gray.width / size
    return [
        [gray.getpixel((int((x + 0.5) * step), int((y + 0.5) * step))) < 128 for x in range(size)]
        for y in range(size)
    ]


def _expected_modules(data):
    import qrcode

    code = qrcode.QRCode(border=1)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def test_card_qr_encodes_the_public_address_not_the_laptop(world, public_address):
    member = make_member(
        world.village, card_number="KTA-1", card_valid_until=dt.date(2030, 1, 1), serial=1
    )
    content = _logged_in(world.admin).get("/linmas/kta.pdf").content
    images = [img.image for img in PdfReader(io.BytesIO(content)).pages[0].images]
    public = _expected_modules(f"{PUBLIC}/verifikasi/{member.verification_code}")
    laptop = _expected_modules(f"http://testserver/verifikasi/{member.verification_code}")
    found = [_qr_modules(img, len(public)) for img in images]

    assert (public in found, laptop in found) == (True, False)


def test_poster_prints_the_public_address_without_warning(world, public_address):
    period = make_period(world)
    html = _logged_in(world.admin).get(f"/survei/{period.pk}/poster/").content.decode()

    assert f"{PUBLIC}/s/{period.short_code}/" in html
    assert "http://testserver/s/" not in html
    assert "loopback-address-warning" not in html


def test_poster_warns_when_its_address_only_opens_on_the_laptop(world, settings):
    settings.SITRANTIB_PUBLIC_URL = ""
    period = make_period(world)
    client = _logged_in(world.admin)

    on_laptop = client.get(f"/survei/{period.pk}/poster/", HTTP_HOST="127.0.0.1:8000")
    from_server = client.get(f"/survei/{period.pk}/poster/")

    assert "Alamat ini hanya bisa dibuka di laptop ini" in on_laptop.content.decode()
    assert "make run HOST=0.0.0.0" in on_laptop.content.decode()
    assert "loopback-address-warning" not in from_server.content.decode()


def test_survey_api_public_url_uses_the_public_address(world, public_address):
    period = make_period(world)
    body = _logged_in(world.admin).get(f"/api/v1/surveys/{period.pk}/").json()

    assert body["public_url"] == f"{PUBLIC}/s/{period.short_code}/"


def test_reminder_links_use_the_public_address(world, public_address):
    world.partner.email = "polsek@example.id"
    world.partner.save(update_fields=["email"])
    item = make_item(world, make_meeting(world), due=TODAY + dt.timedelta(days=3))

    send_reminders(today=TODAY)

    assert [m.to for m in mail.outbox] == [["polsek@example.id"]]
    assert f"{PUBLIC}{item.get_absolute_url()}" in mail.outbox[0].body
    assert "127.0.0.1" not in mail.outbox[0].body
