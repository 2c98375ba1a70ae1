"""Password guessing in parallel, on a real transactional database (issue 15 A3).

Runs in both suites (SQLite, and PostgreSQL with SITRANTIB_DB=postgres). Every attempt is its own
thread with its own database connection, posting to the login page. The password check (the slow
hash) is held open until every attempt has either reached it or been refused, so all attempts are
in flight at the same time: the lockout must count them before their passwords are checked.

On PostgreSQL the attempts start together (a barrier) and really race. The SQLite test database
is an in-memory shared-cache database whose table locks fail at once instead of waiting, so there
the attempts are started one after the other — each one's database work is done before the next
begins, but none has finished its password check when the next one arrives.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from sitrantib.accounts.models import LoginFailure, User
from sitrantib.accounts.services import MESSAGE_LOCKED
from sitrantib.testing.factories import TEST_PASSWORD

WAIT = 20
WRONG = "salah-sekali-1"
pytestmark = pytest.mark.django_db(transaction=True)


class Race:
    """Login attempts as threads; the password checks wait until `release()`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.simultaneous = connection.vendor == "postgresql"
        self.lock = threading.Lock()
        self.checked: list[str] = []  # the thread names whose password was checked
        self.arrived = threading.Semaphore(0)  # one release per attempt checked or refused
        self.released = threading.Event()
        # SQLite: the held checks finish one at a time (see the module docstring).
        self.one_at_a_time = threading.Lock()
        self.holding = threading.local()
        self.replies: dict[str, tuple[int, str, bool]] = {}
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []
        original: Callable[..., bool] = User.check_password
        race = self

        def held_check_password(user: User, raw_password: str) -> bool:
            with race.lock:
                race.checked.append(threading.current_thread().name)
            race.arrived.release()
            assert race.released.wait(WAIT)
            if not race.simultaneous:
                assert race.one_at_a_time.acquire(timeout=WAIT)
                race.holding.lock = True
            return original(user, raw_password)

        monkeypatch.setattr(User, "check_password", held_check_password)

    def attempt(
        self,
        name: str,
        password: str,
        *,
        username: str = "camat",
        address: str = "192.0.2.10",
        start: threading.Barrier | None = None,
    ) -> threading.Thread:
        def post() -> None:
            client = Client(REMOTE_ADDR=address)
            refused = False
            try:
                if start is not None:
                    start.wait(WAIT)
                reply = client.post("/akun/masuk/", {"username": username, "password": password})
                refused = name not in self.checked
                self.replies[name] = (
                    reply.status_code,
                    reply.content.decode(),
                    "_auth_user_id" in client.session,
                )
            except BaseException as exc:
                self.errors.append(exc)
            finally:
                connection.close()
                if getattr(self.holding, "lock", False):
                    self.one_at_a_time.release()
                if refused:
                    self.arrived.release()

        thread = threading.Thread(target=post, name=name)
        self.threads.append(thread)
        return thread

    def run(self, attempts: list[threading.Thread]) -> None:
        """Start the attempts (together, or one by one on SQLite) and wait until each one has
        reached the password check or been refused."""
        for thread in attempts:
            thread.start()
            if not self.simultaneous:
                assert self.arrived.acquire(timeout=WAIT)
        if self.simultaneous:
            for _ in attempts:
                assert self.arrived.acquire(timeout=WAIT)

    def finish(self) -> None:
        self.released.set()
        for thread in self.threads:
            thread.join(WAIT)
        assert self.errors == []


def _barrier(parties: int) -> threading.Barrier | None:
    return threading.Barrier(parties) if connection.vendor == "postgresql" else None


def test_concurrent_wrong_passwords_check_at_most_the_limit(world, settings, monkeypatch):
    settings.SITRANTIB_LOGIN_MAX_FAILURES = 5
    race = Race(monkeypatch)
    start = _barrier(15)

    race.run([race.attempt(f"wrong-{i}", WRONG, start=start) for i in range(15)])
    race.finish()

    assert len(race.checked) == 5
    refused = [body for _code, body, _in in race.replies.values() if "dikunci sementara" in body]
    assert len(refused) >= 10
    assert LoginFailure.objects.filter(username="camat").count() == 5


def test_right_password_among_concurrent_guesses_is_refused_once_the_limit_is_reached(
    world, settings, monkeypatch
):
    settings.SITRANTIB_LOGIN_MAX_FAILURES = 5
    race = Race(monkeypatch)
    start = _barrier(14)
    race.run([race.attempt(f"wrong-{i}", WRONG, start=start) for i in range(14)])

    # The five allowed guesses are still being checked when the right password arrives.
    race.run([race.attempt("right", TEST_PASSWORD)])
    race.finish()

    code, body, logged_in = race.replies["right"]
    assert (code, logged_in) == (200, False)
    assert MESSAGE_LOCKED.split(";")[0] in body
    assert "right" not in race.checked
    assert len(race.checked) == 5


def test_concurrent_guesses_on_many_accounts_from_one_address_stop_at_the_address_limit(
    world, settings, monkeypatch
):
    settings.SITRANTIB_LOGIN_MAX_FAILURES = 5
    settings.SITRANTIB_LOGIN_MAX_FAILURES_PER_ADDRESS = 4
    names = ["camat", "kasitrantib", "staf", "root"]
    race = Race(monkeypatch)
    start = _barrier(12)

    race.run(
        [
            race.attempt(f"{name}-{i}", WRONG, username=name, start=start)
            for name in names
            for i in range(3)
        ]
    )
    race.finish()

    assert len(race.checked) == 4
    # Another address may still try (the accounts themselves are not locked).
    other = Client(REMOTE_ADDR="198.51.100.7")
    other.post("/akun/masuk/", {"username": "camat", "password": TEST_PASSWORD})
    assert "_auth_user_id" in other.session
