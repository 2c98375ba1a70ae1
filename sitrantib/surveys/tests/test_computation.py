"""The SKM arithmetic: Krejcie-Morgan, exact IKM, half-up rounding, grades at every boundary."""

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sitrantib.surveys.computation import (
    ElementSpec,
    compute_ikm,
    grade_for,
    krejcie_morgan,
    round_half_up,
)
from sitrantib.surveys.enums import Grade

NINE = [ElementSpec(code=f"U{i}", name=f"Unsur {i}", weight=1) for i in range(1, 10)]

# Every N -> S row of the Krejcie and Morgan table as docs/domain ikm.md lists it.
KM_TABLE = """
10→10 15→14 20→19 25→24 30→28 35→32 40→36 45→40 50→44 55→48 60→52 65→56 70→59 75→63 80→66 85→70
90→73 95→76 100→80 110→86 120→92 130→97 140→103 150→108 160→113 170→118 180→123 190→127 200→132
210→136 220→140 230→144 240→148 250→152 260→155 270→159 280→162 290→165 300→169 320→175 340→181
360→186 380→191 400→196 420→201 440→205 460→210 480→214 500→217 550→226 600→234 650→242 700→248
750→254 800→260 850→265 900→269 950→274 1000→278 1100→285 1200→291 1300→297 1400→302 1500→306
1600→310 1700→313 1800→317 1900→320 2000→322 2200→327 2400→331 2600→335 2800→338 3000→341
3500→346 4000→351 4500→354 5000→357 6000→361 7000→364 8000→367 9000→368 10000→370 15000→375
20000→377 30000→379 40000→380 50000→381 75000→382 1000000→384
"""
KM_ROWS = [(int(n), int(s)) for n, s in re.findall(r"(\d+)→(\d+)", KM_TABLE)]


def test_krejcie_morgan_table_has_every_row() -> None:
    assert len(KM_ROWS) == 90


@pytest.mark.parametrize(("population", "sample"), KM_ROWS)
def test_krejcie_morgan_reproduces_table_row(population: int, sample: int) -> None:
    assert krejcie_morgan(population) == sample


def test_krejcie_morgan_population_of_one_is_one() -> None:
    assert krejcie_morgan(1) == 1


def test_krejcie_morgan_rejects_empty_population() -> None:
    with pytest.raises(ValueError, match="population"):
        krejcie_morgan(0)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(2345, 1000), 2, "2.35"),
        (Fraction(2344, 1000), 2, "2.34"),
        (Fraction(1, 3), 4, "0.3333"),
        (Fraction(2, 3), 4, "0.6667"),
        (Fraction(64995, 1000), 2, "65.00"),
        (Fraction(100), 2, "100.00"),
        (Fraction(5, 2), 0, "3"),
    ],
)
def test_round_half_up_rounds_exact_value(value: Fraction, places: int, expected: str) -> None:
    assert str(round_half_up(value, places)) == expected


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("25.00", Grade.D),
        ("64.99", Grade.D),
        ("65.00", Grade.C),
        ("76.60", Grade.C),
        ("76.61", Grade.B),
        ("88.30", Grade.B),
        ("88.31", Grade.A),
        ("100.00", Grade.A),
    ],
)
def test_grade_for_boundary_value(value: str, grade: Grade) -> None:
    assert grade_for(Decimal(value)) == grade


# (sum, count) of a single element whose NRR x 25 is exactly the boundary value.
BOUNDARY_TOTALS = [
    ((6499, 2500), "64.99", Grade.D, "Tidak Baik"),
    ((13, 5), "65.00", Grade.C, "Kurang Baik"),
    ((383, 125), "76.60", Grade.C, "Kurang Baik"),
    ((7661, 2500), "76.61", Grade.B, "Baik"),
    ((883, 250), "88.30", Grade.B, "Baik"),
    ((8831, 2500), "88.31", Grade.A, "Sangat Baik"),
    ((4, 1), "100.00", Grade.A, "Sangat Baik"),
]


@pytest.mark.parametrize(("totals", "ikm", "grade", "label"), BOUNDARY_TOTALS)
def test_compute_ikm_grades_boundary_result(
    totals: tuple[int, int], ikm: str, grade: Grade, label: str
) -> None:
    result = compute_ikm([ElementSpec("U1", "Persyaratan", 1)], {"U1": totals}, totals[1])
    assert (str(result.ikm), result.grade, str(result.grade.label)) == (ikm, grade, label)
    assert (str(result.elements[0].value), result.elements[0].grade) == (ikm, grade)


def test_compute_ikm_grades_after_rounding_half_up() -> None:
    # Exactly 64.995 rounds to 65.00, which is grade C, not D.
    result = compute_ikm([ElementSpec("U1", "Persyaratan", 1)], {"U1": (12999, 5000)}, 5000)
    assert (str(result.ikm), result.grade) == ("65.00", Grade.C)


