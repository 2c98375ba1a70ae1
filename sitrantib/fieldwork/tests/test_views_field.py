"""The visit and incident report forms: errors beside the fields, scope per role, the JSON answers
of the offline queue (201 / 200 for a resend / 400 / 403), photos all-or-nothing, edits."""

import datetime as dt
import io
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from sitrantib.core.models import AuditEntry
from sitrantib.fieldwork.models import FieldPhoto, Incident, Visit
from sitrantib.fieldwork.tests.factories import category, make_incident, make_post, make_visit
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

VISIT_URL = reverse("fieldwork:visit_create")
INCIDENT_URL = reverse("fieldwork:incident_create")
JSON = {"HTTP_ACCEPT": "application/json"}


def jpeg(name: str = "pos.jpg") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def not_a_photo(name: str = "bukan-foto.jpg") -> io.BytesIO:
    buffer = io.BytesIO(b"ini teks, bukan foto")
    buffer.name = name
    return buffer


def visit_body(world, **changes):
    now = timezone.localtime() - dt.timedelta(hours=1)
    body = {
        "village": world.village.code,
        "kind": "monitoring",
        "visit_date": now.date().isoformat(),
        "visit_time": now.strftime("%H:%M"),
        "end_time": "",
        "situation": "kondusif",
        "situation_reason": "",
        "activity_types": ["patrol", "detection"],
        "findings": "Ronda berjalan setiap malam.",
        "recommendations": "Tambah lampu pos\n\nPerbaiki kentongan",
        "team-0-name": "Sutrisno",
        "team-0-institution": "",
        "team-0-position": "Kasi Trantib",
        "client_id": str(uuid.uuid4()),
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def incident_body(world, **changes):
    now = timezone.localtime() - dt.timedelta(hours=2)
    body = {
        "village": world.village.code,
        "occurred_date": now.date().isoformat(),
        "occurred_time": now.strftime("%H:%M"),
        "category": category("curanmor").pk,
        "description": "Sepeda motor hilang di depan rumah warga.",
        "affected_count": "1",
        "losses": "Satu sepeda motor",
        "loss_amount": "Rp 15.000.000",
        "source": "patrol",
        "client_id": str(uuid.uuid4()),
    }
    body.update(changes)
    return body


# Pages and scope -------------------------------------------------------------------------------


def test_operator_form_has_own_desa_preselected_and_only_its_posts(client, world):
    make_post(world, name="Pos Darungan")
    make_post(world, village=world.sibling_village, name="Pos Kraton")
    client.force_login(world.operator)
    response = client.get(VISIT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{world.village.code}" selected>' in html
    assert world.sibling_village.code not in html
    assert "Pos Darungan" in html
    assert "Pos Kraton" not in html
    assert 'name="client_id"' in html
    assert "Pakai lokasi saya" in html
    assert reverse("fieldwork:manifest") in html


def test_admin_form_offers_every_desa_of_the_kecamatan(client, world):
    client.force_login(world.admin)
    html = client.get(VISIT_URL).content.decode()
    assert world.village.code in html
    assert world.sibling_village.code in html
    assert world.foreign_village.code not in html


@pytest.mark.parametrize("role", ["camat", "staff", "partner"])
def test_readers_may_not_open_the_report_forms(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(VISIT_URL).status_code == 403
    assert client.get(INCIDENT_URL).status_code == 403
    response = client.post(VISIT_URL, visit_body(world), **JSON)
    assert response.status_code == 403
    assert "detail" in response.json()
    assert Visit.objects.count() == 0


def test_anonymous_goes_to_login(client, world):
    response = client.get(VISIT_URL)
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


# Normal form posts -------------------------------------------------------------------------------


def test_visit_saved_from_the_form_with_team_and_recommendations(client, world):
    client.force_login(world.operator)
    body = visit_body(world)
    response = client.post(VISIT_URL, body)
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    assert str(visit.client_id) == body["client_id"]
    assert visit.activity_types == ["detection", "patrol"]
    assert [m.name for m in visit.team.all()] == ["Sutrisno"]
    assert [r.text for r in visit.recommendations.all()] == [
        "Tambah lampu pos",
        "Perbaiki kentongan",
    ]


def test_waspada_without_reason_refused_beside_the_field(client, world):
    client.force_login(world.operator)
    response = client.post(VISIT_URL, visit_body(world, situation="waspada"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_situation_reason_error"' in html
    assert "wajib disertai alasan" in html
    assert "Ronda berjalan setiap malam." in html  # what was typed stays
    assert Visit.objects.count() == 0


def test_future_visit_refused_beside_the_date(client, world):
    client.force_login(world.operator)
    later = timezone.localtime() + dt.timedelta(days=2)
    response = client.post(VISIT_URL, visit_body(world, visit_date=later.date().isoformat()))
    assert response.status_code == 400
    assert 'id="id_visit_date_error"' in response.content.decode()
    assert Visit.objects.count() == 0


def test_end_before_start_refused(client, world):
    client.force_login(world.operator)
    response = client.post(
        VISIT_URL, visit_body(world, visit_time="10:00", visit_date="2026-01-05", end_time="09:00")
    )
    assert response.status_code == 400
    assert 'id="id_end_time_error"' in response.content.decode()


def test_post_of_another_desa_refused(client, world):
    other = make_post(world, village=world.sibling_village, name="Pos Kraton")
    client.force_login(world.admin)
    response = client.post(VISIT_URL, visit_body(world, posts=[other.pk]))
    assert response.status_code == 400
    assert Visit.objects.count() == 0


def test_team_institution_searched_within_scope(client, world):
    client.force_login(world.admin)
    found = client.get(
        reverse("core:search", kwargs={"key": "fieldwork.institutions"}), {"q": "Pol"}
    )
    assert [row["label"] for row in found.json()] == ["Polsek Yosowilangun"]
    response = client.post(VISIT_URL, visit_body(world, **{"team-0-institution": world.polsek.pk}))
    assert response.status_code == 302
    assert Visit.objects.get().team.get().institution == world.polsek


def test_team_row_without_name_refused(client, world):
    client.force_login(world.admin)
    response = client.post(VISIT_URL, visit_body(world, **{"team-1-position": "Babinsa"}), **JSON)
    assert response.status_code == 400
    assert "team-1-name" in response.json()["errors"]


# JSON answers of the offline queue ---------------------------------------------------------------


def test_json_created_then_resend_returns_the_first_record(client, world):
    client.force_login(world.operator)
    body = visit_body(world)
    first = client.post(VISIT_URL, body, **JSON)
    visit = Visit.objects.get()
    assert first.status_code == 201
    assert first.json() == {"id": visit.pk, "url": visit.get_absolute_url()}
    again = client.post(VISIT_URL, {**body, "findings": "dikirim ulang"}, **JSON)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Visit.objects.count() == 1
    assert Visit.objects.get().findings == "Ronda berjalan setiap malam."


def test_json_refusal_lists_messages_by_field(client, world):
    client.force_login(world.operator)
    later = timezone.localtime() + dt.timedelta(days=2)
    response = client.post(
        VISIT_URL,
        visit_body(world, situation="rawan", visit_date=later.date().isoformat()),
        **JSON,
    )
    errors = response.json()["errors"]
    assert response.status_code == 400
    assert "situation_reason" in errors
    assert Visit.objects.count() == 0
    response = client.post(
        VISIT_URL, visit_body(world, visit_date=later.date().isoformat()), **JSON
    )
    assert response.json()["errors"]["visit_date"] == ["Waktu kunjungan tidak boleh di masa depan."]


def test_json_refusal_in_the_users_language(client, world, settings):
    client.force_login(world.operator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(VISIT_URL, visit_body(world, kind=""), **JSON)
    assert response.status_code == 400
    assert response.json()["errors"]["kind"] == ["This field is required."]


def test_json_other_desa_is_forbidden(client, world):
    client.force_login(world.operator)
    response = client.post(VISIT_URL, visit_body(world, village=world.sibling_village.code), **JSON)
    assert response.status_code == 403
    assert Visit.objects.count() == 0
    response = client.post(
        INCIDENT_URL, incident_body(world, village=world.sibling_village.code), **JSON
    )
    assert response.status_code == 403
    assert Incident.objects.count() == 0


def test_client_id_of_another_desa_is_not_revealed(client, world):
    theirs = make_visit(world, village=world.sibling_village)
    client.force_login(world.operator)
    response = client.post(VISIT_URL, visit_body(world, client_id=str(theirs.client_id)), **JSON)
    assert response.status_code == 400
    assert "client_id" in response.json()["errors"]
    assert Visit.objects.count() == 1


def test_csrf_stays_on_for_the_script(world):
    from django.test import Client

    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(world.operator)
    response = guarded.post(VISIT_URL, visit_body(world), **JSON)
    assert response.status_code == 403
    assert Visit.objects.count() == 0
    guarded.get(VISIT_URL)
    token = guarded.cookies["csrftoken"].value
    response = guarded.post(VISIT_URL, visit_body(world), HTTP_X_CSRFTOKEN=token, **JSON)
    assert response.status_code == 201


def test_incident_json_created_with_rupiah_amount(client, world):
    client.force_login(world.operator)
    response = client.post(INCIDENT_URL, incident_body(world), **JSON)
    incident = Incident.objects.get()
    assert response.status_code == 201
    assert response.json()["id"] == incident.pk
    assert incident.loss_amount == 15_000_000
    assert incident.status == "reported"


@pytest.mark.parametrize("amount", ["lima juta", "1.000,50", "-Rp5.000", "9" * 14])
def test_incident_bad_amount_refused(client, world, amount):
    client.force_login(world.operator)
    response = client.post(INCIDENT_URL, incident_body(world, loss_amount=amount), **JSON)
    assert response.status_code == 400
    assert "loss_amount" in response.json()["errors"]
    assert Incident.objects.count() == 0


def test_incident_inactive_category_not_offered(client, world):
    old = category("lama")
    old.is_active = False
    old.save()
    client.force_login(world.operator)
    assert f'value="{old.pk}"' not in client.get(INCIDENT_URL).content.decode()
    response = client.post(INCIDENT_URL, incident_body(world, category=old.pk), **JSON)
    assert response.status_code == 400
    assert "category" in response.json()["errors"]


# Photos: all or nothing ---------------------------------------------------------------------------


def test_photos_stored_without_location_by_default(client, world):
    client.force_login(world.operator)
    body = visit_body(world, photos=[jpeg("satu.jpg"), jpeg("dua.jpg")])
    response = client.post(VISIT_URL, body, **JSON)
    assert response.status_code == 201
    photos = list(FieldPhoto.objects.filter(visit=Visit.objects.get()))
    assert len(photos) == 2
    assert not any(p.kept_location for p in photos)


def test_refused_photo_saves_nothing_and_names_the_photo(client, world, settings):
    client.force_login(world.operator)
    body = visit_body(world, photos=[jpeg("baik.jpg"), not_a_photo("rusak.jpg")])
    response = client.post(VISIT_URL, body, **JSON)
    assert response.status_code == 400
    [message] = response.json()["errors"]["photos"]
    assert message.startswith("rusak.jpg: ")
    assert Visit.objects.count() == 0
    assert FieldPhoto.objects.count() == 0
    stored = settings.PRIVATE_MEDIA_ROOT / "fieldwork" / "photos"
    assert not stored.exists() or not any(stored.iterdir())


def test_refused_incident_photo_in_form_shown_beside_photos(client, world):
    client.force_login(world.operator)
    body = incident_body(world, photos=[not_a_photo("rusak.png")])
    response = client.post(INCIDENT_URL, body)
    assert response.status_code == 400
    assert 'id="id_photos_error"' in response.content.decode()
    assert "rusak.png" in response.content.decode()
    assert Incident.objects.count() == 0


def test_resend_with_photos_adds_no_second_copy(client, world):
    client.force_login(world.operator)
    client_id = str(uuid.uuid4())
    first = client.post(VISIT_URL, visit_body(world, client_id=client_id, photos=[jpeg()]), **JSON)
    again = client.post(VISIT_URL, visit_body(world, client_id=client_id, photos=[jpeg()]), **JSON)
    assert (first.status_code, again.status_code) == (201, 200)
    assert FieldPhoto.objects.count() == 1


# Edits ------------------------------------------------------------------------------------------


def test_operator_edits_own_visit(client, world):
    visit = make_visit(world, actor=world.operator)
    client.force_login(world.operator)
    url = reverse("fieldwork:visit_edit", kwargs={"pk": visit.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Pos aktif, ronda berjalan." in page.content.decode()
    body = visit_body(world, findings="Diperbarui", version=visit.version)
    body.pop("client_id")
    response = client.post(url, body)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.findings == "Diperbarui"
    assert visit.version == 2


def test_stale_visit_edit_refused(client, world):
    visit = make_visit(world, actor=world.operator)
    client.force_login(world.operator)
    url = reverse("fieldwork:visit_edit", kwargs={"pk": visit.pk})
    body = visit_body(world, findings="Versi pertama", version=visit.version)
    assert client.post(url, body).status_code == 302
    response = client.post(url, {**body, "findings": "Versi basi"})
    assert response.status_code == 400
    visit.refresh_from_db()
    assert visit.findings == "Versi pertama"


@pytest.mark.parametrize(
    ("role", "status"), [("sibling_operator", 404), ("camat", 403), ("outsider", 404)]
)
def test_visit_edit_scope(client, world, role, status):
    visit = make_visit(world)
    client.force_login(getattr(world, role))
    response = client.get(reverse("fieldwork:visit_edit", kwargs={"pk": visit.pk}))
    assert response.status_code == status
    release(response)


def test_operator_edits_reported_incident_but_not_verified(client, world):
    from sitrantib.fieldwork.services.incidents import transition_incident

    incident = make_incident(world, actor=world.operator)
    client.force_login(world.operator)
    url = reverse("fieldwork:incident_edit", kwargs={"pk": incident.pk})
    body = incident_body(world, description="Diperbarui", version=incident.version)
    assert client.post(url, body).status_code == 302
    incident.refresh_from_db()
    assert incident.description == "Diperbarui"
    transition_incident(incident=incident, to_status="verified", actor=world.admin)
    incident.refresh_from_db()
    body = incident_body(world, description="Tidak boleh", version=incident.version)
    response = client.post(url, body)
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.description == "Diperbarui"


def test_visit_edit_adds_a_photo(client, world):
    visit = make_visit(world, actor=world.operator)
    client.force_login(world.operator)
    url = reverse("fieldwork:visit_edit", kwargs={"pk": visit.pk})
    body = visit_body(world, findings="Diperbarui", version=visit.version, photos=[jpeg()])
    body.pop("client_id")
    response = client.post(url, body)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.findings, visit.version) == ("Diperbarui", 2)
    assert FieldPhoto.objects.filter(visit=visit).count() == 1


def test_incident_edit_adds_a_photo(client, world):
    incident = make_incident(world, actor=world.operator)
    client.force_login(world.operator)
    url = reverse("fieldwork:incident_edit", kwargs={"pk": incident.pk})
    body = incident_body(world, description="Diperbarui", version=incident.version)
    body.pop("client_id")
    response = client.post(url, {**body, "photos": [jpeg("kejadian.jpg")]})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.description == "Diperbarui"
    assert FieldPhoto.objects.filter(incident=incident).count() == 1


@pytest.mark.parametrize("kind", ["visit", "incident"])
def test_edit_with_a_refused_photo_changes_nothing(client, world, settings, kind):
    if kind == "visit":
        record = make_visit(world, actor=world.operator)
        body = visit_body(world, findings="Tidak tersimpan", version=record.version)
        text_field = "findings"
    else:
        record = make_incident(world, actor=world.operator)
        body = incident_body(world, description="Tidak tersimpan", version=record.version)
        text_field = "description"
    body.pop("client_id")
    before = (getattr(record, text_field), record.version, AuditEntry.objects.count())
    client.force_login(world.operator)
    url = reverse(f"fieldwork:{kind}_edit", kwargs={"pk": record.pk})
    response = client.post(url, {**body, "photos": [jpeg("baik.jpg"), not_a_photo("rusak.jpg")]})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_photos_error"' in html
    assert "rusak.jpg" in html
    record.refresh_from_db()
    assert (getattr(record, text_field), record.version, AuditEntry.objects.count()) == before
    assert FieldPhoto.objects.count() == 0
    stored = settings.PRIVATE_MEDIA_ROOT / "fieldwork" / "photos"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


# Offline pieces ---------------------------------------------------------------------------------


def test_service_worker_served_for_the_field_scope(client, world):
    response = client.get(reverse("fieldwork:service_worker"))
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-store"
    config = json.loads(body.split("\n", 1)[0].removeprefix("self.SITRANTIB_OFFLINE = ")[:-1])
    assert config["pages"] == [VISIT_URL, INCIDENT_URL, reverse("fieldwork:outbox")]
    assert "/static/fieldwork/offline/queue.js" in config["files"]
    assert config["scope"] == "/lapangan/"
    assert reverse("fieldwork:service_worker") == "/lapangan/sw.js"


def test_manifest_opens_the_visit_form_standalone(client, world):
    from django.contrib.staticfiles import finders

    response = client.get(reverse("fieldwork:manifest"))
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert data["start_url"] == VISIT_URL
    assert data["display"] == "standalone"
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_outbox_page(client, world):
    client.force_login(world.operator)
    response = client.get(reverse("fieldwork:outbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-outbox" in html
    assert "Kirim sekarang" in html
