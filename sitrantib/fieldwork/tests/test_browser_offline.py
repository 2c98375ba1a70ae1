"""Offline reporting from the field on a phone (docs/adr/0084): a report written with the network
cut waits on the device, survives a reload answered by the service worker, and arrives exactly
once when the connection returns; a double tap makes one record; a refused report comes back
with the reason, stays in the outbox and can be fixed and sent again."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sitrantib.fieldwork.models import Incident, Visit
from sitrantib.fieldwork.tests.factories import category, make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISIT = "/lapangan/kunjungan/baru/"
INCIDENT = "/lapangan/kejadian/baru/"
OUTBOX = "/lapangan/antrean/"
RECORD = re.compile(r"/lapangan/kunjungan/\d+/$")


@pytest.fixture
def phone(browser, phone_context_args):
    context = browser.new_context(**phone_context_args)
    yield context
    context.close()


def ready_offline(page, live_server, login, user, path=VISIT):
    login(page, user)
    page.goto(f"{live_server.url}{path}")
    # queue.js sets this once the service worker has cached the forms and their files.
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "true", timeout=20000)


def fill_visit(page, *, findings="Pos aktif, ronda berjalan."):
    page.select_option("#id_kind", "monitoring")
    page.get_by_label("Pos Kamling Krajan").check()
    page.get_by_label("Patroli").check()
    page.fill("#id_findings", findings)
    page.get_by_label("Kondusif").check()
    page.fill("#id_recommendations", "Tambah lampu pos")


def waiting(page):
    return page.locator("[data-outbox-list] [data-status=waiting]")


def test_visit_written_offline_arrives_once(world, phone, live_server, login):
    make_post(world)
    page = phone.new_page()
    ready_offline(page, live_server, login, world.operator)

    phone.set_offline(True)
    fill_visit(page)
    page.locator("[data-submit]").tap()
    expect(waiting(page)).to_have_count(1)
    expect(waiting(page).locator("[data-state]")).to_have_text("Menunggu dikirim")
    expect(page.locator("[data-form-message=warning]")).to_be_visible()
    client_id = waiting(page).get_attribute("data-client-id")
    assert Visit.objects.count() == 0

    # The page still opens without a connection (answered by the service worker).
    response = page.reload()
    assert response is not None
    assert response.from_service_worker
    expect(page.locator("h1")).to_have_text("Laporan kunjungan baru")
    expect(waiting(page)).to_have_count(1)
    assert waiting(page).get_attribute("data-client-id") == client_id
    assert Visit.objects.count() == 0

    phone.set_offline(False)  # the `online` event sends it
    expect(page.locator("[data-outbox-list] [data-status=sent]")).to_have_count(1, timeout=15000)
    expect(waiting(page)).to_have_count(0)
    visit = Visit.objects.get(client_id=client_id)
    assert Visit.objects.count() == 1
    assert visit.village == world.village
    assert visit.findings == "Pos aktif, ronda berjalan."
    assert [p.name for p in visit.posts.all()] == ["Pos Kamling Krajan"]
    assert visit.activity_types == ["patrol"]
    assert visit.created_by == world.operator

    # Reloading and "Kirim sekarang" send nothing more.
    page.reload()
    page.get_by_role("button", name="Kirim sekarang").tap()
    expect(waiting(page)).to_have_count(0)
    assert Visit.objects.count() == 1


def test_double_tap_makes_one_record(world, phone, live_server, login):
    make_post(world)
    page = phone.new_page()
    ready_offline(page, live_server, login, world.operator)
    fill_visit(page, findings="Dikirim dengan dua ketukan")
    page.locator("[data-submit]").dblclick()
    page.wait_for_url(RECORD)
    assert Visit.objects.filter(findings="Dikirim dengan dua ketukan").count() == 1

    # Two submits in the same instant (the button had no time to be disabled): still one.
    page.goto(f"{live_server.url}{VISIT}")
    fill_visit(page, findings="Dua kiriman sekaligus")
    form = page.locator("#visit-form")
    form.dispatch_event("submit")
    form.dispatch_event("submit")
    page.wait_for_url(RECORD)
    assert Visit.objects.filter(findings="Dua kiriman sekaligus").count() == 1
    assert Visit.objects.count() == 2


def test_refused_report_comes_back_with_the_reason(world, phone, live_server, login):
    make_post(world)
    page = phone.new_page()
    ready_offline(page, live_server, login, world.operator)
    phone.set_offline(True)
    fill_visit(page, findings="Tanggal salah ketik")
    later = timezone.localdate() + dt.timedelta(days=3)
    page.fill("#id_visit_date", later.isoformat())
    page.locator("[data-submit]").tap()
    expect(waiting(page)).to_have_count(1)

    page.goto(f"{live_server.url}{OUTBOX}")  # answered from the cache
    phone.set_offline(False)
    refused = page.locator("[data-outbox-list] [data-status=refused]")
    expect(refused).to_have_count(1, timeout=15000)
    expect(refused).to_contain_text("Waktu kunjungan tidak boleh di masa depan.")
    expect(refused.locator("[data-state]")).to_have_text("Ditolak")
    assert Visit.objects.count() == 0

    # Still there after a reload: a refused report is never lost.
    page.reload()
    expect(refused).to_have_count(1)

    refused.get_by_role("link", name="Buka dan perbaiki").tap()
    expect(page.locator("#id_findings")).to_have_value("Tanggal salah ketik")
    expect(page.locator("[data-queue-error=visit_date]")).to_contain_text("masa depan")
    page.fill("#id_visit_date", timezone.localdate().isoformat())
    page.fill("#id_visit_time", "00:01")
    page.locator("[data-submit]").tap()
    page.wait_for_url(RECORD)
    assert Visit.objects.filter(findings="Tanggal salah ketik").count() == 1
    page.goto(f"{live_server.url}{OUTBOX}")
    expect(page.locator("[data-outbox-list] [data-status]")).to_have_count(0)


def test_incident_written_offline_arrives_once(world, phone, live_server, login):
    curanmor = category("curanmor")
    page = phone.new_page()
    ready_offline(page, live_server, login, world.operator, path=INCIDENT)
    phone.set_offline(True)
    page.select_option("#id_category", str(curanmor.pk))
    page.fill("#id_description", "Sepeda motor hilang di depan masjid.")
    page.fill("#id_loss_amount", "Rp 15.000.000")
    page.locator("[data-submit]").tap()
    expect(waiting(page)).to_have_count(1)
    phone.set_offline(False)
    expect(page.locator("[data-outbox-list] [data-status=sent]")).to_have_count(1, timeout=15000)
    incident = Incident.objects.get()
    assert incident.loss_amount == 15_000_000
    assert incident.village == world.village