def test_compute_ikm_all_answers_four_is_exactly_hundred() -> None:
    result = compute_ikm(NINE, {e.code: (4 * 37, 37) for e in NINE}, 37)
    assert (result.ikm_exact, str(result.ikm), result.grade) == (Fraction(100), "100.00", Grade.A)


def test_compute_ikm_all_answers_one_is_twenty_five() -> None:
    result = compute_ikm(NINE, {e.code: (3, 3) for e in NINE}, 3)
    assert (str(result.ikm), result.grade) == ("25.00", Grade.D)


def test_compute_ikm_without_answers_has_no_index() -> None:
    result = compute_ikm(NINE, {}, 0)
    assert (result.ikm, result.grade, result.label) == (None, None, "")


def test_compute_ikm_uses_exact_weights_not_rounded() -> None:
    # With weight 0,111 (rounded) the all-4 survey would give 99,90; the exact 1/9 gives 100.
    totals = {e.code: (4, 1) for e in NINE}
    rounded = sum(Decimal("4") * Decimal("0.111") for _ in NINE) * 25
    assert (str(compute_ikm(NINE, totals, 1).ikm), str(rounded)) == ("100.00", "99.900")


def test_compute_ikm_nrr_shown_to_four_places_value_from_exact_nrr() -> None:
    # NRR 3.24995 shows as 3.2500 (rounded), x25 from the exact NRR is 81.24875 -> 81.25.
    result = compute_ikm([ElementSpec("U1", "Persyaratan", 1)], {"U1": (64999, 20000)}, 20000)
    element = result.elements[0]
    assert (str(element.nrr), str(element.value)) == ("3.2500", "81.25")


def test_compute_ikm_weakest_first_orders_by_exact_nrr() -> None:
    totals = {e.code: (3, 1) for e in NINE} | {"U4": (2, 1), "U8": (5, 2)}
    result = compute_ikm(NINE, totals, 1)
    assert [e.code for e in result.weakest_first()][:3] == ["U4", "U8", "U1"]


def _decimal_half_up(numerator: int, denominator: int) -> str:
    """A reduced integer ratio rounded half up to 2 places with Python's decimal module.

    After reducing, a ratio is a tie only if its denominator divides a power of ten, and then the
    200-digit division is exact; any other ratio is far from a tie at that precision.
    """
    divisor = math.gcd(numerator, denominator)
    numerator, denominator = numerator // divisor, denominator // divisor
    with localcontext() as context:
        context.prec = 200
        value = Decimal(numerator) / Decimal(denominator)
        return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _independent_ikm(weights: list[int], answers: list[list[int]]) -> tuple[str, list[str]]:
    """The same index computed another way: one integer ratio over a common denominator."""
    counts = [len(a) for a in answers]
    common = math.prod(counts)
    total_weight = sum(weights)
    numerator = sum(
        weight * sum(values) * (common // count)
        for weight, values, count in zip(weights, answers, counts, strict=True)
    )
    ikm = _decimal_half_up(25 * numerator, total_weight * common)
    values = [_decimal_half_up(25 * sum(a), len(a)) for a in answers]
    return ikm, values


@st.composite
def surveys(draw: st.DrawFn) -> tuple[list[int], list[list[int]]]:
    size = draw(st.integers(min_value=1, max_value=12))
    weights = draw(st.lists(st.integers(1, 5), min_size=size, max_size=size))
    answers = draw(
        st.lists(st.lists(st.integers(1, 4), min_size=1, max_size=60), min_size=size, max_size=size)
    )
    return weights, answers


@example(
    (
        [1, 2, 4, 1, 2, 5, 5, 5, 5],
        [[1], [1, 3], [2, 4, 4], [1], [1], [1], [1], [1, 2, 4, 4], [1] * 7 + [3] + [4] * 7],
    )
)
@settings(max_examples=300, deadline=None)
@given(surveys())
def test_compute_ikm_matches_independent_exact_computation(
    survey: tuple[list[int], list[list[int]]],
) -> None:
    weights, answers = survey
    specs = [ElementSpec(f"E{i}", f"Unsur {i}", w) for i, w in enumerate(weights)]
    totals = {f"E{i}": (sum(a), len(a)) for i, a in enumerate(answers)}
    result = compute_ikm(specs, totals, max(len(a) for a in answers))
    expected_ikm, expected_values = _independent_ikm(weights, answers)
    assert str(result.ikm) == expected_ikm
    assert [str(e.value) for e in result.elements] == expected_values
    assert result.grade == grade_for(Decimal(expected_ikm))


@settings(max_examples=200, deadline=None)
@given(st.fractions(min_value=0, max_value=1000, max_denominator=10**6), st.integers(0, 6))
def test_round_half_up_matches_decimal_quantize(value: Fraction, places: int) -> None:
    with localcontext() as context:
        context.prec = 100
        # A reduced fraction is a tie only with a power-of-ten denominator: then this is exact.
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        expected = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert round_half_up(value, places) == expected
