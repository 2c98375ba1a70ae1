"""A year's indicators of many kecamatan recomputed by several processes (PostgreSQL).

`recompute_many` computes a chunk of kecamatan from a fixed number of queries, but in one
process: one core. For the whole country (7,285 kecamatan) `compute_indicators --workers N`
hands the chunks to N forked processes, each with its own database connection; the values of a
kecamatan are written by exactly one of them, so the processes never wait on each other's rows.

SQLite keeps one process: its writers would queue behind one file lock (and a test database in
memory is not shared with a forked process), so the work is done in this process instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sitrantib.core.parallel import can_fork, run_parts
from sitrantib.indicators.services import CHUNK, recompute_many

__all__ = ["can_fork", "parts_of", "recompute_in_processes"]


def parts_of(codes: Sequence[str], workers: int, chunk: int = CHUNK) -> list[list[str]]:
    """The kecamatan codes cut into parts of at most `chunk`, and into at least `workers` parts
    when there are that many codes, so every process has work."""
    ordered = sorted(set(codes))
    if not ordered:
        return []
    size = max(1, min(chunk, math.ceil(len(ordered) / max(1, workers))))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _run_part(job: tuple[list[str], int]) -> dict[str, int]:
    codes, year = job
    return recompute_many(district_codes=codes, year=year)


def recompute_in_processes(
    *, district_codes: Sequence[str], year: int, workers: int
) -> dict[str, int]:
    """`recompute_many` over `workers` processes (one process on SQLite or when workers <= 1;
    `core.parallel.run_parts`). Returns the number of values computed per kecamatan, as
    `recompute_many` does."""
    parts = parts_of(district_codes, workers)
    if workers <= 1 or not can_fork() or len(parts) <= 1:
        return recompute_many(district_codes=district_codes, year=year)
    counts: dict[str, int] = {}
    for found in run_parts(_run_part, [(part, year) for part in parts], workers=workers):
        counts.update(found)
    return counts
