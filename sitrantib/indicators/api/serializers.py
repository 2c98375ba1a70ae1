"""Serializers of the indicators API (issue 13, point 8). Read only: they shape what the
selectors computed (sitrantib/indicators/selectors.py) and never query.

Decimals are strings with exactly two places ("75.00", rounded half up), so a client never sees
a binary float: `target`, `value`, `achievement` (percent), and the numerator and denominator of
the drill-down. A figure that cannot be given (no target, no value yet, achievement not
applicable) is null.
"""

from decimal import ROUND_HALF_UP
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sitrantib.indicators.enums import Polarity
from sitrantib.planning.enums import IndicatorLevel

PERIOD_CODE_PATTERN = r"^(Y|Q[1-4]|M(0[1-9]|1[0-2]))$"


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "nullable": True}
)
class Figure(serializers.DecimalField):
    """A decimal as a string with two places, or null."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", 'A decimal as a string with two places, e.g. "75.00".')
        super().__init__(
            max_digits=None,
            decimal_places=2,
            coerce_to_string=True,
            rounding=ROUND_HALF_UP,
            allow_null=True,
            read_only=True,
            **kwargs,
        )


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(" + "|".join(IndicatorLevel.values) + ")$",
        "description": " | ".join(IndicatorLevel.values),
    }
)
class LevelField(serializers.CharField):
    """The level of the plan (goal, programme, outcome, output, individual). An inline pattern,
    not an enum component: planning's API has other fields named "level"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)


@extend_schema_field({"type": "string", "pattern": PERIOD_CODE_PATTERN})
class PeriodCodeField(serializers.CharField):
    """ "Y", "Q1"-"Q4" or "M01"-"M12": the period as the request names it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            "Y (the year), Q1-Q4 (a quarter) or M01-M12 (a month); stored as 2026, 2026-Q1, "
            "2026-03.",
        )
        super().__init__(read_only=True, **kwargs)


class IndicatorValueSerializer(serializers.Serializer):
    """One indicator in one period, with the address of its drill-down page."""

    code = serializers.CharField(read_only=True, help_text="The indicator's code in its year.")
    name = serializers.CharField(read_only=True)
    level = LevelField()
    unit = serializers.CharField(read_only=True)
    polarity = serializers.ChoiceField(choices=Polarity.choices, read_only=True)
    target = Figure(help_text="The period's target (two places); null when none is set.")
    value = Figure(
        help_text="The realisation (two places); null while it cannot be counted (no records "
        "for a share, a manual value not yet entered or approved)."
    )
    achievement = Figure(
        help_text="Capaian in percent (two places) by the polarity formula and the kecamatan's "
        "rules for a zero target and above 100 %; null when it cannot be computed."
    )
    period = PeriodCodeField()
    evidence_url = serializers.URLField(
        read_only=True,
        help_text="Absolute address of the value's page: its numerator and denominator "
        "records, each linking to the record itself.",
    )

    class Meta:
        ref_name = "IndicatorValueItem"


class RecordSerializer(serializers.Serializer):
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    url = serializers.URLField(
        read_only=True, allow_null=True, help_text="Absolute address of the record; null if none."
    )
    date = serializers.DateField(read_only=True, allow_null=True)
    detail = serializers.CharField(read_only=True, allow_blank=True)

    class Meta:
        ref_name = "IndicatorRecord"


class IndicatorRecordsSerializer(serializers.Serializer):
    """The records behind one value: what its numerator and its denominator counted."""

    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    period = PeriodCodeField()
    value = Figure()
    numerator = Figure(help_text="Numerator (two places); null for a value counted otherwise.")
    denominator = Figure(help_text="Denominator (two places); null when it has none.")
    evidence_url = serializers.URLField(read_only=True)
    numerator_records = RecordSerializer(many=True, read_only=True)
    denominator_records = RecordSerializer(many=True, read_only=True)

    class Meta:
        ref_name = "IndicatorRecords"
