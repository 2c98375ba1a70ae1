from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sitrantib.core.api import BaseModelSerializer, BoundedDateField
from sitrantib.core.scoping import scope_of
from sitrantib.core.text import CleanTextMixin
from sitrantib.core.workflow import NOTE_MAX_LENGTH
from sitrantib.linmas import selectors, services
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import EquipmentIssue, EquipmentType, Member, Squad, VillageEquipment
from sitrantib.linmas.nik import normalise_nik
from sitrantib.linmas.selectors import personal_fields
from sitrantib.regions.models import Village


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(" + "|".join(MemberStatus.values) + ")$",
        "description": " | ".join(MemberStatus.values),
    }
)
class MemberStatusField(serializers.ChoiceField):
    """Status of a LINMAS member (an inline enum: "status" names other apps' enums too)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MemberStatus.choices, **kwargs)


MESSAGE_VILLAGE_FIXED = gettext_noop("Desa anggota tidak dapat dipindah lewat perubahan data.")


def _user(serializer: serializers.Serializer) -> Any:
    request = serializer.context.get("request")
    return request.user if request is not None else None


def _limit(fields: dict[str, Any], name: str, queryset: Any) -> None:
    """Only ids the caller may write are accepted: an unknown id and an id of another desa
    get the same "does not exist" answer, so the API does not reveal what exists elsewhere."""
    field = fields.get(name)
    if field is not None and not field.read_only:
        field.queryset = queryset


def _expected_version(serializer: serializers.Serializer) -> int | None:
    """The If-Match version the view read (core.api.VersionedMixin), for the service."""
    view = serializer.context.get("view")
    return getattr(view, "expected_version", None)


class MemberSerializer(BaseModelSerializer):
    """A LINMAS member; NIK, phone and address masked for roles that do not keep the register."""

    nik = serializers.CharField(
        max_length=24, help_text=_("16 angka; spasi, titik dan tanda hubung dibuang.")
    )
    village = serializers.SlugRelatedField(slug_field="code", queryset=Village.objects.all())
    status = MemberStatusField(read_only=True)
    birth_year = serializers.SerializerMethodField(
        help_text=_(
            "Tahun lahir. Bagi peran yang melihat NIK tersamar, birth_date kosong (null) dan "
            "hanya tahun lahir yang diberikan (ADR 0010)."
        )
    )

    # KTA numbers (ADR 0106): `issue_card` asks SITRANTIB to issue the number with this save;
    # `card_number` is then read-only in effect (a change is refused with 400).
    issue_card = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_(
            "true: nomor KTA diterbitkan SITRANTIB dari nomor urut kecamatan tahun ini "
            "(card_number dikosongkan, card_valid_until wajib)."
        ),
    )
    card_number_issued = serializers.BooleanField(
        read_only=True,
        help_text=_("true: nomor KTA diterbitkan SITRANTIB; false: nomor lama yang diketik."),
    )

    class Meta:
        model = Member
        fields = [
            "id", "nik", "name", "sex", "birth_place", "birth_date", "birth_year", "village",
            "hamlet",
            "address", "rt", "rw", "resides_in_village", "phone", "education", "marital_status",
            "occupation", "position", "squad", "decree_number", "decree_date", "card_number",
            "card_valid_until", "issue_card", "card_number_issued", "card_issued_on", "status",
            "status_date", "status_reason", "trained_on",
        ]  # fmt: skip
        # trained_on: the end date of the latest training completed, kept by the trainings module.
        read_only_fields = [
            "status", "status_date", "status_reason", "trained_on", "card_issued_on",
        ]  # fmt: skip
        # Null in answers to roles that see the NIK masked (a null sent in is refused as empty).
        extra_kwargs = {"birth_date": {"allow_null": True}}

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        user = _user(self)
        _limit(fields, "squad", selectors.squads_writable_by(user=user))
        _limit(fields, "hamlet", selectors.hamlets_writable_by(user=user))
        return fields

    def to_representation(self, instance: Member) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        request = self.context.get("request")
        shown = personal_fields(instance, scope_of(request.user if request else None))
        data.update({name: shown[name] for name in ("nik", "phone", "address")})
        if shown["birth_date"] is None:
            data["birth_date"] = None
        return data

    def get_birth_year(self, instance: Member) -> int | None:
        return instance.birth_date.year if instance.birth_date else None

    def validate_village(self, village: Village) -> Village:
        if self.instance is not None and village.code != self.instance.village_id:
            raise serializers.ValidationError(gettext(MESSAGE_VILLAGE_FIXED))
        return village

    def _member_data(self, validated: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in validated.items() if k in services.MEMBER_FIELDS}

    def create(self, validated: dict[str, Any]) -> Member:
        return services.create_member(
            village=validated["village"],
            data=self._member_data(validated),
            actor=self.context["request"].user,
            issue_card=bool(validated.get("issue_card")),
        )

    def update(self, instance: Member, validated: dict[str, Any]) -> Member:
        data = self._member_data(validated)
        if "nik" in data and normalise_nik(data["nik"]) == instance.nik:
            data.pop("nik")
        member, _changed = services.update_member(
            member=instance,
            data=data,
            actor=self.context["request"].user,
            expected_version=_expected_version(self),
            issue_card=bool(validated.get("issue_card")),
        )
        return member


class MemberTransitionSerializer(CleanTextMixin, serializers.Serializer[Any]):
    """The body of a member's status move: `note` (or, as before, `reason`) and `on_date`."""

    status = MemberStatusField()
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, allow_blank=True, required=False)
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        allow_blank=True,
        required=False,
        help_text=_("Sama dengan note (nama lama)."),
    )
    on_date = BoundedDateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """`reason` (the old name) fills `note` when `note` is not given."""
        attrs["note"] = attrs.get("note") or attrs.pop("reason", "") or ""
        return attrs


