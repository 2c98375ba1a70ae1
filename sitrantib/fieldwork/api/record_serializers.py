"""Serializers of visits and incidents (the reports that also come from the offline queue).

A report carries a client-made `client_id` (UUID): sending it again returns the first record
(docs/adr/0081). After creation the client id, the desa and an incident's status stay as they
are here (status moves through `POST /api/v1/incidents/{id}/transition/`).
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sitrantib.budget.api.serializers import WholeRupiahField
from sitrantib.core.api import BaseModelSerializer, BoundedDateTimeField
from sitrantib.core.text import CleanCharField, CleanTextMixin, TextLimit
from sitrantib.core.workflow import TransitionSerializer
from sitrantib.fieldwork import access
from sitrantib.fieldwork.api.common import (
    institutions_of_scope,
    limit,
    scope_from,
    writable_villages,
)
from sitrantib.fieldwork.api.serializers import (
    MAX_COUNT,
    CoordinateField,
    IdField,
    PlaceMixin,
    choice_field,
    village_field,
)
from sitrantib.fieldwork.enums import (
    ActivityType,
    IncidentSource,
    IncidentStatus,
    Situation,
    VisitKind,
)
from sitrantib.fieldwork.models import MAX_LOSS, Incident, Post, TaskForce, Visit
from sitrantib.fieldwork.selectors import categories
from sitrantib.regions.models import Hamlet, Institution

MESSAGE_POSTS_UNKNOWN = gettext_noop("Poskamling tidak ditemukan: %(ids)s.")
MESSAGE_END_BEFORE_START = gettext_noop("Waktu selesai tidak boleh sebelum waktu mulai.")
MAX_TEAM = 30
MAX_RECOMMENDATIONS = 30
MAX_POSTS = 30

CLIENT_ID_HELP = _(
    "Id buatan perangkat (UUID). Kiriman ulang dengan id yang sama mengembalikan data pertama "
    "(200), tidak membuat data kedua. Tidak dapat diubah sesudah dibuat."
)

CLIENT_ID_UPDATE_HELP = _(
    "Id buatan perangkat (UUID), diberikan saat laporan dibuat. Hanya dibaca: pada perubahan "
    "(PUT/PATCH) nilai yang dikirim diabaikan dan id tetap."
)


class ClientIdField(serializers.UUIDField):
    """A client-made id: a UUID written as text (a number is not one)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", CLIENT_ID_HELP)
        super().__init__(required=False, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or len(data) > 64:
            self.fail("invalid", value=str(data)[:64])
        return super().to_internal_value(data)


class VisitTeamMemberSerializer(CleanTextMixin, serializers.Serializer):
    """One person of the visit team."""

    name = CleanCharField(max_length=TextLimit.NAME)
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Id instansi kecamatan ini (kecamatan, Polsek, Koramil, desa)."),
    )
    position = CleanCharField(max_length=100, required=False, allow_blank=True, default="")

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        limit(fields, "institution", institutions_of_scope(scope_from(self)))
        return fields

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            "name": instance.name,
            "institution": instance.institution_id,
            "position": instance.position,
        }


