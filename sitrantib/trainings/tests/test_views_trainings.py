"""The training pages (list, create and edit, the training's page with its status, the settings),
through real requests for every role: the kecamatan's admin writes; the Camat, staff and village
operator read; a partner reads the trainings its people teach; an admin of another kecamatan
meets 404; anonymous visitors go to the login page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sitrantib.budget import services as budget_services
from sitrantib.core.models import AuditEntry
from sitrantib.planning import services as planning_services
from sitrantib.planning.enums import ActivityKind
from sitrantib.trainings import services
from sitrantib.trainings.models import Training, TrainingSettings
from sitrantib.trainings.tests.factories import (
    kind,
    make_instructor,
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db

READERS = ("admin", "camat", "staff", "operator")


def _as(client, user):
    client.force_login(user)
    return client


def _post_data(**overrides):
    data = {
        "title": "Pelatihan Dasar LINMAS Maret",
        "kind": str(kind().pk),
        "starts_on": "2026-03-10",
        "ends_on": "2026-03-12",
        "venue": "Kantor Kecamatan dan lapangan",
        "capacity": "180",
        "village_quota": "",
        "min_attendance_percent": "80",
        "min_post_score": "60",
        "transport_per_day": "50000",
    }
    data.update(overrides)
    return data


def _edit_data(training, **overrides):
    data = _post_data(
        title=training.title,
        kind=str(training.kind_id),
        starts_on=training.starts_on.isoformat(),
        ends_on=training.ends_on.isoformat(),
        venue=training.venue,
        capacity=str(training.capacity),
        village_quota=str(training.village_quota or ""),
        transport_per_day=str(training.transport_per_day),
        version=str(training.version),
    )
    data.update(overrides)
    return data


# The list ----------------------------------------------------------------------------------------


def test_list_shows_readers_of_the_kecamatan_its_trainings_with_counts(client, world):
    training = make_training(world, title="Pelatihan Dasar Maret", capacity=40)
    members = make_members(world.village, 3)
    for member in members:
        services.enrol_member(training=training, member=member, actor=world.admin)
    for role in READERS:
        response = _as(client, getattr(world, role)).get(reverse("trainings:home"))
        assert response.status_code == 200, role
        html = response.content.decode()
        assert "Pelatihan Dasar Maret" in html, role
        assert "3 / 40" in html, role
        assert "Draf" in html, role


def test_new_training_button_only_for_the_admin(client, world):
    make_training(world)
    admin_page = _as(client, world.admin).get(reverse("trainings:home")).content.decode()
    assert reverse("trainings:training_create") in admin_page
    camat_page = _as(client, world.camat).get(reverse("trainings:home")).content.decode()
    assert reverse("trainings:training_create") not in camat_page


def test_list_of_outsider_and_partner_without_teaching_is_empty(client, world):
    make_training(world, title="Pelatihan Yosowilangun")
    for user in (world.outsider, world.partner):
        response = _as(client, user).get(reverse("trainings:home"))
        assert response.status_code == 200
        assert "Pelatihan Yosowilangun" not in response.content.decode()


def test_partner_sees_the_training_its_people_teach(client, world):
    training = make_training(world, title="Pelatihan Dasar Maret")
    make_sessions(world, training, 1, instructor=make_instructor(world))
    response = _as(client, world.partner).get(reverse("trainings:home"))
    assert "Pelatihan Dasar Maret" in response.content.decode()


def test_anonymous_visitor_goes_to_login(client, world):
    training = make_training(world)
    for url in (
        reverse("trainings:home"),
        reverse("trainings:training_create"),
        reverse("trainings:training_detail", args=[training.pk]),
        reverse("trainings:training_edit", args=[training.pk]),
        reverse("trainings:settings"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_list_filters_by_year_status_and_kind(client, world):
    make_training(world, title="Dasar 2026")
    make_training(
        world,
        title="Teknis 2025",
        kind=kind("teknis"),
        starts_on=dt.date(2025, 5, 1),
        ends_on=dt.date(2025, 5, 2),
    )
    client = _as(client, world.admin)

    def titles(query):
        html = client.get(reverse("trainings:home"), query).content.decode()
        return [t for t in ("Dasar 2026", "Teknis 2025") if t in html]

    assert titles({"year": "2025"}) == ["Teknis 2025"]
    assert titles({"kind": str(kind("dasar").pk)}) == ["Dasar 2026"]
    assert titles({"status": "draft"}) == ["Dasar 2026", "Teknis 2025"]
    assert titles({"status": "running"}) == []
    refused = client.get(reverse("trainings:home"), {"year": "99999", "kind": "9" * 25})
    assert refused.status_code == 200
    assert titles({"year": "99999"}) == []


def test_list_runs_the_same_queries_for_one_and_three_trainings(client, world):
    client = _as(client, world.admin)
    members = make_members(world.village, 3)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("trainings:home"))
        assert response.status_code == 200
        return len(queries), response.content.decode().count("data-training=")

    first = make_training(world, title="Pertama")
    services.enrol_member(training=first, member=members[0], actor=world.admin)
    count_queries()  # the first request of a session reads what later ones keep
    one = count_queries()
    for title in ("Kedua", "Ketiga"):
        other = make_training(world, title=title)
        for member in members:
            services.enrol_member(training=other, member=member, actor=world.admin)
    three = count_queries()
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]


# Create and edit ---------------------------------------------------------------------------------


def test_admin_creates_a_training_in_draft_with_the_default_rule(client, world):
    client = _as(client, world.admin)
    page = client.get(reverse("trainings:training_create"))
    assert page.status_code == 200
    assert 'value="80"' in page.content.decode()
    assert 'value="60"' in page.content.decode()

    response = client.post(reverse("trainings:training_create"), _post_data())

    training = Training.objects.get()
    assert response.status_code == 302
    assert response["Location"] == training.get_absolute_url()
    assert (training.status, training.district_id, training.capacity) == ("draft", "35.08.07", 180)
    assert (training.min_attendance_percent, training.min_post_score) == (80, 60)
    assert training.transport_per_day == Decimal(50000)
    assert AuditEntry.objects.filter(object_type="trainings.training", action="create").exists()


def test_training_ending_before_it_starts_is_refused_and_nothing_saved(client, world):
    response = _as(client, world.admin).post(
        reverse("trainings:training_create"), _post_data(ends_on="2026-03-01")
    )
    assert response.status_code == 400
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert 'value="Pelatihan Dasar LINMAS Maret"' in response.content.decode()
    assert not Training.objects.exists()


def test_missing_title_and_bad_percent_show_errors_beside_the_fields(client, world):
    response = _as(client, world.admin).post(
        reverse("trainings:training_create"),
        _post_data(title="", min_attendance_percent="120"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_title_error"' in html
    assert 'id="id_min_attendance_percent_error"' in html
    assert "Bidang ini harus diisi." in html
    assert "Pastikan nilai ini lebih kecil dari atau sama dengan 100." in html
    assert not Training.objects.exists()


@pytest.mark.parametrize("role", ["camat", "staff", "operator", "partner"])
def test_readers_may_not_create_or_edit(client, world, role):
    training = make_training(world)
    client = _as(client, getattr(world, role))
    assert client.get(reverse("trainings:training_create")).status_code == 403
    assert client.post(reverse("trainings:training_create"), _post_data()).status_code == 403
    edit = client.get(reverse("trainings:training_edit", args=[training.pk]))
    assert edit.status_code == (404 if role == "partner" else 403)
    assert Training.objects.count() == 1


def test_outsider_meets_404_on_every_page_of_the_training(client, world):
    training = make_training(world)
    client = _as(client, world.outsider)
    for name in ("training_detail", "training_edit", "participants"):
        assert client.get(reverse(f"trainings:{name}", args=[training.pk])).status_code == 404
    response = client.post(
        reverse("trainings:training_transition", args=[training.pk]), {"status": "open"}
    )
    assert response.status_code == 404


def test_admin_edits_a_training(client, world):
    training = make_training(world)
    response = _as(client, world.admin).post(
        reverse("trainings:training_edit", args=[training.pk]),
        _edit_data(training, venue="Balai Desa Darungan", village_quota="15"),
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert (training.venue, training.village_quota, training.version) == (
        "Balai Desa Darungan",
        15,
        2,
    )


def test_stale_edit_is_refused_and_keeps_what_was_typed(client, world):
    training = make_training(world)
    opened = _edit_data(training, venue="Lapangan Desa")
    services.update_training(
        training=training, changes={"venue": "Aula Kecamatan"}, actor=world.admin
    )
    response = _as(client, world.admin).post(
        reverse("trainings:training_edit", args=[training.pk]), opened
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Lapangan Desa"' in html
    assert "Aula Kecamatan" in html  # who changed what, named in the refusal
    training.refresh_from_db()
    assert training.venue == "Aula Kecamatan"


def test_capacity_below_enrolled_is_refused_beside_the_capacity(client, world):
    training = make_training(world)
    for member in make_members(world.village, 3):
        services.enrol_member(training=training, member=member, actor=world.admin)
    response = _as(client, world.admin).post(
        reverse("trainings:training_edit", args=[training.pk]), _edit_data(training, capacity="2")
    )
    assert response.status_code == 400
    assert "Kapasitas tidak boleh kurang dari jumlah peserta yang sudah terdaftar (3)." in (
        response.content.decode()
    )
    training.refresh_from_db()
    assert training.capacity == 180


def test_form_offers_the_budget_lines_and_plan_activities_of_that_year(client, world):
    line = budget_services.create_line(
        district=world.district,
        year=2026,
        name="Belanja Pelatihan LINMAS",
        ceiling=Decimal(9_000_000),
        code="5.1.02.01.01.0052",
        actor=None,
    )
    budget_services.create_line(
        district=world.district, year=2025, name="Tahun lalu", ceiling=Decimal(1), actor=None
    )
    plan = planning_services.create_plan(
        district=world.district,
        year=2026,
        title="KAK",
        programme_name="Program",
        activity_name="Kegiatan",
        actor=None,
    )
    for activity_kind, name in ((ActivityKind.MEETING, "Rakor"), (ActivityKind.TRAINING, "Latih")):
        planning_services.save_activity(
            plan=plan,
            activity=None,
            values={"kind": activity_kind, "name": name, "months": [3], "venue": "Kantor"},
            participants=[],
            actor=None,
        )
    training = make_training(world)
    client = _as(client, world.admin)
    html = client.get(reverse("trainings:training_edit", args=[training.pk])).content.decode()
    assert "Belanja Pelatihan LINMAS" in html
    assert "Tahun lalu" not in html
    assert html.index("Latih (Pelatihan)") < html.index("Rakor (Rapat koordinasi)")

    activity = plan.activities.get(name="Latih")
    response = client.post(
        reverse("trainings:training_edit", args=[training.pk]),
        _edit_data(training, budget_line=str(line.pk), planned_activity=str(activity.pk)),
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert (training.budget_line, training.planned_activity) == (line, activity)
    detail = client.get(training.get_absolute_url()).content.decode()
    assert "Belanja Pelatihan LINMAS" in detail
    assert "Latih" in detail


# The training's page and its status --------------------------------------------------------------


def test_detail_gives_the_admin_the_write_buttons_and_readers_none(client, world):
    training = make_training(world)
    make_sessions(world, training, 1, instructor=make_instructor(world))
    edit_url = reverse("trainings:training_edit", args=[training.pk])
    admin_html = _as(client, world.admin).get(training.get_absolute_url()).content.decode()
    assert edit_url in admin_html
    assert 'id="transition-form"' in admin_html
    assert "Buka pendaftaran" in admin_html
    assert reverse("trainings:session_create", args=[training.pk]) in admin_html
    assert "Buat surat tugas" in admin_html
    for role in ("camat", "staff", "operator", "partner"):
        response = _as(client, getattr(world, role)).get(training.get_absolute_url())
        assert response.status_code == 200, role
        html = response.content.decode()
        assert "Materi 1" in html, role
        assert edit_url not in html, role
        assert 'id="transition-form"' not in html, role
        assert "Buat surat tugas" not in html, role


def test_detail_links_to_the_records_pages_by_name_except_for_a_partner(client, world):
    training = make_training(world)
    session = make_sessions(world, training, 1, instructor=make_instructor(world))[0]
    links = [
        reverse("trainings:participants", args=[training.pk]),
        reverse("trainings:attendance", args=[session.pk]),
        reverse("trainings:scores", args=[training.pk]),
        reverse("trainings:completion", args=[training.pk]),
        reverse("trainings:certificates", args=[training.pk]),
        reverse("trainings:sheets", args=[training.pk]),
    ]
    html = _as(client, world.camat).get(training.get_absolute_url()).content.decode()
    assert all(link in html for link in links)
    partner_html = _as(client, world.partner).get(training.get_absolute_url()).content.decode()
    assert not any(link in partner_html for link in links)
    assert "Materi 1" in partner_html


def test_admin_moves_the_training_along_its_workflow(client, world):
    training = make_training(world)
    make_sessions(world, training, 1)
    client = _as(client, world.admin)
    url = reverse("trainings:training_transition", args=[training.pk])
    for status in ("open", "running", "finished", "reported"):
        training.refresh_from_db()
        response = client.post(url, {"status": status, "note": "", "version": training.version})
        assert response.status_code == 302, status
    training.refresh_from_db()
    assert training.status == "reported"
    assert AuditEntry.objects.filter(object_type="trainings.training", action="transition").count()


def test_starting_without_sessions_is_refused_with_the_reason(client, world):
    training = make_training(world)
    services.transition_training(training=training, to_status="open", actor=world.admin)
    training.refresh_from_db()
    response = _as(client, world.admin).post(
        reverse("trainings:training_transition", args=[training.pk]),
        {"status": "running", "note": "", "version": training.version},
    )
    assert response.status_code == 400
    assert "Pelatihan belum mempunyai sesi." in response.content.decode()
    training.refresh_from_db()
    assert training.status == "open"


def test_cancelling_needs_a_note(client, world):
    training = make_training(world)
    client = _as(client, world.admin)
    url = reverse("trainings:training_transition", args=[training.pk])
    refused = client.post(url, {"status": "cancelled", "note": "", "version": training.version})
    assert refused.status_code == 400
    assert "wajib diisi" in refused.content.decode()
    done = client.post(
        url, {"status": "cancelled", "note": "Anggaran dialihkan", "version": training.version}
    )
    assert done.status_code == 302
    training.refresh_from_db()
    assert (training.status, training.status_note) == ("cancelled", "Anggaran dialihkan")


def test_transition_by_a_reader_is_forbidden(client, world):
    training = make_training(world)
    response = _as(client, world.camat).post(
        reverse("trainings:training_transition", args=[training.pk]), {"status": "open"}
    )
    assert response.status_code == 403
    training.refresh_from_db()
    assert training.status == "draft"


def test_stale_transition_is_refused(client, world):
    training = make_training(world)
    old_version = training.version
    services.update_training(training=training, changes={"venue": "Aula"}, actor=world.admin)
    response = _as(client, world.admin).post(
        reverse("trainings:training_transition", args=[training.pk]),
        {"status": "open", "note": "", "version": old_version},
    )
    assert response.status_code == 400
    training.refresh_from_db()
    assert training.status == "draft"


def test_running_training_detail_shows_counts_of_the_operator_desa_only(client, world):
    training = make_training(world)
    make_sessions(world, training, 1)
    for member in make_members(world.village, 2) + make_members(world.sibling_village, 3):
        services.enrol_member(training=training, member=member, actor=world.admin)
    run_training(world, training)
    camat = _as(client, world.camat).get(training.get_absolute_url()).content.decode()
    assert "0 lulus dari 5 peserta" in camat
    operator = _as(client, world.operator).get(training.get_absolute_url()).content.decode()
    assert "0 lulus dari 2 peserta" in operator


# Settings ----------------------------------------------------------------------------------------


def test_admin_sets_the_certificate_pattern_and_a_bad_one_is_refused(client, world):
    client = _as(client, world.admin)
    url = reverse("trainings:settings")
    assert client.get(url).status_code == 200
    conf = services.settings_for(world.district)
    bad = client.post(
        url,
        {
            "certificate_pattern": "SERT/{tahun}",
            "unit_code": "TRANTIB.YSW",
            "assignment_classification": "800.1.11.1",
            "version": conf.version,
        },
    )
    assert bad.status_code == 400
    assert "Pola nomor harus memuat {serial}" in bad.content.decode()
    good = client.post(
        url,
        {
            "certificate_pattern": "{serial}/SERT/{unit_code}/{year}",
            "unit_code": "TRANTIB.YSW",
            "assignment_classification": "800.1.11.1",
            "version": conf.version,
        },
    )
    assert good.status_code == 302
    conf = TrainingSettings.objects.get(district=world.district)
    assert (conf.certificate_pattern, conf.unit_code) == (
        "{serial}/SERT/{unit_code}/{year}",
        "TRANTIB.YSW",
    )


@pytest.mark.parametrize("role", ["camat", "staff", "operator", "partner"])
def test_settings_are_for_the_admin_only(client, world, role):
    response = _as(client, getattr(world, role)).get(reverse("trainings:settings"))
    assert response.status_code == 403


# Site search -------------------------------------------------------------------------------------


def test_site_search_finds_trainings_in_scope_and_links_the_filtered_list(client, world):
    make_training(world, title="Pelatihan Dasar Maret")
    make_training(world, title="Penyegaran Agustus")
    response = _as(client, world.admin).get(reverse("core:site_search"), {"q": "dasar"})
    html = response.content.decode()
    assert "Pelatihan Dasar Maret" in html
    assert "Penyegaran Agustus" not in html
    assert "/pelatihan/?q=dasar" in html
    listing = client.get(reverse("trainings:home"), {"q": "dasar"}).content.decode()
    assert "Pelatihan Dasar Maret" in listing
    assert "Penyegaran Agustus" not in listing
    outsider = _as(client, world.outsider).get(reverse("core:site_search"), {"q": "dasar"})
    assert "Pelatihan Dasar Maret" not in outsider.content.decode()
