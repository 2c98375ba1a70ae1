"""In a real browser: the admin finds a member of the register by typing part of the name on the
participants page (the training's own search: active members of its kecamatan not yet enrolled),
enrols them, then fills two desa by quota, on a phone-sized screen."""

import pytest

from sitrantib.linmas.tests.conftest import make_member
from sitrantib.trainings.models import Enrolment, TrainingKind
from sitrantib.trainings.tests.factories import make_training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_enrols_from_the_register_on_a_phone(
    world, browser, live_server, login, phone_context_args
):
    # The kinds are seeded by a migration, which a transactional test's flushed database lost.
    TrainingKind.objects.get_or_create(code="dasar", defaults={"name": "Pelatihan Dasar"})
    training = make_training(world, title="Pelatihan Dasar LINMAS 2026")
    sutrisno = make_member(world.village, serial=11, name="Sutrisno")
    make_member(world.village, serial=12, name="Suparmi", status="nonaktif")
    make_member(world.sibling_village, serial=13, name="Wahyuni")
    make_member(world.sibling_village, serial=14, name="Wagiman")
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    login(page, world.admin)
    page.goto(f"{live_server.url}/pelatihan/{training.pk}/peserta/")

    page.fill("#id_one-member", "Su")
    options = page.locator("#id_one-member_listbox [role=option]")
    options.first.wait_for()
    assert options.all_inner_texts() == ["Sutrisno (Darungan)"]  # the inactive one is not offered
    page.click("[role=option]:has-text('Sutrisno')")
    page.click("#enrol-member-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "Sutrisno terdaftar sebagai peserta." in page.locator(".alert-success").inner_text()
    assert list(Enrolment.objects.values_list("member_id", flat=True)) == [sutrisno.pk]

    page.fill("#id_quota-per_village", "1")
    page.click("#enrol-quota-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "Wagiman terdaftar sebagai peserta." in page.locator(".alert-success").inner_text()
    assert page.locator("#participant-table tbody tr").count() == 2
    assert sorted(Enrolment.objects.values_list("village_id", flat=True)) == [
        "35.08.07.2001",
        "35.08.07.2002",
    ]
    context.close()
