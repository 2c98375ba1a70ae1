"""Is a desa "tentram dan tertib" in a period? The kecamatan's stated rule applied to its visits
and incidents (docs/adr/0080).

Three conditions, each switched on or off per kecamatan (`SituationRule`):

1. **visited**: at least one visit in the period (this is also "desa terpantau");
2. **rawan resolved**: no visit judged rawan on or before the period's last day is still
   unresolved at the end of that day (resolved on the last day counts as resolved);
3. **serious incidents handled**: no serious incident was, on any day of the period, unhandled for
   longer than N days. With D = the day it happened and H = the day it was first handled, handed
   over or closed, it is late on the days D+N+1 ... H (or up to today while unhandled); handled on
   D+N is on time. Rejected reports do not count.

A desa is tentram dan tertib when every condition switched on holds; each result lists every
condition with whether it held and the records that decided it. Three queries for any number of
desa: the visits of the period, the open rawan judgements, the late serious incidents (with
the desa themselves and the kecamatan's rules, five).
"""

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from sitrantib.core.formatting import format_date_id
from sitrantib.fieldwork.enums import IncidentStatus, PeriodKind, Situation
from sitrantib.fieldwork.models import Incident, SituationRule, Visit

PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|[Qq](?P<quarter>[1-4])))?$")
MESSAGE_BAD_PERIOD = gettext_noop(
    "Periode ditulis 2026 (tahun), 2026-Q1 (triwulan) atau 2026-03 (bulan)."
)
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int = 0  # month 1-12, quarter 1-4, 0 for a year

    @property
    def start(self) -> dt.date:
        if self.kind == PeriodKind.MONTH:
            return dt.date(self.year, self.number, 1)
        if self.kind == PeriodKind.QUARTER:
            return dt.date(self.year, 3 * self.number - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        if self.kind == PeriodKind.MONTH:
            last_month = self.number
        elif self.kind == PeriodKind.QUARTER:
            last_month = 3 * self.number
        else:
            last_month = 12
        return dt.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def key(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{MONTHS[self.number]} {self.year}"
        if self.kind == PeriodKind.QUARTER:
            return gettext("Triwulan %(q)s %(year)d") % {
                "q": QUARTER_NAMES[self.number],
                "year": self.year,
            }
        return gettext("Tahun %(year)d") % {"year": self.year}

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """[first moment, first moment after) in the site's time zone."""
        return day_start(self.start), day_start(self.end + dt.timedelta(days=1))


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def parse_period(text: str) -> Period:
    """ "2026", "2026-Q1" or "2026-03" as a Period; ValueError with the message otherwise."""
    match = PERIOD_PATTERN.match((text or "").strip())
    if not match:
        raise ValueError(gettext(MESSAGE_BAD_PERIOD))
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        raise ValueError(gettext(MESSAGE_BAD_PERIOD))
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(gettext(MESSAGE_BAD_PERIOD))
        return Period(PeriodKind.MONTH, year, month)
    if match["quarter"]:
        return Period(PeriodKind.QUARTER, year, int(match["quarter"]))
    return Period(PeriodKind.YEAR, year)


def current_month(today: dt.date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(PeriodKind.MONTH, today.year, today.month)


# Conditions ---------------------------------------------------------------------------------------

VISITED = "visited"
RAWAN_RESOLVED = "rawan_resolved"
INCIDENTS_HANDLED = "incidents_handled"

CONDITION_LABELS = {
    VISITED: _("Dikunjungi dalam periode"),
    RAWAN_RESOLVED: _("Tidak ada situasi rawan yang belum ditangani"),
    INCIDENTS_HANDLED: _("Kejadian serius ditangani tepat waktu"),
}


@dataclass(frozen=True)
class Evidence:
    """A record that decided a condition: a visit or an incident."""

    kind: str  # "visit" or "incident"
    pk: int
    on_date: dt.date
    text: str


@dataclass
class Condition:
    code: str
    holds: bool
    detail: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(CONDITION_LABELS[self.code])


@dataclass
class VillageSituation:
    village_code: str
    village_name: str
    district_code: str
    visits: int
    last_visit: dt.datetime | None
    conditions: list[Condition]

    @property
    def peaceful(self) -> bool:
        return all(c.holds for c in self.conditions)

    @property
    def monitored(self) -> bool:
        return self.visits > 0

    @property
    def deciding(self) -> list[Condition]:
        """The conditions that made it not tentram dan tertib (empty when it is)."""
        return [c for c in self.conditions if not c.holds]


@dataclass(frozen=True)
class Summary:
    villages: int
    monitored: int
    peaceful: int

    @property
    def peaceful_percent(self) -> float | None:
        return None if not self.villages else round(100 * self.peaceful / self.villages, 2)

    @property
    def monitored_percent(self) -> float | None:
        return None if not self.villages else round(100 * self.monitored / self.villages, 2)


def summarise(results: Iterable[VillageSituation]) -> Summary:
    rows = list(results)
    return Summary(
        villages=len(rows),
        monitored=sum(1 for r in rows if r.monitored),
        peaceful=sum(1 for r in rows if r.peaceful),
    )


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _month_of(day: dt.date) -> tuple[int, int]:
    return day.year, day.month


def _months_of(period: Period) -> list[tuple[int, int]]:
    """The (year, month) pairs a period is made of: every period is whole months."""
    first, last = _month_of(period.start), _month_of(period.end)
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _visit_counts(
    villages: QuerySet[Any], periods: Sequence[Period]
) -> dict[str, dict[str, tuple[int, dt.datetime]]]:
    """Visits per desa and period key: (count, last visit). One query grouped by desa and month
    (in the site's time zone) for every period asked, summed per period here."""
    start = min(p.moments()[0] for p in periods)
    after = max(p.moments()[1] for p in periods)
    rows = (
        Visit.objects.filter(
            village__in=villages.values("code"), visited_at__gte=start, visited_at__lt=after
        )
        .annotate(month=TruncMonth("visited_at"))
        .values("village_id", "month")
        .annotate(n=Count("pk"), last=Max("visited_at"))
        .order_by()
    )
    by_month: dict[tuple[int, int], list[tuple[str, int, dt.datetime]]] = defaultdict(list)
    for r in rows:
        month = r["month"]
        if isinstance(month, dt.datetime):
            month = timezone.localtime(month) if timezone.is_aware(month) else month
        by_month[(month.year, month.month)].append((r["village_id"], r["n"], r["last"]))
    found: dict[str, dict[str, tuple[int, dt.datetime]]] = {}
    for period in periods:
        counts: dict[str, tuple[int, dt.datetime]] = {}
        for month in _months_of(period):
            for village, n, last in by_month.get(month, ()):
                if village in counts:
                    seen, latest = counts[village]
                    counts[village] = (seen + n, max(latest, last))
                else:
                    counts[village] = (n, last)
        found[period.key] = counts
    return found


def _open_rawan(
    villages: QuerySet[Any], periods: Sequence[Period]
) -> dict[str, dict[str, list[Evidence]]]:
    """Rawan judgements still open at the end of each period, per period key and desa: one
    query for the widest window (judged before the last period ends, not resolved before the
    first one ends), each period's exact test here."""
    after = max(p.moments()[1] for p in periods)
    earliest_end = min(p.end for p in periods)
    rows = (
        Visit.objects.filter(
            village__in=villages.values("code"),
            situation=Situation.RAWAN,
            visited_at__lt=after,
        )
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=earliest_end))
        .values("pk", "village_id", "visited_at", "situation_reason", "resolved_on")
        .order_by("visited_at", "pk")
    )
    found: dict[str, dict[str, list[Evidence]]] = {p.key: defaultdict(list) for p in periods}
    bounds = [(p.key, p.moments()[1], p.end) for p in periods]
    for r in rows:
        evidence = Evidence(
            "visit", r["pk"], _local_date(r["visited_at"]), r["situation_reason"][:120]
        )
        for key, period_after, period_end in bounds:
            if r["visited_at"] < period_after and (
                r["resolved_on"] is None or r["resolved_on"] > period_end
            ):
                found[key][r["village_id"]].append(evidence)
    return found


def _late_incidents(
    villages: QuerySet[Any],
    periods: Sequence[Period],
    days_by_district: dict[str, int | None],
    today: dt.date,
) -> dict[str, dict[str, list[Evidence]]]:
    """Serious incidents late on some day of each period, per period key and desa: one query
    for the widest window, each period's exact test here."""
    found: dict[str, dict[str, list[Evidence]]] = {p.key: defaultdict(list) for p in periods}
    limits = [d for d in days_by_district.values() if d is not None]
    if not limits:
        return found
    # Late on some day of a period needs D + N + 1 <= end, so D <= end - N - 1 for the
    # smallest N and the last period; the exact test per kecamatan and period is below.
    latest = day_start(max(p.end for p in periods) - dt.timedelta(days=min(limits)))
    start = min(p.moments()[0] for p in periods)
    rows = (
        Incident.objects.filter(
            village__in=villages.values("code"), is_serious=True, occurred_at__lt=latest
        )
        .exclude(status=IncidentStatus.REJECTED)
        .filter(Q(responded_at__isnull=True) | Q(responded_at__gte=start))
        .values("pk", "village_id", "district_id", "occurred_at", "responded_at", "category__name")
        .order_by("occurred_at", "pk")
    )
    for r in rows:
        days = days_by_district.get(r["district_id"])
        if days is None:
            continue
        happened = _local_date(r["occurred_at"])
        # Late on the days first_late ... last_late: from D + N + 1 to the day it was handled,
        # or to today while it is still unhandled (a day not yet come is never late).
        first_late = happened + dt.timedelta(days=days + 1)
        last_late = _local_date(r["responded_at"]) if r["responded_at"] else today
        if first_late > last_late:
            continue
        evidence = Evidence("incident", r["pk"], happened, r["category__name"])
        for period in periods:
            if first_late <= period.end and last_late >= period.start:
                found[period.key][r["village_id"]].append(evidence)
    return found


def village_situations(
    villages: QuerySet[Any],
    period: Period,
    rules: dict[str, SituationRule] | None = None,
    *,
    today: dt.date | None = None,
) -> list[VillageSituation]:
    """The situation of every desa of `villages` (a Village queryset) in `period`.

    `rules`: the rule of each kecamatan by code (services.rules.rules_for); the defaults where
    one is missing. `today` (default: the site's today) ends the lateness of an incident still
    unhandled. Five queries whatever the number of desa.
    """
    return village_situations_by_period(villages, [period], rules, today=today)[period.key]


def village_situations_by_period(
    villages: QuerySet[Any],
    periods: Sequence[Period],
    rules: dict[str, SituationRule] | None = None,
    *,
    today: dt.date | None = None,
) -> dict[str, list[VillageSituation]]:
    """`village_situations` of several periods at once (e.g. a year, its quarters and months),
    by period key: still five queries, whatever the number of desa and periods."""
    today = today or timezone.localdate()
    rows = list(villages.values("code", "name", "district_id").order_by("district_id", "code"))
    districts = sorted({r["district_id"] for r in rows})
    if rules is None:
        from sitrantib.fieldwork.services.rules import rules_for

        rules = rules_for(districts)
    # Every kecamatan has a rule: the defaults where the caller's mapping has none.
    rules = {code: rules.get(code) or SituationRule(district_id=code) for code in districts}
    if not periods:
        return {}
    visits = _visit_counts(villages, periods)
    rawan = _open_rawan(villages, periods)
    late = _late_incidents(
        villages,
        periods,
        {code: rule.serious_incident_days for code, rule in rules.items()},
        today,
    )
    # Translated once per call, not once per desa and period.
    words = {
        "visits": gettext("%(n)d kunjungan"),
        "unvisited": gettext("Belum dikunjungi dalam periode ini"),
        "rawan": gettext("%(n)d situasi rawan belum ditangani pada %(date)s"),
        "no_rawan": gettext("Tidak ada"),
        "late": gettext("%(n)d kejadian serius tidak ditangani dalam %(days)d hari"),
        "none_late": gettext("Tidak ada yang terlambat"),
    }
    return {
        period.key: _judged(
            rows, rules, period, visits[period.key], rawan[period.key], late[period.key], words
        )
        for period in periods
    }


def _judged(
    rows: list[dict[str, Any]],
    rules: dict[str, SituationRule],
    period: Period,
    visits: dict[str, tuple[int, dt.datetime]],
    rawan: dict[str, list[Evidence]],
    late: dict[str, list[Evidence]],
    words: dict[str, str],
) -> list[VillageSituation]:
    end_text = format_date_id(period.end)
    results = []
    for row in rows:
        rule = rules[row["district_id"]]
        count, last = visits.get(row["code"], (0, None))
        conditions = []
        if rule.require_visit:
            conditions.append(
                Condition(
                    VISITED,
                    count > 0,
                    words["visits"] % {"n": count} if count else words["unvisited"],
                )
            )
        if rule.require_rawan_resolved:
            open_rawan = rawan.get(row["code"], [])
            conditions.append(
                Condition(
                    RAWAN_RESOLVED,
                    not open_rawan,
                    words["rawan"] % {"n": len(open_rawan), "date": end_text}
                    if open_rawan
                    else words["no_rawan"],
                    open_rawan,
                )
            )
        if rule.serious_incident_days is not None:
            overdue = late.get(row["code"], [])
            conditions.append(
                Condition(
                    INCIDENTS_HANDLED,
                    not overdue,
                    words["late"] % {"n": len(overdue), "days": rule.serious_incident_days}
                    if overdue
                    else words["none_late"],
                    overdue,
                )
            )
        results.append(
            VillageSituation(
                village_code=row["code"],
                village_name=row["name"],
                district_code=row["district_id"],
                visits=count,
                last_visit=last,
                conditions=conditions,
            )
        )
    return results
