"""The desa situation rule at its boundaries (docs/adr/0080): visits, rawan judgements resolved on
the last day of a period or the day after, serious incidents handled N or N+1 days after they
happened, each condition switched off, and the periods themselves."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sitrantib.fieldwork.enums import IncidentStatus, PeriodKind, Situation
from sitrantib.fieldwork.models import Incident, SituationRule, Visit
from sitrantib.fieldwork.situation import (
    INCIDENTS_HANDLED,
    MESSAGE_BAD_PERIOD,
    RAWAN_RESOLVED,
    VISITED,
    Period,
    parse_period,
    summarise,
    village_situations,
)
from sitrantib.fieldwork.tests.factories import make_incident, make_visit, moment
from sitrantib.regions.benchdata import make_region_tree
from sitrantib.regions.models import Village

pytestmark = pytest.mark.django_db

MARCH = parse_period("2026-03")
APRIL = parse_period("2026-04")
# Long after every period of these tests: an unhandled incident is late up to today.
LATER = dt.date(2026, 11, 1)


def rule(world: Any, **values: Any) -> dict[str, SituationRule]:
    return {world.district.code: SituationRule(district_id=world.district.code, **values)}


def situation_of(world: Any, period: Period, *, today: dt.date = LATER, **rule_values: Any):
    villages = Village.objects.filter(code=world.village.code)
    rules = rule(world, **rule_values) if rule_values else None
    [result] = village_situations(villages, period, rules, today=today)
    return result


def condition(result: Any, code: str) -> Any:
    [found] = [c for c in result.conditions if c.code == code]
    return found


def rawan_visit(world: Any, day: dt.date, *, resolved_on: dt.date | None = None) -> Visit:
    visit = make_visit(world, when=moment(day), situation=Situation.RAWAN)
    if resolved_on is not None:
        from sitrantib.fieldwork.services.visits import resolve_visit

        resolve_visit(visit=visit, on_date=resolved_on, note="Sudah dimediasi", actor=world.admin)
    return visit


def serious_incident(
    world: Any, day: dt.date, *, handled_on: dt.date | None = None, status: str | None = None
) -> Incident:
    """A serious incident (curanmor) of `day`, first handled on `handled_on` (late evening, so
    that the day, not the hour, decides)."""
    incident = make_incident(world, when=moment(day, 8))
    changes: dict[str, Any] = {}
    if handled_on is not None:
        changes = {"status": IncidentStatus.HANDLED, "responded_at": moment(handled_on, 23)}
    if status is not None:
        changes["status"] = status
    if changes:
        Incident.objects.filter(pk=incident.pk).update(**changes)
    return incident


# Visits -------------------------------------------------------------------------------------------


def test_desa_visited_in_the_period_is_peaceful_and_monitored(world):
    visit = make_visit(world, when=moment(dt.date(2026, 3, 12)))
    result = situation_of(world, MARCH)
    assert result.peaceful
    assert result.monitored
    assert (result.visits, result.last_visit) == (1, visit.visited_at)
    assert result.deciding == []


def test_desa_without_a_visit_is_not_peaceful_and_says_why(world):
    make_visit(world, when=moment(dt.date(2026, 2, 27)))
    result = situation_of(world, MARCH)
    assert not result.peaceful
    assert not result.monitored
    assert [c.code for c in result.deciding] == [VISITED]


def test_visit_late_on_the_last_evening_counts_in_that_month_not_the_next(world):
    make_visit(world, when=timezone.make_aware(dt.datetime(2026, 3, 31, 23, 30)))
    assert situation_of(world, MARCH).visits == 1
    assert situation_of(world, APRIL).visits == 0
    make_visit(world, when=timezone.make_aware(dt.datetime(2026, 4, 1, 0, 15)))
    assert situation_of(world, APRIL).visits == 1


# Rawan --------------------------------------------------------------------------------------------


def test_rawan_resolved_on_the_last_day_of_the_period_is_peaceful(world):
    rawan_visit(world, dt.date(2026, 3, 10), resolved_on=dt.date(2026, 3, 31))
    result = situation_of(world, MARCH)
    assert condition(result, RAWAN_RESOLVED).holds
    assert result.peaceful


def test_rawan_resolved_the_day_after_the_period_is_not_peaceful(world):
    visit = rawan_visit(world, dt.date(2026, 3, 10), resolved_on=dt.date(2026, 4, 1))
    result = situation_of(world, MARCH)
    assert not result.peaceful
    assert [c.code for c in result.deciding] == [RAWAN_RESOLVED]
    assert [e.pk for e in condition(result, RAWAN_RESOLVED).evidence] == [visit.pk]
    # In April it was resolved on time (April's lack of a visit is another matter).
    assert condition(situation_of(world, APRIL), RAWAN_RESOLVED).holds


def test_unresolved_rawan_of_an_earlier_month_still_decides(world):
    visit = rawan_visit(world, dt.date(2026, 1, 20))
    make_visit(world, when=moment(dt.date(2026, 3, 3)))
    result = situation_of(world, MARCH)
    assert [c.code for c in result.deciding] == [RAWAN_RESOLVED]
    assert [e.pk for e in result.deciding[0].evidence] == [visit.pk]


def test_rawan_judged_after_the_period_does_not_count_in_it(world):
    make_visit(world, when=moment(dt.date(2026, 3, 3)))
    rawan_visit(world, dt.date(2026, 4, 1))
    assert situation_of(world, MARCH).peaceful
    assert not condition(situation_of(world, APRIL), RAWAN_RESOLVED).holds


def test_waspada_needs_no_resolution(world):
    make_visit(world, when=moment(dt.date(2026, 3, 3)), situation=Situation.WASPADA)
    assert situation_of(world, MARCH).peaceful


# Serious incidents ------------------------------------------------------------------------------


@pytest.mark.parametrize(("days_later", "on_time"), [(6, True), (7, True), (8, False)])
def test_serious_incident_handled_n_days_later_is_on_time_n_plus_one_late(
    world, days_later, on_time
):
    make_visit(world, when=moment(dt.date(2026, 3, 2)))
    happened = dt.date(2026, 3, 10)
    incident = serious_incident(
        world, happened, handled_on=happened + dt.timedelta(days=days_later)
    )
    result = situation_of(world, MARCH, serious_incident_days=7)
    assert condition(result, INCIDENTS_HANDLED).holds is on_time
    assert result.peaceful is on_time
    if not on_time:
        assert [e.pk for e in condition(result, INCIDENTS_HANDLED).evidence] == [incident.pk]


def test_late_incident_counts_in_the_period_holding_day_d_plus_n_plus_one(world):
    # Happened 25 March, N = 7: on time up to 1 April, late from 2 April.
    serious_incident(world, dt.date(2026, 3, 25), handled_on=dt.date(2026, 4, 2))
    assert condition(situation_of(world, MARCH, serious_incident_days=7), INCIDENTS_HANDLED).holds
    assert not condition(
        situation_of(world, APRIL, serious_incident_days=7), INCIDENTS_HANDLED
    ).holds


def test_incident_handled_on_d_plus_n_across_the_month_end_is_on_time_in_both(world):
    serious_incident(world, dt.date(2026, 3, 25), handled_on=dt.date(2026, 4, 1))
    for period in (MARCH, APRIL):
        assert condition(
            situation_of(world, period, serious_incident_days=7), INCIDENTS_HANDLED
        ).holds


def test_unhandled_serious_incident_of_an_earlier_month_is_still_late(world):
    incident = serious_incident(world, dt.date(2026, 1, 5))
    make_visit(world, when=moment(dt.date(2026, 3, 3)))
    result = situation_of(world, MARCH)
    assert [c.code for c in result.deciding] == [INCIDENTS_HANDLED]
    assert [e.pk for e in result.deciding[0].evidence] == [incident.pk]


def test_incident_late_before_the_period_and_handled_then_does_not_decide_it(world):
    serious_incident(world, dt.date(2026, 1, 5), handled_on=dt.date(2026, 1, 20))
    make_visit(world, when=moment(dt.date(2026, 3, 3)))
    assert situation_of(world, MARCH).peaceful
    assert not condition(situation_of(world, parse_period("2026-01")), INCIDENTS_HANDLED).holds


def test_unhandled_incident_not_yet_past_its_days_is_not_late(world):
    serious_incident(world, dt.date(2026, 3, 20))
    on_day_n = dt.date(2026, 3, 27)
    result = situation_of(world, MARCH, today=on_day_n, serious_incident_days=7)
    assert condition(result, INCIDENTS_HANDLED).holds
    result = situation_of(world, MARCH, today=on_day_n + dt.timedelta(days=1))
    assert not condition(result, INCIDENTS_HANDLED).holds


def test_rejected_and_minor_incidents_are_ignored(world):
    make_visit(world, when=moment(dt.date(2026, 3, 3)))
    serious_incident(world, dt.date(2026, 3, 1), status=IncidentStatus.REJECTED)
    make_incident(world, when=moment(dt.date(2026, 3, 1)), code="miras")  # not serious
    assert Incident.objects.count() == 2
    assert situation_of(world, MARCH).peaceful


def test_incident_marked_serious_by_the_section_counts_whatever_its_category(world):
    make_visit(world, when=moment(dt.date(2026, 3, 3)))
    minor = make_incident(world, when=moment(dt.date(2026, 3, 1)), code="miras")
    Incident.objects.filter(pk=minor.pk).update(is_serious=True)
    assert not condition(situation_of(world, MARCH), INCIDENTS_HANDLED).holds


def test_the_number_of_days_is_the_kecamatans(world):
    serious_incident(world, dt.date(2026, 3, 1), handled_on=dt.date(2026, 3, 5))
    assert condition(situation_of(world, MARCH, serious_incident_days=4), INCIDENTS_HANDLED).holds
    assert not condition(
        situation_of(world, MARCH, serious_incident_days=3), INCIDENTS_HANDLED
    ).holds


# Conditions switched off --------------------------------------------------------------------------


def test_each_condition_can_be_switched_off(world):
    rawan_visit(world, dt.date(2026, 2, 1))
    serious_incident(world, dt.date(2026, 1, 5))
    everything = situation_of(world, MARCH)
    assert [c.code for c in everything.deciding] == [VISITED, RAWAN_RESOLVED, INCIDENTS_HANDLED]

    no_visit = situation_of(world, MARCH, require_visit=False)
    assert VISITED not in [c.code for c in no_visit.conditions]
    no_rawan = situation_of(world, MARCH, require_rawan_resolved=False)
    assert RAWAN_RESOLVED not in [c.code for c in no_rawan.conditions]
    no_days = situation_of(world, MARCH, serious_incident_days=None)
    assert INCIDENTS_HANDLED not in [c.code for c in no_days.conditions]
    nothing = situation_of(
        world,
        MARCH,
        require_visit=False,
        require_rawan_resolved=False,
        serious_incident_days=None,
    )
    assert nothing.conditions == []
    assert nothing.peaceful
    assert not nothing.monitored


def test_stored_rule_of_the_kecamatan_applies(world):
    from sitrantib.fieldwork.services.rules import update_rule

    update_rule(district=world.district, data={"require_visit": False}, actor=world.admin)
    result = village_situations(Village.objects.filter(code=world.village.code), MARCH, today=LATER)
    assert result[0].peaceful
    assert [c.code for c in result[0].conditions] == [RAWAN_RESOLVED, INCIDENTS_HANDLED]


def test_a_rules_mapping_without_the_kecamatan_uses_the_defaults(world):
    serious_incident(world, dt.date(2026, 1, 5))
    villages = Village.objects.filter(code=world.village.code)
    [result] = village_situations(villages, MARCH, {}, today=LATER)
    assert [c.code for c in result.deciding] == [VISITED, INCIDENTS_HANDLED]


# Periods ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "key"),
    [
        ("2026-03", PeriodKind.MONTH, dt.date(2026, 3, 1), dt.date(2026, 3, 31), "2026-03"),
        ("2024-02", PeriodKind.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024-02"),
        ("2026-Q1", PeriodKind.QUARTER, dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026-Q1"),
        ("2026-q4", PeriodKind.QUARTER, dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026-Q4"),
        (" 2026 ", PeriodKind.YEAR, dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026"),
    ],
)
def test_parse_period_month_quarter_year(text, kind, start, end, key):
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.key) == (kind, start, end, key)
    assert parse_period(period.key) == period


def test_period_labels():
    assert parse_period("2026-03").label == "Maret 2026"
    assert parse_period("2026-Q3").label == "Triwulan III 2026"
    assert parse_period("2026").label == "Tahun 2026"


@pytest.mark.parametrize(
    "text", ["", None, "2026-13", "2026-00", "2026-3", "26-03", "2026-Q5", "2026-Q0", "1999",
             "2101", "2026/03", "Maret 2026", "2026-03-01"]
)  # fmt: skip
def test_parse_period_refuses_anything_else(text):
    with pytest.raises(ValueError, match=r"^Periode ditulis") as refused:
        parse_period(text)
    assert str(refused.value) == MESSAGE_BAD_PERIOD


def test_quarter_and_year_gather_their_months(world):
    rawan_visit(world, dt.date(2026, 2, 10), resolved_on=dt.date(2026, 5, 4))
    make_visit(world, when=moment(dt.date(2026, 6, 30)))
    q1, q2, year = parse_period("2026-Q1"), parse_period("2026-Q2"), parse_period("2026")
    assert situation_of(world, q1).visits == 1
    assert [c.code for c in situation_of(world, q1).deciding] == [RAWAN_RESOLVED]
    assert situation_of(world, q2).visits == 1
    assert situation_of(world, q2).peaceful
    assert situation_of(world, year).visits == 2
    assert situation_of(world, year).peaceful


# Summary and desa terpantau -----------------------------------------------------------------------


def test_summary_counts_monitored_and_peaceful_desa(world):
    make_visit(world, when=moment(dt.date(2026, 3, 3)))  # Darungan: peaceful
    make_visit(  # Kraton: visited, but rawan left open
        world,
        village=world.sibling_village,
        when=moment(dt.date(2026, 3, 4)),
        situation=Situation.RAWAN,
    )
    make_region_tree(district_code="35.08.07", villages=[("35.08.07.2003", "Kemiri")])
    make_incident(world, village=Village.objects.get(code="35.08.07.2003"), code="miras")
    results = village_situations(
        Village.objects.filter(district=world.district), MARCH, today=LATER
    )
    assert [r.village_code for r in results] == ["35.08.07.2001", "35.08.07.2002", "35.08.07.2003"]
    assert [r.monitored for r in results] == [True, True, False]  # an incident is no visit
    summary = summarise(results)
    assert (summary.villages, summary.monitored, summary.peaceful) == (3, 2, 1)
    assert summary.monitored_percent == 66.67
    assert summary.peaceful_percent == 33.33


def test_summary_of_nothing_has_no_percentages():
    summary = summarise([])
    assert (summary.villages, summary.peaceful_percent, summary.monitored_percent) == (
        0,
        None,
        None,
    )


# Queries ------------------------------------------------------------------------------------------


def _desa(first: int, count: int) -> list[Village]:
    codes = [(f"35.08.07.{first + i}", f"Desa {first + i}") for i in range(count)]
    make_region_tree(district_code="35.08.07", villages=codes)
    return list(Village.objects.filter(code__in=[c for c, _ in codes]))


def _situation_queries(world: Any, villages: list[Village]) -> int:
    for i, village in enumerate(villages):
        day = 1 + i % 28
        make_visit(world, village=village, when=moment(dt.date(2026, 3, day)))
        make_visit(
            world, village=village, when=moment(dt.date(2026, 2, day)), situation=Situation.RAWAN
        )
        make_incident(world, village=village, when=moment(dt.date(2026, 1, day)))
    queryset = Village.objects.filter(code__in=[v.code for v in villages])
    with CaptureQueriesContext(connection) as queries:
        results = village_situations(queryset, MARCH, today=LATER)
    assert len(results) == len(villages)
    assert all(r.monitored for r in results)
    assert not any(r.peaceful for r in results)
    assert all(len(r.deciding) == 2 for r in results)
    return len(queries)


def test_village_situations_queries_do_not_grow_with_desa(world):
    few = _situation_queries(world, _desa(3000, 2))
    many = _situation_queries(world, _desa(4000, 20))
    assert few == many == 5
