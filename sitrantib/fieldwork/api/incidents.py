"""Incidents (`/api/v1/incidents/`): list, read, record once per client id, change, and move
along the workflow with `POST /api/v1/incidents/{id}/transition/`.

A partner (Polsek, Koramil) reads the incidents handed over to its institution only. The status
moves reported -> verified -> handled -> closed, or handed over to a partner, by the section's
administrator (services.incidents.transition_incident): each move keeps its time, person and
note; a move that needs a note, or a partner for handed_over, is refused with 400 naming the
field.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import KeyPagination, VersionedMixin
from sitrantib.core.scoping import scope_of
from sitrantib.core.workflow import TransitionMixin
from sitrantib.fieldwork import selectors
from sitrantib.fieldwork.api.common import (
    FieldworkSchema,
    ManagersMove,
    as_stored,
    resent_report,
    user_of,
)
from sitrantib.fieldwork.api.record_serializers import (
    IncidentSerializer,
    IncidentTransitionSerializer,
    IncidentUpdateSerializer,
)
from sitrantib.fieldwork.filters import IncidentApiFilter
from sitrantib.fieldwork.models import Incident
from sitrantib.fieldwork.services import incidents as services
from sitrantib.fieldwork.services.incidents import IncidentInput


class IncidentPagination(KeyPagination):
    ordering = ("-occurred_at", "-id")


INPUT_FIELDS = (
    "category",
    "occurred_at",
    "description",
    "source",
    "hamlet",
    "place",
    "affected_count",
    "losses",
    "loss_amount",
    "is_serious",
    "latitude",
    "longitude",
)


def incident_input(validated: dict[str, Any], incident: Incident | None = None) -> IncidentInput:
    """What the service needs: the values sent, the incident's own for those not sent (PATCH).
    A new incident's seriousness not sent follows its category."""
    values: dict[str, Any] = {}
    for name in INPUT_FIELDS:
        if name in validated:
            values[name] = as_stored(validated[name])
        elif incident is not None:
            values[name] = getattr(incident, name)
    return IncidentInput(**values)


@extend_schema_view(
    create=extend_schema(
        description="Record an incident (status reported). With a `client_id` already used "
        "(a resend, a double tap, the offline queue) the answer is 200 with the first "
        "incident; 201 only when this request created it.",
        responses={201: IncidentSerializer, 200: IncidentSerializer},
    ),
    update=extend_schema(request=IncidentUpdateSerializer, responses=IncidentSerializer),
    partial_update=extend_schema(request=IncidentUpdateSerializer, responses=IncidentSerializer),
    transition=extend_schema(
        description="Move the incident: reported → verified → handled → closed; reported or "
        "verified → handed_over (with `handed_to`, the Polsek or Koramil, which then sees it); "
        "reported → rejected with a note; going back needs a note. Body "
        '`{"status", "note", "handed_to"}`. The section\'s administrator only (403 for '
        "others). If-Match honoured.",
        request=IncidentTransitionSerializer,
        responses={200: IncidentSerializer},
    ),
)
class IncidentViewSet(
    VersionedMixin,
    TransitionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Incidents of the caller's scope, newest first. Filters: `?village=<code>`,
    `?category=<code>`, `?status=reported|verified|handled|handed_over|closed|rejected`,
    `?period=2026-03` (or 2026-Q1, 2026)."""

    serializer_class = IncidentSerializer
    filterset_class = IncidentApiFilter
    pagination_class = IncidentPagination
    permission_classes = [permissions.IsAuthenticated, ManagersMove]
    workflow = services.INCIDENT_WORKFLOW
    transition_serializer_class = IncidentTransitionSerializer
    schema = FieldworkSchema()
    queryset = Incident.objects.none()

    def get_serializer_class(self) -> type[IncidentSerializer]:
        # A change never moves the client id (docs/adr/0081): one sent is ignored.
        if self.action in ("update", "partial_update"):
            return IncidentUpdateSerializer
        return IncidentSerializer

    def get_queryset(self) -> QuerySet[Incident]:
        return selectors.incidents_for(scope_of(self.request.user)).select_related("hamlet")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = user_of(self)
        found = resent_report(Incident, request.data, actor)
        created = False
        if found is None:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            found, created = services.create_incident(
                village=data["village"],
                data=incident_input(data),
                actor=actor,
                client_id=data.get("client_id"),
            )
        incident = self.get_queryset().get(pk=found.pk)
        self.versioned_object = incident
        return Response(
            self.get_serializer(incident).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def perform_update(self, serializer: Any) -> None:
        incident = serializer.instance
        services.update_incident(
            incident=incident,
            data=incident_input(serializer.validated_data, incident),
            actor=user_of(self),
            expected_version=self.expected_version,
        )
        serializer.instance = self.get_queryset().get(pk=incident.pk)
        self.versioned_object = serializer.instance

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
        # The body was validated by TransitionMixin with the same serializer; read `handed_to`.
        body = IncidentTransitionSerializer(
            data=self.request.data, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        services.transition_incident(
            incident=instance,
            to_status=target,
            actor=actor,
            note=note,
            handed_to=body.validated_data.get("handed_to"),
            expected_version=expected_version,
        )
        return self.get_queryset().get(pk=instance.pk)
