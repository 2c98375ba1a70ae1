"""The meetings API: meetings and follow-ups in the caller's scope.

Errors take the project's one shape (core.api.exception_handler): services' ValidationError ->
400, PermissionDenied -> 403, StaleVersion -> 412. Single objects carry an ETag (their version);
a write with a stale If-Match answers 412 and changes nothing.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import KeyPagination, VersionedMixin
from sitrantib.core.requests import signed_in_user
from sitrantib.core.workflow import TransitionMixin
from sitrantib.meetings import services
from sitrantib.meetings.api.filters import ActionItemApiFilter
from sitrantib.meetings.api.serializers import (
    ActionItemEvidenceUploadSerializer,
    ActionItemSerializer,
    DecisionSerializer,
    EvidenceSerializer,
    MeetingSerializer,
    MinutesSerializer,
)
from sitrantib.meetings.filters import MeetingFilter
from sitrantib.meetings.models import ActionItem, Meeting
from sitrantib.meetings.selectors import (
    action_items_visible_to,
    can_manage_meetings,
    decisions_visible_to,
    meetings_visible_to,
    reads_minutes,
    with_follow_up_flags,
)
from sitrantib.regions.models import Signatory

# Refusals of the minutes endpoint (Bahasa Indonesia; translated when raised).
MINUTES_NOT_YOURS = gettext_noop("Notulen hanya untuk instansi yang hadir dalam rapat.")
UNKNOWN_AGENDA_ITEM = gettext_noop("Acara tidak ditemukan pada rapat ini.")


class MeetingPagination(KeyPagination):
    ordering = ("-starts_at", "-id")


class ActionItemPagination(KeyPagination):
    ordering = ("due_date", "id")


class MeetingViewSet(
    VersionedMixin,
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

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._require_manager()
        data = serializer.validated_data
        user: Any = self.request.user
        district = data.get("district") or getattr(user, "district", None)
        if district is None:
            raise ValidationError({"district": [gettext("Kecamatan wajib diisi.")]})
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
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        self._require_manager()
        meeting: Meeting = serializer.instance
        data = serializer.validated_data
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
            actor=signed_in_user(self.request),
            expected_version=self.expected_version,
        )
        self.versioned_object = serializer.instance

    @staticmethod
    def _minutes_of(meeting: Meeting) -> dict[str, Any]:
        return {
            "minutes_summary": meeting.minutes_summary,
            "minute_taker": meeting.minute_taker,
            "chair_signatory_id": meeting.chair_signatory_id,
            "agenda": list(meeting.agenda_items.order_by("order", "pk")),
            "attendances": list(meeting.attendances.order_by("pk")),
            "decisions": list(meeting.decisions.order_by("order", "pk")),
        }

    @staticmethod
    def _chair_of(meeting: Meeting, signatory_id: int | None) -> Signatory | None:
        """The chair by id, among the signatories of the meeting's kecamatan office only."""
        if signatory_id is None:
            return None
        chair = Signatory.objects.filter(
            pk=signatory_id, office__district_id=meeting.district_id
        ).first()
        if chair is None:
            raise ValidationError({"chair_signatory": [gettext(services.ERR_CHAIR_OTHER_OFFICE)]})
        return chair

    @extend_schema(request=MinutesSerializer, responses=MinutesSerializer)
    @action(detail=True, methods=["get", "put"], filter_backends=[], pagination_class=None)
    def minutes(self, request: Request, pk: str | None = None) -> Response:
        """The minutes (GET: readers of the minutes, ADR 0020; PUT: administrators, with
        `If-Match` on the meeting's version). Agenda rows not sent keep their discussion."""
        meeting: Meeting = self.get_object()
        if request.method == "PUT":
            self._require_manager()
            payload = MinutesSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
            discussions = {row["agenda_item"]: row["discussion"] for row in data.get("agenda", [])}
            known = set(meeting.agenda_items.values_list("pk", flat=True))
            if set(discussions) - known:
                raise ValidationError({"agenda": [gettext(UNKNOWN_AGENDA_ITEM)]})
            chair: dict[str, Any] = {}
            if "chair_signatory_id" in data:
                chair["chair_signatory"] = self._chair_of(meeting, data["chair_signatory_id"])
            meeting = services.save_minutes(
                meeting=meeting,
                summary=data["minutes_summary"],
                minute_taker=data.get("minute_taker", meeting.minute_taker),
                discussions=discussions,
                actor=signed_in_user(request),
                expected_version=self.expected_version,
                **chair,
            )
            self.versioned_object = meeting
        elif not reads_minutes(user=request.user, meeting=meeting):
            raise PermissionDenied(gettext(MINUTES_NOT_YOURS))
        return Response(MinutesSerializer(self._minutes_of(meeting)).data)

    @extend_schema(responses=DecisionSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def decisions(self, request: Request, pk: str | None = None) -> Response:
        """The meeting's decisions the caller may read: every one for readers of the minutes,
        else those its institution answers for (ADR 0020)."""
        meeting = self.get_object()
        rows = decisions_visible_to(user=request.user).filter(meeting_id=meeting.pk)
        self.versioned_object = None
        return Response(DecisionSerializer(rows.order_by("order", "pk"), many=True).data)


class ActionItemViewSet(
    VersionedMixin,
    TransitionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Follow-ups in the caller's scope. Status moves only through `transition`
    (`{"status": "open|in_progress|done|cancelled", "note": "..."}`). `kecamatan=<code>` lists
    one kecamatan's items (api/filters.py)."""

    serializer_class = ActionItemSerializer
    filterset_class = ActionItemApiFilter
    pagination_class = ActionItemPagination
    workflow = services.ACTION_ITEM_WORKFLOW

    def get_queryset(self) -> QuerySet[ActionItem]:
        return with_follow_up_flags(
            action_items_visible_to(user=self.request.user), today=timezone.localdate()
        ).select_related("meeting", "owner_institution")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        item = services.create_action_item(
            meeting=data["meeting"],
            decision=data.get("decision"),
            description=data["description"],
            owner_institution=data["owner_institution"],
            owner_person=data.get("owner_person"),
            due_date=data["due_date"],
            actor=signed_in_user(self.request),
        )
        serializer.instance = self.get_queryset().get(pk=item.pk)
        self.versioned_object = serializer.instance

    def perform_transition(
        self,
        instance: Any,
        *,
        target: str,
        note: str,
        on_date: Any,
        actor: Any,
        expected_version: int | None,
    ) -> Any:
        """The service moves the item (history row, audit); the answer carries its flags."""
        services.transition_action_item(
            item=instance,
            to_status=target,
            note=note,
            actor=actor,
            expected_version=expected_version,
        )
        return self.get_queryset().get(pk=instance.pk)

    @extend_schema(
        request={"multipart/form-data": ActionItemEvidenceUploadSerializer},
        responses={201: EvidenceSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        """Attach evidence (a photo, a PDF document, or a note) to the item; with `complete`
        the item is marked done in the same step."""
        item = self.get_object()
        payload = ActionItemEvidenceUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        add = (
            services.complete_with_evidence
            if payload.validated_data["complete"]
            else services.add_evidence
        )
        evidence = add(
            item=item,
            file=payload.validated_data.get("file"),
            note=payload.validated_data["note"],
            actor=signed_in_user(request),
        )
        self.versioned_object = None  # the answer is the evidence, not the item
        return Response(EvidenceSerializer(evidence).data, status=201)
