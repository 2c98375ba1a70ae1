"""Attendance taken on a phone in the room: one tap per person saved at once, "Semua hadir",
the same page without JavaScript; the public certificate check on a phone."""

import pytest
from playwright.sync_api import expect

from sitrantib.trainings import services
from sitrantib.trainings.models import AttendanceMark, Certificate, TrainingKind
from sitrantib.trainings.tests.test_records_attendance import participants, running_training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _kinds(transactional_db):
    """The kinds a migration seeds: a transactional test flushes them after the first test."""
    TrainingKind.objects.get_or_create(code="dasar", defaults={"name": "Dasar", "order": 1})


def _marks(session):
    return dict(
        AttendanceMark.objects.filter(session=session).values_list("enrolment_id", "status")
    )


def _row(page, enrolment):
    return page.locator(f"#row-{enrolment.pk}")


def test_each_tap_is_saved_at_once_on_a_phone(
    world, browser, live_server, login, phone_context_args
):
    training, sessions = running_training(world, here=5, there=3)
    people = participants(training)
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    try:
        login(page, world.admin)
        page.goto(f"{live_server.url}/pelatihan/sesi/{sessions[0].pk}/kehadiran/")
        # The whole list is on the page, and every choice is a large touch target.
        assert page.locator(".attendance-row").count() == 8
        hadir = _row(page, people[0]).get_by_text("Hadir", exact=True)
        box = hadir.bounding_box()
        assert box is not None
        assert box["height"] >= 44
        assert box["width"] >= 44

        hadir.tap()
        # Waiting assertions: a predicate string would need eval, which the CSP forbids.
        expect(page.locator(f"#row-{people[0].pk} [data-state]")).to_have_attribute(
            "data-state", "saved"
        )
        _row(page, people[1]).get_by_text("Alpa", exact=True).tap()
        _row(page, people[1]).get_by_text("Sakit", exact=True).tap()  # changed their mind
        expect(page.locator(f"#row-{people[1].pk} [data-state]")).to_have_text("Tersimpan")
        expect(page.locator("#attendance-counts [data-count=sakit]")).to_have_text("1")
        assert page.locator("#attendance-counts [data-count=hadir]").inner_text() == "1"
        assert _marks(sessions[0]) == {people[0].pk: "hadir", people[1].pk: "sakit"}

        # "Semua hadir" marks the rest present and keeps the choices made.
        page.get_by_role("button", name="Semua hadir").tap()
        page.wait_for_selector(".alert-success")
        assert page.locator("#attendance-counts [data-count=hadir]").inner_text() == "7"
        marks = _marks(sessions[0])
        assert marks[people[1].pk] == "sakit"
        assert sorted(marks.values()).count("hadir") == 7
        assert page.locator(f"#id_mark-{people[1].pk}_2").is_checked()
    finally:
        context.close()


def test_without_javascript_the_list_is_saved_with_one_button(
    world, browser, live_server, login, phone_context_args
):
    training, sessions = running_training(world)
    people = participants(training)
    context = browser.new_context(**phone_context_args, java_script_enabled=False)
    page = context.new_page()
    try:
        login(page, world.admin)
        page.goto(f"{live_server.url}/pelatihan/sesi/{sessions[1].pk}/kehadiran/")
        _row(page, people[0]).get_by_text("Hadir", exact=True).tap()
        _row(page, people[1]).get_by_text("Izin", exact=True).tap()
        _row(page, people[2]).get_by_text("Alpa", exact=True).tap()
        assert _marks(sessions[1]) == {}  # nothing is sent before Save without JavaScript

        page.get_by_role("button", name="Simpan kehadiran").tap()
        page.wait_for_selector(".alert-success")

        assert _marks(sessions[1]) == {
            people[0].pk: "hadir",
            people[1].pk: "izin",
            people[2].pk: "alpa",
        }
        assert "Hadir 1 dari 3 peserta" in page.locator("#attendance-counts").inner_text()
    finally:
        context.close()


def test_the_certificate_check_on_a_phone_after_a_revocation(
    world, browser, live_server, phone_context_args
):
    training, sessions = running_training(world, here=1, there=0)
    (person,) = participants(training)
    for session in sessions:
        services.mark_attendance(session=session, marks={person.pk: "hadir"}, actor=world.admin)
    services.set_scores(training=training, scores={person.pk: (50, 90)}, actor=world.admin)
    training = services.transition_training(
        training=training, to_status="finished", actor=world.admin
    )
    (certificate,) = services.issue_certificates(training=training, actor=world.admin)
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/verifikasi/sertifikat/{certificate.verification_code}/")
        assert page.locator("#verify-result").inner_text().strip() == "Sertifikat SAH dan berlaku."
        services.revoke_certificate(
            certificate=Certificate.objects.get(pk=certificate.pk),
            reason="Peserta tercatat ganda",
            actor=world.admin,
        )
        page.reload()
        result = page.locator("#verify-result").inner_text()
        assert "Sertifikat DICABUT pada" in result
        assert "Peserta tercatat ganda" in result
        assert person.member.name in page.locator("#verify-name").inner_text()
    finally:
        context.close()
