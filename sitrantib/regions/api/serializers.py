from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sitrantib.core.api import BaseModelSerializer
from sitrantib.core.enums import Severity
from sitrantib.regions.models import Institution, Village, VillageStatistic
from sitrantib.regions.selectors import latest_statistic


class StatisticSerializer(BaseModelSerializer):
    # DRF's serializer metaclass takes declared fields out of the class; only the stubs see this
    # field as the `Field.source` attribute.
    source = serializers.CharField(source="source.title")  # type: ignore[assignment]
    area = serializers.DecimalField(max_digits=12, decimal_places=3, allow_null=True)

    class Meta:
        model = VillageStatistic
        fields = [
            "year",
            "source",
            "hamlet_count",
            "rw_count",
            "rt_count",
            "area",
            "area_unit",
            "male",
            "female",
            "population",
            "households",
        ]


class VillageSerializer(BaseModelSerializer):
    district = serializers.CharField(source="district_id", help_text="Kode kecamatan")
    latest_statistics = serializers.SerializerMethodField()

    class Meta:
        model = Village
        fields = ["code", "name", "kind", "district", "latest_statistics"]

    @extend_schema_field(StatisticSerializer(allow_null=True))
    def get_latest_statistics(self, village: Village) -> dict[str, Any] | None:
        stat = latest_statistic(village)
        return StatisticSerializer(stat).data if stat is not None else None


class InstitutionSerializer(BaseModelSerializer):
    district = serializers.CharField(source="district_id", read_only=True)
    village = serializers.CharField(source="village_id", read_only=True, allow_null=True)

    class Meta:
        model = Institution
        fields = ["id", "name", "short_name", "kind", "district", "village", "is_active"]


class FindingSerializer(serializers.Serializer):
    """One data-quality finding: the sentence people read and its technical reference."""

    severity = serializers.ChoiceField(choices=Severity.choices)
    message = serializers.CharField()
    rule = serializers.CharField()
    field = serializers.CharField()
    object = serializers.CharField(help_text="Rujukan data, misalnya village:35.08.07.2001.")
    district_code = serializers.CharField()
    url = serializers.CharField(help_text="Halaman tempat angka itu diperbaiki.")


class FindingListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = FindingSerializer(many=True)
