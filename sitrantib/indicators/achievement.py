"""Achievement (capaian) of a value against its target, by polarity (domain notes: SAKIP).

- Positive polarity: capaian = realisasi / target x 100 %.
- Negative polarity: capaian = (2 - realisasi / target) x 100 %, never below 0 %
  (PermenPANRB 6/2022: target 7, realisasi 6,5 -> 107,14 %; target 8, realisasi 9 -> 87,5 %).
- A target of 0 has no national rule: the kecamatan's stated choice applies (docs/adr/0091):
  "not applicable" (no achievement) or "met if zero" (positive: met by any value; negative: met
  only by 0; met = 100 %, not met = 0 %).
- Above 100 %: shown as computed, or capped at 100 % when the kecamatan chose so.
Exact decimals throughout, rounded half up to two places at the end.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sitrantib.indicators.enums import Polarity, ZeroTargetRule

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")

# The reading scale often used in LKjIP (UNVERIFIED as a national rule; configurable, ADR 0091):
# lower bound of each grade, highest first.
DEFAULT_GRADES = (
    (Decimal(91), "sangat_baik"),
    (Decimal(76), "baik"),
    (Decimal(66), "cukup"),
    (Decimal(51), "kurang"),
    (Decimal(0), "sangat_kurang"),
)


@dataclass(frozen=True)
class Rules:
    zero_target: str = ZeroTargetRule.NOT_APPLICABLE
    cap_at_100: bool = False


def achievement(
    value: Decimal | None, target: Decimal | None, polarity: str, rules: Rules = Rules()
) -> Decimal | None:
    """The capaian in percent (two decimals), or None when it cannot be computed."""
    if value is None or target is None:
        return None
    if target == 0:
        if rules.zero_target == ZeroTargetRule.NOT_APPLICABLE:
            return None
        met = value >= 0 if polarity == Polarity.POSITIVE else value <= 0
        return HUNDRED if met else Decimal(0)
    ratio = Decimal(value) / Decimal(target)
    result = ratio * HUNDRED if polarity == Polarity.POSITIVE else (2 - ratio) * HUNDRED
    result = max(result, Decimal(0))
    if rules.cap_at_100:
        result = min(result, HUNDRED)
    return result.quantize(TWO_PLACES, ROUND_HALF_UP)


def grade(capaian: Decimal | None, grades: tuple[tuple[Decimal, str], ...] = DEFAULT_GRADES) -> str:
    """The reading of a capaian ("sangat_baik" ... "sangat_kurang"), "" without one."""
    if capaian is None:
        return ""
    for lower, name in grades:
        if capaian >= lower:
            return name
    return grades[-1][1]
