"""Timing, query counts, memory and the bare SQL of one operation, repeated.

Memory: the peak resident size of the process (VmHWM in /proc/<pid>/status), reset before each
operation by writing 5 to /proc/<pid>/clear_refs (Linux 4.0+), so `rss_mb` is the peak during
that operation. Where the reset is refused, the peak since the start is reported and
`rss_growth_mb` says how much the operation raised it.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sitrantib.benchmark.operations import Operation


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process in MB (0 when /proc does not tell)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def vm_rss_mb(pid: int | str = "self") -> float:
    """Current resident memory of a process in MB (0 when /proc does not tell)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak(pid: int | str = "self") -> bool:
    """Reset the process's peak resident size to its current size; False where refused."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of `values` (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


@dataclass
class Result:
    operation: str
    scale: str
    median_ms: float
    p95_ms: float
    queries: int | None
    sql_ms: float | None
    rss_mb: float
    rss_growth_mb: float = 0.0
    runs: int = 0
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        return {**data, **self.extra}


def time_sql(sql: str, args: list[Any]) -> float:
    """Milliseconds to run `sql` and fetch every row."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, args)
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def measure(op: Operation, client: Client, *, scale: str, repeat: int) -> Result:
    """Run `op` `repeat` times (once when it is not repeatable; one unmeasured warm-up run
    first when repeating), with its bare SQL after each run."""
    runs = repeat if op.repeatable else 1
    if runs > 1:
        op.run(client)
        if op.cleanup:
            op.cleanup()
    durations: list[float] = []
    sql: list[float] = []
    queries: list[int] = []
    reset_peak()
    before = vm_rss_mb()
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            op.run(client)
            durations.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        if op.bare_sql:
            sql.append(time_sql(*op.bare_sql))
        if op.cleanup:
            op.cleanup()
    after = vm_hwm_mb()
    return Result(
        operation=op.name,
        scale=op.user if op.user == "kecamatan" else scale,
        median_ms=round(statistics.median(durations), 1),
        p95_ms=round(percentile(durations, 95), 1),
        queries=max(queries),
        sql_ms=round(statistics.median(sql), 2) if sql else None,
        rss_mb=round(after, 1),
        rss_growth_mb=round(after - before, 1),
        runs=runs,
        extra=dict(op.extra),
    )
