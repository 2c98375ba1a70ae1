"""Serializers of the trainings API (docs/adr/0060). None of them saves: the views call services."""

import re
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sitrantib.budget.models import BudgetLine
from sitrantib.budget.selectors import lines_visible_to
from sitrantib.core.api import MAX_ID, BaseModelSerializer
from sitrantib.core.links import public_url
from sitrantib.core.scoping import scope_of
from sitrantib.core.text import CleanTextMixin
from sitrantib.linmas.models import Member
from sitrantib.linmas.selectors import mask_value, members_visible_to
from sitrantib.planning.models import PlannedActivity
from sitrantib.planning.selectors import activities_visible_to
from sitrantib.regions.models import District, Institution
from sitrantib.regions.selectors import districts_visible_to, institutions_visible_to
from sitrantib.trainings import services
from sitrantib.trainings.access import can_manage_any
from sitrantib.trainings.enums import AttendanceStatus, TrainingStatus
from sitrantib.trainings.models import (
    Certificate,
    Instructor,
    Training,
    TrainingSession,
)
from sitrantib.trainings.selectors import active_kinds, instructors_in_scope

MESSAGE_DISTRICT_FIXED = gettext_noop("Kecamatan penyelenggara tidak dapat diubah.")
MESSAGE_ENDS_BEFORE_START = gettext_noop("Tanggal selesai tidak boleh sebelum tanggal mulai.")
MESSAGE_END_TIME = gettext_noop("Jam selesai harus sesudah jam mulai.")


def _user(serializer: serializers.BaseSerializer) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def _limit(fields: dict[str, Any], name: str, queryset: Any) -> None:
    """Only ids in the caller's scope are accepted: an id elsewhere gets the same "does not
    exist" answer as an unknown one, so the API does not reveal what exists elsewhere."""
    field = fields.get(name)
    if field is not None and not field.read_only:
        field.queryset = queryset


def _inline_enum(values: list[str]) -> dict[str, Any]:
    # An inline pattern, not an enum component: several models have a "status" (see linmas).
    return {
        "type": "string",
        "pattern": "^(" + "|".join(values) + ")$",
        "description": " | ".join(values),
    }


@extend_schema_field(_inline_enum(TrainingStatus.values))
class TrainingStatusField(serializers.ChoiceField):
    """Status of a training: draft, open, running, finished, reported, cancelled."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=TrainingStatus.choices, **kwargs)


@extend_schema_field(_inline_enum(AttendanceStatus.values))
class AttendanceStatusField(serializers.ChoiceField):
    """A participant at a session: hadir, izin, sakit or alpa."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=AttendanceStatus.choices, **kwargs)


