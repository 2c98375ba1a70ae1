"""Which backups to keep: the newest of each day, week and month, as many as asked; the rest
removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitrantib.core.backup.contents import FILE_NAME_PATTERN


def backups_to_prune(
    names: Iterable[str], *, daily: int = 7, weekly: int = 4, monthly: int = 12
) -> list[str]:
    """The archive names (sitrantib-YYYYMMDD-HHMMSS.tar.gz) that a retention of the newest per
    day for `daily` days, per ISO week for `weekly` weeks and per month for `monthly` months
    does not keep. Other names are never returned."""
    dated = []
    for name in names:
        match = FILE_NAME_PATTERN.match(name)
        if match:
            try:
                moment = dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
            except ValueError:
                continue
            dated.append((moment, name))
    dated.sort(reverse=True)
    keep: set[str] = set()
    for count, period in (
        (daily, lambda m: m.date()),
        (weekly, lambda m: m.isocalendar()[:2]),
        (monthly, lambda m: (m.year, m.month)),
    ):
        periods: set[Any] = set()
        for moment, name in dated:
            key = period(moment)
            if key in periods:
                continue
            if len(periods) >= count:
                break
            periods.add(key)
            keep.add(name)
    return sorted(name for _, name in dated if name not in keep)


def prune_backups(folder: Path, *, daily: int, weekly: int, monthly: int) -> list[Path]:
    """Delete the archives (and their .sha256 files) in `folder` the retention does not keep."""
    removed = []
    names = [p.name for p in Path(folder).iterdir() if p.is_file()]
    for name in backups_to_prune(names, daily=daily, weekly=weekly, monthly=monthly):
        path = Path(folder) / name
        path.unlink()
        path.with_name(name + ".sha256").unlink(missing_ok=True)
        removed.append(path)
    return removed
