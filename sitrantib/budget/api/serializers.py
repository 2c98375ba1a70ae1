from decimal import Decimal
from typing import Any

from rest_framework import serializers

from sitrantib.budget.models import MAX_AMOUNT, BudgetLine, Spending
from sitrantib.core.api import BaseModelSerializer


class WholeRupiahField(serializers.DecimalField):
    """An amount in whole rupiah, written as a JSON integer (1000000, not 1000000.0) and read back
    from one, so a record read can be sent back unchanged; 1000000.0 is accepted as the same
    amount, 1000000.5 is refused."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=15, decimal_places=0, coerce_to_string=False, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return int(value)

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, float) and data.is_integer():
            data = int(data)
        elif isinstance(data, str) and data.strip().endswith(".0") and data.strip()[:-2].isdigit():
            data = data.strip()[:-2]
        return super().to_internal_value(data)


class SpendingSerializer(BaseModelSerializer):
    amount = WholeRupiahField(min_value=Decimal(1), max_value=MAX_AMOUNT)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Spending
        fields = [
            "id",
            "on_date",
            "amount",
            "description",
            "event_kind",
            "event_id",
            "event_label",
            "evidence",
        ]
        read_only_fields = ["id", "evidence"]

    def get_evidence(self, spending: Spending) -> str | None:
        return f"/anggaran/realisasi/{spending.pk}/bukti/" if spending.evidence else None


class BudgetLineSerializer(BaseModelSerializer):
    """A budget line; `amount` is the ceiling (pagu) in whole rupiah, `spent` what was spent."""

    amount = WholeRupiahField(source="ceiling", min_value=Decimal(0), max_value=MAX_AMOUNT)
    spent = serializers.SerializerMethodField()
    spending = SpendingSerializer(many=True, read_only=True)
    district = serializers.CharField(source="district_id", read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "district",
            "year",
            "code",
            "name",
            "amount",
            "spent",
            "activity",
            "version",
            "spending",
        ]
        read_only_fields = ["id", "district", "spent", "version", "spending"]

    def get_spent(self, line: Any) -> int:
        spent = getattr(line, "spent", None)
        if spent is None:
            spent = sum((s.amount for s in line.spending.all()), Decimal(0))
        return int(spent)