class IdField(serializers.IntegerField):
    """A record id in a body: a whole number from 1 to 2^63 - 1."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class ScoreField(serializers.IntegerField):
    """A test score: a whole number 0-100 or null; 59.5, "abc", true and 101 are refused."""

    def __init__(self, **kwargs: Any) -> None:
        message = _(services.ERR_SCORE)
        super().__init__(
            min_value=0,
            max_value=100,
            allow_null=True,
            required=False,
            error_messages={"invalid": message, "min_value": message, "max_value": message},
            **kwargs,
        )

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool | float) or (
            isinstance(data, str) and re.fullmatch(r"\s*[0-9]{1,3}\s*", data) is None
        ):
            self.fail("invalid")
        return int(super().to_internal_value(data))


# Trainings ---------------------------------------------------------------------------------------


class TrainingSerializer(BaseModelSerializer):
    """A training event. `status` moves only through `POST .../{id}/transition/`."""

    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.none(),
        required=False,
        help_text=_(
            "Kode kecamatan penyelenggara; bawaan: kecamatan pengguna. Tetap sesudah dibuat."
        ),
    )
    kind = serializers.SlugRelatedField(
        slug_field="code",
        queryset=active_kinds(),
        help_text=_("Kode jenis pelatihan, misalnya dasar, teknis, penyegaran."),
    )
    budget_line = serializers.PrimaryKeyRelatedField(
        queryset=BudgetLine.objects.none(), required=False, allow_null=True
    )
    planned_activity = serializers.PrimaryKeyRelatedField(
        queryset=PlannedActivity.objects.none(), required=False, allow_null=True
    )
    status = TrainingStatusField(read_only=True)

    class Meta:
        model = Training
        fields = [
            "id", "district", "title", "kind", "starts_on", "ends_on", "venue", "capacity",
            "village_quota", "min_attendance_percent", "min_post_score", "transport_per_day",
            "budget_line", "planned_activity", "status", "status_note", "status_date", "version",
        ]  # fmt: skip
        read_only_fields = ["status_note", "status_date", "version"]

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        user = _user(self)
        if user is not None:
            _limit(fields, "district", districts_visible_to(user=user))
            _limit(fields, "budget_line", lines_visible_to(user=user))
            _limit(fields, "planned_activity", activities_visible_to(user=user))
        return fields

    def validate_district(self, district: District) -> District:
        if self.instance is not None and district.pk != self.instance.district_id:
            raise serializers.ValidationError(gettext(MESSAGE_DISTRICT_FIXED))
        return district

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        end = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if start is not None and end is not None and end < start:
            raise serializers.ValidationError({"ends_on": [gettext(MESSAGE_ENDS_BEFORE_START)]})
        return attrs


# Sessions and instructors ------------------------------------------------------------------------


class SessionSerializer(BaseModelSerializer):
    """A session; `instructor` may be null and assigned later. The assignment letter number is
    given by the office's numbering (the training's page), never typed here."""

    instructor = serializers.PrimaryKeyRelatedField(
        queryset=Instructor.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Id instruktur (GET /api/v1/instructors/); kosong bila belum ditetapkan."),
    )

    class Meta:
        model = TrainingSession
        fields = [
            "id", "date", "start_time", "end_time", "topic", "place", "instructor",
            "honorarium", "assignment_number", "assignment_date", "version",
        ]  # fmt: skip
        read_only_fields = ["assignment_number", "assignment_date", "version"]

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        user = _user(self)
        if user is not None:
            _limit(fields, "instructor", instructors_in_scope(scope=scope_of(user)))
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start_time", getattr(self.instance, "start_time", None))
        end = attrs.get("end_time", getattr(self.instance, "end_time", None))
        if start is not None and end is not None and end <= start:
            raise serializers.ValidationError({"end_time": [gettext(MESSAGE_END_TIME)]})
        return attrs


class InstructorSerializer(BaseModelSerializer):
    """A person who teaches, from the institutions register (Polsek, Koramil, others)."""

    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.none(),
        required=False,
        help_text=_("Kode kecamatan; bawaan: kecamatan pengguna. Tetap sesudah dibuat."),
    )
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Id instansi (Polsek, Koramil, lainnya) dari daftar instansi kecamatan."),
    )

    class Meta:
        model = Instructor
        fields = [
            "id", "district", "institution", "name", "rank", "id_number", "position", "phone",
            "topics", "tax_percent", "is_active", "version",
        ]  # fmt: skip
        read_only_fields = ["version"]

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        user = _user(self)
        if user is not None:
            _limit(fields, "district", districts_visible_to(user=user))
            _limit(fields, "institution", institutions_visible_to(user=user))
        return fields

    def validate_district(self, district: District) -> District:
        if self.instance is not None and district.pk != self.instance.district_id:
            raise serializers.ValidationError(gettext(MESSAGE_DISTRICT_FIXED))
        return district

    def to_representation(self, instance: Instructor) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        # The phone is personal data: in full only for those who run the trainings (as the page).
        manager = can_manage_any(scope_of(_user(self)))
        data["phone"] = mask_value("phone", instance.phone, reveal=manager)
        # So is the NIP/NRP of a person who is not a civil servant on a letter: for the managers.
        data["id_number"] = (
            instance.id_number if manager else mask_value("phone", instance.id_number, reveal=False)
        )
        return data


# Participants ------------------------------------------------------------------------------------


class EnrolmentSerializer(serializers.Serializer):
    """A participant with the scores and the completion computed by the training's rule."""

    id = serializers.IntegerField(read_only=True)
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    village = serializers.CharField(
        source="village_id", read_only=True, help_text=_("Kode desa peserta saat didaftarkan.")
    )
    method = serializers.CharField(
        read_only=True, help_text=_("Cara pendaftaran: manual | quota | village | api.")
    )
    pre = serializers.IntegerField(source="pre_score", read_only=True, allow_null=True)
    post = serializers.IntegerField(source="post_score", read_only=True, allow_null=True)
    attended_sessions = serializers.IntegerField(read_only=True)
    attendance_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, read_only=True, coerce_to_string=True
    )
    completed = serializers.BooleanField(read_only=True)
    reason = serializers.CharField(source="completion_reason", read_only=True)