class RecommendationsField(serializers.ListField):
    """Recommendations as a list of texts (each may become an action item on the visit page)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            child=CleanCharField(max_length=TextLimit.SHORT_NOTE),
            max_length=MAX_RECOMMENDATIONS,
            required=False,
            **kwargs,
        )

    def to_representation(self, data: Any) -> list[str]:
        return [r.text for r in data.all()]


class PostIdsField(serializers.ListField):
    """Ids of the Poskamling visited (of the visit's desa)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=IdField(), max_length=MAX_POSTS, required=False, **kwargs)

    def to_representation(self, data: Any) -> list[int]:
        return [p.pk for p in data.all()]


class VisitSerializer(PlaceMixin, BaseModelSerializer):
    """A field visit: what was done and found, the situation judged, team and recommendations.
    A rawan situation's resolution (`resolved_on`) is recorded on the visit page."""

    client_id = ClientIdField()
    village = village_field()
    kind = choice_field(VisitKind)
    situation = choice_field(Situation)
    visited_at = BoundedDateTimeField()
    ended_at = BoundedDateTimeField(required=False, allow_null=True)
    posts = PostIdsField()
    task_force = serializers.PrimaryKeyRelatedField(
        queryset=TaskForce.objects.none(), required=False, allow_null=True
    )
    activity_types = serializers.ListField(
        child=choice_field(ActivityType),
        required=False,
        max_length=len(ActivityType.choices),
        help_text=_("Jenis kegiatan (Permendagri 26/2020 Pasal 3 ayat 4): ")
        + ", ".join(ActivityType.values),
    )
    # many=True makes a ListSerializer, which takes max_length; the stubs check the child's call.
    team = VisitTeamMemberSerializer(many=True, required=False, max_length=MAX_TEAM)  # type: ignore[call-arg]
    recommendations = RecommendationsField()
    latitude = CoordinateField(limit_degrees=90)
    longitude = CoordinateField(limit_degrees=180)

    class Meta:
        model = Visit
        fields = [
            "id", "client_id", "village", "kind", "visited_at", "ended_at", "posts",
            "task_force", "place", "activity_types", "findings", "situation",
            "situation_reason", "resolved_on", "resolution_note", "team", "recommendations",
            "latitude", "longitude", "version",
        ]  # fmt: skip
        read_only_fields = ["resolved_on", "resolution_note", "version"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        scope = scope_from(self)
        writable = writable_villages(scope).values("code")
        limit(fields, "task_force", TaskForce.objects.filter(village__in=writable))
        return fields

    def validate_posts(self, ids: list[int]) -> list[Post]:
        wanted = list(dict.fromkeys(ids))
        scope = scope_from(self)
        found = {
            p.pk: p
            for p in access.scoped(Post.objects.filter(pk__in=wanted), scope).filter(
                village__in=writable_villages(scope).values("code")
            )
        }
        missing = [str(pk) for pk in wanted if pk not in found]
        if missing:
            raise serializers.ValidationError(
                gettext(MESSAGE_POSTS_UNKNOWN) % {"ids": ", ".join(missing[:5])}
            )
        return [found[pk] for pk in wanted]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self.check_coordinates(attrs)
        start = attrs.get("visited_at", getattr(self.instance, "visited_at", None))
        end = attrs.get("ended_at", getattr(self.instance, "ended_at", None))
        if start is not None and end is not None and end < start:
            raise serializers.ValidationError({"ended_at": [gettext(MESSAGE_END_BEFORE_START)]})
        return attrs


class IncidentSerializer(PlaceMixin, BaseModelSerializer):
    """An incident. `status` moves only through `POST .../{id}/transition/`; `is_serious` is
    taken from the category unless the section's administrator sets it."""

    client_id = ClientIdField()
    village = village_field()
    hamlet = serializers.PrimaryKeyRelatedField(
        queryset=Hamlet.objects.none(), required=False, allow_null=True
    )
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=categories(),
        help_text=_("Kode kategori, misalnya curanmor (GET /api/v1/incident-categories/)."),
    )
    occurred_at = BoundedDateTimeField()
    # DRF's serializer metaclass takes declared fields out of the class; only the stubs see this
    # field as the `Field.source` attribute.
    source = choice_field(IncidentSource, required=False)  # type: ignore[assignment]
    status = choice_field(IncidentStatus, read_only=True)
    loss_amount = WholeRupiahField(
        min_value=Decimal(0),
        max_value=MAX_LOSS,
        required=False,
        allow_null=True,
        help_text=_("Taksiran kerugian dalam rupiah utuh."),
    )
    affected_count = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    is_serious = serializers.BooleanField(
        required=False,
        help_text=_("Bawaan: sesuai kategori. Hanya Admin Seksi Trantib yang dapat mengubahnya."),
    )
    handed_to = serializers.IntegerField(
        source="handed_to_id",
        read_only=True,
        allow_null=True,
        help_text=_("Id Polsek atau Koramil penerima rujukan (status handed_over)."),
    )
    latitude = CoordinateField(limit_degrees=90)
    longitude = CoordinateField(limit_degrees=180)

    class Meta:
        model = Incident
        fields = [
            "id", "client_id", "village", "category", "occurred_at", "description", "status",
            "status_note", "hamlet", "place", "affected_count", "losses", "loss_amount",
            "source", "is_serious", "handed_to", "responded_at", "latitude", "longitude",
            "version",
        ]  # fmt: skip
        read_only_fields = ["status_note", "responded_at", "version"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self.check_coordinates(attrs)
        return attrs


class VisitUpdateSerializer(VisitSerializer):
    """The body of PUT/PATCH of a visit: the client id is read-only, one sent is ignored."""

    client_id = ClientIdField(read_only=True, help_text=CLIENT_ID_UPDATE_HELP)


class IncidentUpdateSerializer(IncidentSerializer):
    """The body of PUT/PATCH of an incident: the client id is read-only, one sent is ignored."""

    client_id = ClientIdField(read_only=True, help_text=CLIENT_ID_UPDATE_HELP)


class IncidentTransitionSerializer(TransitionSerializer):
    """`{"status", "note"}`, and `handed_to` (the Polsek or Koramil's id) for handed_over."""

    handed_to = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id Polsek atau Koramil kecamatan ini; wajib untuk status handed_over."),
    )

    def get_fields(self) -> dict[str, Any]:
        # TransitionMixin reads the body once without a request (the shape only); the view reads
        # it again with the request, and then only the institutions of the caller's scope count.
        fields: dict[str, Any] = super().get_fields()
        if self.context.get("request") is not None:
            limit(fields, "handed_to", institutions_of_scope(scope_from(self)))
        return fields
