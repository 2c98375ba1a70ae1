"""Serializers of the field-work API: shared fields, the registers, categories and the desa
situation. None of them saves: the views call the services (scope, validation, audit)."""

import contextlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sitrantib.core.api import MAX_ID, BaseModelSerializer
from sitrantib.fieldwork.api.common import limit, scope_from, writable_hamlets, writable_villages
from sitrantib.fieldwork.enums import Equipment, PostCondition
from sitrantib.fieldwork.models import IncidentCategory, Post, TaskForce
from sitrantib.linmas.models import Member
from sitrantib.linmas.selectors import members_visible_to
from sitrantib.regions.models import Hamlet, Village

# A count that fits the column on every database (PostgreSQL's integer).
MAX_COUNT = 2**31 - 1

MESSAGE_VILLAGE_FIXED = gettext_noop("Desa tidak dapat diubah sesudah data dibuat.")
MESSAGE_COORDINATES_PAIR = gettext_noop("Isi lintang dan bujur keduanya, atau kosongkan keduanya.")


def inline_enum(values: list[str]) -> dict[str, Any]:
    # An inline pattern, not an enum component: "status" and "kind" name other apps' enums too.
    return {
        "type": "string",
        "pattern": "^(" + "|".join(values) + ")$",
        "description": " | ".join(values),
    }


def choice_field(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A ChoiceField of `choices` (TextChoices) documented as an inline pattern."""
    field_class = extend_schema_field(inline_enum(list(choices.values)))(
        type(f"{choices.__name__}Field", (serializers.ChoiceField,), {})
    )
    return field_class(choices=choices.choices, **kwargs)


class IdField(serializers.IntegerField):
    """A record id in a body: a whole number from 1 to 2^63 - 1."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool | float):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class CoordinateField(serializers.DecimalField):
    """A latitude or longitude in degrees, six decimals, written as a JSON number."""

    def __init__(self, *, limit_degrees: int, **kwargs: Any) -> None:
        super().__init__(
            max_digits=9,
            decimal_places=6,
            min_value=Decimal(-limit_degrees),
            max_value=Decimal(limit_degrees),
            coerce_to_string=False,
            required=False,
            allow_null=True,
            **kwargs,
        )

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, float):
            data = repr(data)
        return super().to_internal_value(data)

    def validate_precision(self, value: Decimal) -> Decimal:
        # A phone gives more decimals than are kept: rounded to 6 (about 10 cm), not refused.
        with contextlib.suppress(InvalidOperation):  # far too large: refused for its digits
            value = value.quantize(Decimal("0.000001"))
        return super().validate_precision(value)


def village_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Village.objects.none(),
        help_text=_("Kode desa, misalnya 35.08.07.2001. Tetap sesudah dibuat."),
        **kwargs,
    )


class PlaceMixin:
    """Desa fixed after creation; coordinates both or neither; choices within the scope."""

    instance: Any

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()  # type: ignore[misc]
        scope = scope_from(self)
        limit(fields, "village", writable_villages(scope))
        limit(fields, "hamlet", writable_hamlets(scope))
        return fields

    def validate_village(self, village: Village) -> Village:
        if self.instance is not None and village.code != self.instance.village_id:
            raise serializers.ValidationError(gettext(MESSAGE_VILLAGE_FIXED))
        return village

    def check_coordinates(self, attrs: dict[str, Any]) -> None:
        if "latitude" not in attrs and "longitude" not in attrs:
            return
        lat = attrs.get("latitude", getattr(self.instance, "latitude", None))
        lon = attrs.get("longitude", getattr(self.instance, "longitude", None))
        if (lat is None) != (lon is None):
            name = "longitude" if lon is None else "latitude"
            raise serializers.ValidationError({name: [gettext(MESSAGE_COORDINATES_PAIR)]})
        attrs["latitude"], attrs["longitude"] = lat, lon


# Registers ---------------------------------------------------------------------------------------


class PostDutyPersonSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    member = serializers.IntegerField(
        source="member_id", read_only=True, allow_null=True, help_text=_("Id anggota LINMAS.")
    )


class PostDutySerializer(serializers.Serializer):
    """One night of the roster (0 = Senin ... 6 = Minggu), its group and people."""

    weekday = serializers.IntegerField(read_only=True)
    group_name = serializers.CharField(read_only=True)
    people = PostDutyPersonSerializer(many=True, read_only=True)


