"""The Poskamling and Satgas register pages: who sees and writes what, forms refused in
Indonesian with nothing saved, stale saves refused, and lists with a fixed number of queries."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sitrantib.fieldwork.models import Post, PostDuty, PostDutyPerson, TaskForce, TaskForceMember
from sitrantib.fieldwork.tests.factories import make_post, make_task_force, make_visit
from sitrantib.linmas.tests.conftest import make_member
from sitrantib.regions.models import Hamlet, Village
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _get(user, url):
    response = (_client(user) if user else Client()).get(url)
    release(response)
    return response


# Scope -----------------------------------------------------------------------------------------


def test_the_post_list_shows_posts_of_the_scope_only(world):
    make_post(world, name="Pos Darungan")
    make_post(world, village=world.sibling_village, name="Pos Kraton")
    url = reverse("fieldwork:post_list")
    admin = _get(world.admin, url).content.decode()
    assert "Pos Darungan" in admin
    assert "Pos Kraton" in admin
    operator = _get(world.operator, url).content.decode()
    assert "Pos Darungan" in operator
    assert "Pos Kraton" not in operator
    assert "Pos Darungan" not in _get(world.outsider, url).content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "fieldwork:post_list",
        "fieldwork:post_create",
        "fieldwork:task_force_list",
        "fieldwork:task_force_create",
    ],
)
def test_a_partner_reads_no_register_and_anonymous_goes_to_login(world, name):
    url = reverse(name)
    assert _get(world.partner, url).status_code == 403
    response = _get(None, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_records_of_another_desa_are_absent_for_an_operator(world):
    post = make_post(world, village=world.sibling_village, name="Pos Kraton")
    task_force = make_task_force(world, village=world.sibling_village)
    for name, pk in [
        ("fieldwork:post_detail", post.pk),
        ("fieldwork:post_edit", post.pk),
        ("fieldwork:post_roster", post.pk),
        ("fieldwork:task_force_detail", task_force.pk),
        ("fieldwork:task_force_edit", task_force.pk),
        ("fieldwork:task_force_members", task_force.pk),
    ]:
        assert _get(world.operator, reverse(name, args=[pk])).status_code == 404, name
        assert _get(world.outsider, reverse(name, args=[pk])).status_code == 404, name
    # The sibling's own operator and the section reach them.
    assert _get(world.sibling_operator, post.get_absolute_url()).status_code == 200
    assert _get(world.admin, task_force.get_absolute_url()).status_code == 200


def test_readers_who_do_not_write_see_records_but_not_the_forms(world):
    post = make_post(world)
    assert _get(world.camat, post.get_absolute_url()).status_code == 200
    assert _get(world.camat, reverse("fieldwork:post_edit", args=[post.pk])).status_code == 403
    assert _get(world.staff, reverse("fieldwork:post_create")).status_code == 403


def test_an_operator_cannot_create_a_post_in_another_desa(world):
    url = reverse("fieldwork:post_create") + "?desa=" + world.sibling_village.code
    assert _get(world.operator, url).status_code == 404
    response = _client(world.operator).post(url, {"name": "Pos Curian", "condition": "good"})
    release(response)
    assert response.status_code == 404
    assert not Post.objects.filter(name="Pos Curian").exists()


# Poskamling forms --------------------------------------------------------------------------------


def _post_form(**overrides):
    data = {
        "name": "Pos Kamling Krajan",
        "hamlet": "",
        "rw": "01",
        "rt": "03",
        "address": "Depan masjid",
        "latitude": "-8.234567",
        "longitude": "113.291234",
        "condition": "good",
        "is_active": "on",
        "equipment": ["kentongan", "light"],
        "equipment_note": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_an_operator_registers_a_post_of_their_desa(world):
    hamlet = Hamlet.objects.create(village=world.village, name="Krajan")
    response = _client(world.operator).post(
        reverse("fieldwork:post_create"), _post_form(hamlet=str(hamlet.pk))
    )
    release(response)
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert post.village == world.village
    assert post.district_id == world.district.code
    assert post.hamlet == hamlet
    assert post.latitude == Decimal("-8.234567")
    assert post.longitude == Decimal("113.291234")
    assert post.equipment == ["kentongan", "light"]
    assert post.created_by == world.operator


def test_the_admin_chooses_the_desa_first(world):
    page = _get(world.admin, reverse("fieldwork:post_create"))
    assert page.status_code == 200
    assert world.sibling_village.name in page.content.decode()
    form = _get(world.admin, reverse("fieldwork:post_create") + "?desa=" + world.village.code)
    assert 'id="pick-map"' in form.content.decode()
    assert "Ambil dari lokasi HP" in form.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "wajib"),
        ({"longitude": ""}, "longitude", "Isi lintang dan bujur keduanya"),
        ({"latitude": "-95"}, "latitude", "-90"),
        ({"equipment": ["roket"]}, "equipment", "Masukkan pilihan yang valid"),
        ({"condition": "hancur"}, "condition", "Masukkan pilihan yang valid"),
    ],
)
def test_a_wrong_post_form_is_refused_in_indonesian_and_nothing_is_saved(
    world, overrides, field, message
):
    response = _client(world.operator).post(
        reverse("fieldwork:post_create"), _post_form(**overrides)
    )
    body = response.content.decode()
    release(response)
    assert response.status_code == 400
    assert message.lower() in body.lower(), body[:200]
    assert f'id="id_{field}' in body
    assert not Post.objects.exists()


def test_a_hamlet_of_another_desa_is_refused(world):
    other = Hamlet.objects.create(village=world.sibling_village, name="Lain")
    response = _client(world.admin).post(
        reverse("fieldwork:post_create") + "?desa=" + world.village.code,
        _post_form(hamlet=str(other.pk)),
    )
    release(response)
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_a_duplicate_post_name_in_the_desa_is_refused(world):
    make_post(world, name="Pos Kamling Krajan")
    response = _client(world.operator).post(reverse("fieldwork:post_create"), _post_form())
    body = response.content.decode()
    release(response)
    assert response.status_code == 400
    assert "sudah ada di desa ini" in body
    assert Post.objects.count() == 1


def test_a_stale_post_save_is_refused_and_keeps_the_typed_values(world):
    post = make_post(world)
    client = _client(world.admin)
    edit = reverse("fieldwork:post_edit", args=[post.pk])
    first = client.post(edit, _post_form(name="Pos Baru", version=post.version))
    release(first)
    assert first.status_code == 302
    second = client.post(edit, _post_form(name="Pos Lama Saya", version=post.version))
    body = second.content.decode()
    release(second)
    assert second.status_code == 400
    assert "Pos Lama Saya" in body
    post.refresh_from_db()
    assert post.name == "Pos Baru"


def test_the_post_page_shows_everything_with_its_last_visit(world):
    post = make_post(world, equipment=["kentongan"], latitude="-8.2", longitude="113.2")
    visit = make_visit(world)
    visit.posts.add(post)
    page = _get(world.operator, post.get_absolute_url()).content.decode()
    assert "Kentongan" in page
    assert reverse("fieldwork:visit_detail", args=[visit.pk]) in page
    assert 'id="post-map"' in page
    assert f"pos={post.pk}" in page
    assert reverse("fieldwork:post_roster", args=[post.pk]) in page


# Roster ------------------------------------------------------------------------------------------


def _formset(prefix, rows, total=None):
    data = {
        f"{prefix}-TOTAL_FORMS": str(total or len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "200",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_the_roster_links_linmas_members_and_free_names(world):
    post = make_post(world)
    member = make_member(world.village, name="Slamet Riyadi")
    rows = [
        {"weekday": "0", "group_name": "Regu A", "member": str(member.pk), "name": ""},
        {"weekday": "0", "group_name": "Regu A", "member": "", "name": "Pak Darto"},
        {"weekday": "5", "group_name": "Regu B", "member": "", "name": "Bu Sri"},
        {"weekday": "", "group_name": "", "member": "", "name": ""},
    ]
    response = _client(world.operator).post(
        reverse("fieldwork:post_roster", args=[post.pk]), _formset("jadwal", rows)
    )
    release(response)
    assert response.status_code == 302
    duties = list(PostDuty.objects.filter(post=post).order_by("weekday"))
    assert [(d.weekday, d.group_name) for d in duties] == [(0, "Regu A"), (5, "Regu B")]
    people = {p.name: p.member_id for p in PostDutyPerson.objects.all()}
    assert people == {"Slamet Riyadi": member.pk, "Pak Darto": None, "Bu Sri": None}
    page = _get(world.operator, reverse("fieldwork:post_roster", args=[post.pk]))
    assert "Pak Darto" in page.content.decode()


def test_a_roster_row_without_a_night_is_refused_and_the_old_roster_stays(world):
    post = make_post(world)
    client = _client(world.operator)
    url = reverse("fieldwork:post_roster", args=[post.pk])
    ok = client.post(url, _formset("jadwal", [{"weekday": "1", "name": "Pak Darto"}]))
    release(ok)
    bad = client.post(
        url,
        _formset("jadwal", [{"weekday": "2", "name": "Bu Sri"}, {"weekday": "", "name": "X"}]),
    )
    body = bad.content.decode()
    release(bad)
    assert bad.status_code == 400
    assert "Pilih malam jaga untuk baris ini." in body
    assert list(PostDutyPerson.objects.values_list("name", flat=True)) == ["Pak Darto"]


def test_a_member_of_another_desa_is_not_offered_to_an_operator(world):
    post = make_post(world)
    stranger = make_member(world.sibling_village, name="Orang Kraton")
    response = _client(world.operator).post(
        reverse("fieldwork:post_roster", args=[post.pk]),
        _formset("jadwal", [{"weekday": "1", "member": str(stranger.pk)}]),
    )
    body = response.content.decode()
    release(response)
    assert response.status_code == 400
    assert "Pilihan tidak ditemukan" in body
    assert not PostDuty.objects.exists()


def test_the_admin_cannot_put_a_member_of_another_desa_on_the_roster(world):
    post = make_post(world)
    stranger = make_member(world.sibling_village, name="Orang Kraton")
    response = _client(world.admin).post(
        reverse("fieldwork:post_roster", args=[post.pk]),
        _formset("jadwal", [{"weekday": "1", "member": str(stranger.pk)}]),
    )
    body = response.content.decode()
    release(response)
    assert response.status_code == 400
    assert "bukan anggota LINMAS desa ini" in body
    assert not PostDuty.objects.exists()


# Satgas ------------------------------------------------------------------------------------------


def test_the_task_force_list_marks_desa_without_one(world):
    make_task_force(world, village=world.village)
    page = _get(world.admin, reverse("fieldwork:task_force_list")).content.decode()
    assert f'data-village="{world.village.code}"' in page
    assert f'data-village="{world.sibling_village.code}"\n                  data-missing="1"' in (
        page
    ) or ('data-missing="1"' in page and "Belum ada Satgas" in page)
    assert "1 desa belum memiliki Satgas." in page
    assert reverse("fieldwork:task_force_create") + "?desa=" + world.sibling_village.code in page
    operator = _get(world.operator, reverse("fieldwork:task_force_list")).content.decode()
    assert world.sibling_village.name not in operator


def test_a_task_force_is_created_with_a_linmas_leader(world):
    leader = make_member(world.village, name="Sutrisno Hadi")
    response = _client(world.operator).post(
        reverse("fieldwork:task_force_create"),
        {
            "decree_number": "188/5/2026",
            "decree_date": "2026-01-15",
            "leader_member": str(leader.pk),
            "leader_name": "",
            "vest_count": "10",
            "radio_count": "2",
            "equipment_note": "",
            "is_active": "on",
            "note": "",
        },
    )
    release(response)
    task_force = TaskForce.objects.get()
    assert response.status_code == 302
    assert task_force.leader_member == leader
    assert task_force.leader_name == "Sutrisno Hadi"
    assert task_force.vest_count == 10
    assert task_force.radio_count == 2
    # A second Satgas for the same desa is not offered: the page leads to the first.
    again = _get(world.operator, reverse("fieldwork:task_force_create"))
    assert again.status_code == 302
    assert again["Location"] == task_force.get_absolute_url()


def test_a_wrong_task_force_form_is_refused_in_indonesian(world):
    response = _client(world.operator).post(
        reverse("fieldwork:task_force_create"),
        {"decree_date": "2026-13-45", "vest_count": "-1", "radio_count": "abc"},
    )
    body = response.content.decode()
    release(response)
    assert response.status_code == 400
    assert "Masukkan tanggal yang valid" in body or "tanggal" in body.lower()
    assert "Masukkan bilangan bulat" in body or "lebih besar" in body
    assert not TaskForce.objects.exists()


def test_a_stale_task_force_save_is_refused(world):
    task_force = make_task_force(world)
    client = _client(world.admin)
    url = reverse("fieldwork:task_force_edit", args=[task_force.pk])
    data = {"decree_number": "A", "vest_count": "1", "radio_count": "1"}
    first = client.post(url, {**data, "version": task_force.version})
    release(first)
    second = client.post(url, {**data, "decree_number": "B", "version": task_force.version})
    release(second)
    assert first.status_code == 302
    assert second.status_code == 400
    task_force.refresh_from_db()
    assert task_force.decree_number == "A"


def test_task_force_members_are_linmas_members_or_names(world):
    task_force = make_task_force(world)
    member = make_member(world.village, name="Joko Susilo")
    rows = [
        {"member": str(member.pk), "name": "", "position": "Ketua regu", "rw": "01"},
        {"member": "", "name": "Pak Kades", "position": "Pembina", "rw": ""},
        {"member": "", "name": "", "position": "", "rw": ""},
    ]
    response = _client(world.operator).post(
        reverse("fieldwork:task_force_members", args=[task_force.pk]), _formset("anggota", rows)
    )
    release(response)
    assert response.status_code == 302
    members = {m.name: (m.member_id, m.position, m.rw) for m in TaskForceMember.objects.all()}
    assert members == {
        "Joko Susilo": (member.pk, "Ketua regu", "01"),
        "Pak Kades": (None, "Pembina", ""),
    }
    page = _get(world.camat, task_force.get_absolute_url()).content.decode()
    assert "Joko Susilo" in page
    assert "Pak Kades" in page


def test_a_member_row_with_only_a_position_is_refused(world):
    task_force = make_task_force(world)
    response = _client(world.operator).post(
        reverse("fieldwork:task_force_members", args=[task_force.pk]),
        _formset("anggota", [{"position": "Anggota"}]),
    )
    body = response.content.decode()
    release(response)
    assert response.status_code == 400
    assert "Pilih anggota LINMAS atau tulis nama untuk baris ini." in body
    assert not TaskForceMember.objects.exists()


# Query counts ------------------------------------------------------------------------------------


def _villages(world, n):
    from sitrantib.regions.models import VillageKind

    return [
        Village.objects.create(
            code=f"35.08.07.{2100 + i}",
            name=f"Desa Uji {i:02d}",
            district=world.district,
            kind=VillageKind.DESA,
        )
        for i in range(n)
    ]


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    body = response.content.decode()
    release(response)
    assert response.status_code == 200
    return len(queries), body


@pytest.mark.parametrize("url_name", ["fieldwork:post_list", "fieldwork:task_force_list"])
def test_register_lists_run_the_same_queries_for_2_and_20_desa(world, url_name):
    client = _client(world.admin)
    release(client.get(reverse(url_name)))  # the session and caches warmed once
    counts = []
    for n in (2, 20):
        villages = _villages(world, n) if n == 2 else _villages_more(world)
        for v in villages:
            make_post(world, village=v, name=f"Pos {v.name}")
            make_task_force(world, village=v)
        count, body = _count(client, reverse(url_name))
        assert villages[-1].name in body
        counts.append(count)
    assert counts[0] == counts[1], counts


def _villages_more(world):
    from sitrantib.regions.models import VillageKind

    return [
        Village.objects.create(
            code=f"35.08.07.{2200 + i}",
            name=f"Desa Tambah {i:02d}",
            district=world.district,
            kind=VillageKind.DESA,
        )
        for i in range(18)
    ]
