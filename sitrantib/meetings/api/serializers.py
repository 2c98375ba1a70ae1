from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sitrantib.meetings.enums import ActionStatus
from sitrantib.meetings.models import ActionItem, Evidence, Meeting, MeetingKind
from sitrantib.regions.models import District, Institution


class MeetingSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(
        slug_field="code",
        queryset=MeetingKind.objects.filter(is_active=True),
        required=False,
        help_text=_(
            "Kode jenis rapat, misalnya rapat_koordinasi (bawaan), rapat_evaluasi, lainnya."
        ),
    )
    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.all(),
        required=False,
        help_text=_("Kode kecamatan; bawaan: kecamatan pengguna."),
    )
    invited_institutions = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), many=True, required=False
    )
    agenda = serializers.ListField(
        child=serializers.CharField(max_length=250),
        required=False,
        write_only=True,
        help_text=_("Acara rapat, berurutan."),
    )
    agenda_items = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "district",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "venue",
            "chair",
            "letter_number",
            "letter_date",
            "invited_institutions",
            "agenda",
            "agenda_items",
        ]
        read_only_fields = ["letter_number", "letter_date"]

    def get_agenda_items(self, meeting: Meeting) -> list[str]:
        return [a.title for a in meeting.agenda_items.all()]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "kind" not in attrs and self.instance is None:
            attrs["kind"] = MeetingKind.objects.get(code="rapat_koordinasi")
        return attrs


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "note",
            "original_name",
            "content_type",
            "size",
            "created_at",
            "url",
        ]

    def get_url(self, evidence: Evidence) -> str | None:
        return evidence.get_absolute_url() if evidence.file else None


class ActionItemSerializer(serializers.ModelSerializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.all())
    owner_institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    is_followed_up = serializers.BooleanField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "decision",
            "description",
            "owner_institution",
            "owner_person",
            "due_date",
            "status",
            "cancel_reason",
            "completed_at",
            "is_followed_up",
            "is_overdue",
        ]
        read_only_fields = ["status", "cancel_reason", "completed_at"]


class ActionItemTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ActionItemEvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
