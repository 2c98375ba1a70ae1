"""The benchmark's row planning and scales (pure Python; the SQL that writes the rows is
checked by `manage.py bench` itself, which stops when the rows it finds differ from the plan:
the CI smoke runs it on PostgreSQL)."""

import pytest

from sitrantib.benchmark.measure import percentile
from sitrantib.benchmark.plan import (
    HOME_DISTRICT,
    MONTHS,
    SHAPE,
    chunks,
    in_scale,
    plan_rows,
    prefix_of,
    total_rows,
)


def test_a_tiny_scale_plans_rows_per_desa_and_kecamatan():
    rows = plan_rows(desa=3, kecamatan=2)
    assert rows["linmas_member"] == 3 * SHAPE.members_per_desa
    assert rows["meetings_meeting"] == 2 * SHAPE.meetings_per_kecamatan_month * MONTHS
    assert rows["meetings_actionitem"] == rows["meetings_meeting"] * SHAPE.items_per_meeting
    assert rows["fieldwork_visit"] == 3 * SHAPE.visits_per_desa_year * 10
    assert rows["fieldwork_incident"] == 3 * SHAPE.incidents_per_desa_year * 10
    assert rows["surveys_surveyperiod"] == 2 * 10
    assert rows["surveys_answer"] == rows["surveys_surveyresponse"] * 9
    assert rows["indicators_indicatordefinition"] == 2 * 9


def test_the_national_scale_is_tens_of_millions_of_rows_with_about_1_5_million_members():
    rows = plan_rows(desa=83_762, kecamatan=7_285)
    assert 1_400_000 <= rows["linmas_member"] <= 1_600_000
    assert total_rows(rows) >= 20_000_000


def test_no_region_plans_nothing():
    assert total_rows(plan_rows(desa=0, kecamatan=0)) == 0


def test_scales_nest_by_whole_code_segments():
    assert in_scale(HOME_DISTRICT, "kecamatan")
    assert in_scale("35.08.07.2001", "kabupaten")
    assert in_scale("35.80.01", "province")
    assert not in_scale("35.80.01", "kabupaten")  # 35.8 is no prefix of 35.80 by segment
    assert in_scale("91.01.01", "national")
    assert not in_scale("36.01.01", "province")


def test_an_unknown_scale_is_refused():
    with pytest.raises(ValueError, match="unknown scale"):
        prefix_of("kota")


def test_batches_cover_every_kecamatan_once_in_order():
    codes = [f"35.{i:02d}.01" for i in range(30, 0, -1)]
    batches = chunks(codes, size=7)
    assert [len(b) for b in batches] == [7, 7, 7, 7, 2]
    assert [c for b in batches for c in b] == sorted(codes)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([], 95) == 0.0
    assert percentile([7.0], 95) == 7.0


def test_a_recompute_sample_spreads_over_the_codes_and_keeps_all_when_small():
    from sitrantib.benchmark.operations import sample_of

    codes = [f"35.{i:02d}.01" for i in range(1, 21)]
    assert sample_of(codes, 0) == codes
    assert sample_of(codes, 30) == codes
    picked = sample_of(codes, 4)
    assert picked == ["35.01.01", "35.06.01", "35.11.01", "35.16.01"]
