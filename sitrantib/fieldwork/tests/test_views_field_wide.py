"""The desa of a visit or incident report for a wide scope (docs/adr/0109): a kabupaten or
national writer searches the desa as typed instead of scrolling a select of every desa; the
page holds at most a few hundred options; the endpoints answer only within the writer's scope;
a desa outside it is refused beside the field whatever code is posted. A kecamatan writer keeps
the quick select."""

import re

import pytest
from django.urls import reverse

from sitrantib.fieldwork.forms.villages import SELECT_LIMIT
from sitrantib.fieldwork.models import Incident, Visit
from sitrantib.fieldwork.tests.factories import make_post
from sitrantib.fieldwork.tests.test_views_field import (
    INCIDENT_URL,
    JSON,
    VISIT_URL,
    incident_body,
    visit_body,
)
from sitrantib.regions.models import Hamlet, Village
from sitrantib.testing.factories import make_region_tree
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

MANY = 400  # desa of one more kecamatan of the kabupaten: far beyond a select
OPTIONS = reverse("fieldwork:village_options")
SEARCH = reverse("core:search", kwargs={"key": "fieldwork.villages_writable"})
MAX_OPTIONS = 300  # "a choice list holds at most a few hundred options" (issue 16)


@pytest.fixture
def wide(world):
    """A kabupaten of MANY + 2 desa (the regency administrator's scope) and a desa elsewhere."""
    district = make_region_tree(district_code="35.08.01")
    Village.objects.bulk_create(
        Village(code=f"35.08.01.{2001 + i}", name=f"Sumber {i:03d}", district=district, kind="desa")
        for i in range(MANY)
    )
    make_region_tree(district_code="35.09.01", villages=[("35.09.01.2001", "Sumber Jauh")])
    return world


def options_in(html: str) -> int:
    return len(re.findall(r"<option\b", html))


@pytest.mark.parametrize("url", [VISIT_URL, INCIDENT_URL])
@pytest.mark.parametrize("role", ["regency_admin", "national"])
def test_wide_scope_form_searches_the_desa(client, wide, url, role):
    make_post(
        wide,
        village=Village.objects.get(code="35.08.01.2001"),
        name="Pos Sumber Nol",
        actor=wide.regency_admin,
    )
    client.force_login(getattr(wide, role))
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert options_in(html) <= MAX_OPTIONS
    assert 'role="combobox"' in html
    assert 'name="village"' in html
    assert '<select name="village"' not in html
    assert f'data-village-options="{OPTIONS}"' in html
    assert "35.08.01.2101" not in html  # no desa of the kabupaten is listed
    assert "Pos Sumber Nol" not in html  # nor any desa's Poskamling before one is chosen
    release(response)


def test_kecamatan_writer_keeps_the_select(client, wide):
    client.force_login(wide.admin)
    html = client.get(VISIT_URL).content.decode()
    assert '<select name="village"' in html
    assert 'role="combobox"' not in html.split('name="village"')[0][-300:]
    assert "data-village-options" not in html
    assert wide.sibling_village.code in html
    assert options_in(html) <= SELECT_LIMIT + 20


def test_the_limit_is_where_the_select_ends(client, wide):
    """A scope of exactly SELECT_LIMIT desa keeps the select; one more makes it a search."""
    from sitrantib.core.enums import Role
    from sitrantib.testing.factories import make_user

    district = make_region_tree(district_code="35.10.01")
    Village.objects.bulk_create(
        Village(code=f"35.10.01.{2001 + i}", name=f"Batas {i:02d}", district=district, kind="desa")
        for i in range(SELECT_LIMIT)
    )
    user = make_user(role=Role.TRANTIB_ADMIN, district=district, username="batas")
    client.force_login(user)
    assert '<select name="village"' in client.get(VISIT_URL).content.decode()
    Village.objects.create(code="35.10.01.3000", name="Batas Lebih", district=district, kind="desa")
    assert '<select name="village"' not in client.get(VISIT_URL).content.decode()


def test_desa_search_is_scoped_and_short(client, wide):
    client.force_login(wide.regency_admin)
    found = client.get(SEARCH, {"q": "Sumber"}).json()
    assert 0 < len(found) <= 20
    assert all(item["id"].startswith("35.08.") for item in found)
    assert client.get(SEARCH, {"q": "Sumber Jauh"}).json() == []  # another kabupaten
    assert client.get(SEARCH, {"q": "35.09.01.2001"}).json() == []
    client.force_login(wide.operator)
    assert client.get(SEARCH, {"q": "Kraton"}).json() == []  # the sibling desa
    assert [i["id"] for i in client.get(SEARCH, {"q": "Darungan"}).json()] == [wide.village.code]
    client.force_login(wide.camat)  # reads, never writes: nothing to choose
    assert client.get(SEARCH, {"q": "Darungan"}).json() == []


