"""The site search (issue 9 point 10, ADR 0053): members by name or NIK within scope, meetings
and desa, grouped, bounded, one query per group."""

import pytest
from django.test import Client

from sitrantib.core.search import GROUP_SIZE
from sitrantib.linmas.site_search import MESSAGE_NIK_NOT_SEARCHED
from sitrantib.linmas.tests.conftest import make_member
from sitrantib.meetings.tests.factories import make_meeting

NIK = "3508071708900001"


@pytest.fixture
def people(world):
    budi = make_member(world.village, serial=1, name="Budi Santoso", nik=NIK)
    make_member(world.sibling_village, serial=2, name="Budi Kraton", nik="3508071708900002")
    make_member(world.foreign_village, serial=3, name="Budi Lain", nik="3508061708900003")
    return budi


def _search(user, query: str):
    client = Client()
    client.force_login(user)
    response = client.get("/sistem/cari/", {"q": query})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response, {g.key: g for g in response.context["groups"]}


def _labels(groups, key):
    return [h.label for h in groups[key].hits] if key in groups else []


def test_admin_finds_members_of_the_kecamatan_by_name(world, people):
    _response, groups = _search(world.admin, "budi")

    assert _labels(groups, "linmas.members") == ["Budi Kraton", "Budi Santoso"]
    assert groups["linmas.members"].more_url == "/linmas/anggota/?q=budi"


def test_within_a_kecamatan_any_word_of_the_name_is_found(world, people):
    _response, groups = _search(world.admin, "santoso")
    _response, wide = _search(world.national, "santoso")

    assert _labels(groups, "linmas.members") == ["Budi Santoso"]
    assert _labels(wide, "linmas.members") == []  # a national scope keeps to the name's start


def test_operator_finds_only_members_of_their_desa(world, people):
    _response, groups = _search(world.operator, "Budi")

    assert _labels(groups, "linmas.members") == ["Budi Santoso"]


def test_admin_finds_a_member_by_full_nik(world, people):
    response, groups = _search(world.admin, NIK)

    assert _labels(groups, "linmas.members") == ["Budi Santoso"]
    assert NIK in response.content.decode()


def test_operator_of_another_desa_gets_nothing_for_the_nik(world, people):
    _response, groups = _search(world.sibling_operator, NIK)

    assert _labels(groups, "linmas.members") == []


def test_nik_search_refused_to_roles_without_nik_rights_and_nik_masked(world, people):
    response, groups = _search(world.camat, NIK)

    assert _labels(groups, "linmas.members") == []
    assert groups["linmas.members"].note == str(MESSAGE_NIK_NOT_SEARCHED)

    response, groups = _search(world.camat, "Budi S")
    page = response.content.decode()
    assert _labels(groups, "linmas.members") == ["Budi Santoso"]
    assert NIK not in page
    assert "3508********0001" in page


def test_partner_finds_no_members(world, people):
    _response, groups = _search(world.partner, "Budi")

    assert "linmas.members" not in groups


def test_meetings_by_title_within_scope(world):
    make_meeting(world, title="Rapat Koordinasi Pengamanan Natal", invited=[])
    make_meeting(world, title="Rapat Evaluasi", invited=[world.polsek])

    _response, admin = _search(world.admin, "natal")
    _response, partner = _search(world.partner, "rapat")
    _response, outsider = _search(world.outsider, "natal")

    assert _labels(admin, "meetings.meetings") == ["Rapat Koordinasi Pengamanan Natal"]
    assert admin["meetings.meetings"].more_url == "/rapat/daftar/?q=natal"
    assert _labels(partner, "meetings.meetings") == ["Rapat Evaluasi"]
    assert _labels(outsider, "meetings.meetings") == []


def test_meeting_list_filters_by_the_searched_title(world):
    make_meeting(world, title="Rapat Koordinasi Pengamanan Natal")
    make_meeting(world, title="Rapat Evaluasi")
    client = Client()
    client.force_login(world.admin)

    response = client.get("/rapat/daftar/?q=natal")

    assert [m.title for m in response.context["page"].rows] == ["Rapat Koordinasi Pengamanan Natal"]


def test_desa_by_name_within_scope(world):
    _response, admin = _search(world.admin, "kra")
    _response, outsider = _search(world.outsider, "kra")
    _response, operator = _search(world.operator, "kra")

    assert _labels(admin, "regions.villages") == ["Desa Kraton"]
    assert admin["regions.villages"].more_url == "/?kecamatan=35.08.07&desa=kra"
    assert _labels(outsider, "regions.villages") == []
    assert _labels(operator, "regions.villages") == []


def test_results_are_bounded_per_group_with_a_see_all_link(world):
    for n in range(GROUP_SIZE + 3):
        make_member(world.village, serial=10 + n, name=f"Sri {n:02d}", nik=f"35080717089{n:05d}")

    response, groups = _search(world.admin, "sri")

    assert len(groups["linmas.members"].hits) == GROUP_SIZE
    assert groups["linmas.members"].has_more
    assert "Lihat semua" in response.content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_search_costs_the_same_queries_whatever_the_hits(
    world, count, django_assert_max_num_queries
):
    for n in range(count):
        make_member(world.village, serial=40 + n, name=f"Tono {n}", nik=f"35080717088{n:05d}")
        make_meeting(world, title=f"Tono rapat {n}")
    client = Client()
    client.force_login(world.admin)

    with django_assert_max_num_queries(12):
        response = client.get("/sistem/cari/", {"q": "tono"})

    groups = {g.key: g for g in response.context["groups"]}
    assert len(groups["linmas.members"].hits) == count
    assert len(groups["meetings.meetings"].hits) == count


def test_short_query_searches_nothing(world, people):
    response, groups = _search(world.admin, "b")

    assert groups == {}
    assert response.context["too_short"]


def test_header_has_the_search_box(world):
    client = Client()
    client.force_login(world.operator)

    page = client.get("/").content.decode()

    assert 'id="site-search"' in page
    assert 'action="/sistem/cari/"' in page


def test_anonymous_is_sent_to_login(world):
    assert Client().get("/sistem/cari/?q=budi").status_code == 302
