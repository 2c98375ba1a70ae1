import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import KeyPagination
from sitrantib.core.scoping import scope_of
from sitrantib.linmas import selectors, services
from sitrantib.linmas.api.serializers import (
    EquipmentIssueSerializer,
    EquipmentTypeSerializer,
    MemberSerializer,
    ReturnSerializer,
    SquadSerializer,
    TransitionSerializer,
    VillageEquipmentSerializer,
    _drf_errors,
)
from sitrantib.linmas.enums import Position
from sitrantib.linmas.models import (
    EquipmentIssue,
    EquipmentType,
    Member,
    Squad,
    VillageEquipment,
)


class WritersOnly(permissions.BasePermission):
    """Reading follows the scope; writing needs a role that keeps the register."""

    def has_permission(self, request: Request, view: object) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return selectors.can_write(scope_of(request.user))


class MemberFilter(django_filters.FilterSet):
    village = django_filters.CharFilter(field_name="village_id", help_text=_("Kode desa"))
    desa = django_filters.CharFilter(
        field_name="village_id", help_text=_("Kode desa (sama dengan village)")
    )
    status = django_filters.CharFilter(
        method="filter_status", help_text=_("aktif | nonaktif | berhenti | meninggal")
    )
    position = django_filters.ChoiceFilter(choices=Position.choices)
    squad = django_filters.NumberFilter(field_name="squad_id")

    class Meta:
        model = Member
        fields = ["village", "desa", "status", "position", "squad"]

    def filter_status(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        return queryset.filter(status=value)


class MemberPagination(KeyPagination):
    ordering = "id"


class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """LINMAS members in the caller's scope; status changes only through `transition`."""

    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    pagination_class = MemberPagination
    permission_classes = [permissions.IsAuthenticated, WritersOnly]

    def get_queryset(self) -> QuerySet[Member]:
        if self.request.method in permissions.SAFE_METHODS:
            return selectors.members_visible_to(user=self.request.user)
        return selectors.members_writable_by(user=self.request.user)

    @extend_schema(request=TransitionSerializer, responses={200: MemberSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the member to another status (aktif, nonaktif, berhenti, meninggal)."""
        member = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            member = services.transition_member(
                member=member, actor=request.user, **payload.validated_data
            )
        except DjangoValidationError as error:
            raise _drf_errors(error) from error
        return Response(MemberSerializer(member, context={"request": request}).data)


class SquadViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Regu of the desa in scope."""

    serializer_class = SquadSerializer
    permission_classes = [permissions.IsAuthenticated, WritersOnly]
    filterset_fields = ["village"]

    def get_queryset(self) -> QuerySet[Squad]:
        if self.request.method in permissions.SAFE_METHODS:
            return selectors.squads_visible_to(user=self.request.user).order_by("pk")
        return selectors.squads_writable_by(user=self.request.user).order_by("pk")


class EquipmentTypeViewSet(viewsets.ReadOnlyModelViewSet):
    """Equipment item types (data seeded with HT, rompi, senter, seragam, ...)."""

    serializer_class = EquipmentTypeSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[EquipmentType]:
        return EquipmentType.objects.order_by("order", "code")


class VillageEquipmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Stock by condition and need per desa and item type; `shortage` = need - good."""

    serializer_class = VillageEquipmentSerializer
    permission_classes = [permissions.IsAuthenticated, WritersOnly]
    filterset_fields = ["village"]

    def get_queryset(self) -> QuerySet[VillageEquipment]:
        queryset = selectors.equipment_visible_to(user=self.request.user)
        if self.request.method not in permissions.SAFE_METHODS:
            scope = scope_of(self.request.user)
            if not selectors.can_write(scope):
                return queryset.none()
        return queryset.order_by("pk")


class EquipmentIssueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Equipment handed to members."""

    serializer_class = EquipmentIssueSerializer
    permission_classes = [permissions.IsAuthenticated, WritersOnly]
    filterset_fields = ["member"]

    def get_queryset(self) -> QuerySet[EquipmentIssue]:
        return selectors.issues_visible_to(user=self.request.user).order_by("pk")

    @extend_schema(request=ReturnSerializer, responses={200: EquipmentIssueSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_item(self, request: Request, pk: str | None = None) -> Response:
        """Record that the member handed the items back."""
        if not selectors.can_write(scope_of(request.user)):
            raise PermissionDenied
        issue = self.get_object()
        payload = ReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            issue = services.return_equipment(
                issue=issue, returned_on=payload.validated_data["returned_on"], actor=request.user
            )
        except DjangoValidationError as error:
            raise _drf_errors(error) from error
        return Response(EquipmentIssueSerializer(issue, context={"request": request}).data)
