from decimal import Decimal
from typing import Any

from rest_framework import serializers

from sitrantib.budget.models import MAX_AMOUNT, BudgetLine, Spending
from sitrantib.core.api import BaseModelSerializer


class SpendingSerializer(BaseModelSerializer):
    amount = serializers.DecimalField(
        max_digits=15,
        decimal_places=0,
        min_value=Decimal(1),
        max_value=MAX_AMOUNT,
        coerce_to_string=False,
    )
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

    amount = serializers.DecimalField(
        source="ceiling",
        max_digits=15,
        decimal_places=0,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        coerce_to_string=False,
    )
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
