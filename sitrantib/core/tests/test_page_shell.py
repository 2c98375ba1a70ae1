"""The page shell (docs/adr/0107): the menu bar and the letterhead's office are kept, never
another viewer's, and what changes them shows on the next page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.core.navigation import forget_menu_bars
from sitrantib.regions import context_processors as office_cache
from sitrantib.regions.models import OfficeProfile
from sitrantib.regions.services.offices import update_office_profile
from sitrantib.testing.responses import release

ADMIN_MENU = 'id="admin-menu"'
AUDIT_LINK = 'href="/sistem/log-audit/"'
USERS_LINK = 'href="/akun/pengguna/"'


@pytest.fixture(autouse=True)
def _fresh_shell():
    forget_menu_bars()
    office_cache.forget_offices()
    yield
    forget_menu_bars()
    office_cache.forget_offices()


@pytest.fixture
def shell_cache(settings):
    settings.SITRANTIB_SHELL_CACHE_SECONDS = 60


def make_office(district, *, office_line):
    return OfficeProfile.objects.create(
        district=district,
        government_line="PEMERINTAH KABUPATEN LUMAJANG",
        office_line=office_line,
        address="Jl. Mayjen Soekartijo No. 56",
        town="YOSOWILANGUN",
        postcode="67382",
        letter_place="Lumajang",
    )


def _page(client, user, path="/"):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    release(response)
    return html


def _menu(html):
    """The menu bar of a page: from the brand link to the site search."""
    start = html.index('<ul class="navbar-nav me-auto">')
    return html[start : html.index('id="site-search"')]


@pytest.mark.django_db
def test_menu_bar_kept_for_one_role_is_never_shown_to_another(client, world):
    admin_first = _menu(_page(client, world.admin))
    operator = _menu(_page(client, world.operator))
    admin_again = _menu(_page(client, world.admin))
    camat = _menu(_page(client, world.camat))

    assert ADMIN_MENU in admin_first
    assert USERS_LINK in admin_first
    assert AUDIT_LINK in admin_first
    assert admin_again == admin_first
    assert ADMIN_MENU not in operator
    assert AUDIT_LINK not in operator
    # The camat reads the audit log but manages neither users nor the office.
    assert AUDIT_LINK in camat
    assert USERS_LINK not in camat
    assert 'href="/linmas/"' in operator  # the modules are everyone's


@pytest.mark.django_db
def test_menu_bar_follows_a_role_change_on_the_next_page(client, world):
    from sitrantib.core.enums import Role

    assert ADMIN_MENU not in _menu(_page(client, world.operator))

    world.operator.role = Role.TRANTIB_ADMIN
    world.operator.save()
    assert ADMIN_MENU in _menu(_page(client, world.operator))

    world.operator.role = Role.VILLAGE_OPERATOR
    world.operator.save()
    assert ADMIN_MENU not in _menu(_page(client, world.operator))


@pytest.mark.django_db
def test_kept_menu_bar_marks_the_current_page_and_speaks_the_viewer_language(client, world):
    def active(html):
        return re.findall(r'href="([^"]+)"(?:\s+title="[^"]*")?\s+aria-current="page"', _menu(html))

    assert active(_page(client, world.admin, "/linmas/")) == ["/linmas/"]
    assert active(_page(client, world.admin, "/sistem/log-audit/")) == ["/sistem/log-audit/"]
    assert active(_page(client, world.admin, "/")) == ["/"]

    client.cookies["django_language"] = "en"
    english = _menu(_page(client, world.admin))
    client.cookies["django_language"] = "id"
    indonesian = _menu(_page(client, world.admin))
    assert "Administration" in english
    assert "Administrasi" in indonesian
    assert "Administrasi" not in english


@pytest.mark.django_db
def test_letterhead_office_read_once_then_kept(client, world, shell_cache):
    make_office(world.district, office_line="KECAMATAN YOSOWILANGUN")
    client.force_login(world.admin)
    release(client.get("/"))  # the session, the user and the office are read once

    with CaptureQueriesContext(connection) as second:
        response = client.get("/")
    html = response.content.decode()
    release(response)

    assert "KECAMATAN YOSOWILANGUN" in html
    assert not [q for q in second.captured_queries if "regions_officeprofile" in q["sql"]]


@pytest.mark.django_db
def test_letterhead_shows_an_office_change_on_the_next_page(client, world, shell_cache):
    office = make_office(world.district, office_line="KECAMATAN YOSOWILANGUN")
    assert "KECAMATAN YOSOWILANGUN" in _page(client, world.admin)

    update_office_profile(
        office=office, actor=world.admin, values={"office_line": "KECAMATAN BARU"}
    )

    html = _page(client, world.admin)
    assert "KECAMATAN BARU" in html
    assert "KECAMATAN YOSOWILANGUN" not in html


@pytest.mark.django_db
def test_kept_letterhead_is_each_kecamatan_own(client, world, shell_cache):
    make_office(world.district, office_line="KECAMATAN YOSOWILANGUN")
    make_office(world.other_district, office_line="KECAMATAN LAIN")

    own = _page(client, world.admin)
    other = _page(client, world.outsider)
    own_again = _page(client, world.admin)

    assert "KECAMATAN YOSOWILANGUN" in own
    assert "KECAMATAN LAIN" not in own
    assert "KECAMATAN LAIN" in other
    assert "KECAMATAN YOSOWILANGUN" not in other
    assert "KECAMATAN YOSOWILANGUN" in own_again


@pytest.mark.django_db
def test_deleted_office_leaves_the_letterhead_at_once(client, world, shell_cache):
    office = make_office(world.district, office_line="KECAMATAN YOSOWILANGUN")
    assert "KECAMATAN YOSOWILANGUN" in _page(client, world.admin)

    office.delete()

    assert "KECAMATAN YOSOWILANGUN" not in _page(client, world.admin)


@pytest.mark.django_db
def test_shell_costs_no_query_beyond_session_and_user_once_kept(
    client, world, shell_cache, django_assert_num_queries
):
    """The password page reads nothing of its own: with the shell kept, a page costs the
    session and the user, whatever the menu and the letterhead show."""
    make_office(world.district, office_line="KECAMATAN YOSOWILANGUN")
    client.force_login(world.admin)
    release(client.get("/akun/kata-sandi/"))

    with django_assert_num_queries(2):
        response = client.get("/akun/kata-sandi/")
    assert response.status_code == 200
    html = response.content.decode()
    release(response)
    assert ADMIN_MENU in html
    assert "KECAMATAN YOSOWILANGUN" in html


@pytest.mark.django_db
def test_without_the_cache_every_page_reads_the_office(client, world, django_assert_num_queries):
    """The test settings keep the cache off, so the suite's query counts are a fresh process's."""
    make_office(world.district, office_line="KECAMATAN YOSOWILANGUN")
    client.force_login(world.admin)
    release(client.get("/akun/kata-sandi/"))

    with django_assert_num_queries(3):
        response = client.get("/akun/kata-sandi/")
    assert "KECAMATAN YOSOWILANGUN" in response.content.decode()
    release(response)
