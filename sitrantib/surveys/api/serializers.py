from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sitrantib.core.api import BaseModelSerializer
from sitrantib.core.links import public_url
from sitrantib.core.text import CleanTextMixin
from sitrantib.surveys.computation import REGULATION_LABELS, ElementResult, IkmResult
from sitrantib.surveys.enums import Education, Occupation, Sex
from sitrantib.surveys.models import SurveyPeriod


class SurveySerializer(BaseModelSerializer):
    """A survey period. `service` is the services covered, one per line (empty: the survey does
    not ask which service); the sample target follows from N."""

    service = serializers.CharField(
        source="services", max_length=300, allow_blank=True, required=False
    )
    service_unit = serializers.CharField(max_length=200, required=False)
    district = serializers.CharField(source="district_id", required=False, max_length=8)
    public_url = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="draft | open | closed | published")

    class Meta:
        model = SurveyPeriod
        fields = [
            "id",
            "district",
            "title",
            "service_unit",
            "service",
            "period_start",
            "period_end",
            "population",
            "sample_target",
            "status",
            "public_url",
        ]
        read_only_fields = ["id", "sample_target", "status", "public_url"]

    @extend_schema_field(serializers.URLField())
    def get_public_url(self, obj: SurveyPeriod) -> str:
        return public_url(self.context.get("request"), obj.public_path)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("period_start"), attrs.get("period_end")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"period_end": [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]}
            )
        return attrs


def _one_of(value: str, choices: list[tuple[str, Any]]) -> str:
    allowed = [key for key, _label in choices]
    if value not in allowed:
        raise serializers.ValidationError(
            _("Pilihan tidak dikenal. Pilihan: %(choices)s.") % {"choices": ", ".join(allowed)}
        )
    return value


class SurveyRespondentSerializer(CleanTextMixin, serializers.Serializer):
    sex = serializers.CharField(help_text="L | P")
    age = serializers.IntegerField(min_value=10, max_value=110)
    education = serializers.CharField(help_text=" | ".join(Education.values))
    occupation = serializers.CharField(help_text=" | ".join(Occupation.values))
    service = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")

    def validate_sex(self, value: str) -> str:
        return _one_of(value, Sex.choices)

    def validate_education(self, value: str) -> str:
        return _one_of(value, Education.choices)

    def validate_occupation(self, value: str) -> str:
        return _one_of(value, Occupation.choices)


class SurveyResponseInSerializer(CleanTextMixin, serializers.Serializer):
    """A questionnaire from the public: answers per element code (1-4), profile, suggestion.

    `website` must stay empty (a field people never see; automated senders fill it).
    """

    client_id = serializers.UUIDField()
    answers = serializers.DictField(child=serializers.JSONField())
    respondent = SurveyRespondentSerializer()
    suggestion = serializers.CharField(
        max_length=2000, allow_blank=True, required=False, default=""
    )
    website = serializers.CharField(allow_blank=True, required=False, default="")


class SurveyResponseOutSerializer(serializers.Serializer):
    """A stored questionnaire as the public endpoint answers it. Fields declared, not read from
    the model on every answer (the endpoint's cost, docs/adr/0035)."""

    client_id = serializers.UUIDField(read_only=True)
    survey = serializers.IntegerField(source="period_id", read_only=True)
    received_at = serializers.DateTimeField(read_only=True)


class SurveyElementResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    nrr = serializers.SerializerMethodField(method_name="nrr_text")
    value = serializers.SerializerMethodField(method_name="value_text")
    grade = serializers.SerializerMethodField(method_name="grade_text")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def nrr_text(self, obj: ElementResult) -> str | None:
        return str(obj.nrr) if obj.nrr is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def value_text(self, obj: ElementResult) -> str | None:
        return str(obj.value) if obj.value is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def grade_text(self, obj: ElementResult) -> str | None:
        return str(obj.grade) if obj.grade is not None else None


class SurveyResultSerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    sample_target = serializers.SerializerMethodField(method_name="target_value")
    elements = SurveyElementResultSerializer(many=True)
    ikm = serializers.SerializerMethodField(method_name="ikm_text")
    grade = serializers.SerializerMethodField(method_name="grade_text")
    label = serializers.SerializerMethodField(method_name="label_text")  # type: ignore[assignment]

    @extend_schema_field(serializers.IntegerField())
    def target_value(self, obj: IkmResult) -> int:
        return int(self.context["sample_target"])

    @extend_schema_field(serializers.CharField(allow_null=True))
    def ikm_text(self, obj: IkmResult) -> str | None:
        return str(obj.ikm) if obj.ikm is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def grade_text(self, obj: IkmResult) -> str | None:
        return str(obj.grade) if obj.grade is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def label_text(self, obj: IkmResult) -> str | None:
        return REGULATION_LABELS[obj.grade] if obj.grade is not None else None
