"""The sessions of a training in the API: list and add (`sessions`), change and remove one
(`session`; If-Match is the session's version). Every reader of the training sees them, partners
included."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import bounded_int, parse_if_match
from sitrantib.core.concurrency import StaleVersion
from sitrantib.trainings import services
from sitrantib.trainings.api.serializers import SessionSerializer
from sitrantib.trainings.api.views.common import SessionPagination, TrainingNested, user_of
from sitrantib.trainings.models import TrainingSession


class SessionActions(TrainingNested):
    """`/trainings/{id}/sessions/` and `/trainings/{id}/sessions/{session_id}/`."""

    @extend_schema(
        methods=["GET"],
        summary="Sessions of the training",
        responses=SessionSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a session",
        request=SessionSerializer,
        responses={201: SessionSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=SessionPagination,
    )
    def sessions(self, request: Request, pk: str | None = None) -> Response:
        """Sessions (date, start and end time, topic, place, instructor — may be null and
        assigned later). Every reader of the training sees them, partners included."""
        training = self._training()
        if request.method == "POST":
            payload = SessionSerializer(data=request.data, context=self.get_serializer_context())
            payload.is_valid(raise_exception=True)
            session = services.add_session(
                training=training, data=payload.validated_data, actor=user_of(request)
            )
            self.versioned_object = session
            return Response(
                SessionSerializer(session, context=self.get_serializer_context()).data,
                status=status.HTTP_201_CREATED,
            )
        rows = TrainingSession.objects.filter(training=training)
        page = self.paginate_queryset(rows)
        data = SessionSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @extend_schema(
        methods=["PATCH"],
        summary="Change a session",
        request=SessionSerializer,
        responses={200: SessionSerializer},
        parameters=[OpenApiParameter("session_id", int, OpenApiParameter.PATH)],
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove a session without attendance marks",
        responses={204: None},
        parameters=[OpenApiParameter("session_id", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"sessions/(?P<session_id>[0-9]+)",
        filter_backends=[],
        pagination_class=None,
    )
    def session(self, request: Request, pk: str | None = None, session_id: str = "") -> Response:
        """Change (PATCH) or remove (DELETE) one session; If-Match is the session's version
        (412 when stale). A changed instructor clears the assignment letter number; a session
        with attendance marks cannot be removed (400)."""
        training = self._training()
        found = get_object_or_404(
            TrainingSession.objects.select_related("training"),
            training=training,
            pk=bounded_int(session_id, field="session_id"),
        )
        expected = parse_if_match(request)
        if expected is not None and found.version != expected:
            raise StaleVersion.for_instance(found, expected_version=expected)
        if request.method == "DELETE":
            services.delete_session(session=found, actor=user_of(request))
            return Response(status=status.HTTP_204_NO_CONTENT)
        context = self.get_serializer_context()
        payload = SessionSerializer(found, data=request.data, partial=True, context=context)
        payload.is_valid(raise_exception=True)
        session = services.update_session(
            session=found,
            changes=payload.validated_data,
            actor=user_of(request),
            expected_version=expected,
        )
        self.versioned_object = session
        return Response(SessionSerializer(session, context=context).data)
