"""The LINMAS API: members (with their status moves), squads, equipment types, stock and issues.

Errors answer with the project's one body (core/api.py `exception_handler`); single objects carry
their version as ETag and honour If-Match (`VersionedMixin`).
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import KeyPagination, VersionedMixin
from sitrantib.core.requests import signed_in_user
from sitrantib.core.scoping import scope_of
from sitrantib.core.workflow import TransitionMixin
from sitrantib.linmas import selectors, services
from sitrantib.linmas.api.serializers import (
    EquipmentIssueSerializer,
    EquipmentTypeSerializer,
    MemberSerializer,
    MemberTransitionSerializer,
    ReturnSerializer,
    SquadSerializer,
    VillageEquipmentSerializer,
)
from sitrantib.linmas.filters import MemberFilter
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


class MemberPagination(KeyPagination):
    ordering = "id"


@extend_schema_view(
    transition=extend_schema(request=MemberTransitionSerializer, responses={200: MemberSerializer})
)
class MemberViewSet(
    VersionedMixin,
    TransitionMixin,
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
    workflow = services.MEMBER_WORKFLOW
    transition_serializer_class = MemberTransitionSerializer

    def get_queryset(self) -> QuerySet[Member]:
        if self.request.method in permissions.SAFE_METHODS:
            return selectors.members_visible_to(user=self.request.user)
        return selectors.members_writable_by(user=self.request.user)

    def perform_transition(
        self,
        instance: Any,
        *,
        target: str,
        note: str,
        on_date: dt.date | None,
        actor: Any,
        expected_version: int | None,
    ) -> Any:
        return services.transition_member(
            member=instance,
            status=target,
            reason=note,
            on_date=on_date,
            actor=actor,
            expected_version=expected_version,
        )


class SquadViewSet(
    VersionedMixin,
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
    VersionedMixin,
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
    VersionedMixin,
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
        """Record that the member handed the items back (If-Match honoured)."""
        if not selectors.can_write(scope_of(request.user)):
            raise PermissionDenied
        issue = self.get_object()
        payload = ReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        issue = services.return_equipment(
            issue=issue,
            returned_on=payload.validated_data["returned_on"],
            actor=signed_in_user(request),
            expected_version=self.expected_version,
        )
        return Response(EquipmentIssueSerializer(issue, context={"request": request}).data)
