"""Sessions (add, change, delete, assignment letter), instructors and their pages, by role."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sitrantib.core.models import AuditEntry
from sitrantib.testing.factories import make_institution
from sitrantib.trainings import services
from sitrantib.trainings.models import Instructor, TrainingSession
from sitrantib.trainings.tests.factories import (
    make_instructor,
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db


def _as(client, user):
    client.force_login(user)
    return client


def _session_data(**overrides):
    data = {
        "date": "2026-03-10",
        "start_time": "08:00",
        "end_time": "10:00",
        "topic": "Deteksi dini",
        "place": "Aula Kecamatan",
        "instructor": "",
        "honorarium": "300000",
    }
    data.update(overrides)
    return data


# Sessions ----------------------------------------------------------------------------------------


def test_admin_adds_a_session_with_an_instructor_of_the_kecamatan(client, world):
    training = make_training(world)
    instructor = make_instructor(world)
    client = _as(client, world.admin)
    page = client.get(reverse("trainings:session_create", args=[training.pk]))
    assert page.status_code == 200
    assert 'role="combobox"' in page.content.decode()

    response = client.post(
        reverse("trainings:session_create", args=[training.pk]),
        _session_data(instructor=str(instructor.pk)),
    )

    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert (session.topic, session.instructor, session.honorarium) == (
        "Deteksi dini",
        instructor,
        Decimal(300000),
    )
    detail = client.get(training.get_absolute_url()).content.decode()
    assert "Deteksi dini" in detail
    assert "AIPTU Sugeng" in detail


def test_session_outside_the_training_dates_is_refused_beside_the_date(client, world):
    training = make_training(world)
    response = _as(client, world.admin).post(
        reverse("trainings:session_create", args=[training.pk]), _session_data(date="2026-04-01")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_date_error"' in html
    assert "Tanggal sesi harus di antara" in html
    assert not TrainingSession.objects.exists()


def test_session_ending_before_it_starts_is_refused(client, world):
    training = make_training(world)
    response = _as(client, world.admin).post(
        reverse("trainings:session_create", args=[training.pk]),
        _session_data(start_time="10:00", end_time="09:00"),
    )
    assert response.status_code == 400
    assert "Jam selesai harus sesudah jam mulai." in response.content.decode()


def test_instructor_of_another_kecamatan_is_not_a_choice(client, world):
    training = make_training(world)
    foreign = services.create_instructor(
        district=world.other_district, data={"name": "Serka Lain"}, actor=world.outsider
    )
    response = _as(client, world.admin).post(
        reverse("trainings:session_create", args=[training.pk]),
        _session_data(instructor=str(foreign.pk)),
    )
    assert response.status_code == 400
    assert "Pilihan tidak ditemukan" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_instructor_search_offers_only_the_kecamatan_instructors(client, world):
    make_instructor(world, name="Serma Budi")
    services.create_instructor(
        district=world.other_district, data={"name": "Serma Lain"}, actor=world.outsider
    )
    response = _as(client, world.admin).get(
        reverse("core:search", kwargs={"key": "trainings.instructors"}), {"q": "Serma"}
    )
    assert [row["label"] for row in response.json()] == ["Serma Budi (Polsek Yosowilangun)"]


def test_admin_edits_a_session_and_a_stale_edit_is_refused(client, world):
    training = make_training(world)
    session = make_sessions(world, training, 1)[0]
    client = _as(client, world.admin)
    url = reverse("trainings:session_edit", args=[session.pk])
    assert client.get(url).status_code == 200
    opened = session.version
    assert (
        client.post(url, _session_data(topic="Materi baru", version=str(opened))).status_code == 302
    )
    stale = client.post(url, _session_data(topic="Materi lain", version=str(opened)))
    assert stale.status_code == 400
    session.refresh_from_db()
    assert session.topic == "Materi baru"


def test_session_with_attendance_marks_cannot_be_deleted_and_says_why(client, world):
    training = make_training(world)
    session, spare = make_sessions(world, training, 2)
    member = make_members(world.village, 1)[0]
    enrolment = services.enrol_member(training=training, member=member, actor=world.admin).added[0]
    run_training(world, training)
    services.mark_attendance(session=session, marks={enrolment.pk: "hadir"}, actor=world.admin)
    client = _as(client, world.admin)

    confirm = client.get(reverse("trainings:session_delete", args=[session.pk]))
    assert confirm.status_code == 200
    refused = client.post(reverse("trainings:session_delete", args=[session.pk]), follow=True)
    assert "sudah mempunyai catatan kehadiran" in refused.content.decode()
    assert TrainingSession.objects.filter(pk=session.pk).exists()

    deleted = client.post(reverse("trainings:session_delete", args=[spare.pk]), follow=True)
    assert "Sesi dihapus." in deleted.content.decode()
    assert not TrainingSession.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.filter(object_type="trainings.trainingsession", action="delete")


def test_issuing_the_assignment_letter_shows_its_number(client, world):
    training = make_training(world)
    session = make_sessions(world, training, 1, instructor=make_instructor(world))[0]
    client = _as(client, world.admin)
    response = client.post(reverse("trainings:session_assign", args=[session.pk]), follow=True)
    session.refresh_from_db()
    assert session.assignment_number
    html = response.content.decode()
    assert session.assignment_number in html
    assert "Surat tugas AIPTU Sugeng bernomor" in html
    assert reverse("trainings:assignment_pdf", args=[session.pk]) in html
    again = client.post(reverse("trainings:session_assign", args=[session.pk]), follow=True)
    assert "sudah bernomor" in again.content.decode()


def test_assignment_letter_needs_an_instructor(client, world):
    training = make_training(world)
    session = make_sessions(world, training, 1)[0]
    response = _as(client, world.admin).post(
        reverse("trainings:session_assign", args=[session.pk]), follow=True
    )
    assert "Tetapkan instruktur sesi ini sebelum membuat surat tugas." in (
        response.content.decode()
    )
    session.refresh_from_db()
    assert session.assignment_number == ""


@pytest.mark.parametrize("role", ["camat", "staff", "operator"])
def test_readers_may_not_change_sessions(client, world, role):
    training = make_training(world)
    session = make_sessions(world, training, 1, instructor=make_instructor(world))[0]
    client = _as(client, getattr(world, role))
    assert client.get(reverse("trainings:session_create", args=[training.pk])).status_code == 403
    assert client.get(reverse("trainings:session_edit", args=[session.pk])).status_code == 403
    assert client.post(reverse("trainings:session_delete", args=[session.pk])).status_code == 403
    assert client.post(reverse("trainings:session_assign", args=[session.pk])).status_code == 403
    assert TrainingSession.objects.filter(pk=session.pk, assignment_number="").exists()


def test_outsider_meets_404_and_anonymous_the_login(client, world):
    training = make_training(world)
    session = make_sessions(world, training, 1)[0]
    urls = [
        reverse("trainings:session_create", args=[training.pk]),
        reverse("trainings:session_edit", args=[session.pk]),
        reverse("trainings:session_delete", args=[session.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302
    client = _as(client, world.outsider)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(reverse("trainings:session_assign", args=[session.pk])).status_code == 404


# Instructors -------------------------------------------------------------------------------------


def test_admin_adds_an_instructor_of_an_institution_of_the_kecamatan(client, world):
    koramil = make_institution(district=world.district, kind="koramil", name="Koramil 0821/18")
    client = _as(client, world.admin)
    page = client.get(reverse("trainings:instructor_create"))
    assert page.status_code == 200
    assert "Koramil 0821/18" in page.content.decode()

    response = client.post(
        reverse("trainings:instructor_create"),
        {
            "institution": str(koramil.pk),
            "name": "Serka Wahyudi",
            "rank": "Serka",
            "id_number": "21000123",
            "position": "Babinsa",
            "phone": "081234567890",
            "topics": "Baris-berbaris",
            "tax_percent": "0",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    instructor = Instructor.objects.get()
    assert (instructor.district_id, instructor.institution, instructor.rank) == (
        "35.08.07",
        koramil,
        "Serka",
    )
    listing = client.get(reverse("trainings:instructor_list")).content.decode()
    assert "Serka Wahyudi" in listing
    assert "081234567890" in listing


def test_institution_of_another_kecamatan_is_refused(client, world):
    foreign = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")
    response = _as(client, world.admin).post(
        reverse("trainings:instructor_create"),
        {"institution": str(foreign.pk), "name": "Aiptu Lain", "tax_percent": "0"},
    )
    assert response.status_code == 400
    assert 'id="id_institution_error"' in response.content.decode()
    assert not Instructor.objects.exists()


def test_admin_edits_an_instructor_and_a_stale_edit_is_refused(client, world):
    instructor = make_instructor(world)
    client = _as(client, world.admin)
    url = reverse("trainings:instructor_edit", args=[instructor.pk])
    assert client.get(url).status_code == 200
    data = {
        "institution": str(world.polsek.pk),
        "name": "AIPTU Sugeng",
        "rank": "Aiptu",
        "tax_percent": "5",
        "is_active": "on",
        "version": str(instructor.version),
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "rank": "Ipda"})
    assert stale.status_code == 400
    instructor.refresh_from_db()
    assert instructor.rank == "Aiptu"


@pytest.mark.parametrize("role", ["camat", "staff", "operator", "partner"])
def test_readers_see_instructors_with_the_phone_masked_and_no_write_links(client, world, role):
    instructor = make_instructor(world)
    client = _as(client, getattr(world, role))
    response = client.get(reverse("trainings:instructor_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "AIPTU Sugeng" in html
    assert "081200000001" not in html
    assert reverse("trainings:instructor_create") not in html
    assert client.get(reverse("trainings:instructor_create")).status_code == 403
    edit = client.get(reverse("trainings:instructor_edit", args=[instructor.pk]))
    assert edit.status_code == 403


def test_outsider_sees_no_instructor_of_another_kecamatan(client, world):
    instructor = make_instructor(world)
    client = _as(client, world.outsider)
    assert "AIPTU Sugeng" not in client.get(reverse("trainings:instructor_list")).content.decode()
    edit = client.get(reverse("trainings:instructor_edit", args=[instructor.pk]))
    assert edit.status_code == 404
