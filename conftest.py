"""Fixtures shared by every app: a small world of two kecamatan and users of every role.

`world` is the standard cast for scope tests (see docs/adr/0005-accounts-and-scope.md):
the allowed role, an operator of another desa of the same kecamatan, a user of another
kecamatan, and anonymous.
"""

import random
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db.models.query import QuerySet
from django.test.testcases import LiveServerThread
from django.utils import translation

from sitrantib.core.enums import Coverage, Role
from sitrantib.testing.factories import TEST_PASSWORD


@dataclass
class World:
    district: Any
    other_district: Any
    village: Any  # Darungan, 35.08.07.2001
    sibling_village: Any  # Kraton, 35.08.07.2002 (same kecamatan)
    foreign_village: Any  # a desa of the other kecamatan
    polsek: Any
    camat: Any
    admin: Any
    staff: Any
    operator: Any  # operator of `village`
    sibling_operator: Any  # operator of `sibling_village`
    partner: Any  # Polsek user
    outsider: Any  # trantib_admin of the other kecamatan
    superuser: Any  # Django superuser without role or kecamatan: reaches nothing in the app
    national: Any  # trantib_admin with national coverage (every kecamatan)
    regency_admin: Any  # trantib_admin with regency coverage (every kecamatan of 35.08)


@pytest.fixture
def world(db: Any) -> World:
    """Two kecamatan of Lumajang, three desa, a Polsek and a user of every kind.

    Built with one INSERT per table (seven statements, one password hash): the fixture runs
    before about 3,500 tests on each database, and a row at a time cost 48 statements and a
    hash per user (docs/adr/0112). The rows are those `make_region_tree`, `make_institution`
    and `make_user` would save; no signal of these models matters to a test (the shell's
    office cache is off in tests, no indicator reads regions or users)."""
    from django.contrib.auth.hashers import make_password

    from sitrantib.accounts.models import User
    from sitrantib.regions.models import District, Institution, Province, Regency, Village

    province = Province.objects.create(code="35", name="Provinsi 35")
    regency = Regency.objects.create(
        code="35.08", name="Kabupaten 35.08", province=province, kind="kabupaten"
    )
    district, other = District.objects.bulk_create(
        [
            District(code="35.08.07", name="Kecamatan 35.08.07", regency=regency),
            District(code="35.08.06", name="Kecamatan 35.08.06", regency=regency),
        ]
    )
    village, sibling, foreign = Village.objects.bulk_create(
        [
            Village(code="35.08.07.2001", name="Darungan", district=district, kind="desa"),
            Village(code="35.08.07.2002", name="Kraton", district=district, kind="desa"),
            Village(code="35.08.06.2001", name="Lain", district=other, kind="desa"),
        ]
    )
    polsek = Institution.objects.create(
        district=district, kind="polsek", name="Polsek Yosowilangun"
    )
    password = make_password(TEST_PASSWORD)

    def user(username: str, role: Role | str, area: Any, **extra: Any) -> Any:
        return User(
            username=username,
            role=Role(role).value if role else "",
            district=area,
            password=password,
            **extra,
        )

    users = User.objects.bulk_create(
        [
            user("root", "", None, is_staff=True, is_superuser=True),
            user("camat", Role.CAMAT, district),
            user("kasitrantib", Role.TRANTIB_ADMIN, district),
            user("staf", Role.KECAMATAN_STAFF, district),
            user("opdarungan", Role.VILLAGE_OPERATOR, district),
            user("opkraton", Role.VILLAGE_OPERATOR, district),
            user("polsek", Role.PARTNER, district, institution=polsek),
            user("adminlain", Role.TRANTIB_ADMIN, other),
            user("nasional", Role.TRANTIB_ADMIN, None, coverage=Coverage.NATIONAL),
            user("adminkab", Role.TRANTIB_ADMIN, None, coverage=Coverage.REGENCY, regency=regency),
        ]
    )
    root, camat, admin, staff, operator, sibling_operator, partner, outsider, national, regional = (
        users
    )
    User.villages.through.objects.bulk_create(
        [
            User.villages.through(user_id=operator.pk, village_id=village.pk),
            User.villages.through(user_id=sibling_operator.pk, village_id=sibling.pk),
        ]
    )
    return World(
        district=district,
        other_district=other,
        village=village,
        sibling_village=sibling,
        foreign_village=foreign,
        polsek=polsek,
        camat=camat,
        admin=admin,
        staff=staff,
        operator=operator,
        sibling_operator=sibling_operator,
        partner=partner,
        outsider=outsider,
        superuser=root,
        national=national,
        regency_admin=regional,
    )


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded and private files of a test go to its own folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts and ends in the default language: a request in English never leaks."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _shuffle_unordered_querysets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unordered querysets come back shuffled, so no test depends on the database's whim."""
    original = QuerySet._fetch_all

    def fetch_all(self: QuerySet[Any]) -> None:
        original(self)
        if (
            not self.ordered
            and self._result_cache is not None
            and len(self._result_cache) > 1
            and self._prefetch_related_lookups == ()
        ):
            random.shuffle(self._result_cache)

    monkeypatch.setattr(QuerySet, "_fetch_all", fetch_all)


class _OneRequestAtATime:
    """Runs the live server's requests one after another.

    With SQLite in memory the live server's threads share the test's one connection; a page that
    asks for several things at once (a service worker caching the form's files while the page
    loads) would use it from two threads at the same moment ("bad parameter or other API
    misuse"). Connections are still accepted in parallel; only the application is serialised,
    and a response is read to its end inside the lock.
    """

    _lock = threading.Lock()

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with self._lock:
            result = self.application(environ, start_response)
            try:
                return list(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()


class _SerialisedServer(ThreadedWSGIServer):
    def set_app(self, application: Any) -> None:
        super().set_app(_OneRequestAtATime(application))


LiveServerThread.server_class = _SerialisedServer


# The fixtures through which a test reaches the database; pytest-django refuses any other way.
_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser journeys talk to the live server in another thread: they need committed data.

    A test without the `django_db` mark and without a database fixture cannot open the database
    (pytest-django refuses it), so it answers the same on every database: it is marked
    `database_free`, and `make test` runs it once, on SQLite (docs/adr/0110)."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.django_db(transaction=True))
        fixtures = set(getattr(item, "fixturenames", ()))
        if not item.get_closest_marker("django_db") and not fixtures & _DATABASE_FIXTURES:
            item.add_marker(pytest.mark.database_free)


def _chromium_path() -> str | None:
    """The system Chromium (Debian's package); None lets Playwright use its own download."""
    import os
    import shutil

    for candidate in (os.environ.get("SITRANTIB_CHROMIUM", ""), "/usr/bin/chromium"):
        if candidate and shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Drive the system Chromium: Playwright's own browser download is not available offline."""
    executable = _chromium_path()
    return {
        **browser_type_launch_args,
        **({"executable_path": executable} if executable else {}),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def phone_context_args() -> dict[str, Any]:
    """A mid-range Android phone: the screen a village operator works on."""
    return {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def login(live_server: Any) -> Any:
    """Log a page in through the real login form; returns a function (page, user)."""
    from sitrantib.testing.factories import TEST_PASSWORD

    def do_login(page: Any, user: Any, password: str = TEST_PASSWORD) -> None:
        page.goto(f"{live_server.url}/akun/masuk/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]:has-text('Masuk'), button[type=submit]:has-text('Log in')")
        page.wait_for_url(lambda url: "/akun/masuk/" not in url)

    return do_login
