from typing import Any

from rest_framework import serializers

from sitrantib.core.api import BaseModelSerializer
from sitrantib.planning.models import (
    AnnualPlan,
    Indicator,
    Participant,
    PlanCode,
    PlannedActivity,
    PlanSection,
)


class CodeSerializer(BaseModelSerializer):
    class Meta:
        model = PlanCode
        fields = ["level", "scheme", "code", "name"]


class SectionSerializer(BaseModelSerializer):
    class Meta:
        model = PlanSection
        fields = ["id", "key", "position", "number", "title", "text", "items", "tables", "version"]


class IndicatorSerializer(BaseModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "level", "position", "name", "unit", "target", "target_text", "version"]


class ParticipantSerializer(BaseModelSerializer):
    class Meta:
        model = Participant
        fields = ["name", "count", "printed"]


class ActivitySerializer(BaseModelSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = PlannedActivity
        fields = [
            "id",
            "position",
            "kind",
            "name",
            "procedure",
            "months",
            "schedule",
            "venue",
            "executors",
            "per_village",
            "participants",
            "version",
        ]


class PlanSerializer(BaseModelSerializer):
    """A plan with its codes, text sections, indicators and activities (read-only here: edits
    go through the pages; approval through `POST /plans/{id}/transition/`)."""

    district = serializers.CharField(source="district_id", read_only=True)
    approved_by = serializers.SerializerMethodField()
    codes = CodeSerializer(many=True, read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = AnnualPlan
        fields = [
            "id",
            "district",
            "year",
            "revision",
            "status",
            "title",
            "programme_name",
            "activity_name",
            "executors",
            "signing_place",
            "signing_date",
            "approved_by",
            "approved_at",
            "previous",
            "version",
            "codes",
            "sections",
            "indicators",
            "activities",
        ]
        read_only_fields = fields

    def get_approved_by(self, plan: AnnualPlan) -> str | None:
        user: Any = plan.approved_by
        return user.get_username() if user is not None else None
