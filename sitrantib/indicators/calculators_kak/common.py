"""What the KAK calculators share: the shape of a batch result, the span of several periods,
and the bucketing of rows fetched for many kecamatan and periods into one list per kecamatan and
period (in the rows' order)."""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sitrantib.fieldwork.situation import Period
from sitrantib.indicators.calculators import Computation

TWO_PLACES = Decimal("0.01")


def local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


Batch = dict[tuple[str, str], Computation]


def span_of(periods: Sequence[Period]) -> tuple[dt.date, dt.date]:
    return min(p.start for p in periods), max(p.end for p in periods)


def moment_span_of(periods: Sequence[Period]) -> tuple[dt.datetime, dt.datetime]:
    moments = [p.moments() for p in periods]
    return min(m[0] for m in moments), max(m[1] for m in moments)


def bucketed(
    codes: Sequence[str],
    periods: Sequence[Period],
    rows: Iterable[Any],
    district_of: Callable[[Any], str],
    inside: Callable[[Any, Period], bool],
) -> dict[tuple[str, str], list[Any]]:
    """Rows by (kecamatan code, period key), each bucket in the rows' order; every pair asked
    has a bucket, empty when no row falls in it."""
    found: dict[tuple[str, str], list[Any]] = {(c, p.key): [] for c in codes for p in periods}
    for row in rows:
        code = district_of(row)
        for period in periods:
            if inside(row, period):
                found[(code, period.key)].append(row)
    return found


def on_dates(attribute: Callable[[Any], dt.date]) -> Callable[[Any, Period], bool]:
    return lambda row, period: period.start <= attribute(row) <= period.end


def at_moments(
    attribute: Callable[[Any], dt.datetime],
) -> Callable[[Any, Period], bool]:
    moments: dict[str, tuple[dt.datetime, dt.datetime]] = {}

    def inside(row: Any, period: Period) -> bool:
        if period.key not in moments:
            moments[period.key] = period.moments()
        start, after = moments[period.key]
        return start <= attribute(row) < after

    return inside
