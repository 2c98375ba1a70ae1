"""The load-run command's plan and verdict (the run itself is in the closing report)."""

import pytest
from django.core.management import CommandError, call_command

from sitrantib.surveys.management.commands.bench_survey_submissions import (
    Plan,
    Tally,
    make_plan,
    verdict,
)


def test_make_plan_repeats_every_fourth_id_right_after_it() -> None:
    plan = make_plan(requests=10, duplicate_every=4)
    assert (len(plan.client_ids), plan.unique) == (10, 8)
    assert plan.client_ids[3] == plan.client_ids[4]
    assert len(set(plan.client_ids)) == 8


def test_make_plan_without_duplicates_is_all_unique() -> None:
    plan = make_plan(requests=7, duplicate_every=0)
    assert (len(set(plan.client_ids)), plan.unique) == (7, 7)


def _tally(created: int, repeated: int) -> Tally:
    tally = Tally()
    for i in range(created):
        tally.add(f"id{i}", 201)
    for i in range(repeated):
        tally.add(f"id{i}", 200)
    return tally


def test_verdict_passes_when_each_unique_id_stored_once() -> None:
    plan = Plan(client_ids=["a"] * 3, unique=2)
    assert verdict(plan=plan, tally=_tally(2, 1), stored=2, distinct=2, answers=18, per=9) == []


def test_verdict_reports_doubled_and_lost_questionnaires() -> None:
    plan = Plan(client_ids=["a"] * 3, unique=2)
    problems = verdict(plan=plan, tally=_tally(2, 1), stored=3, distinct=1, answers=27, per=9)
    assert problems == ["2 kuesioner tersimpan ganda", "1 kuesioner yang diterima hilang"]


def test_verdict_reports_failed_requests() -> None:
    tally = _tally(1, 0)
    tally.add("b", 500)
    tally.add("c", None, "URLError")
    problems = verdict(
        plan=Plan(["a", "b", "c"], 3), tally=tally, stored=1, distinct=1, answers=9, per=9
    )
    assert problems[:2] == ["2 permintaan gagal", "201 diterima 1 kali untuk 3 ID unik"]


def test_command_refuses_unbounded_run() -> None:
    with pytest.raises(CommandError):
        call_command("bench_survey_submissions", requests=10**6)
