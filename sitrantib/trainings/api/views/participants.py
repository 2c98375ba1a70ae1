"""The participants of a training in the API: enrolments, attendance marks, pre- and post-test
scores and the computed completion. Readers with participants only (a village operator: their
desa); a partner gets 403."""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import bounded_int
from sitrantib.core.scoping import scope_of
from sitrantib.trainings import selectors, services
from sitrantib.trainings.api.serializers import (
    AttendanceInSerializer,
    AttendanceMarkSerializer,
    CompletionSerializer,
    EnrolInSerializer,
    EnrolmentCreatedSerializer,
    EnrolmentSerializer,
    ScoresInSerializer,
)
from sitrantib.trainings.api.views.common import (
    NESTED,
    TrainingNested,
    require_participant_reader,
    user_of,
)
from sitrantib.trainings.enums import EnrolmentMethod
from sitrantib.trainings.models import AttendanceMark, Enrolment, Training, TrainingSession


class ParticipantActions(TrainingNested):
    """`/trainings/{id}/enrolments/`, `attendance/`, `scores/` and `completion/`."""

    @extend_schema(
        methods=["GET"],
        summary="Participants",
        description="Readers with participants only (a village operator: their desa); a "
        "partner gets 403.",
        responses=EnrolmentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Enrol a member",
        description='`{"member": <member id>}`: an active LINMAS member of the kecamatan. '
        "400 (under `member`) beyond the capacity or the desa quota, for a member who is not "
        "active, of another kecamatan or already enrolled. A member who already completed a "
        "training of this kind this year is enrolled with a message in `warnings`.",
        request=EnrolInSerializer,
        responses={201: EnrolmentCreatedSerializer},
    )
    @action(detail=True, methods=["get", "post"], **NESTED)
    def enrolments(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        scope = scope_of(request.user)
        require_participant_reader(scope)
        if request.method == "POST":
            payload = EnrolInSerializer(data=request.data, context=self.get_serializer_context())
            payload.is_valid(raise_exception=True)
            result = services.enrol_member(
                training=training,
                member=payload.validated_data["member"],
                actor=user_of(request),
                method=EnrolmentMethod.IMPORT,
            )
            enrolment = Enrolment.objects.select_related("member").get(pk=result.added[0].pk)
            self.versioned_object = enrolment
            body = EnrolmentSerializer(enrolment).data
            return Response(
                {**body, "warnings": list(result.warnings)}, status=status.HTTP_201_CREATED
            )
        rows = selectors.enrolments_in_scope(training=training, scope=scope)
        return self.get_paginated_response(
            EnrolmentSerializer(self.paginate_queryset(rows), many=True).data
        )

    # --- attendance

    @extend_schema(
        methods=["GET"],
        summary="Attendance marks",
        description="One row per marked session and participant (a village operator: their "
        "desa); `?session=<id>` for one session. A partner gets 403.",
        parameters=[OpenApiParameter("session", int, description="Id of one session.")],
        responses=AttendanceMarkSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Mark attendance",
        description='`{"session", "member", "status"}` with status hadir | izin | sakit | '
        "alpa. Answers 201 with the mark when the participant had none for the session, 200 "
        "with the mark and its new status when it replaced one (one mark per session and "
        "participant). 400 for a member who is not a participant, a session of another "
        "training, or a training not running or finished.",
        request=AttendanceInSerializer,
        responses={201: AttendanceMarkSerializer, 200: AttendanceMarkSerializer},
    )
    @action(detail=True, methods=["get", "post"], **NESTED)
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        scope = scope_of(request.user)
        require_participant_reader(scope)
        if request.method == "POST":
            return self._mark(training, request)
        rows = AttendanceMark.objects.filter(
            session__training=training,
            enrolment__in=selectors.enrolments_in_scope(training=training, scope=scope),
        ).select_related("enrolment")
        session = request.query_params.get("session")
        if session:
            rows = rows.filter(session_id=bounded_int(session, field="session"))
        return self.get_paginated_response(
            AttendanceMarkSerializer(self.paginate_queryset(rows), many=True).data
        )

    def _participant(self, training: Training, member_id: int) -> Enrolment:
        enrolment = (
            Enrolment.objects.filter(training=training, member_id=member_id)
            .select_related("member", "village")
            .first()
        )
        if enrolment is None:
            raise ValidationError({"member": [gettext(services.ERR_NOT_PARTICIPANT)]})
        return enrolment

    def _mark(self, training: Training, request: Request) -> Response:
        payload = AttendanceInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        session = TrainingSession.objects.filter(training=training, pk=data["session"]).first()
        if session is None:
            raise ValidationError({"session": [gettext(services.ERR_SESSION_OUTSIDE)]})
        enrolment = self._participant(training, data["member"])
        existed = AttendanceMark.objects.filter(session=session, enrolment=enrolment).exists()
        services.mark_attendance(
            session=session, marks={enrolment.pk: data["status"]}, actor=user_of(request)
        )
        mark = AttendanceMark.objects.select_related("enrolment").get(
            session=session, enrolment=enrolment
        )
        return Response(
            AttendanceMarkSerializer(mark).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    # --- scores

    @extend_schema(
        summary="Record pre- and post-test scores",
        description='`{"member", "pre", "post"}`: each 0-100 or null (cleared); a score '
        "not sent stays. 400 for 101, a fraction or text, for a member who is not a "
        "participant, or a training not running or finished. Answers the participant with the "
        "completion computed again.",
        request=ScoresInSerializer,
        responses={200: EnrolmentSerializer},
    )
    @action(detail=True, methods=["post"], **NESTED)
    def scores(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        payload = ScoresInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        enrolment = self._participant(training, data["member"])
        pre = data.get("pre", enrolment.pre_score)
        post = data.get("post", enrolment.post_score)
        services.set_scores(
            training=training, scores={enrolment.pk: (pre, post)}, actor=user_of(request)
        )
        enrolment = Enrolment.objects.select_related("member").get(pk=enrolment.pk)
        self.versioned_object = enrolment
        return Response(EnrolmentSerializer(enrolment).data)

    # --- completion

    @extend_schema(
        summary="Who completed and who did not",
        description="One row per participant (a village operator: their desa): completed by "
        "the training's rule (attendance at least `min_attendance_percent` of the sessions, "
        "only hadir, and a post-test at least `min_post_score`), computed, never ticked; "
        "`reason` names every condition not met. A partner gets 403.",
        responses=CompletionSerializer(many=True),
    )
    @action(detail=True, methods=["get"], **NESTED)
    def completion(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        scope = scope_of(request.user)
        require_participant_reader(scope)
        rows = selectors.enrolments_in_scope(training=training, scope=scope)
        return self.get_paginated_response(
            CompletionSerializer(self.paginate_queryset(rows), many=True).data
        )