def test_options_of_a_desa_are_scoped(client, wide):
    village = Village.objects.get(code="35.08.01.2005")
    post = make_post(wide, village=village, name="Pos Sumber Lima", actor=wide.regency_admin)
    make_post(wide, village=wide.village, name="Pos Darungan")
    hamlet = Hamlet.objects.create(village=village, name="Krajan")
    client.force_login(wide.regency_admin)
    response = client.get(OPTIONS, {"desa": village.code})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert data["posts"] == [{"id": str(post.pk), "label": "Pos Sumber Lima"}]
    assert data["hamlet"] == [{"id": str(hamlet.pk), "label": "Krajan"}]
    assert data["task_force"] == []
    for code in ("35.09.01.2001", "99.99.99.9999", "", "35.08\x00", "x" * 500):
        assert client.get(OPTIONS, {"desa": code}).status_code == 404
    client.force_login(wide.operator)
    assert client.get(OPTIONS, {"desa": village.code}).status_code == 404
    assert client.get(OPTIONS, {"desa": wide.sibling_village.code}).status_code == 404
    assert client.get(OPTIONS, {"desa": wide.village.code}).status_code == 200
    client.force_login(wide.camat)
    assert client.get(OPTIONS, {"desa": wide.village.code}).status_code == 404
    client.logout()
    assert client.get(OPTIONS, {"desa": wide.village.code}).status_code == 302


def test_wide_scope_report_of_a_searched_desa_is_stored(client, wide):
    village = Village.objects.get(code="35.08.01.2300")
    post = make_post(wide, village=village, name="Pos Sumber", actor=wide.regency_admin)
    client.force_login(wide.regency_admin)
    response = client.post(VISIT_URL, visit_body(wide, village=village.code, posts=[post.pk]))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.village == village
    assert list(visit.posts.all()) == [post]


def test_wide_scope_refused_form_offers_the_chosen_desas_posts_only(client, wide):
    village = Village.objects.get(code="35.08.01.2300")
    make_post(wide, village=village, name="Pos Sumber", actor=wide.regency_admin)
    make_post(wide, village=wide.village, name="Pos Darungan")
    client.force_login(wide.regency_admin)
    response = client.post(VISIT_URL, visit_body(wide, village=village.code, kind=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Pos Sumber" in html
    assert "Pos Darungan" not in html
    assert 'data-label="Sumber 299"' in html  # the chosen desa is shown by its name


OUTSIDE = "Desa ini tidak termasuk wilayah yang boleh Anda laporkan"


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("regency_admin", "35.09.01.2001"),  # a desa of another kabupaten (search field)
        ("operator", "35.08.07.2002"),  # the sibling desa (select)
        ("admin", "35.08.06.2001"),  # a desa of another kecamatan (select)
        ("regency_admin", "35.99.99.9999"),  # no such desa
    ],
)
def test_posted_desa_outside_the_scope_is_refused_beside_the_field(client, wide, role, code):
    client.force_login(getattr(wide, role))
    for url, body in ((VISIT_URL, visit_body), (INCIDENT_URL, incident_body)):
        response = client.post(url, body(wide, village=code))
        html = response.content.decode()
        assert response.status_code == 400
        error = re.search(r'id="id_village_error"[^>]*>(.*?)</', html, re.S)
        assert error is not None
        assert OUTSIDE in error.group(1)
    assert Visit.objects.count() == 0
    assert Incident.objects.count() == 0


def test_offline_queue_still_gets_403_for_a_desa_outside(client, wide):
    client.force_login(wide.regency_admin)
    response = client.post(VISIT_URL, visit_body(wide, village="35.09.01.2001"), **JSON)
    assert response.status_code == 403
    assert Visit.objects.count() == 0


@pytest.mark.parametrize(
    "url", ["fieldwork:visit_list", "fieldwork:incident_list", "fieldwork:incident_monthly"]
)
def test_list_filters_search_the_desa_for_a_wide_scope(client, wide, url):
    client.force_login(wide.national)
    response = client.get(reverse(url))
    html = response.content.decode()
    assert response.status_code == 200
    assert options_in(html) <= MAX_OPTIONS
    assert "35.08.01.2101" not in html
    assert 'role="combobox"' in html
    # The query string keeps the desa code, as the select of a small scope does.
    response = client.get(reverse(url), {"desa": "35.08.01.2101"})
    assert response.status_code == 200
    assert 'data-label="Sumber 100"' in response.content.decode()
    release(response)


def test_list_filter_of_a_desa_outside_the_scope_filters_nothing_in(client, wide):
    from sitrantib.fieldwork.tests.factories import make_visit

    visit = make_visit(wide, village=wide.village)
    client.force_login(wide.regency_admin)
    response = client.get(reverse("fieldwork:visit_list"))
    assert visit.get_absolute_url() in response.content.decode()
    response = client.get(reverse("fieldwork:visit_list"), {"desa": "35.09.01.2001"})
    html = response.content.decode()
    assert "Pilihan tidak ditemukan" in html
    assert visit.get_absolute_url() not in html  # never an unfiltered list that looks filtered
