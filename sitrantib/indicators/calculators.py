"""Calculators: how each indicator of the KAK counts itself from the records (docs/adr/0091).

A calculator takes a kecamatan, a period and its parameters and returns a `Computation`: the
value, its numerator and denominator, and two record lists (what the numerator counted, what the
denominator counted) that the drill-down pages show and link. The calculators reuse the apps'
own reads — the follow-up share of meetings, the IKM of surveys, the desa situation rule of field
work, the on-time shares of village documents — they never compute those again.

Registering: `register(Calculator(code, name, statement, unit, compute))` at import of this
module; `CALCULATORS[code]` finds one. A calculator may also offer a batch form (`batch`): the
same computations for many kecamatan and periods at once, from a fixed number of queries
whatever their number (the year's rows of all the kecamatan fetched once and bucketed by
kecamatan and period in Python); a year's recompute uses it in chunks of kecamatan. Each
statement says numerator, denominator and period rule in words: it is printed on the
indicator's page.
"""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sitrantib.fieldwork.enums import PeriodKind
from sitrantib.fieldwork.situation import Period

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Record:
    """One record behind a value: what it is, when, and where to open it."""

    label: str
    url: str = ""
    on_date: dt.date | None = None
    detail: str = ""


@dataclass
class Computation:
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    # Built only when asked (the drill-down page): callables, so a dashboard never lists records.
    numerator_records: Callable[[], list[Record]] = field(default=lambda: [])
    denominator_records: Callable[[], list[Record]] = field(default=lambda: [])
    note: str = ""


Compute = Callable[[str, Period, Mapping[str, Any]], Computation]
# (kecamatan codes, periods, params, a memo shared by the calculators of one run) -> the
# computation of every (kecamatan code, period key), equal to `compute` of each.
BatchCompute = Callable[
    [Sequence[str], Sequence[Period], Mapping[str, Any], dict[Any, Any]],
    dict[tuple[str, str], Computation],
]


@dataclass(frozen=True)
class Calculator:
    code: str
    name: Any  # lazily translated
    statement: Any  # numerator, denominator and period rule in words (lazily translated)
    unit: Any
    compute: Compute
    percent: bool = False  # value = 100 x numerator / denominator
    # A count that adds up over periods (LINMAS trained, visits): a quarter or month has a target
    # only where a quarter target is set. Otherwise (a share, an index, distinct desa) the year's
    # target applies to every period (docs/adr/0091).
    additive: bool = False
    # For records saved without a signal worth its cost on a hot path (a public survey answer):
    # the moment of the latest change per kecamatan, read once per read of the values; a value
    # computed before it is computed again (docs/adr/0091).
    last_change: "Callable[[list[str]], Mapping[str, dt.datetime]] | None" = None
    # The batch form (see the module's docstring); None: computed kecamatan by kecamatan.
    batch: BatchCompute | None = None


CALCULATORS: dict[str, Calculator] = {}


def register(calculator: Calculator) -> Calculator:
    if calculator.code in CALCULATORS and CALCULATORS[calculator.code] is not calculator:
        raise ValueError(f"calculator {calculator.code!r} registered twice")
    CALCULATORS[calculator.code] = calculator
    return calculator


def periods_of(year: int, kind: str) -> list[Period]:
    """The periods of `kind` ("year", "quarter", "month") in a year, in order."""
    if kind == PeriodKind.YEAR:
        return [Period(PeriodKind.YEAR, year)]
    if kind == PeriodKind.QUARTER:
        return [Period(PeriodKind.QUARTER, year, q) for q in range(1, 5)]
    if kind == PeriodKind.MONTH:
        return [Period(PeriodKind.MONTH, year, m) for m in range(1, 13)]
    raise ValueError(f"unknown period kind {kind!r}")


def all_periods(year: int) -> list[Period]:
    """The year, its quarters and its months (17 periods)."""
    return [p for kind in PERIOD_KINDS for p in periods_of(year, kind)]


PERIOD_KINDS = (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH)


def percent(numerator: int | Decimal, denominator: int | Decimal) -> Decimal | None:
    """100 x numerator / denominator to two places (None for an empty denominator)."""
    if not denominator:
        return None
    return (HUNDRED * Decimal(numerator) / Decimal(denominator)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )


# The KAK's indicators and the calculator each uses by default (seeding a year's definitions).
KAK_DEFAULTS: tuple[tuple[str, str], ...] = (
    ("Persentase desa yang tentram dan tertib", "desa_peaceful_percent"),
    ("Jumlah LINMAS terbina ketentraman dan ketertiban", "linmas_trained"),
    ("Jumlah desa terpantau ketentraman dan ketertiban", "desa_monitored"),
    ("Nilai IKM", "ikm"),
    ("Persentase hasil fasilitasi dan kooordinasi yang ditindaklanjuti", "follow_up_percent"),
    (
        "Rata - rata persentase desa yang menyusun dokumen administrasi pemerintahan desa yang "
        "tepat waktu",
        "documents_on_time",
    ),
    ("Pendampingan keamanan wilayah", "accompaniment_visits"),
    ("Pembinaan LINMAS", "linmas_guidance"),
    ("Sinergitas kinerja FORKOMPIMKA", "forkompimka_synergy"),
)
