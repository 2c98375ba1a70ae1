"""A refused row of the Poskamling roster or of the Satgas members: its message stands beside the
field it belongs to, under the id `<field id>_error`, and the field is marked invalid and described
by that message, so a screen reader reads the message with the field."""

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from sitrantib.fieldwork.tests.factories import make_post, make_task_force
from sitrantib.linmas.tests.conftest import make_member
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db


def _formset(prefix, rows, extra=6):
    data = {
        f"{prefix}-TOTAL_FORMS": str(max(len(rows), extra)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def _refused(user, url, data):
    client = Client()
    client.force_login(user)
    response = client.post(url, data)
    body = response.content.decode()
    release(response)
    assert response.status_code == 400
    return lxml.html.fromstring(body)


def _assert_tied(page, field_id, message):
    [error] = page.xpath(f'//*[@id="{field_id}_error"]')
    assert message in error.text_content()
    [field] = page.xpath(f'//*[@id="{field_id}"]')
    assert field.get("aria-invalid") == "true"
    assert f"{field_id}_error" in (field.get("aria-describedby") or "").split()
    assert "is-invalid" in (field.get("class") or "").split()


def test_a_roster_row_error_is_tied_to_its_field(world):
    post = make_post(world)
    page = _refused(
        world.operator,
        reverse("fieldwork:post_roster", args=[post.pk]),
        _formset("jadwal", [{"weekday": "2", "name": "Bu Sri"}, {"weekday": "", "name": "X"}]),
    )
    _assert_tied(page, "id_jadwal-1-weekday", "Pilih malam jaga untuk baris ini.")


def test_a_roster_member_error_is_tied_to_the_search_field(world):
    post = make_post(world)
    stranger = make_member(world.sibling_village, name="Orang Kraton")
    page = _refused(
        world.operator,
        reverse("fieldwork:post_roster", args=[post.pk]),
        _formset("jadwal", [{"weekday": "1", "member": str(stranger.pk)}]),
    )
    _assert_tied(page, "id_jadwal-0-member", "Pilihan tidak ditemukan")


def test_a_task_force_member_error_is_tied_to_its_field(world):
    task_force = make_task_force(world)
    stranger = make_member(world.sibling_village, name="Orang Kraton")
    page = _refused(
        world.operator,
        reverse("fieldwork:task_force_members", args=[task_force.pk]),
        _formset("anggota", [{"member": str(stranger.pk), "position": "Anggota"}]),
    )
    _assert_tied(page, "id_anggota-0-member", "Pilihan tidak ditemukan")
