"""The visit pages (list, a visit's page, recording a rawan situation's resolution, a
recommendation into the follow-up ledger, photos) through real requests for every role: the
readers of the kecamatan see every desa, a village operator its own; a partner, an admin of another
kecamatan and the other desa's operator meet 404; anonymous visitors go to the login page."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from sitrantib.core.uploads import GPS_IFD
from sitrantib.fieldwork import views
from sitrantib.fieldwork.enums import Situation, VisitKind
from sitrantib.fieldwork.models import FieldPhoto, Visit, VisitRecommendation
from sitrantib.fieldwork.services import visits as visit_services
from sitrantib.fieldwork.services.photos import add_photo
from sitrantib.fieldwork.tests.factories import make_post, make_task_force, make_visit, moment
from sitrantib.meetings.models import ActionItem
from sitrantib.testing.factories import make_institution
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

KECAMATAN_READERS = ("admin", "camat", "staff", "national", "regency_admin")
NOT_FOUND = ("sibling_operator", "partner", "outsider", "superuser")


def _as(client, user):
    client.force_login(user)
    return client


def photo_bytes(size=(800, 600), *, gps=True):
    image = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[0x010F] = "KameraMerek"
    if gps:
        exif[GPS_IFD] = {1: "S", 2: (8.0, 10.0, 0.0), 3: "E", 4: (113.0, 13.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def upload(name="foto.jpg", **kwargs):
    return SimpleUploadedFile(name, photo_bytes(**kwargs), content_type="image/jpeg")


def full_visit(world, **extra):
    """A visit with a post, the Satgas, a team with institutions and two recommendations."""
    post = make_post(world, name="Pos Kamling Krajan")
    task_force = make_task_force(world)
    polsek = world.polsek
    extra.setdefault("situation", Situation.RAWAN)
    extra.setdefault("situation_reason", "Ada perkelahian antarpemuda")
    return make_visit(
        world,
        kind=VisitKind.ACCOMPANIMENT,
        place="Balai Desa Darungan",
        posts=[post],
        task_force=task_force,
        activity_types=["patrol", "detection"],
        findings="Ronda berjalan tiga malam seminggu.",
        team=[
            visit_services.TeamMember(
                name="Agus Salim", institution=polsek, position="Bhabinkamtibmas"
            ),
            visit_services.TeamMember(name="Siti Aminah", position="Staf Trantib"),
        ],
        recommendations=["Tambah lampu di pos", "Jadwal ronda ditempel"],
        latitude="-8.2301",
        longitude="113.2902",
        **extra,
    )


# The list ----------------------------------------------------------------------------------------


def test_list_shows_each_reader_the_visits_of_its_scope(client, world):
    here = make_visit(world, findings="di Darungan")
    sibling = make_visit(world, village=world.sibling_village)
    foreign = make_visit(world, village=world.foreign_village, actor=world.outsider)
    url = reverse("fieldwork:visit_list")
    for role in KECAMATAN_READERS[:3]:
        response = _as(client, getattr(world, role)).get(url)
        assert response.status_code == 200, role
        rows = {v.pk for v in response.context["visits"]}
        assert rows == {here.pk, sibling.pk}, role
    response = _as(client, world.operator).get(url)
    assert {v.pk for v in response.context["visits"]} == {here.pk}
    response = _as(client, world.outsider).get(url)
    assert {v.pk for v in response.context["visits"]} == {foreign.pk}
    assert _as(client, world.partner).get(url).status_code == 404
    assert _as(client, world.superuser).get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_list_filters_by_period_desa_kind_and_situation(client, world):
    march = make_visit(world, when=moment(dt.date(2026, 3, 5)), situation=Situation.RAWAN)
    april = make_visit(world, when=moment(dt.date(2026, 4, 5)), kind=VisitKind.EVALUATION)
    sibling = make_visit(world, village=world.sibling_village, when=moment(dt.date(2026, 3, 9)))
    url = reverse("fieldwork:visit_list")
    _as(client, world.admin)

    def rows(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.context["form"].errors
        return {v.pk for v in response.context["visits"]}

    assert rows(period="2026-03") == {march.pk, sibling.pk}
    assert rows(period="2026-Q2") == {april.pk}
    assert rows(period="2026", desa=world.sibling_village.code) == {sibling.pk}
    assert rows(kind=VisitKind.EVALUATION) == {april.pk}
    assert rows(situation=Situation.RAWAN) == {march.pk}


def test_list_refuses_a_bad_period_beside_the_field_in_indonesian(client, world):
    make_visit(world)
    response = _as(client, world.admin).get(reverse("fieldwork:visit_list"), {"period": "Maret"})
    assert response.status_code == 400
    assert list(response.context["visits"]) == []
    assert "Periode ditulis 2026 (tahun)" in response.content.decode()
    # A desa outside the viewer's scope is not a choice.
    response = client.get(reverse("fieldwork:visit_list"), {"desa": world.foreign_village.code})
    assert response.status_code == 400


def test_list_pages_by_key(client, world, monkeypatch):
    monkeypatch.setattr(views.visits, "PAGE_SIZE", 2)
    made = [make_visit(world, when=timezone.now() - dt.timedelta(hours=h + 1)) for h in range(5)]
    _as(client, world.admin)
    seen = []
    url = reverse("fieldwork:visit_list")
    while url:
        response = client.get(url)
        seen.extend(v.pk for v in response.context["visits"])
        page = response.context["page"]
        url = reverse("fieldwork:visit_list") + page.next_url if page.next_url else None
    assert seen == [v.pk for v in made]


def test_list_queries_do_not_grow_with_rows(client, world):
    url = reverse("fieldwork:visit_list")
    _as(client, world.admin)
    counts = []
    for total in (2, 20):
        while Visit.objects.count() < total:
            make_visit(world, situation=Situation.WASPADA)
        release(client.get(url))  # the session and per-process caches warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["visits"]) == total
        assert response.content.decode().count("data-visit=") == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# A visit's page ----------------------------------------------------------------------------------


def test_detail_shows_every_part_of_the_visit(client, world):
    visit = full_visit(world)
    response = _as(client, world.camat).get(visit.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Pendampingan Satgas/Poskamling",
        "Balai Desa Darungan",
        "Pos Kamling Krajan",
        "Satgas Keamanan Desa",
        "Agus Salim",
        "Bhabinkamtibmas",
        "Polsek Yosowilangun",
        "Patroli",
        "Deteksi dan cegah dini",
        "Permendagri 26/2020",
        "Ronda berjalan tiga malam seminggu.",
        "Ada perkelahian antarpemuda",
        "Situasi rawan ini belum ditangani.",
        "Tambah lampu di pos",
        "-8.230100",
        'id="visit-map"',
        reverse("fieldwork:visit_pdf", args=[visit.pk]),
    ):
        assert text in html, text
    # A reader neither records the resolution nor makes action items nor adds photos.
    assert 'id="resolve-form"' not in html
    assert "Jadikan tindak lanjut" not in html
    assert 'id="photo-form"' not in html
    assert reverse("fieldwork:visit_edit", args=[visit.pk]) not in html


def test_detail_offers_the_writer_resolution_and_photos_and_the_admin_action_items(client, world):
    visit = full_visit(world)
    html = _as(client, world.operator).get(visit.get_absolute_url()).content.decode()
    assert 'id="resolve-form"' in html
    assert 'id="photo-form"' in html
    assert "Jadikan tindak lanjut" not in html
    assert 'name="keep_location"' in html
    assert "checked" not in html.split('name="keep_location"')[1][:80]
    html = _as(client, world.admin).get(visit.get_absolute_url()).content.decode()
    assert html.count("Jadikan tindak lanjut") == 2
    assert reverse("fieldwork:visit_edit", args=[visit.pk]) in html


@pytest.mark.parametrize("role", NOT_FOUND)
def test_detail_and_its_actions_are_not_found_out_of_scope(client, world, role):
    visit = full_visit(world)
    recommendation = visit.recommendations.first()
    _as(client, getattr(world, role))
    assert client.get(visit.get_absolute_url()).status_code == 404
    assert client.get(reverse("fieldwork:visit_pdf", args=[visit.pk])).status_code == 404
    assert (
        client.post(
            reverse("fieldwork:visit_resolve", args=[visit.pk]),
            {"resolved_on": timezone.localdate().isoformat()},
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("fieldwork:visit_photo_add", args=[visit.pk]), {"photo": upload()}
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("fieldwork:recommendation_action", args=[recommendation.pk])).status_code
        == 404
    )
    assert FieldPhoto.objects.count() == 0


def test_anonymous_visitors_go_to_the_login_page(client, world):
    visit = full_visit(world)
    for url in (
        visit.get_absolute_url(),
        reverse("fieldwork:visit_pdf", args=[visit.pk]),
        reverse("fieldwork:recommendation_action", args=[visit.recommendations.first().pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/akun/masuk/" in response["Location"]


# Resolving a rawan situation ---------------------------------------------------------------------


def test_the_operator_records_the_resolution_of_a_rawan_visit(client, world):
    visit = full_visit(world)
    today = timezone.localdate()
    response = _as(client, world.operator).post(
        reverse("fieldwork:visit_resolve", args=[visit.pk]),
        {
            "resolved_on": today.isoformat(),
            "note": "Dimediasi kepala desa",
            "version": visit.version,
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.resolved_on, visit.resolution_note) == (today, "Dimediasi kepala desa")
    html = client.get(visit.get_absolute_url()).content.decode()
    assert "Dimediasi kepala desa" in html
    assert 'id="resolve-form"' not in html


def test_a_resolution_in_the_future_is_refused_beside_the_field(client, world):
    visit = full_visit(world)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _as(client, world.admin).post(
        reverse("fieldwork:visit_resolve", args=[visit.pk]),
        {"resolved_on": tomorrow.isoformat(), "version": visit.version},
    )
    assert response.status_code == 400
    assert "Tanggal penanganan tidak boleh sesudah hari ini." in response.content.decode()
    visit.refresh_from_db()
    assert visit.resolved_on is None


def test_a_stale_resolution_is_refused_and_names_the_change(client, world):
    visit = full_visit(world)
    old_version = visit.version
    visit_services.resolve_visit(
        visit=visit, on_date=timezone.localdate(), note="Pertama", actor=world.admin
    )
    response = _as(client, world.operator).post(
        reverse("fieldwork:visit_resolve", args=[visit.pk]),
        {"resolved_on": timezone.localdate().isoformat(), "note": "Kedua", "version": old_version},
    )
    assert response.status_code == 400
    visit.refresh_from_db()
    assert visit.resolution_note == "Pertama"


def test_readers_may_not_resolve(client, world):
    visit = full_visit(world)
    for role in ("camat", "staff"):
        response = _as(client, getattr(world, role)).post(
            reverse("fieldwork:visit_resolve", args=[visit.pk]),
            {"resolved_on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 403, role
    visit.refresh_from_db()
    assert visit.resolved_on is None


# Recommendation -> follow-up ledger --------------------------------------------------------------


def test_the_admin_makes_a_recommendation_an_action_item(client, world):
    visit = full_visit(world)
    recommendation = visit.recommendations.order_by("pk").first()
    url = reverse("fieldwork:recommendation_action", args=[recommendation.pk])
    response = _as(client, world.admin).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tambah lampu di pos" in html
    assert 'role="combobox"' in html
    due = timezone.localdate() + dt.timedelta(days=14)
    response = client.post(
        url, {"owner_institution": str(world.polsek.pk), "due_date": due.isoformat()}
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    item = ActionItem.objects.get(pk=recommendation.action_item_id)
    assert (item.description, item.owner_institution, item.due_date) == (
        "Tambah lampu di pos",
        world.polsek,
        due,
    )
    html = client.get(visit.get_absolute_url()).content.decode()
    assert item.get_absolute_url() in html
    assert html.count("Jadikan tindak lanjut") == 1  # the other recommendation only
    # Once linked, the page sends the admin back to the visit; nothing is made twice.
    response = client.post(
        url, {"owner_institution": str(world.polsek.pk), "due_date": due.isoformat()}
    )
    assert response.status_code == 302
    assert ActionItem.objects.count() == 1


def test_the_owner_institution_must_be_of_the_visits_kecamatan(client, world):
    visit = full_visit(world)
    recommendation = visit.recommendations.first()
    other = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    response = _as(client, world.admin).post(
        reverse("fieldwork:recommendation_action", args=[recommendation.pk]),
        {"owner_institution": str(other.pk), "due_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "Pilihan tidak ditemukan" in response.content.decode()
    assert ActionItem.objects.count() == 0


def test_a_due_date_before_the_visit_is_refused(client, world):
    visit = full_visit(world)
    response = _as(client, world.admin).post(
        reverse("fieldwork:recommendation_action", args=[visit.recommendations.first().pk]),
        {
            "owner_institution": str(world.polsek.pk),
            "due_date": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Batas waktu tidak boleh sebelum tanggal kunjungan." in response.content.decode()
    assert ActionItem.objects.count() == 0


@pytest.mark.parametrize("role", ["operator", "camat", "staff"])
def test_only_the_admin_makes_action_items(client, world, role):
    visit = full_visit(world)
    url = reverse("fieldwork:recommendation_action", args=[visit.recommendations.first().pk])
    assert _as(client, getattr(world, role)).get(url).status_code == 403
    assert (
        client.post(
            url, {"owner_institution": str(world.polsek.pk), "due_date": "2099-01-01"}
        ).status_code
        == 403
    )
    assert ActionItem.objects.count() == 0
    assert VisitRecommendation.objects.filter(action_item__isnull=False).count() == 0


# Photos ------------------------------------------------------------------------------------------


def _exif_of(client, photo):
    response = client.get(reverse("fieldwork:photo_file", args=[photo.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    release(response)
    return Image.open(io.BytesIO(content)).getexif()


def test_an_uploaded_photo_loses_its_metadata_and_location_by_default(client, world):
    visit = full_visit(world)
    response = _as(client, world.operator).post(
        reverse("fieldwork:visit_photo_add", args=[visit.pk]),
        {"photo": upload(), "caption": "Pos ronda"},
    )
    assert response.status_code == 302
    photo = FieldPhoto.objects.get(visit=visit)
    assert (photo.caption, photo.kept_location) == ("Pos ronda", False)
    assert dict(_exif_of(client, photo)) == {}
    html = client.get(visit.get_absolute_url()).content.decode()
    assert reverse("fieldwork:photo_file", args=[photo.pk]) + "?ukuran=kecil" in html


def test_the_location_stays_only_when_the_user_ticks_it(client, world):
    visit = full_visit(world)
    _as(client, world.operator).post(
        reverse("fieldwork:visit_photo_add", args=[visit.pk]),
        {"photo": upload(), "keep_location": "on"},
    )
    photo = FieldPhoto.objects.get(visit=visit)
    exif = _exif_of(client, photo)
    assert photo.kept_location
    assert list(exif) == [GPS_IFD]


def test_a_file_that_is_no_photo_is_refused_beside_the_field(client, world):
    visit = full_visit(world)
    fake = SimpleUploadedFile("foto.jpg", b"bukan foto", content_type="image/jpeg")
    response = _as(client, world.operator).post(
        reverse("fieldwork:visit_photo_add", args=[visit.pk]), {"photo": fake}
    )
    assert response.status_code == 400
    assert 'id="id_photo_error"' in response.content.decode()
    assert FieldPhoto.objects.count() == 0


def test_photos_are_served_in_scope_only_and_small_on_the_page(client, world):
    visit = full_visit(world)
    photo = add_photo(owner=visit, file=upload(size=(1600, 1200)), actor=world.admin)
    url = reverse("fieldwork:photo_file", args=[photo.pk])
    for role in ("admin", "camat", "staff", "operator"):
        response = _as(client, getattr(world, role)).get(url)
        assert response.status_code == 200, role
        assert response["X-Content-Type-Options"] == "nosniff"
        release(response)
    response = client.get(url + "?ukuran=kecil")
    assert max(Image.open(io.BytesIO(response.content)).size) == 320
    for role in NOT_FOUND:
        assert _as(client, getattr(world, role)).get(url).status_code == 404, role
    client.logout()
    assert client.get(url).status_code == 302


def test_the_writer_deletes_a_photo_and_a_reader_may_not(client, world):
    visit = full_visit(world)
    photo = add_photo(owner=visit, file=upload(), actor=world.admin)
    url = reverse("fieldwork:photo_delete", args=[photo.pk])
    assert _as(client, world.camat).post(url).status_code == 403
    assert _as(client, world.sibling_operator).post(url).status_code == 404
    assert FieldPhoto.objects.filter(pk=photo.pk).exists()
    response = _as(client, world.operator).post(url)
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    assert not FieldPhoto.objects.filter(pk=photo.pk).exists()


def test_readers_may_not_add_photos(client, world):
    visit = full_visit(world)
    response = _as(client, world.camat).post(
        reverse("fieldwork:visit_photo_add", args=[visit.pk]), {"photo": upload()}
    )
    assert response.status_code == 403
    assert FieldPhoto.objects.count() == 0


def test_the_owner_search_answers_the_admin_with_its_kecamatans_institutions_only(client, world):
    make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    url = reverse("core:search", kwargs={"key": "fieldwork.owner_institutions"})
    labels = [r["label"] for r in _as(client, world.admin).get(url, {"q": "Pol"}).json()]
    assert labels == ["Polsek Yosowilangun"]
    assert _as(client, world.operator).get(url, {"q": "Pol"}).json() == []
