"""Field visits (`/api/v1/visits/`): list, read, record once per client id, change.

A visit sent with a `client_id` already used answers 200 with the first visit, never a second
one, also when both requests arrive at the same moment; only the request that created it gets
201 (docs/adr/0081). Writes go through services.visits (scope, validation, audit).
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import KeyPagination, VersionedMixin
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import selectors
from sitrantib.fieldwork.api.common import (
    FieldworkSchema,
    WritersOnly,
    as_stored,
    resent_report,
    user_of,
)
from sitrantib.fieldwork.api.record_serializers import VisitSerializer, VisitUpdateSerializer
from sitrantib.fieldwork.filters import VisitApiFilter
from sitrantib.fieldwork.models import Visit, VisitRecommendation, VisitTeamMember
from sitrantib.fieldwork.services import visits as services
from sitrantib.fieldwork.services.visits import TeamMember, VisitInput


class VisitPagination(KeyPagination):
    ordering = ("-visited_at", "-id")


INPUT_FIELDS = (
    "kind",
    "visited_at",
    "situation",
    "ended_at",
    "place",
    "activity_types",
    "findings",
    "situation_reason",
    "latitude",
    "longitude",
    "posts",
    "task_force",
)


def visit_input(validated: dict[str, Any], visit: Visit | None = None) -> VisitInput:
    """What the service needs: the values sent, the visit's own for those not sent (PATCH)."""
    values: dict[str, Any] = {}
    for name in INPUT_FIELDS:
        if name in validated:
            values[name] = as_stored(validated[name])
        elif visit is not None:
            values[name] = list(visit.posts.all()) if name == "posts" else getattr(visit, name)
    if "team" in validated:
        team = [
            TeamMember(name=m["name"], institution=m.get("institution"), position=m["position"])
            for m in validated["team"]
        ]
    else:
        team = (
            [TeamMember(m.name, m.institution, m.position) for m in visit.team.all()]
            if visit is not None
            else []
        )
    if "recommendations" in validated:
        recommendations = list(validated["recommendations"])
    else:
        recommendations = [r.text for r in visit.recommendations.all()] if visit else []
    values.setdefault("situation_reason", "")
    for text_field in ("place", "findings"):
        values.setdefault(text_field, "")
    return VisitInput(
        **values,
        planned_activity=visit.planned_activity if visit is not None else None,
        team=team,
        recommendations=recommendations,
    )


@extend_schema_view(
    create=extend_schema(
        description="Record a visit. With a `client_id` already used (a resend, a double tap, "
        "the offline queue) the answer is 200 with the first visit; 201 only when this request "
        "created it.",
        responses={201: VisitSerializer, 200: VisitSerializer},
    ),
    update=extend_schema(request=VisitUpdateSerializer, responses=VisitSerializer),
    partial_update=extend_schema(request=VisitUpdateSerializer, responses=VisitSerializer),
)
class VisitViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Field visits of the caller's scope, newest first. Filters: `?village=<code>`,
    `?kind=monitoring|accompaniment|evaluation`, `?situation=kondusif|waspada|rawan`,
    `?period=2026-03` (or 2026-Q1, 2026)."""

    serializer_class = VisitSerializer
    filterset_class = VisitApiFilter
    pagination_class = VisitPagination
    permission_classes = [permissions.IsAuthenticated, WritersOnly]
    schema = FieldworkSchema()
    queryset = Visit.objects.none()

    def get_serializer_class(self) -> type[VisitSerializer]:
        # A change never moves the client id (docs/adr/0081): one sent is ignored.
        if self.action in ("update", "partial_update"):
            return VisitUpdateSerializer
        return VisitSerializer

    def get_queryset(self) -> QuerySet[Visit]:
        return selectors.visits_for(scope_of(self.request.user)).prefetch_related(
            "posts",
            Prefetch("team", queryset=VisitTeamMember.objects.select_related("institution")),
            Prefetch("recommendations", queryset=VisitRecommendation.objects.order_by("pk")),
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = user_of(self)
        found = resent_report(Visit, request.data, actor)
        created = False
        if found is None:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            found, created = services.create_visit(
                village=data["village"],
                data=visit_input(data),
                actor=actor,
                client_id=data.get("client_id"),
            )
        visit = self.get_queryset().get(pk=found.pk)
        self.versioned_object = visit
        return Response(
            self.get_serializer(visit).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def perform_update(self, serializer: Any) -> None:
        visit = serializer.instance
        services.update_visit(
            visit=visit,
            data=visit_input(serializer.validated_data, visit),
            actor=user_of(self),
            expected_version=self.expected_version,
        )
        serializer.instance = self.get_queryset().get(pk=visit.pk)
        self.versioned_object = serializer.instance