class SquadSerializer(BaseModelSerializer):
    village = serializers.SlugRelatedField(slug_field="code", queryset=Village.objects.all())

    class Meta:
        model = Squad
        fields = ["id", "village", "name", "order", "leader"]

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        _limit(fields, "leader", selectors.members_writable_by(user=_user(self)))
        return fields

    def save(self, **kwargs: Any) -> Squad:
        data = {**self.validated_data, **kwargs}
        instance: Squad | None = self.instance
        self.instance = services.save_squad(
            village=instance.village if instance else data["village"],
            name=data.get("name", instance.name if instance else ""),
            order=data.get("order", instance.order if instance else 0),
            leader=data.get("leader", instance.leader if instance else None),
            squad=instance,
            actor=self.context["request"].user,
            expected_version=_expected_version(self),
        )
        return self.instance


class EquipmentTypeSerializer(BaseModelSerializer):
    class Meta:
        model = EquipmentType
        fields = ["code", "name", "unit", "order", "is_active"]


class VillageEquipmentSerializer(BaseModelSerializer):
    village = serializers.SlugRelatedField(slug_field="code", queryset=Village.objects.all())
    item_type = serializers.SlugRelatedField(
        slug_field="code", queryset=EquipmentType.objects.all()
    )
    shortage = serializers.IntegerField(read_only=True)

    class Meta:
        model = VillageEquipment
        fields = ["id", "village", "item_type", "good", "damaged", "required", "shortage", "note"]
        validators: list[Any] = []

    def save(self, **kwargs: Any) -> VillageEquipment:
        data = {**self.validated_data, **kwargs}
        instance: VillageEquipment | None = self.instance
        self.instance = services.set_equipment(
            village=instance.village if instance else data["village"],
            item_type=instance.item_type if instance else data["item_type"],
            good=data.get("good", instance.good if instance else 0),
            damaged=data.get("damaged", instance.damaged if instance else 0),
            required=data.get("required", instance.required if instance else 0),
            note=data.get("note", instance.note if instance else ""),
            actor=self.context["request"].user,
            expected_version=_expected_version(self),
        )
        return self.instance


class EquipmentIssueSerializer(BaseModelSerializer):
    item_type = serializers.SlugRelatedField(
        slug_field="code", queryset=EquipmentType.objects.all()
    )

    class Meta:
        model = EquipmentIssue
        fields = ["id", "member", "item_type", "quantity", "issued_on", "returned_on"]
        read_only_fields = ["returned_on"]

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        _limit(fields, "member", selectors.members_writable_by(user=_user(self)))
        return fields

    def create(self, validated: dict[str, Any]) -> EquipmentIssue:
        return services.issue_equipment(
            member=validated["member"],
            item_type=validated["item_type"],
            quantity=validated.get("quantity", 1),
            issued_on=validated["issued_on"],
            actor=self.context["request"].user,
        )


class ReturnSerializer(serializers.Serializer[Any]):
    returned_on = BoundedDateField()
