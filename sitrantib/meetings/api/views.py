from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import KeyPagination
from sitrantib.meetings import services
from sitrantib.meetings.api.serializers import (
    ActionItemEvidenceUploadSerializer,
    ActionItemSerializer,
    ActionItemTransitionSerializer,
    EvidenceSerializer,
    MeetingSerializer,
)
from sitrantib.meetings.enums import ActionStatus
from sitrantib.meetings.models import ActionItem, Meeting
from sitrantib.meetings.selectors import (
    action_items_visible_to,
    can_manage_meetings,
    meetings_visible_to,
    with_follow_up_flags,
)
from sitrantib.regions.models import Institution
from sitrantib.regions.selectors import institutions_visible_to


def _as_drf(exc: DjangoValidationError | DjangoPermissionDenied) -> Exception:
    if isinstance(exc, DjangoPermissionDenied):
        return PermissionDenied(str(exc) or None)
    return ValidationError({"detail": exc.messages})


class MeetingPagination(KeyPagination):
    ordering = ("-starts_at", "-id")


class ActionItemPagination(KeyPagination):
    ordering = ("due_date", "id")


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="kind__code")
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Meeting
        fields = ["kind", "starts_after", "starts_before"]


class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings in the caller's scope; administrators of the kecamatan create and change them."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    pagination_class = MeetingPagination

    def get_queryset(self) -> QuerySet[Meeting]:
        return (
            meetings_visible_to(user=self.request.user)
            .select_related("kind")
            .prefetch_related("invited_institutions", "agenda_items", "invitations")
        )

    def _require_manager(self) -> None:
        if not can_manage_meetings(user=self.request.user):
            raise PermissionDenied

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:  # type: ignore[type-arg]
        self._require_manager()
        data = serializer.validated_data
        user = self.request.user
        district = data.get("district") or getattr(user, "district", None)
        if district is None:
            raise ValidationError({"district": [gettext("Kecamatan wajib diisi.")]})
        try:
            serializer.instance = services.create_meeting(
                district=district,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data.get("ends_at"),
                venue=data["venue"],
                chair=data.get("chair", ""),
                agenda=data.get("agenda", []),
                invited=data.get("invited_institutions", []),
                invited_people=data.get("invited_people", []),
                actor=user,
            )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _as_drf(exc) from exc

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:  # type: ignore[type-arg]
        self._require_manager()
        meeting: Meeting = serializer.instance
        data = serializer.validated_data
        try:
            serializer.instance = services.update_meeting(
                meeting=meeting,
                kind=data.get("kind", meeting.kind),
                title=data.get("title", meeting.title),
                starts_at=data.get("starts_at", meeting.starts_at),
                ends_at=data.get("ends_at", meeting.ends_at),
                venue=data.get("venue", meeting.venue),
                chair=data.get("chair", meeting.chair),
                agenda=data.get("agenda"),
                invited=data.get("invited_institutions"),
                invited_people=data.get("invited_people"),
                actor=self.request.user,
            )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _as_drf(exc) from exc


def _meetings_of(request: Any) -> QuerySet[Meeting]:
    return meetings_visible_to(user=request.user) if request is not None else Meeting.objects.none()


def _institutions_of(request: Any) -> QuerySet[Institution]:
    if request is None:
        return Institution.objects.none()
    return institutions_visible_to(user=request.user)


class ActionItemFilter(django_filters.FilterSet):
    # Choices come from the caller's scope: an id outside it is refused like an unknown one.
    meeting = django_filters.ModelChoiceFilter(queryset=_meetings_of)
    owner_institution = django_filters.ModelChoiceFilter(queryset=_institutions_of)
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    overdue = django_filters.BooleanFilter(field_name="is_overdue")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = ActionItem
        fields = ["meeting", "owner_institution", "status", "overdue", "due_after", "due_before"]


class ActionItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Follow-ups in the caller's scope. Status moves only through `transition`."""

    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    pagination_class = ActionItemPagination

    def get_queryset(self) -> QuerySet[ActionItem]:
        return with_follow_up_flags(
            action_items_visible_to(user=self.request.user), today=timezone.localdate()
        ).select_related("meeting", "owner_institution")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:  # type: ignore[type-arg]
        data = serializer.validated_data
        try:
            item = services.create_action_item(
                meeting=data["meeting"],
                decision=data.get("decision"),
                description=data["description"],
                owner_institution=data["owner_institution"],
                owner_person=data.get("owner_person"),
                due_date=data["due_date"],
                actor=self.request.user,
            )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _as_drf(exc) from exc
        serializer.instance = self.get_queryset().get(pk=item.pk)

    @extend_schema(request=ActionItemTransitionSerializer, responses=ActionItemSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the item to another status (open, in_progress, done, cancelled) with a note."""
        item = self.get_object()
        payload = ActionItemTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.transition_action_item(
                item=item,
                to_status=payload.validated_data["status"],
                note=payload.validated_data["note"],
                actor=request.user,
            )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _as_drf(exc) from exc
        return Response(ActionItemSerializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(
        request={"multipart/form-data": ActionItemEvidenceUploadSerializer},
        responses=EvidenceSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        """Attach evidence (a photo, a PDF document, or a note) to the item."""
        item = self.get_object()
        payload = ActionItemEvidenceUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            evidence = services.add_evidence(
                item=item,
                file=payload.validated_data.get("file"),
                note=payload.validated_data["note"],
                actor=request.user,
            )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _as_drf(exc) from exc
        return Response(EvidenceSerializer(evidence).data, status=201)
