from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from sitrantib.core.api import BaseModelSerializer
from sitrantib.core.text import CleanTextMixin, TextLimit
from sitrantib.core.uploads import UploadKind, UploadValidator
from sitrantib.meetings.enums import EvidenceKind
from sitrantib.meetings.minutes_text import validate_minutes_lines
from sitrantib.meetings.models import (
    ITEM_TEXT_LENGTH,
    ActionItem,
    Decision,
    Evidence,
    InstitutionPerson,
    Meeting,
    MeetingKind,
)
from sitrantib.meetings.selectors import (
    decisions_visible_to,
    meeting_kinds,
    meetings_visible_to,
    people_visible_to,
)
from sitrantib.regions.models import District, Institution
from sitrantib.regions.selectors import districts_visible_to, institutions_visible_to

ERR_API_NEEDS_MEETING = gettext_noop(
    "Tindak lanjut baru lewat API wajib menyebut rapatnya; tindak lanjut dari kunjungan "
    "lapangan dibuat dari halaman kunjungannya."
)


def _user(serializer: serializers.BaseSerializer) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def _scope_related(fields: Any, name: str, queryset: Any) -> None:
    """Give a related field the queryset of what this request's user may see, so an id outside
    the scope is refused exactly like an id that does not exist."""
    field = fields[name]
    target = getattr(field, "child_relation", field)
    target.queryset = queryset


class _AddresseesField(serializers.ManyRelatedField):
    """The people an invitation is addressed to (read from the meeting's invitations)."""

    def get_attribute(self, instance: Meeting) -> list[PKOnlyObject]:
        return [
            PKOnlyObject(pk=inv.person_id)
            for inv in instance.invitations.all()
            if inv.person_id is not None
        ]


class MeetingSerializer(BaseModelSerializer):
    kind = serializers.SlugRelatedField(
        slug_field="code",
        queryset=MeetingKind.objects.none(),
        required=False,
        help_text=_(
            "Kode jenis rapat, misalnya rapat_koordinasi (bawaan), rapat_evaluasi, lainnya."
        ),
    )
    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.none(),
        required=False,
        help_text=_("Kode kecamatan; bawaan: kecamatan pengguna."),
    )
    invited_institutions = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.none(), many=True, required=False
    )
    invited_people = _AddresseesField(
        child_relation=serializers.PrimaryKeyRelatedField(
            queryset=InstitutionPerson.objects.none()
        ),
        required=False,
        help_text=_(  # type: ignore[arg-type]
            "Personel yang menjadi alamat undangan; instansinya ikut diundang. "
            "Tidak dikirim: alamat undangan tetap."
        ),
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
            "invited_people",
            "agenda",
            "agenda_items",
        ]
        read_only_fields = ["letter_number", "letter_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _user(self)
        self.fields["kind"].queryset = meeting_kinds()  # type: ignore[attr-defined]
        if user is None:
            return
        _scope_related(self.fields, "district", districts_visible_to(user=user))
        _scope_related(self.fields, "invited_institutions", institutions_visible_to(user=user))
        _scope_related(
            self.fields,
            "invited_people",
            people_visible_to(user=user).select_related("institution"),
        )

    def get_agenda_items(self, meeting: Meeting) -> list[str]:
        return [a.title for a in meeting.agenda_items.all()]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "kind" not in attrs and self.instance is None:
            attrs["kind"] = meeting_kinds().get(code="rapat_koordinasi")
        return attrs


class EvidenceSerializer(BaseModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

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
            "thumbnail_url",
        ]

    def get_url(self, evidence: Evidence) -> str | None:
        return evidence.get_absolute_url() if evidence.file else None

    def get_thumbnail_url(self, evidence: Evidence) -> str | None:
        if evidence.kind != EvidenceKind.PHOTO or not evidence.file:
            return None
        return reverse("meetings:evidence_thumbnail", kwargs={"pk": evidence.pk})


class ActionItemSerializer(BaseModelSerializer):
    """A follow-up. `meeting` is null for an item that came from a field visit (docs/adr/0083);
    such items are made only from the visit's page, so creating one here needs a meeting."""

    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.none(),
        allow_null=True,
        help_text=_(
            "Id rapat. Kosong (null) pada tindak lanjut dari kunjungan lapangan; tindak lanjut "
            "baru lewat API wajib menyebut rapatnya."
        ),
    )
    district = serializers.CharField(
        source="district_id",
        read_only=True,
        help_text=_("Kode kecamatan tindak lanjut (dari rapat atau kunjungan asalnya)."),
    )
    decision = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.none(), required=False, allow_null=True
    )
    owner_institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.none())
    owner_person = serializers.PrimaryKeyRelatedField(
        queryset=InstitutionPerson.objects.none(), required=False, allow_null=True
    )
    is_followed_up = serializers.BooleanField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "district",
            "meeting",
            "origin_date",
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
        read_only_fields = ["origin_date", "status", "cancel_reason", "completed_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _user(self)
        if user is None:
            return
        _scope_related(self.fields, "meeting", meetings_visible_to(user=user))
        _scope_related(self.fields, "decision", decisions_visible_to(user=user))
        _scope_related(self.fields, "owner_institution", institutions_visible_to(user=user))
        _scope_related(self.fields, "owner_person", people_visible_to(user=user))

    def validate_meeting(self, meeting: Meeting | None) -> Meeting | None:
        if meeting is None:
            raise serializers.ValidationError(gettext(ERR_API_NEEDS_MEETING))
        return meeting


class ActionItemEvidenceUploadSerializer(CleanTextMixin, serializers.Serializer):
    # Checked here too, so a refused file is named under "file" (the service checks it again).
    file = serializers.FileField(required=False, validators=[UploadValidator(UploadKind.EVIDENCE)])
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=ITEM_TEXT_LENGTH
    )
    complete = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Sekaligus tandai tindak lanjut selesai (aturan yang sama: selesai butuh bukti)."
        ),
    )


class AgendaMinutesSerializer(CleanTextMixin, serializers.Serializer):
    """One agenda item of the minutes and what was discussed under it."""

    id = serializers.IntegerField(read_only=True)
    agenda_item = serializers.IntegerField(
        write_only=True, min_value=1, help_text=_("Id acara rapat.")
    )
    title = serializers.CharField(read_only=True)
    discussion = serializers.CharField(
        allow_blank=True,
        max_length=TextLimit.MINUTES,
        trim_whitespace=False,
        validators=[validate_minutes_lines],
    )


class AttendanceReadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.CharField()
    institution = serializers.IntegerField(source="institution_id", allow_null=True)


class DecisionSerializer(serializers.Serializer):
    """A decision as the caller may see it (ADR 0020)."""

    id = serializers.IntegerField()
    order = serializers.IntegerField()
    text = serializers.CharField()
    agenda_item = serializers.IntegerField(source="agenda_item_id", allow_null=True)


class MinutesSerializer(CleanTextMixin, serializers.Serializer):
    """A meeting's minutes: summary, minute taker, discussion per agenda item; read with the
    attendance and every decision. Only readers of the minutes get them (ADR 0020)."""

    summary = serializers.CharField(
        source="minutes_summary",
        allow_blank=True,
        max_length=TextLimit.MINUTES,
        trim_whitespace=False,
        validators=[validate_minutes_lines],
    )
    minute_taker = serializers.CharField(allow_blank=True, max_length=150, required=False)
    chair_signatory = serializers.IntegerField(
        source="chair_signatory_id",
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("Id penandatangan kantor kecamatan yang memimpin rapat."),
    )
    agenda = AgendaMinutesSerializer(many=True, required=False)
    attendances = AttendanceReadSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
