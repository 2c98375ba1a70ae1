"""The archive under concurrency (docs/adr/0100): issues of the same document at once keep one
current version and one line of supersession; a retried request key stores one document.

Runs in both suites. On PostgreSQL (SITRANTIB_DB=postgres) the threads start together at a
barrier and really race; SQLite's shared in-memory test database answers "table is locked"
instead of waiting, and the caller retries (as the numbering tests do).
"""

import random
import threading
import time
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection

from sitrantib.core.archive import (
    archive_document,
    issue_once,
    kind_for_roles,
    register_document_kind,
)
from sitrantib.core.enums import Role
from sitrantib.core.models import DocumentFormat, IssuedDocument

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 30
RETRY_FOR = 120
RACERS = 6
KIND = register_document_kind(
    kind_for_roles(key="tests.race", title="Dokumen uji", roles={Role.TRANTIB_ADMIN})
)


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads (each with its own connection); their results, errors raised."""
    start = threading.Barrier(len(calls)) if connection.vendor == "postgresql" else None
    results: list[object] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            if start is not None:
                start.wait(WAIT)
            # SQLite: retried until the others are done, however slow a loaded machine is.
            deadline = time.monotonic() + RETRY_FOR
            while True:
                try:
                    results.append(call())
                    return
                except OperationalError as exc:  # SQLite: "database table is locked"
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(random.uniform(0.005, 0.05))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(RETRY_FOR + WAIT)
    assert errors == []
    return results


def _archive(world, n: int, **kw) -> IssuedDocument:
    return archive_document(
        kind=KIND.key,
        title="Dokumen uji",
        subject_key=kw.pop("subject_key", "race:1"),
        district_code=world.district.code,
        fmt=DocumentFormat.PDF,
        content=f"%PDF-1.4 versi {n}".encode(),
        filename="uji.pdf",
        actor=world.admin,
        **kw,
    )


def _chain_is_one_line(subject_key: str) -> tuple[int, int, int]:
    """(documents, current ones, documents superseded by the same newer one more than once)."""
    documents = IssuedDocument.objects.filter(kind=KIND.key, subject_key=subject_key)
    current = documents.filter(superseded_by=None).count()
    targets = [d.superseded_by_id for d in documents if d.superseded_by_id is not None]
    return documents.count(), current, len(targets) - len(set(targets))


def test_issues_at_once_keep_one_current_version_in_one_line(world):
    # The first issue of the subject (nothing to lock yet) and then new versions, all at once.
    race([lambda n=n: _archive(world, n) for n in range(RACERS)])

    assert _chain_is_one_line("race:1") == (RACERS, 1, 0)


def test_issues_at_once_after_a_first_one_keep_one_line(world):
    _archive(world, 99)
    race([lambda n=n: _archive(world, n) for n in range(RACERS)])

    assert _chain_is_one_line("race:1") == (RACERS + 1, 1, 0)


def test_one_request_key_retried_at_once_stores_one_document(world):
    results = race(
        [
            lambda n=n: _archive(world, n, request_key="job:42", subject_key="race:2")
            for n in range(4)
        ]
    )

    assert IssuedDocument.objects.filter(request_key="job:42").count() == 1
    assert {document.pk for document in results} == {
        IssuedDocument.objects.get(request_key="job:42").pk
    }


def test_issue_once_asked_at_once_stores_one_issue_of_the_same_data(world):
    def issue() -> IssuedDocument:
        return issue_once(
            kind=KIND.key,
            title="Dokumen uji",
            subject_key="race:3",
            district_code=world.district.code,
            fmt=DocumentFormat.PDF,
            filename="uji.pdf",
            actor=world.admin,
            render=lambda: b"%PDF-1.4 sama",
        )

    results = race([issue for _ in range(4)])

    assert IssuedDocument.objects.filter(subject_key="race:3").count() == 1
    assert len({document.pk for document in results}) == 1
