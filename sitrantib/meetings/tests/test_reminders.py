import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from sitrantib.core.enums import Role
from sitrantib.meetings import reminders
from sitrantib.meetings.models import SentReminder
from sitrantib.meetings.reminders import send_reminders
from sitrantib.meetings.tests.factories import (
    TODAY,
    finish,
    make_item,
    make_meeting,
    village_government,
)
from sitrantib.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def polsek_mail(world):
    world.partner.email = "polsek@example.id"
    world.partner.save(update_fields=["email"])
    return world


def test_send_reminders_due_within_seven_days_and_overdue(polsek_mail):
    world = polsek_mail
    meeting = make_meeting(world)
    make_item(world, meeting, due=TODAY + dt.timedelta(days=7), description="Dalam 7 hari")
    make_item(world, meeting, due=TODAY + dt.timedelta(days=8), description="Dalam 8 hari")
    make_item(world, meeting, due=TODAY - dt.timedelta(days=1), description="Terlambat")

    result = send_reminders(today=TODAY)

    assert result.sent == 2
    assert sorted(m.subject for m in mail.outbox) == [
        "Pengingat: tindak lanjut jatuh tempo 23 November 2026",
        "Pengingat: tindak lanjut lewat jatuh tempo sejak 15 November 2026",
    ]
    assert [m.to for m in mail.outbox] == [["polsek@example.id"], ["polsek@example.id"]]


def test_send_reminders_rerun_sends_nothing_twice(polsek_mail):
    world = polsek_mail
    make_item(world, make_meeting(world), due=TODAY + dt.timedelta(days=2))
    send_reminders(today=TODAY)

    again = send_reminders(today=TODAY)
    next_day = send_reminders(today=TODAY + dt.timedelta(days=1))

    assert (again.sent, next_day.sent, len(mail.outbox)) == (0, 0, 1)


def test_send_reminders_overdue_again_next_week_only(polsek_mail):
    world = polsek_mail
    make_item(world, make_meeting(world), due=TODAY - dt.timedelta(days=3))
    send_reminders(today=TODAY)

    same_week = send_reminders(today=TODAY + dt.timedelta(days=6))
    next_week = send_reminders(today=TODAY + dt.timedelta(days=7))

    assert (same_week.sent, next_week.sent) == (0, 1)
    assert sorted(SentReminder.objects.values_list("bucket", flat=True)) == [
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 23),
    ]


def test_send_reminders_skips_done_items(polsek_mail):
    world = polsek_mail
    finish(world, make_item(world, make_meeting(world), due=TODAY))

    assert (send_reminders(today=TODAY).sent, mail.outbox) == (0, [])


def test_send_reminders_without_recipient_not_recorded(world):
    make_item(world, make_meeting(world), due=TODAY)

    result = send_reminders(today=TODAY)

    assert (result.sent, result.skipped_no_recipient, SentReminder.objects.count()) == (0, 1, 0)


def test_send_reminders_desa_items_reach_the_desa_operator(world):
    desa = village_government(world)
    world.operator.email = "darungan@example.id"
    world.operator.save(update_fields=["email"])
    make_user(
        role=Role.VILLAGE_OPERATOR,
        district=world.district,
        villages=[world.sibling_village],
        email="kraton@example.id",
    )
    make_item(world, make_meeting(world, invited=[desa]), owner=desa, due=TODAY)

    send_reminders(today=TODAY)

    assert [m.to for m in mail.outbox] == [["darungan@example.id"]]


def test_send_reminders_command_reports_count(polsek_mail, capsys):
    make_item(polsek_mail, make_meeting(polsek_mail), due=TODAY)

    call_command("send_reminders", "--date", TODAY.isoformat())

    assert (
        capsys.readouterr().out.strip()
        == "Pengingat terkirim: 1; dilewati (tanpa penerima): 0; gagal: 0"
    )


