"""Reminders to village operators: before a deadline (the kecamatan's days), weekly while late,
never twice, a failed e-mail counted and retried, and the management command."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.core.enums import Role
from sitrantib.testing.factories import make_user
from sitrantib.villagedocs import services
from sitrantib.villagedocs.models import SentDocumentReminder
from sitrantib.villagedocs.reminders import LATE, SOON, send_reminders
from sitrantib.villagedocs.tests.factories import make_obligation, receive, wib

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 3, 25)  # a Wednesday
SMTP_DOWN = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        # The discard port: nothing listens, the connection is refused.
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def operators(world):
    world.operator.email = "op.darungan@example.id"
    world.operator.save(update_fields=["email"])
    world.sibling_operator.email = "op.kraton@example.id"
    world.sibling_operator.save(update_fields=["email"])
    return world


def test_operators_get_one_message_listing_documents_due_soon_and_late(operators):
    world = operators
    make_obligation(world.village, code="lppd", due=D(2026, 4, 1), period_key="2025")  # 7 days
    make_obligation(world.village, code="lpj-apbdes", due=D(2026, 4, 2), period_key="2025")  # 8
    make_obligation(world.village, code="rekap-penduduk", due=D(2026, 2, 10), period_key="2026-01")
    make_obligation(world.foreign_village, code="lppd", due=D(2026, 3, 31), period_key="2025")

    result = send_reminders(today=TODAY, base_url="https://sitrantib.example.id")

    assert (result.sent, result.reminders, result.failed) == (1, 2, 0)
    assert result.skipped_no_recipient == 1  # the other kecamatan's desa has no operator e-mail
    [message] = mail.outbox
    assert message.to == ["op.darungan@example.id"]
    assert message.subject == "Pengingat dokumen desa Darungan"
    assert "Buku Rekapitulasi Jumlah Penduduk (2026-01): TERLAMBAT" in message.body
    assert "LPPD (laporan penyelenggaraan pemerintahan desa) (2025): batas waktu 1 April 2026" in (
        message.body
    )
    assert "LPJ" not in message.body
    assert "https://sitrantib.example.id/dokumen-desa/kewajiban/" in message.body
    assert sorted(SentDocumentReminder.objects.values_list("kind", "bucket")) == [
        (LATE, D(2026, 3, 23)),  # the Monday of the week
        (SOON, D(2026, 4, 1)),  # the due date
    ]


def test_the_kecamatans_reminder_days_decide_how_early(operators):
    world = operators
    make_obligation(world.village, code="lppd", due=D(2026, 4, 4), period_key="2025")  # 10 days
    assert send_reminders(today=TODAY).sent == 0
    services.update_settings(district=world.district, data={"reminder_days": 10}, actor=world.admin)
    assert send_reminders(today=TODAY).sent == 1
    services.update_settings(district=world.district, data={"reminder_days": 0}, actor=world.admin)
    make_obligation(world.village, code="lpj-apbdes", due=TODAY, period_key="2025")
    assert send_reminders(today=TODAY).sent == 0  # 0 days: no reminder before the deadline


def test_reruns_send_nothing_twice_and_late_ones_again_each_week(operators):
    world = operators
    make_obligation(world.village, code="lppd", due=D(2026, 3, 30), period_key="2025")
    make_obligation(world.village, code="rekap-penduduk", due=D(2026, 2, 10), period_key="2026-01")
    assert send_reminders(today=TODAY).reminders == 2
    assert send_reminders(today=TODAY).sent == 0
    assert send_reminders(today=TODAY + dt.timedelta(days=4)).sent == 0  # Sunday, same week
    next_monday = send_reminders(today=D(2026, 3, 30))
    # The summary is late again in a new week; the LPPD is due today (its "soon" was sent).
    assert (next_monday.sent, next_monday.reminders) == (1, 1)
    late_week_after = send_reminders(today=D(2026, 3, 31))
    assert late_week_after.reminders == 1  # the LPPD is now late
    assert len(mail.outbox) == 3


def test_documents_received_accepted_or_waived_get_no_reminder(operators):
    world = operators
    waiting = make_obligation(world.village, code="lppd", due=D(2026, 3, 20), period_key="2025")
    receive(waiting, wib(2026, 3, 19), actor=world.staff)
    accepted = make_obligation(
        world.village, code="lpj-apbdes", due=D(2026, 3, 27), period_key="2025"
    )
    receive(accepted, wib(2026, 3, 19), actor=world.staff, verdict="accepted")
    waived = make_obligation(
        world.village, code="rekap-penduduk", due=D(2026, 3, 10), period_key="2026-02"
    )
    services.waive_obligation(obligation=waived, reason="Pemekaran", actor=world.admin)
    returned = make_obligation(world.village, code="rkpdes", due=D(2026, 3, 26), period_key="2027")
    receive(returned, wib(2026, 3, 19), actor=world.staff, verdict="returned")
    result = send_reminders(today=TODAY)
    assert result.reminders == 1
    assert "RKPDes" in mail.outbox[0].body


def test_every_operator_of_the_desa_is_reminded_and_inactive_ones_are_not(operators):
    world = operators
    second = make_user(
        role=Role.VILLAGE_OPERATOR,
        district=world.district,
        villages=[world.village],
        username="op2",
    )
    second.email = "op2@example.id"
    second.save(update_fields=["email"])
    gone = make_user(
        role=Role.VILLAGE_OPERATOR,
        district=world.district,
        villages=[world.village],
        username="op3",
    )
    gone.email = "op3@example.id"
    gone.is_active = False
    gone.save(update_fields=["email", "is_active"])
    make_obligation(world.village, code="lppd", due=D(2026, 3, 31), period_key="2025")
    assert send_reminders(today=TODAY).sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["op.darungan@example.id", "op2@example.id"]


def test_a_failed_email_is_counted_recorded_nowhere_and_sent_by_the_next_run(operators, settings):
    world = operators
    make_obligation(world.village, code="lppd", due=D(2026, 3, 31), period_key="2025")
    make_obligation(world.sibling_village, code="lppd", due=D(2026, 3, 31), period_key="2025")
    settings.MAILERS = SMTP_DOWN
    failed = send_reminders(today=TODAY)
    assert (failed.sent, failed.failed) == (0, 2)
    assert not SentDocumentReminder.objects.exists()
    settings.MAILERS = LOCMEM
    retried = send_reminders(today=TODAY)
    assert (retried.sent, retried.failed) == (2, 0)
    assert SentDocumentReminder.objects.count() == 2


def test_the_queries_do_not_grow_with_the_obligations(operators):
    world = operators
    counts = {}
    for n, villages in ((0, 1), (1, 2)):
        SentDocumentReminder.objects.all().delete()
        for village in [world.village, world.sibling_village][:villages]:
            make_obligation(
                village, code="rekap-penduduk", due=D(2026, 1, 10 + n), period_key=f"2025-{12 - n}"
            )
        with CaptureQueriesContext(connection) as queries:
            send_reminders(today=TODAY)
        sends = len(SentDocumentReminder.objects.values("user").distinct())
        counts[villages] = len(queries) - sends * 3  # savepoint, insert, release per e-mail
    assert counts[1] == counts[2]


def test_the_command_reports_and_fails_loudly_after_a_failure(operators, settings, capsys):
    world = operators
    make_obligation(world.village, code="lppd", due=D(2026, 3, 31), period_key="2025")
    call_command("remind_documents", "--date", TODAY.isoformat())
    assert capsys.readouterr().out.strip() == (
        "E-mail pengingat dokumen terkirim: 1 (1 dokumen); "
        "dilewati (desa tanpa operator ber-e-mail): 0; gagal: 0"
    )
    make_obligation(world.sibling_village, code="lppd", due=D(2026, 3, 31), period_key="2025")
    settings.MAILERS = SMTP_DOWN
    with pytest.raises(CommandError) as caught:
        call_command("remind_documents", "--date", TODAY.isoformat())
    assert str(caught.value) == (
        "1 e-mail pengingat gagal dikirim (lihat log); jalankan lagi untuk mengulangnya."
    )
    with pytest.raises(CommandError):
        call_command("remind_documents", "--date", "2026-02-30")