class EnrolmentCreatedSerializer(EnrolmentSerializer):
    """The participant just enrolled, with the warnings to show (never refusals)."""

    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Peringatan, misalnya anggota sudah lulus pelatihan jenis ini tahun ini."),
    )


class EnrolInSerializer(serializers.Serializer):
    """Enrol one member of the register."""

    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(), help_text=_("Id anggota LINMAS dari register.")
    )

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        _limit(fields, "member", members_visible_to(user=_user(self)))
        return fields


class AttendanceInSerializer(CleanTextMixin, serializers.Serializer):
    """One mark: a participant (by member id) at one session; posting again replaces it."""

    session = IdField(help_text=_("Id sesi pelatihan ini."))
    member = IdField(help_text=_("Id anggota LINMAS yang menjadi peserta."))
    status = AttendanceStatusField()


class AttendanceMarkSerializer(serializers.Serializer):
    """A participant (by member id) at one session: hadir, izin, sakit or alpa."""

    session = serializers.IntegerField(source="session_id", read_only=True)
    member = serializers.IntegerField(source="enrolment.member_id", read_only=True)
    status = AttendanceStatusField(read_only=True)
    marked_at = serializers.DateTimeField(read_only=True)


class ScoresInSerializer(serializers.Serializer):
    """Pre- and post-test scores of one participant (by member id)."""

    member = IdField(help_text=_("Id anggota LINMAS yang menjadi peserta."))
    pre = ScoreField(help_text=_("Nilai pre-test 0-100; null mengosongkan; tidak dikirim: tetap."))
    post = ScoreField(
        help_text=_("Nilai post-test 0-100; null mengosongkan; tidak dikirim: tetap.")
    )


class CompletionSerializer(serializers.Serializer):
    """One participant: completed by the training's rule or not, and why."""

    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    village = serializers.CharField(source="village_id", read_only=True)
    completed = serializers.BooleanField(read_only=True)
    attendance_percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        read_only=True,
        coerce_to_string=True,
        help_text=_("Persentase sesi yang dihadiri (hanya Hadir), dua desimal, misalnya 80.00."),
    )
    post = serializers.IntegerField(source="post_score", read_only=True, allow_null=True)
    reason = serializers.CharField(source="completion_reason", read_only=True)


class CertificateSerializer(serializers.Serializer):
    """A numbered certificate with the address of its public verification page."""

    id = serializers.IntegerField(read_only=True)
    member = serializers.IntegerField(source="enrolment.member_id", read_only=True)
    member_name = serializers.CharField(source="enrolment.member.name", read_only=True)
    number = serializers.CharField(read_only=True)
    issued_on = serializers.DateField(read_only=True)
    verify_url = serializers.SerializerMethodField(
        help_text=_("Alamat halaman verifikasi publik (juga di kode QR sertifikat).")
    )
    revoked = serializers.BooleanField(source="is_revoked", read_only=True)
    revoke_reason = serializers.CharField(read_only=True)

    def get_verify_url(self, certificate: Certificate) -> str:
        path = reverse("trainings_public:verify", kwargs={"code": certificate.verification_code})
        return public_url(self.context.get("request"), path)