class _Gateway(BaseHTTPRequestHandler):
    received: list[tuple[str, dict]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Gateway.received.append(
            (self.headers["Authorization"], json.loads(self.rfile.read(length)))
        )
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def gateway():
    _Gateway.received = []
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/send", _Gateway.received
    server.shutdown()
    server.server_close()


def test_send_reminders_posts_to_messaging_gateway_when_configured(world, settings, gateway):
    url, received = gateway
    settings.SITRANTIB_MESSAGING_URL = url
    settings.SITRANTIB_MESSAGING_TOKEN = "rahasia-gateway"
    world.partner.phone = "081234567890"
    world.partner.save(update_fields=["phone"])
    make_item(world, make_meeting(world), due=TODAY)

    first = send_reminders(today=TODAY)
    second = send_reminders(today=TODAY)

    assert (first.sent, second.sent, len(received)) == (1, 0, 1)
    auth, payload = received[0]
    assert (auth, payload["to"]) == ("Bearer rahasia-gateway", ["081234567890"])
    assert payload["message"].startswith("Pengingat: tindak lanjut jatuh tempo 16 November 2026")


def test_send_reminders_gateway_off_by_default_sends_only_mail(polsek_mail, gateway):
    _url, received = gateway
    polsek_mail.partner.phone = "081234567890"
    polsek_mail.partner.save(update_fields=["phone"])
    make_item(polsek_mail, make_meeting(polsek_mail), due=TODAY)

    send_reminders(today=TODAY)

    assert (len(mail.outbox), received) == (1, [])


# Finding 1: a failing channel neither stops the run nor repeats the other channel -------------


class _BrokenGateway(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(502)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def broken_gateway():
    server = HTTPServer(("127.0.0.1", 0), _BrokenGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/send"
    server.shutdown()
    server.server_close()


def test_send_reminders_gateway_failure_keeps_mail_record_and_continues(
    polsek_mail, settings, broken_gateway, caplog
):
    world = polsek_mail
    settings.SITRANTIB_MESSAGING_URL = broken_gateway
    world.partner.phone = "081234567890"
    world.partner.save(update_fields=["phone"])
    meeting = make_meeting(world)
    make_item(world, meeting, due=TODAY, description="Pertama")
    make_item(world, meeting, due=TODAY + dt.timedelta(days=1), description="Kedua")

    result = send_reminders(today=TODAY)

    assert (result.sent, result.failed, len(mail.outbox)) == (2, 2, 2)
    assert sorted(SentReminder.objects.values_list("channel", flat=True)) == ["email", "email"]
    assert len([r for r in caplog.records if r.levelname == "ERROR"]) == 2


def test_send_reminders_rerun_after_gateway_failure_does_not_resend_mail(
    polsek_mail, settings, broken_gateway, gateway
):
    world = polsek_mail
    settings.SITRANTIB_MESSAGING_URL = broken_gateway
    world.partner.phone = "081234567890"
    world.partner.save(update_fields=["phone"])
    make_item(world, make_meeting(world), due=TODAY)
    send_reminders(today=TODAY)
    url, received = gateway
    settings.SITRANTIB_MESSAGING_URL = url

    again = send_reminders(today=TODAY)

    assert (again.sent, again.failed, len(mail.outbox), len(received)) == (1, 0, 1, 1)
    assert sorted(SentReminder.objects.values_list("channel", flat=True)) == ["email", "gateway"]


def test_send_reminders_mail_failure_logged_and_next_item_sent(polsek_mail, monkeypatch):
    world = polsek_mail
    meeting = make_meeting(world)
    make_item(world, meeting, due=TODAY, description="Gagal")
    make_item(world, meeting, due=TODAY + dt.timedelta(days=1), description="Berhasil")
    real_send = reminders.send_mail

    def flaky_send(subject, body, sender, to):
        if "Gagal" in body:
            raise ConnectionRefusedError("SMTP mati")
        return real_send(subject, body, sender, to)

    monkeypatch.setattr(reminders, "send_mail", flaky_send)

    result = send_reminders(today=TODAY)

    assert (result.sent, result.failed) == (1, 1)
    assert ["Berhasil" in m.body for m in mail.outbox] == [True]
    assert SentReminder.objects.count() == 1


def test_send_reminders_command_fails_loudly_after_handling_everything(
    polsek_mail, monkeypatch, capsys
):
    make_item(polsek_mail, make_meeting(polsek_mail), due=TODAY)

    def broken_send(*args, **kwargs):
        raise ConnectionRefusedError("SMTP mati")

    monkeypatch.setattr(reminders, "send_mail", broken_send)

    with pytest.raises(CommandError) as caught:
        call_command("send_reminders", "--date", TODAY.isoformat())

    assert str(caught.value) == (
        "1 pengingat gagal dikirim (lihat log); jalankan lagi untuk mengulangnya."
    )
    assert capsys.readouterr().out.strip() == (
        "Pengingat terkirim: 0; dilewati (tanpa penerima): 0; gagal: 1"
    )


# Finding 13: the queries of a run do not grow with the number of items ----------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_send_reminders_rerun_query_count_constant(polsek_mail, django_assert_num_queries, n):
    meeting = make_meeting(polsek_mail)
    for i in range(n):
        make_item(polsek_mail, meeting, due=TODAY + dt.timedelta(days=i), description=f"Item {i}")
    send_reminders(today=TODAY)

    with django_assert_num_queries(2):
        again = send_reminders(today=TODAY)

    assert again.sent == 0


@pytest.mark.parametrize("n", [1, 3])
def test_send_reminders_recipients_loaded_in_bulk(world, django_assert_num_queries, n):
    desa = village_government(world)
    meeting = make_meeting(world, invited=[world.polsek, desa])
    for i in range(n):
        make_item(world, meeting, owner=desa, due=TODAY, description=f"Desa {i}")
        make_item(world, meeting, due=TODAY, description=f"Polsek {i}")

    # items, records already sent, recipients; nobody has an address, so nothing is written.
    with django_assert_num_queries(3):
        result = send_reminders(today=TODAY)

    assert result.skipped_no_recipient == 2 * n


# Finding 15: the command's messages go through the catalogue ------------------------------------


def test_send_reminders_command_output_translated(polsek_mail, capsys):
    make_item(polsek_mail, make_meeting(polsek_mail), due=TODAY)

    with translation.override("en"):
        call_command("send_reminders", "--date", TODAY.isoformat())

    assert capsys.readouterr().out.strip() == (
        "Reminders sent: 1; skipped (no recipient): 0; failed: 0"
    )


def test_send_reminders_command_bad_date_translated():
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("send_reminders", "--date", "2026-13-01")

    assert str(caught.value) == "Invalid date: 2026-13-01"
