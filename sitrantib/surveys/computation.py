"""The SKM arithmetic of PermenPANRB 14/2017, exact: fractions throughout, rounding at the end.

NRR of an element = sum of its answers / number of its answers; weight = relative weight / sum of
relative weights (1/9 each by default); IKM (1-4) = sum of NRR x weight; IKM of the unit = IKM x 25.
Only displayed values are rounded, half up: NRR to 4 places, NRR x 25 and the IKM to 2. Grades are
read from the converted value after rounding to 2 places. See docs/adr/0030-ikm-exact-arithmetic.md.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sitrantib.surveys.enums import Grade

# Krejcie and Morgan (1970): chi-square for 1 degree of freedom at 95 %, P = 0.5, d = 0.05.
KM_CHI_SQUARE = Fraction(3841, 1000)
KM_P = Fraction(1, 2)
KM_D = Fraction(5, 100)

CONVERSION = 25

# Lowest converted value (25-100, two decimals) of each grade, best first.
GRADE_FLOORS: tuple[tuple[Decimal, Grade], ...] = (
    (Decimal("88.31"), Grade.A),
    (Decimal("76.61"), Grade.B),
    (Decimal("65.00"), Grade.C),
    (Decimal("25.00"), Grade.D),
)

# The performance labels as the regulation prints them (the API returns these, in any language).
REGULATION_LABELS: dict[str, str] = {
    Grade.A: "Sangat Baik",
    Grade.B: "Baik",
    Grade.C: "Kurang Baik",
    Grade.D: "Tidak Baik",
}


def round_half_up(value: Fraction | int, places: int) -> Decimal:
    """An exact value rounded half up (away from zero) to `places` decimals, as a Decimal."""
    value = Fraction(value)
    scale = 10**places
    scaled = abs(value) * scale
    units = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    if value < 0:
        units = -units
    return Decimal(units).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def krejcie_morgan(population: int) -> int:
    """Sample size for N people served: X²NP(1-P) / (d²(N-1) + X²P(1-P)), rounded to nearest."""
    if population < 1:
        raise ValueError("population must be at least 1")
    spread = KM_CHI_SQUARE * KM_P * (1 - KM_P)
    size = spread * population / (KM_D**2 * (population - 1) + spread)
    return int(round_half_up(size, 0))


def grade_for(value: Decimal) -> Grade:
    """Grade of a converted value (25-100) already rounded to 2 decimals."""
    for floor, grade in GRADE_FLOORS:
        if value >= floor:
            return grade
    return Grade.D


@dataclass(frozen=True)
class ElementSpec:
    code: str
    name: str
    weight: int  # relative weight; the element's share is weight / sum of weights


@dataclass(frozen=True)
class ElementResult:
    code: str
    name: str
    answers: int
    nrr_exact: Fraction | None
    nrr: Decimal | None  # 4 places
    value: Decimal | None  # NRR x 25, 2 places
    grade: Grade | None

    @property
    def label(self) -> str:
        return str(self.grade.label) if self.grade else ""


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    elements: tuple[ElementResult, ...]
    ikm_exact: Fraction | None  # 25-100
    ikm: Decimal | None  # 2 places
    grade: Grade | None

    @property
    def label(self) -> str:
        return str(self.grade.label) if self.grade else ""

    @property
    def ikm_scale4(self) -> Decimal | None:
        """The IKM on the 1-4 scale, to 4 places, as the regulation's table prints it."""
        return round_half_up(self.ikm_exact / CONVERSION, 4) if self.ikm_exact is not None else None

    def weakest_first(self) -> list[ElementResult]:
        scored = [e for e in self.elements if e.nrr_exact is not None]
        return sorted(scored, key=lambda e: (e.nrr_exact, e.code))


def weights_of(elements: Sequence[ElementSpec]) -> dict[str, Fraction]:
    total = sum(e.weight for e in elements)
    return {e.code: Fraction(e.weight, total) for e in elements}


def compute_ikm(
    elements: Sequence[ElementSpec],
    totals: Mapping[str, tuple[int, int]],
    respondents: int,
) -> IkmResult:
    """The result from each element's (sum of answers, number of answers).

    The IKM exists only when every element has at least one answer.
    """
    weights = weights_of(elements) if elements else {}
    rows: list[ElementResult] = []
    ikm4 = Fraction(0)
    complete = bool(elements)
    for element in elements:
        total, count = totals.get(element.code, (0, 0))
        if count == 0:
            complete = False
            rows.append(ElementResult(element.code, element.name, 0, None, None, None, None))
            continue
        nrr = Fraction(total, count)
        value = round_half_up(nrr * CONVERSION, 2)
        rows.append(
            ElementResult(
                code=element.code,
                name=element.name,
                answers=count,
                nrr_exact=nrr,
                nrr=round_half_up(nrr, 4),
                value=value,
                grade=grade_for(value),
            )
        )
        ikm4 += nrr * weights[element.code]
    if not complete:
        return IkmResult(respondents, tuple(rows), None, None, None)
    exact = ikm4 * CONVERSION
    ikm = round_half_up(exact, 2)
    return IkmResult(respondents, tuple(rows), exact, ikm, grade_for(ikm))
