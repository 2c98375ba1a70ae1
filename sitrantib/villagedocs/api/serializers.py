"""Serializers of the village-document API (docs/adr/0090). Decimals are strings; the receipt
time of a submission is read-only: the system stamps it, no body sets it."""

from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sitrantib.core.api import BaseModelSerializer
from sitrantib.core.text import CleanTextMixin, TextLimit
from sitrantib.core.uploads import UploadKind, UploadValidator
from sitrantib.regions.models import District
from sitrantib.villagedocs.models import DocumentType, Obligation, Submission

MESSAGE_DISTRICT_FIXED = gettext_noop("Kecamatan jenis dokumen tidak dapat diubah.")


class DocumentTypeSerializer(BaseModelSerializer):
    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Kode kecamatan pemilik; null untuk jenis bawaan semua kecamatan."),
    )

    class Meta:
        model = DocumentType
        fields = [
            "id",
            "district",
            "code",
            "name",
            "basis",
            "frequency",
            "due_month",
            "due_day",
            "year_offset",
            "due_days_after_event",
            "due_months_after_event",
            "semester",
            "counts_for_indicator",
            "order",
            "is_active",
            "version",
        ]
        read_only_fields = ["id", "version"]
        # (district, code) is checked by the service's full_clean, under "code".
        validators: list[Any] = []

    def validate_district(self, district: District | None) -> District | None:
        if self.instance is not None and getattr(district, "pk", None) != self.instance.district_id:
            raise serializers.ValidationError(gettext(MESSAGE_DISTRICT_FIXED))
        return district


class ObligationSerializer(BaseModelSerializer):
    document_type: "serializers.SlugRelatedField[DocumentType]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    document_type_name = serializers.CharField(source="document_type.name", read_only=True)
    village = serializers.CharField(source="village_id", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    district = serializers.CharField(source="district_id", read_only=True)
    late = serializers.SerializerMethodField(
        help_text=_("Lewat batas waktu tanpa dokumen yang diterima atau hanya yang dikembalikan.")
    )

    class Meta:
        model = Obligation
        fields = [
            "id",
            "document_type",
            "document_type_name",
            "district",
            "village",
            "village_name",
            "period_key",
            "year",
            "event_date",
            "due_date",
            "status",
            "on_time",
            "counted_received_at",
            "late",
            "note",
            "version",
        ]
        read_only_fields = fields

    def get_late(self, obligation: Obligation) -> bool:
        return obligation.is_late(self.context["today"])


class SubmissionSerializer(BaseModelSerializer):
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "obligation",
            "channel",
            "received_at",
            "original_name",
            "size",
            "has_file",
            "note",
            "verdict",
            "verdict_reason",
            "verdict_at",
        ]
        read_only_fields = fields

    def get_has_file(self, submission: Submission) -> bool:
        return bool(submission.file)


class SubmissionUploadSerializer(CleanTextMixin, serializers.Serializer):
    """A document sent: the file (PDF or photo, up to 10 MB), an optional note; `stamp` (kecamatan
    staff) records a paper document received at the office, its file optional. Nothing here sets
    the receipt time."""

    # Checked here too, so a refused file is named under "file" (the service checks it again).
    file = serializers.FileField(required=False, validators=[UploadValidator(UploadKind.SCAN)])
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=TextLimit.SHORT_NOTE
    )
    stamp = serializers.BooleanField(required=False, default=False)


class TypeShareSerializer(serializers.Serializer):
    code = serializers.CharField(source="document_type.code")
    name = serializers.CharField(source="document_type.name")
    obliged = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)


class OnTimeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    period = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    average = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text=_("Rata-rata persentase tepat waktu per jenis dokumen; null tanpa data."),
    )
    obliged = serializers.IntegerField()
    on_time = serializers.IntegerField()
    types = TypeShareSerializer(many=True)