class PostSerializer(PlaceMixin, BaseModelSerializer):
    """A Poskamling. The duty roster is read here and kept on the Poskamling's page."""

    village = village_field()
    hamlet = serializers.PrimaryKeyRelatedField(
        queryset=Hamlet.objects.none(), required=False, allow_null=True
    )
    condition = choice_field(PostCondition, required=False)
    equipment = serializers.ListField(
        child=choice_field(Equipment),
        required=False,
        max_length=len(Equipment.choices),
        help_text=_("Kode perlengkapan: ") + ", ".join(Equipment.values),
    )
    latitude = CoordinateField(limit_degrees=90)
    longitude = CoordinateField(limit_degrees=180)
    last_visit = serializers.DateTimeField(read_only=True, allow_null=True)
    roster = PostDutySerializer(source="duties", many=True, read_only=True)

    class Meta:
        model = Post
        fields = [
            "id", "village", "hamlet", "rw", "rt", "name", "address", "latitude", "longitude",
            "condition", "is_active", "equipment", "equipment_note", "note", "last_visit",
            "roster", "version",
        ]  # fmt: skip
        read_only_fields = ["version"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self.check_coordinates(attrs)
        return attrs


class TaskForceMemberSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    member = serializers.IntegerField(
        source="member_id", read_only=True, allow_null=True, help_text=_("Id anggota LINMAS.")
    )
    position = serializers.CharField(read_only=True)
    rw = serializers.CharField(read_only=True)


class TaskForceSerializer(PlaceMixin, BaseModelSerializer):
    """The Satgas Keamanan Desa of a desa (one per desa). Members are read here and kept on the
    Satgas page."""

    village = village_field()
    leader_member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Id anggota LINMAS desa ini yang menjadi ketua, bila ia anggota."),
    )
    vest_count = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    radio_count = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    member_count = serializers.IntegerField(read_only=True)
    members = TaskForceMemberSerializer(many=True, read_only=True)

    class Meta:
        model = TaskForce
        fields = [
            "id", "village", "decree_number", "decree_date", "leader_name", "leader_member",
            "vest_count", "radio_count", "equipment_note", "is_active", "note", "member_count",
            "members", "version",
        ]  # fmt: skip
        read_only_fields = ["version"]
        # One Satgas per desa: the service's check names the desa (not DRF's generic message).
        validators: list[Any] = []
        extra_kwargs: dict[str, dict[str, Any]] = {"village": {"validators": []}}

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        limit(fields, "leader_member", members_visible_to(user=self.context["request"].user))
        return fields


# Categories --------------------------------------------------------------------------------------


class IncidentCategorySerializer(serializers.ModelSerializer):
    """A kind of incident; `is_serious` incidents count in the situation rule's deadline."""

    class Meta:
        model = IncidentCategory
        fields = ["code", "name", "group", "is_serious", "order"]
        read_only_fields = fields


# Desa situation ----------------------------------------------------------------------------------


class SituationEvidenceSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="visit | incident")
    id = serializers.IntegerField(source="pk")
    date = serializers.DateField(source="on_date")
    text = serializers.CharField()


class SituationConditionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="visited | rawan_resolved | incidents_handled")
    # DRF's serializer metaclass takes declared fields out of the class; only the stubs see this
    # field as the `Field.label` attribute.
    label = serializers.CharField()  # type: ignore[assignment]
    holds = serializers.BooleanField()
    detail = serializers.CharField()
    evidence = SituationEvidenceSerializer(many=True)


class VillageSituationSerializer(serializers.Serializer):
    village = serializers.CharField(source="village_code", help_text=_("Kode desa."))
    village_name = serializers.CharField()
    district = serializers.CharField(source="district_code")
    peaceful = serializers.BooleanField(help_text=_("Tentram dan tertib dalam periode."))
    monitored = serializers.BooleanField(help_text=_("Dikunjungi sedikitnya sekali."))
    visits = serializers.IntegerField()
    last_visit = serializers.DateTimeField(allow_null=True)
    conditions = SituationConditionSerializer(many=True)


class SituationSummarySerializer(serializers.Serializer):
    villages = serializers.IntegerField()
    monitored = serializers.IntegerField()
    peaceful = serializers.IntegerField()
    monitored_percent = serializers.FloatField(allow_null=True)
    peaceful_percent = serializers.FloatField(allow_null=True)


class SituationPeriodSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="2026, 2026-Q1 or 2026-03")
    kind = serializers.CharField(help_text="month | quarter | year")
    # DRF's serializer metaclass takes declared fields out of the class; only the stubs see this
    # field as the `Field.label` attribute.
    label = serializers.CharField()  # type: ignore[assignment]
    start = serializers.DateField()
    end = serializers.DateField()


class VillageSituationsSerializer(serializers.Serializer):
    """Every desa of the caller's scope in a period, and the figures of the programme
    indicator (desa terpantau, desa tentram dan tertib)."""

    period = SituationPeriodSerializer()
    summary = SituationSummarySerializer()
    results = VillageSituationSerializer(many=True)
