"""Values follow their records: a new, changed or deleted record marks the kecamatan's values
stale (one UPDATE) and the next read computes them again; the command computes everything."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sitrantib.core.audit import record_change
from sitrantib.fieldwork.enums import Situation, VisitKind
from sitrantib.fieldwork.models import Visit
from sitrantib.indicators import selectors
from sitrantib.indicators.models import IndicatorValue
from sitrantib.indicators.tests.factories import make_definition, value_of, wib
from sitrantib.indicators.tests.test_calculators import (
    enrol,
    item,
    meeting,
    obligation,
    training,
)
from sitrantib.meetings.enums import ActionStatus, EvidenceKind
from sitrantib.meetings.models import Evidence
from sitrantib.trainings.tests.factories import make_members
from sitrantib.villagedocs.enums import ObligationStatus
from sitrantib.villagedocs.models import DocumentType

pytestmark = pytest.mark.django_db


def year_value(world: Any, code: str) -> Decimal | None:
    rows = selectors.values_for(district_code=world.district.code, year=2025)
    return next(r.periods[0].value for r in rows if r.definition.code == code)


def accompaniment(world: Any, day: dt.date, village: Any = None) -> Visit:
    return Visit.objects.create(
        district=world.district,
        village=village or world.village,
        kind=VisitKind.ACCOMPANIMENT,
        visited_at=wib(day),
        situation=Situation.KONDUSIF,
    )


def test_visit_created_changed_and_deleted(world: Any) -> None:
    make_definition(world.district, "accompaniment_visits", target=4)
    make_definition(world.district, "desa_monitored", target=2)
    assert year_value(world, "accompaniment_visits") == 0
    first = accompaniment(world, dt.date(2025, 3, 1))
    assert IndicatorValue.objects.filter(stale=True).count() == 2
    assert year_value(world, "accompaniment_visits") == 1
    assert year_value(world, "desa_monitored") == 1
    second = accompaniment(world, dt.date(2025, 6, 1), village=world.sibling_village)
    assert year_value(world, "desa_monitored") == 2
    # Moved to the year before: the edit marks from the earlier of its two dates.
    second.visited_at = wib(dt.date(2024, 12, 31))
    second.save()
    assert year_value(world, "accompaniment_visits") == 1
    assert year_value(world, "desa_monitored") == 1
    first.delete()
    assert IndicatorValue.objects.filter(stale=True).count() == 2
    assert year_value(world, "accompaniment_visits") == 0
    assert year_value(world, "desa_monitored") == 0


def test_marking_is_one_update_whatever_the_number_of_values(world: Any) -> None:
    for n in range(5):
        make_definition(world.district, "accompaniment_visits", code=f"v{n}")
    selectors.values_for(district_code=world.district.code, year=2025, kind="month")
    assert IndicatorValue.objects.filter(stale=False).count() == 60
    with CaptureQueriesContext(connection) as queries:
        accompaniment(world, dt.date(2025, 3, 1))
    updates = [
        q["sql"] for q in queries.captured_queries if "indicators_indicatorvalue" in q["sql"]
    ]
    assert len(updates) == 1
    assert updates[0].startswith("UPDATE")
    # March to December of the five definitions; January and February keep their values.
    assert IndicatorValue.objects.filter(stale=True).count() == 50


def test_other_kecamatan_and_other_years_are_left_alone(world: Any) -> None:
    ours = make_definition(world.district, "accompaniment_visits")
    earlier = make_definition(world.district, "accompaniment_visits", year=2024)
    theirs = make_definition(world.other_district, "accompaniment_visits")
    for district, year in (
        (world.district, 2025),
        (world.district, 2024),
        (world.other_district, 2025),
    ):
        selectors.values_for(district_code=district.code, year=year)
    accompaniment(world, dt.date(2025, 3, 1))  # a new record: its year and later
    assert value_of(ours, "2025").stale
    assert not value_of(earlier, "2024").stale
    assert not value_of(theirs, "2025").stale


def test_a_new_record_marks_only_the_periods_holding_it_and_later_ones(world: Any) -> None:
    definition = make_definition(world.district, "accompaniment_visits")
    for kind in ("year", "quarter", "month"):
        selectors.values_for(district_code=world.district.code, year=2025, kind=kind)
    earlier = make_definition(world.district, "accompaniment_visits", year=2024)
    selectors.values_for(district_code=world.district.code, year=2024)
    assert not IndicatorValue.objects.filter(stale=True).exists()
    visit = accompaniment(world, dt.date(2025, 6, 10))
    stale = set(definition.values.filter(stale=True).values_list("period_key", flat=True))
    later_months = {f"2025-{m:02d}" for m in range(6, 13)}
    assert stale == {"2025", "2025-Q2", "2025-Q3", "2025-Q4"} | later_months
    assert not value_of(earlier, "2024").stale
    # Computed again, the months before June keep their value and the later ones count it.
    selectors.values_for(district_code=world.district.code, year=2025, kind="month")
    assert value_of(definition, "2025-06").value == 1
    assert value_of(definition, "2025-05").value == 0
    visit.delete()
    stale = set(definition.values.filter(stale=True).values_list("period_key", flat=True))
    assert "2025-06" in stale
    assert "2025-05" not in stale
    assert value_of(definition, "2025-Q1").computed_at is not None


def test_an_edit_marks_from_the_earlier_of_its_old_and_new_date(world: Any) -> None:
    definition = make_definition(world.district, "accompaniment_visits")
    theirs = make_definition(world.other_district, "accompaniment_visits")
    visit = accompaniment(world, dt.date(2025, 6, 10))
    for district in (world.district, world.other_district):
        selectors.values_for(district_code=district.code, year=2025, kind="month")
        selectors.values_for(district_code=district.code, year=2025, kind="quarter")
        selectors.values_for(district_code=district.code, year=2025)
    assert not IndicatorValue.objects.filter(stale=True).exists()

    def stale_keys(of: Any) -> set[str]:
        return set(of.values.filter(stale=True).values_list("period_key", flat=True))

    with CaptureQueriesContext(connection) as queries:
        visit.visited_at = wib(dt.date(2025, 7, 2))  # June to July: from June
        visit.save()
    later_months = {f"2025-{m:02d}" for m in range(6, 13)}
    assert stale_keys(definition) == {"2025", "2025-Q2", "2025-Q3", "2025-Q4"} | later_months
    # The old date is read in one query before the save, the marking is one UPDATE.
    marks = [q for q in queries.captured_queries if "indicators_indicatorvalue" in q["sql"]]
    assert len(marks) == 1
    selectors.values_for(district_code=world.district.code, year=2025, kind="month")
    assert value_of(definition, "2025-07").value == 1
    assert value_of(definition, "2025-06").value == 0
    visit.visited_at = wib(dt.date(2025, 3, 5))  # July back to March: from March
    visit.save()
    assert stale_keys(definition) == {f"2025-{m:02d}" for m in range(3, 13)} | {
        "2025",
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    }
    assert stale_keys(theirs) == set()
    selectors.values_for(district_code=world.district.code, year=2025, kind="month")
    # Moved to another kecamatan: both are marked from its date.
    visit.district = world.other_district
    visit.village = world.foreign_village
    visit.save()
    assert "2025-03" in stale_keys(definition)
    assert "2025-02" not in stale_keys(definition)
    assert stale_keys(theirs) == {f"2025-{m:02d}" for m in range(3, 13)} | {
        "2025",
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    }
    selectors.values_for(district_code=world.district.code, year=2025, kind="month")
    selectors.values_for(district_code=world.other_district.code, year=2025, kind="month")
    assert value_of(definition, "2025-03").value == 0
    assert value_of(theirs, "2025-03").value == 1


def test_meeting_item_and_evidence_change_the_follow_up(world: Any) -> None:
    make_definition(world.district, "follow_up_percent")
    rapat = meeting(world, wib(dt.date(2025, 1, 20)))
    row = item(world, dt.date(2025, 3, 1), on=rapat, status=ActionStatus.DONE)
    assert year_value(world, "follow_up_percent") == Decimal("0.00")
    evidence = Evidence.objects.create(item=row, kind=EvidenceKind.NOTE, note="Selesai")
    assert year_value(world, "follow_up_percent") == Decimal("100.00")
    evidence.delete()
    assert year_value(world, "follow_up_percent") == Decimal("0.00")
    row.status = ActionStatus.CANCELLED
    row.cancel_reason = "Tidak relevan"
    row.save()
    assert year_value(world, "follow_up_percent") is None


def test_meeting_minutes_change_the_synergy(world: Any) -> None:
    make_definition(world.district, "forkompimka_synergy", target=5)
    rapat = meeting(world, wib(dt.date(2025, 2, 10)))
    assert year_value(world, "forkompimka_synergy") == 0
    rapat.minutes_summary = "Notulen rapat koordinasi."
    rapat.save()
    assert year_value(world, "forkompimka_synergy") == 1


def test_training_status_and_bulk_completion_change_linmas_trained(world: Any) -> None:
    make_definition(world.district, "linmas_trained", target=180)
    members = make_members(world.village, 2)
    course = training(world, dt.date(2025, 3, 31), status="running")
    enrol(course, members, completed=False)
    assert year_value(world, "linmas_trained") == 0
    course.status = "finished"
    course.save()
    assert year_value(world, "linmas_trained") == 0
    # Completion is stored in bulk (no model signal): the audit entry of the marks tells.
    from sitrantib.trainings.models import Enrolment

    Enrolment.objects.filter(training=course).update(completed=True)
    record_change(
        actor=world.admin,
        action="update",
        object_type="trainings.attendancemark",
        object_id="1",
        object_repr="Hadir",
        district_code=world.district.code,
    )
    assert year_value(world, "linmas_trained") == 2
    course.delete()
    assert year_value(world, "linmas_trained") == 0


def test_obligation_verdict_changes_documents_on_time(world: Any) -> None:
    make_definition(world.district, "documents_on_time")
    doc = DocumentType.objects.filter(district=None, counts_for_indicator=True).first()
    row = obligation(
        world,
        doc,
        world.village,
        dt.date(2025, 3, 31),
        status=ObligationStatus.ACCEPTED,
        on_time=False,
    )
    assert year_value(world, "documents_on_time") == Decimal("0.00")
    row.on_time = True
    row.save()
    assert year_value(world, "documents_on_time") == Decimal("100.00")
    row.delete()
    assert year_value(world, "documents_on_time") is None


def test_value_of_a_running_period_is_computed_again_the_next_day(world: Any) -> None:
    from sitrantib.indicators.services import needs_refresh

    this_year = timezone.localdate().year
    make_definition(world.district, "accompaniment_visits", year=this_year)
    make_definition(world.district, "accompaniment_visits", year=2025, code="lalu")
    value = selectors.values_for(district_code=world.district.code, year=this_year)[0].periods[0]
    assert not needs_refresh(value)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert needs_refresh(value, today=tomorrow)  # the year has not ended: today matters
    past = selectors.values_for(district_code=world.district.code, year=2025)[0].periods[0]
    assert not needs_refresh(past, today=tomorrow)  # computed after its end: settled


def test_compute_indicators_command(world: Any) -> None:
    make_definition(world.district, "accompaniment_visits")
    make_definition(world.district, "desa_monitored")
    make_definition(world.other_district, "desa_monitored")
    accompaniment(world, dt.date(2025, 3, 1))
    out = io.StringIO()
    call_command(
        "compute_indicators", "--year", "2025", "--district", world.district.code, stdout=out
    )
    assert "34" in out.getvalue()  # 2 definitions x 17 periods
    values = IndicatorValue.objects.filter(definition__district=world.district)
    assert values.count() == 34
    assert not values.filter(stale=True).exists()
    assert values.get(definition__code="accompaniment_visits", period_key="2025-03").value == 1
    assert values.get(definition__code="accompaniment_visits", period_key="2025-Q2").value == 0
    call_command("compute_indicators", "--year", "2025", stdout=io.StringIO())
    assert IndicatorValue.objects.filter(definition__district=world.other_district).count() == 17
    with pytest.raises(CommandError):
        call_command("compute_indicators", "--year", "2025", "--district", "99.99.99")
    with pytest.raises(CommandError):
        call_command("compute_indicators", "--year", "20x5")


def test_survey_answers_reach_the_ikm_without_a_signal_each(world: Any) -> None:
    from sitrantib.indicators.tests.test_calculators import answer
    from sitrantib.surveys.tests.conftest import make_period

    make_definition(world.district, "ikm", target=80)
    survey = make_period(
        world, title="SKM", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 3, 31)
    )
    answer(survey, 4, 1)
    assert year_value(world, "ikm") == Decimal("100.00")
    with CaptureQueriesContext(connection) as queries:
        answer(survey, 2, 1)
    assert not [q for q in queries.captured_queries if "indicators_" in q["sql"]]
    # (4 + 2) / 2 on every element: IKM 75.00
    assert year_value(world, "ikm") == Decimal("75.00")
