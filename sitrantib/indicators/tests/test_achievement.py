"""Achievement by polarity, the zero-target rules, above 100 % capped or not, and the grades."""

from decimal import Decimal

import pytest

from sitrantib.indicators.achievement import Rules, achievement, grade
from sitrantib.indicators.enums import Polarity, ZeroTargetRule

D = Decimal


def test_negative_polarity_permenpanrb_examples() -> None:
    # (2 - 6.5 / 7) x 100 = 107.142857... -> 107.14
    assert achievement(D("6.5"), D(7), Polarity.NEGATIVE) == D("107.14")
    # (2 - 9 / 8) x 100 = 87.5
    assert achievement(D(9), D(8), Polarity.NEGATIVE) == D("87.50")


def test_positive_polarity_is_realisation_over_target() -> None:
    # 9 of 12 desa against a target of 100 %: 75 / 100 x 100 = 75.00
    assert achievement(D("75.00"), D(100), Polarity.POSITIVE) == D("75.00")
    # 150 LINMAS trained against 180: 83.333... -> 83.33
    assert achievement(D(150), D(180), Polarity.POSITIVE) == D("83.33")


def test_negative_polarity_never_goes_below_zero() -> None:
    # (2 - 30 / 10) x 100 = -100 -> 0
    assert achievement(D(30), D(10), Polarity.NEGATIVE) == D(0)


@pytest.mark.parametrize(
    ("polarity", "value", "expected"),
    [
        (Polarity.POSITIVE, D(0), D(100)),
        (Polarity.POSITIVE, D(3), D(100)),
        (Polarity.NEGATIVE, D(0), D(100)),
        (Polarity.NEGATIVE, D(1), D(0)),
    ],
)
def test_zero_target_met_if_zero(polarity: str, value: Decimal, expected: Decimal) -> None:
    rules = Rules(zero_target=ZeroTargetRule.MET_IF_ZERO)
    assert achievement(value, D(0), polarity, rules) == expected


@pytest.mark.parametrize("polarity", [Polarity.POSITIVE, Polarity.NEGATIVE])
def test_zero_target_not_applicable_gives_no_achievement(polarity: str) -> None:
    rules = Rules(zero_target=ZeroTargetRule.NOT_APPLICABLE)
    assert achievement(D(0), D(0), polarity, rules) is None
    assert achievement(D(2), D(0), polarity, rules) is None


def test_above_hundred_shown_or_capped() -> None:
    # 200 trained against 180: 111.11 %, or 100 % when the kecamatan caps
    assert achievement(D(200), D(180), Polarity.POSITIVE) == D("111.11")
    assert achievement(D(200), D(180), Polarity.POSITIVE, Rules(cap_at_100=True)) == D(100)
    assert achievement(D("6.5"), D(7), Polarity.NEGATIVE, Rules(cap_at_100=True)) == D(100)
    # a value below 100 % is the same either way
    assert achievement(D(90), D(180), Polarity.POSITIVE, Rules(cap_at_100=True)) == D("50.00")


def test_no_value_or_no_target_gives_no_achievement() -> None:
    assert achievement(None, D(100), Polarity.POSITIVE) is None
    assert achievement(D(5), None, Polarity.POSITIVE) is None


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        (D("107.14"), "sangat_baik"),
        (D(91), "sangat_baik"),
        (D("90.99"), "baik"),
        (D(76), "baik"),
        (D("75.99"), "cukup"),
        (D(66), "cukup"),
        (D(51), "kurang"),
        (D("50.99"), "sangat_kurang"),
        (D(0), "sangat_kurang"),
        (None, ""),
    ],
)
def test_grades_of_the_lkjip_scale(capaian: Decimal | None, expected: str) -> None:
    assert grade(capaian) == expected
