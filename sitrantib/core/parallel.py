"""Stored figures recomputed by several processes (PostgreSQL only).

A batch recomputation (`meetings.services.figures.refresh_many`, `surveys.services.results.
refresh_results`) runs in one process: one core. For the whole country `--workers N` hands its
parts to N forked processes, each with its own database connection; every part is written by
exactly one process, so they never wait on each other's rows. SQLite keeps one process (its writers
queue behind one file lock, and an in-memory test database is not shared with a forked process).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence

from django.db import connection, connections


def can_fork() -> bool:
    """Whether parts may run in forked processes (PostgreSQL)."""
    return connection.vendor == "postgresql"


def chunks[Part](values: Sequence[Part], size: int) -> list[list[Part]]:
    """`values` cut into consecutive lists of at most `size`."""
    return [list(values[i : i + size]) for i in range(0, len(values), max(1, size))]


def _fresh_connections() -> None:
    # The parent's connections were closed before the fork; make sure none is shared anyway.
    for alias in connections:
        connections[alias].connection = None


def run_parts[Part, Result](
    work: Callable[[Part], Result], parts: Sequence[Part], *, workers: int = 1
) -> Iterator[Result]:
    """`work(part)` for every part, each result yielded as its part is done (for a progress
    bar): in this process, or over `workers` forked processes on PostgreSQL (in any order).
    `work` must be a module-level function (it is sent to the processes by name)."""
    if workers <= 1 or not can_fork() or len(parts) <= 1:
        for part in parts:
            yield work(part)
        return
    # A forked process must not reuse the parent's socket: close it first (reopened on demand).
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=workers, initializer=_fresh_connections) as pool:
        yield from pool.imap_unordered(work, parts)
