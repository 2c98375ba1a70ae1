"""Lists, monthly counts, map points and the field calendar run the same number of queries for 2
and for 20 rows or desa (no query per row or per desa), and count what they should."""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import selectors
from sitrantib.fieldwork.enums import IncidentStatus, Situation
from sitrantib.fieldwork.services import incidents, registers, reports
from sitrantib.fieldwork.tests.factories import (
    make_incident,
    make_post,
    make_task_force,
    make_visit,
    moment,
)
from sitrantib.fieldwork.tests.test_services_client_ids import report_input
from sitrantib.planning import services as planning_services
from sitrantib.regions.benchdata import make_region_tree
from sitrantib.regions.models import Village

pytestmark = pytest.mark.django_db


def queries(run: Callable[[], Any]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        result = run()
    return len(captured), result


def new_desa(first: int, count: int) -> list[Village]:
    codes = [(f"35.08.07.{first + i}", f"Desa {first + i}") for i in range(count)]
    make_region_tree(district_code="35.08.07", villages=codes)
    return list(Village.objects.filter(code__in=[c for c, _ in codes]).order_by("code"))


# Lists --------------------------------------------------------------------------------------------


def _read_lists(world: Any) -> list[int]:
    scope = scope_of(world.admin)
    sizes = []
    for post in selectors.posts_for(scope):
        sizes.append(len(post.village.name) + len(str(post.hamlet)) + (post.last_visit is None))
    for task_force in selectors.task_forces_for(scope):
        sizes.append(task_force.member_count + len(task_force.village.name))
        sizes.append(len(str(task_force.leader_member)))
    for visit in selectors.visits_for(scope):
        sizes.append(len(visit.village.name) + len(str(visit.task_force)))
    for incident in selectors.incidents_for(scope):
        sizes.append(len(incident.village.name) + len(incident.category.name))
        sizes.append(len(str(incident.handed_to)))
    for report in selectors.report_queue(scope):
        sizes.append(len(report.village.name) + len(report.category.name))
        sizes.append(len(str(report.incident)))
    return sizes


def _add_rows(world: Any, villages: list[Village]) -> None:
    for village in villages:
        post = make_post(world, village=village)
        task_force = make_task_force(world, village=village)
        registers.set_task_force_members(
            task_force=task_force,
            people=[registers.Person(name="Slamet"), registers.Person(name="Paijo")],
            actor=world.admin,
        )
        make_visit(world, village=village, posts=[post], task_force=task_force)
        incident = make_incident(world, village=village)
        incidents.transition_incident(
            incident=incident, to_status="handed_over", actor=world.admin, handed_to=world.polsek
        )
        data = report_input(world)
        data.village = village
        report, _ = reports.submit_report(data=data, client_id=uuid.uuid4())
        reports.verify_report(report=report, actor=world.admin)


def test_lists_do_not_run_a_query_per_row(world):
    _add_rows(world, new_desa(3000, 2))
    few, sizes = queries(lambda: _read_lists(world))
    # Per desa: a post, a Satgas (2 values), a visit, two incidents (2 each: the verified
    # report made one), a report (2).
    assert len(sizes) == 2 * 10
    _add_rows(world, new_desa(4000, 18))
    many, sizes = queries(lambda: _read_lists(world))
    assert len(sizes) == 20 * 10
    assert few == many == 5


# Monthly counts -----------------------------------------------------------------------------------


def _counted(world: Any, year: int = 2026) -> Any:
    return selectors.monthly_counts(selectors.incidents_for(scope_of(world.admin)), year)


def test_monthly_counts_by_category_and_month(world):
    make_incident(world, when=moment(dt.date(2026, 3, 2)))
    make_incident(world, when=timezone.make_aware(dt.datetime(2026, 3, 31, 23, 30)))
    make_incident(world, when=timezone.make_aware(dt.datetime(2026, 4, 1, 0, 30)), code="banjir")
    make_incident(world, when=moment(dt.date(2025, 12, 31)))  # another year
    rejected = make_incident(world, when=moment(dt.date(2026, 5, 5)))
    incidents.transition_incident(
        incident=rejected, to_status=IncidentStatus.REJECTED, actor=world.admin, note="Hoaks"
    )
    make_incident(world, village=world.foreign_village, actor=world.outsider)  # out of scope
    counts = _counted(world)
    rows = {category.code: months for category, months in counts.rows}
    assert rows == {
        "curanmor": [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        "banjir": [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    }
    assert [c.code for c, _ in counts.rows] == ["curanmor", "banjir"]  # the categories' order
    assert counts.totals == [0, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert counts.total == 3


def test_monthly_counts_queries_do_not_grow(world):
    codes = ["curanmor", "banjir", "miras", "begal", "kebakaran"]
    for i in range(2):
        make_incident(world, when=moment(dt.date(2026, 1 + i, 3)), code=codes[i])
    few, counts = queries(lambda: _counted(world))
    assert counts.total == 2
    for i in range(18):
        make_incident(world, when=moment(dt.date(2026, 1 + i % 10, 3)), code=codes[i % 5])
    many, counts = queries(lambda: _counted(world))
    assert counts.total == 20
    assert len(counts.rows) == 5
    assert few == many == 2


# Map points ---------------------------------------------------------------------------------------


def _points(world: Any) -> Any:
    scope = scope_of(world.admin)
    return selectors.map_points(selectors.posts_for(scope), selectors.incidents_for(scope))


def _add_points(world: Any, villages: list[Village]) -> None:
    for i, village in enumerate(villages):
        make_post(world, village=village, latitude="-8.2301", longitude=f"113.29{i:02d}")
        make_incident(world, village=village, latitude="-8.24", longitude="113.3")
        make_incident(world, village=village)  # no coordinates: not on the map


def test_map_points_are_geojson_of_posts_and_incidents(world):
    _add_points(world, [world.village])
    geojson = _points(world)
    assert geojson["type"] == "FeatureCollection"
    kinds = sorted(f["properties"]["kind"] for f in geojson["features"])
    assert kinds == ["incident", "post"]
    post = next(f for f in geojson["features"] if f["properties"]["kind"] == "post")
    assert post["geometry"] == {"type": "Point", "coordinates": [113.29, -8.2301]}
    assert post["properties"]["village"] == "Darungan"
    assert post["properties"]["url"].startswith("/lapangan/")


def test_map_points_queries_do_not_grow(world):
    _add_points(world, new_desa(3000, 2))
    few, geojson = queries(lambda: _points(world))
    assert len(geojson["features"]) == 4
    _add_points(world, new_desa(4000, 18))
    many, geojson = queries(lambda: _points(world))
    assert len(geojson["features"]) == 40
    assert few == many == 2


# Field calendar -----------------------------------------------------------------------------------


def make_field_plan(world: Any, *, approve: bool = False) -> Any:
    plan = planning_services.create_plan(
        district=world.district,
        year=2026,
        title="KERANGKA ACUAN KERJA (KAK)",
        programme_name="Program Penyelenggaraan Pemerintahan Kecamatan",
        activity_name="Fasilitasi dan Koordinasi Ketentraman dan Ketertiban Masyarakat",
        actor=world.admin,
    )
    rows = [
        ("accompaniment", "Pendampingan Satgas dan Poskamling", [3, 5, 8, 10], True),
        ("monitoring", "Monitoring dan evaluasi", [2, 9, 12], True),
        ("meeting", "Rapat koordinasi", [1], False),
    ]
    for kind, name, months, per_village in rows:
        planning_services.save_activity(
            plan=plan,
            activity=None,
            values={
                "kind": kind,
                "name": name,
                "months": months,
                "venue": "Desa",
                "per_village": per_village,
            },
            participants=[],
            actor=world.admin,
        )
    return plan


def _calendar(villages: Any, today: dt.date = dt.date(2026, 6, 15)) -> Any:
    return selectors.field_calendar(villages, 2026, today=today)


def test_calendar_sets_planned_months_against_visits(world):
    make_field_plan(world)
    march = make_visit(world, when=moment(dt.date(2026, 3, 4)), kind="accompaniment")
    make_visit(world, when=moment(dt.date(2026, 2, 4)), kind="evaluation")
    villages = Village.objects.filter(district=world.district)
    darungan, kraton = _calendar(villages)
    assert (darungan.village_code, kraton.village_code) == (world.village.code, "35.08.07.2002")
    cells = darungan.cells
    assert cells[2].planned == ["accompaniment"]
    assert cells[2].done == [march.pk]
    assert not cells[2].late
    assert not cells[1].late  # monitoring in February done by the monev visit
    assert cells[4].planned == ["accompaniment"]
    assert cells[4].late  # May has ended without a visit
    assert not cells[7].late  # August is yet to come
    assert cells[0].planned == []  # the meeting is no field visit
    assert darungan.late_count == 1
    assert kraton.late_count == 3  # February, March, May
    # A monitoring visit does not carry out a planned accompaniment.
    make_visit(world, village=world.sibling_village, when=moment(dt.date(2026, 3, 9)))
    assert _calendar(villages)[1].cells[2].late


def test_calendar_without_a_plan_has_nothing_late(world):
    make_visit(world, when=moment(dt.date(2026, 3, 4)))
    [row] = _calendar(Village.objects.filter(code=world.village.code))
    assert row.late_count == 0
    assert len(row.cells[2].done) == 1


def _calendar_queries(world: Any, villages: list[Village]) -> int:
    for village in villages:
        make_visit(world, village=village, when=moment(dt.date(2026, 3, 4)), kind="accompaniment")
        make_visit(
            world, village=village, when=moment(dt.date(2026, 4, 4)), situation=Situation.KONDUSIF
        )
    queryset = Village.objects.filter(code__in=[v.code for v in villages])
    count, rows = queries(lambda: _calendar(queryset))
    assert len(rows) == len(villages)
    assert all(r.late_count == 2 for r in rows)  # February and May
    return count


def test_calendar_queries_do_not_grow_with_desa(world):
    make_field_plan(world)
    few = _calendar_queries(world, new_desa(3000, 2))
    many = _calendar_queries(world, new_desa(4000, 20))
    assert few == many == 4
