"""Deadlines of every seeded document type at their boundaries (domain notes: villages and
documents): year offsets, month lengths, leap years, calendar months after an event."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from sitrantib.villagedocs.deadlines import add_months, due_after_event, due_date, periods_of
from sitrantib.villagedocs.enums import Frequency
from sitrantib.villagedocs.models import DocumentType
from sitrantib.villagedocs.tests.factories import SEEDED, default_type

pytestmark = pytest.mark.django_db

D = dt.date


def test_every_default_type_is_seeded_with_a_complete_rule():
    for code in SEEDED:
        default_type(code).full_clean()
    assert DocumentType.objects.filter(district=None).count() == len(SEEDED)


def test_rkpdes_for_a_year_is_due_30_september_of_the_year_before():
    rkpdes = default_type("rkpdes")
    assert list(periods_of(rkpdes, 2026)) == [("2026", 0)]
    assert due_date(rkpdes, 2026) == D(2025, 9, 30)


def test_perdes_apbdes_is_due_31_december_of_the_year_before():
    assert due_date(default_type("perdes-apbdes"), 2026) == D(2025, 12, 31)
    assert due_date(default_type("perdes-apbdes"), 2029) == D(2028, 12, 31)


def test_apbdes_semester_one_report_is_due_31_july_and_only_for_the_first_half():
    report = default_type("laporan-apbdes-s1")
    assert list(periods_of(report, 2026)) == [("2026-S1", 1)]
    assert due_date(report, 2026, 1) == D(2026, 7, 31)


def test_a_semester_type_for_both_halves_has_the_second_due_in_january_of_the_next_year():
    both = DocumentType(code="x", name="x", frequency=Frequency.SEMESTER, due_month=7, due_day=31)
    assert list(periods_of(both, 2026)) == [("2026-S1", 1), ("2026-S2", 2)]
    assert due_date(both, 2026, 2) == D(2027, 1, 31)


def test_lppd_and_lpj_are_due_31_march_of_the_year_after():
    for code in ("lppd", "lpj-apbdes"):
        assert due_date(default_type(code), 2026) == D(2027, 3, 31)
        assert due_date(default_type(code), 2027) == D(2028, 3, 31)


def test_the_monthly_population_summary_is_due_the_10th_of_the_next_month():
    summary = default_type("rekap-penduduk")
    periods = list(periods_of(summary, 2026))
    assert periods[0] == ("2026-01", 1)
    assert periods[-1] == ("2026-12", 12)
    assert len(periods) == 12
    assert due_date(summary, 2026, 1) == D(2026, 2, 10)
    assert due_date(summary, 2026, 11) == D(2026, 12, 10)
    # December's summary falls in the next year.
    assert due_date(summary, 2026, 12) == D(2027, 1, 10)


def test_a_day_past_the_month_end_means_the_last_day_of_that_month():
    end_of_month = DocumentType(code="x", name="x", frequency=Frequency.MONTHLY, due_day=31)
    assert due_date(end_of_month, 2027, 1) == D(2027, 2, 28)  # February, common year
    assert due_date(end_of_month, 2028, 1) == D(2028, 2, 29)  # February, leap year
    assert due_date(end_of_month, 2026, 3) == D(2026, 4, 30)  # April has 30 days
    assert due_date(end_of_month, 2026, 6) == D(2026, 7, 31)
    yearly = DocumentType(code="y", name="y", frequency=Frequency.YEARLY, due_month=2, due_day=30)
    assert due_date(yearly, 2028) == D(2028, 2, 29)
    assert due_date(yearly, 2100) == D(2100, 2, 28)  # divisible by 100, not by 400


def test_rpjmdes_is_due_three_calendar_months_after_the_inauguration():
    rpjmdes = default_type("rpjmdes")
    assert rpjmdes.due_months_after_event == 3
    assert rpjmdes.due_days_after_event is None
    assert list(periods_of(rpjmdes, 2026)) == []
    assert due_after_event(rpjmdes, D(2026, 1, 15)) == D(2026, 4, 15)
    assert due_after_event(rpjmdes, D(2025, 11, 30)) == D(2026, 2, 28)
    assert due_after_event(rpjmdes, D(2027, 11, 30)) == D(2028, 2, 29)
    assert due_after_event(rpjmdes, D(2026, 10, 31)) == D(2027, 1, 31)
    assert due_after_event(rpjmdes, D(2026, 12, 31)) == D(2027, 3, 31)


def test_the_draft_apbdes_is_due_three_days_after_the_bpd_agreement():
    draft = default_type("rancangan-apbdes")
    assert due_after_event(draft, D(2026, 10, 30)) == D(2026, 11, 2)
    assert due_after_event(draft, D(2028, 2, 27)) == D(2028, 3, 1)
    assert due_after_event(draft, D(2026, 12, 30)) == D(2027, 1, 2)


def test_an_event_type_has_no_deadline_without_its_event():
    with pytest.raises(ValueError, match="event"):
        due_date(default_type("rpjmdes"), 2026)


def test_add_months_across_years_and_short_months():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 12, 15), 14) == D(2028, 2, 15)
    assert add_months(D(2026, 5, 31), 0) == D(2026, 5, 31)


def test_a_rule_incomplete_for_its_frequency_is_refused_under_its_field():
    yearly = DocumentType(code="tahunan", name="Tahunan", frequency=Frequency.YEARLY)
    with pytest.raises(ValidationError) as refused:
        yearly.full_clean()
    assert {"due_month", "due_day"} <= set(refused.value.message_dict)
    event = DocumentType(code="acara", name="Acara", frequency=Frequency.EVENT)
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "due_months_after_event" in refused.value.message_dict
    both = DocumentType(
        code="acara",
        name="Acara",
        frequency=Frequency.EVENT,
        due_days_after_event=3,
        due_months_after_event=1,
    )
    with pytest.raises(ValidationError) as refused:
        both.full_clean()
    assert "due_days_after_event" in refused.value.message_dict
