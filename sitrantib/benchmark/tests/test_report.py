"""The benchmark's verdicts on the issue's goals, from results of one run (pure Python), and its
refusal of SQLite."""

import pytest
from django.core.management.base import CommandError

from sitrantib.benchmark.management.commands.bench import MESSAGE_SQLITE, require_postgresql
from sitrantib.benchmark.measure import Result
from sitrantib.benchmark.report import goals, render, scale_comparison


def result(name, scale, ms, sql=None, rss=100.0, **extra):
    return Result(name, scale, ms, ms * 1.2, 5, sql, rss, extra=extra)


def test_same_operation_at_both_scales_gives_its_ratio():
    results = [result("readiness", "kecamatan", 100), result("readiness", "national", 140)]
    rows = scale_comparison(results, "national")
    assert rows == [
        {"operation": "readiness", "kecamatan_ms": 100, "national_ms": 140, "ratio": 1.4}
    ]


def test_a_kecamatan_run_compares_nothing_with_itself():
    assert scale_comparison([result("readiness", "kecamatan", 100)], "kecamatan") == []


def test_flat_cost_is_not_met_when_one_operation_grows_past_one_and_a_half():
    results = [
        result("readiness", "kecamatan", 100),
        result("readiness", "national", 140),
        result("home", "kecamatan", 100),
        result("home", "national", 151),
    ]
    comparisons = {"scale": scale_comparison(results, "national")}
    found = goals(results, "national", comparisons)
    flat = next(g for g in found if g[0].startswith("flat cost"))
    assert flat[1] == "NOT met"
    assert "home 1.51x" in flat[2]


def test_pages_within_three_times_their_sql_and_memory_under_250_mb_are_met():
    results = [result("member_list_desa", "kecamatan", 29, sql=10.0, rss=249.0)]
    states = {g[0]: g[1] for g in goals(results, "kecamatan", {})}
    assert states["pages within 3.0x their bare SQL"] == "met"
    assert states["every web process under 250 MB"] == "met"


def test_a_web_process_over_250_mb_is_not_met():
    results = [result("export_register", "kecamatan", 10, rss=251.0)]
    states = {g[0]: g[1] for g in goals(results, "kecamatan", {})}
    assert states["every web process under 250 MB"] == "NOT met"


def test_survey_goal_needs_the_ratio_and_every_submission_stored_once():
    survey = {
        "survey_submit": {
            "per_second": 60.0,
            "created": 100,
            "stored": 100,
            "failed": 0,
            "rss_mb": 90.0,
        },
        "survey_submit_minimal": {
            "per_second": 110.0,
            "created": 100,
            "stored": 100,
            "failed": 0,
            "rss_mb": 90.0,
        },
    }
    goal = next(g for g in goals([], "kecamatan", {"survey": survey}) if g[0].startswith("survey"))
    assert goal[1] == "met"
    survey["survey_submit"]["stored"] = 99  # one lost
    goal = next(g for g in goals([], "kecamatan", {"survey": survey}) if g[0].startswith("survey"))
    assert goal[1] == "NOT met"


def test_import_goal_is_five_times_the_library():
    found = goals([], "kecamatan", {"import": {"ratio": 4.9}})
    assert next(g for g in found if g[0].startswith("import"))[1] == "NOT met"


def test_the_printed_report_names_an_unavailable_kak():
    text = render(
        [Result("kak_pdf", "kecamatan", 0, 0, None, None, 0, note="not available")],
        "kecamatan",
        {},
    )
    assert "kak_pdf" in text
    assert "not available" in text


def test_sqlite_is_refused_with_a_clear_message():
    with pytest.raises(CommandError) as refused:
        require_postgresql("sqlite")
    assert str(refused.value) == MESSAGE_SQLITE
    assert "PostgreSQL" in MESSAGE_SQLITE
    require_postgresql("postgresql")  # no refusal


def test_the_recompute_goal_is_judged_for_the_whole_country():
    results = [result("recompute_indicators", "kabupaten", 82_000, districts=21)]
    goal = next(g for g in goals(results, "kabupaten", {}) if g[0].startswith("a year's"))
    assert goal[1] == "NOT met"  # 82 s / 21 kecamatan x 7,285 is about 8 hours
    assert "~28446 s" in goal[2]


def test_an_export_of_more_rows_is_not_held_to_the_flat_ratio():
    results = [
        result("export_register", "kecamatan", 100),
        result("export_register", "kabupaten", 1500),
        result("readiness", "kecamatan", 100),
        result("readiness", "kabupaten", 120),
    ]
    comparisons = {"scale": scale_comparison(results, "kabupaten")}
    flat = next(g for g in goals(results, "kabupaten", comparisons) if g[0].startswith("flat"))
    assert flat[1] == "met"
