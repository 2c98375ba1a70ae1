"""The trainings API (issue 10, docs/adr/0060): trainings, their sessions, participants,
attendance, scores, completion and certificates, and the instructors, scoped like the register.

Who gets what:
- The section's administrator of the kecamatan (Admin Seksi Trantib) reads and writes everything
  of their kecamatan.
- The Camat and the kecamatan staff read every training with its participants; writes answer 403.
- A village operator reads the trainings of the kecamatan and only the participants, marks,
  completion rows and certificates of their desa; writes answer 403.
- A partner (Polsek, Koramil) reads the trainings in which one of its people teaches and their
  sessions, never the participants: the participant endpoints answer 403.
- A training outside the caller's scope answers 404, like one that does not exist.

Every write goes through sitrantib/trainings/services/; errors take the project's one body
(core.api.exception_handler). Single objects carry their version as ETag; a stale If-Match on a
training (PUT/PATCH/transition), an instructor or a session (PATCH/DELETE) answers 412.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_noop
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import KeyPagination, VersionedMixin, bounded_int, parse_if_match
from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.openapi import ApiSchema
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.core.workflow import TransitionMixin
from sitrantib.trainings import selectors, services
from sitrantib.trainings.access import can_manage_any, can_read_participants
from sitrantib.trainings.api.serializers import (
    AttendanceInSerializer,
    AttendanceMarkSerializer,
    CertificateSerializer,
    CompletionSerializer,
    EnrolInSerializer,
    EnrolmentCreatedSerializer,
    EnrolmentSerializer,
    InstructorSerializer,
    ScoresInSerializer,
    SessionSerializer,
    TrainingSerializer,
)
from sitrantib.trainings.enums import EnrolmentMethod
from sitrantib.trainings.filters import TrainingFilter
from sitrantib.trainings.models import (
    AttendanceMark,
    Enrolment,
    Instructor,
    Training,
    TrainingKind,
    TrainingSession,
)

MESSAGE_PARTICIPANTS_HIDDEN = gettext_noop(
    "Data peserta pelatihan hanya dapat dilihat oleh petugas kecamatan dan operator desa."
)
MESSAGE_DISTRICT_REQUIRED = gettext_noop("Kecamatan wajib diisi.")


# Schema: every status code the endpoints really answer -----------------------------------------


class TrainingsSchema(ApiSchema):
    """The project's error answers (core/openapi.py); If-Match (412) only where these views read
    it: PUT/PATCH/DELETE and the transition. The nested POSTs find the training without it."""

    def _get_paginator(self) -> Any:
        # Lists answered by POST (issued certificates) are not paged.
        return super()._get_paginator() if self.method == "GET" else None

    def honours_if_match(self) -> bool:
        return super().honours_if_match() and (
            self.method in ("PUT", "PATCH", "DELETE") or self.path.endswith("/transition/")
        )


# Access ------------------------------------------------------------------------------------------


class ManagersWrite(permissions.BasePermission):
    """Reading follows the scope; writing needs the section's administrator (the service checks
    the kecamatan of the very record again)."""

    @property
    def message(self) -> str:
        return gettext(services.ERR_NOT_MANAGER)

    def has_permission(self, request: Request, view: object) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_manage_any(scope_of(request.user))


def _require_participant_reader(scope: Scope) -> None:
    if not can_read_participants(scope):
        raise PermissionDenied(gettext(MESSAGE_PARTICIPANTS_HIDDEN))


# Filters and pages -------------------------------------------------------------------------------


class TrainingApiFilter(TrainingFilter):
    """The app's filter (`?year=` of the start date, `?status=`); in the API `?kind=` is the kind
    code, as the `kind` field shows it (the list page chooses the kind by id)."""

    kind = django_filters.ModelChoiceFilter(
        queryset=TrainingKind.objects.all(), to_field_name="code", field_name="kind"
    )


class TrainingPagination(KeyPagination):
    ordering = ("-starts_on", "-id")  # type: ignore[assignment]


class InstructorPagination(KeyPagination):
    ordering = ("name", "id")  # type: ignore[assignment]


class SessionPagination(KeyPagination):
    ordering = ("date", "start_time", "id")  # type: ignore[assignment]


class IdPagination(KeyPagination):
    ordering = ("id",)  # type: ignore[assignment]


def _district_for_new(data: dict[str, Any], user: Any) -> Any:
    """The kecamatan of a new record: the one sent, else the user's own (taken out of `data`)."""
    district = data.pop("district", None) or getattr(user, "district", None)
    if district is None:
        raise ValidationError({"district": [gettext(MESSAGE_DISTRICT_REQUIRED)]})
    return district


def _user(request: Request) -> Any:
    return request.user


# Trainings ---------------------------------------------------------------------------------------


_NESTED: dict[str, Any] = {"filter_backends": [], "pagination_class": IdPagination}


@extend_schema_view(
    transition=extend_schema(
        description="Move the training along its workflow: draft → open → running → finished "
        '→ reported, cancelled with a note; going back needs a note. Body `{"status", '
        '"note"}`; running and finished need at least one session. If-Match honoured.',
        responses={200: TrainingSerializer},
    )
)
class TrainingViewSet(  # type: ignore[misc]
    VersionedMixin,
    TransitionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """LINMAS trainings in the caller's scope (`selectors.trainings_in_scope`). The section's
    administrator creates and changes them; status only through `transition`."""

    serializer_class = TrainingSerializer
    filterset_class = TrainingApiFilter
    pagination_class = TrainingPagination
    permission_classes = [permissions.IsAuthenticated, ManagersWrite]
    workflow = services.TRAINING_WORKFLOW
    schema = TrainingsSchema()
    queryset = Training.objects.none()

    def get_queryset(self) -> QuerySet[Training]:
        return selectors.trainings_in_scope(scope=scope_of(self.request.user))

    def _training(self) -> Training:
        """The training of a nested endpoint, in scope (404 otherwise). Its If-Match is not
        checked here: nested writes version their own records."""
        pk = bounded_int(self.kwargs["pk"], field="pk")
        training = get_object_or_404(self.get_queryset(), pk=pk)
        self.check_object_permissions(self.request, training)
        return training

    # --- the training itself

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        user = _user(self.request)
        district = _district_for_new(data, user)
        training = services.create_training(district=district, data=data, actor=user)
        serializer.instance = self.get_queryset().get(pk=training.pk)
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        changes = {k: v for k, v in serializer.validated_data.items() if k != "district"}
        training = services.update_training(
            training=serializer.instance,
            changes=changes,
            actor=_user(self.request),
            expected_version=self.expected_version,
        )
        serializer.instance = self.get_queryset().get(pk=training.pk)
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
        services.transition_training(
            training=instance,
            to_status=target,
            actor=actor,
            note=note,
            expected_version=expected_version,
        )
        return self.get_queryset().get(pk=instance.pk)

    # --- sessions

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
                training=training, data=payload.validated_data, actor=_user(request)
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
            services.delete_session(session=found, actor=_user(request))
            return Response(status=status.HTTP_204_NO_CONTENT)
        context = self.get_serializer_context()
        payload = SessionSerializer(found, data=request.data, partial=True, context=context)
        payload.is_valid(raise_exception=True)
        session = services.update_session(
            session=found,
            changes=payload.validated_data,
            actor=_user(request),
            expected_version=expected,
        )
        self.versioned_object = session
        return Response(SessionSerializer(session, context=context).data)

    # --- participants

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
    @action(detail=True, methods=["get", "post"], **_NESTED)
    def enrolments(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        scope = scope_of(request.user)
        _require_participant_reader(scope)
        if request.method == "POST":
            payload = EnrolInSerializer(data=request.data, context=self.get_serializer_context())
            payload.is_valid(raise_exception=True)
            result = services.enrol_member(
                training=training,
                member=payload.validated_data["member"],
                actor=_user(request),
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
    @action(detail=True, methods=["get", "post"], **_NESTED)
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        scope = scope_of(request.user)
        _require_participant_reader(scope)
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
            session=session, marks={enrolment.pk: data["status"]}, actor=_user(request)
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
    @action(detail=True, methods=["post"], **_NESTED)
    def scores(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        payload = ScoresInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        enrolment = self._participant(training, data["member"])
        pre = data.get("pre", enrolment.pre_score)
        post = data.get("post", enrolment.post_score)
        services.set_scores(
            training=training, scores={enrolment.pk: (pre, post)}, actor=_user(request)
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
    @action(detail=True, methods=["get"], **_NESTED)
    def completion(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        scope = scope_of(request.user)
        _require_participant_reader(scope)
        rows = selectors.enrolments_in_scope(training=training, scope=scope)
        return self.get_paginated_response(
            CompletionSerializer(self.paginate_queryset(rows), many=True).data
        )

    # --- certificates

    @extend_schema(
        methods=["GET"],
        summary="Certificates of the training",
        description="Every certificate issued, revoked ones included (`revoked`); a village "
        "operator sees those of their desa; a partner gets 403.",
        responses=CertificateSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Issue certificates",
        description="Numbers and issues a certificate to every participant who completed and "
        "holds none in force. Answers 201 with the certificates issued now, 200 with an empty "
        "list when there was nobody left (a second call issues nothing twice), 400 when the "
        "training is not finished or reported. No body.",
        request=None,
        responses={201: CertificateSerializer(many=True), 200: CertificateSerializer(many=True)},
    )
    @action(detail=True, methods=["get", "post"], **_NESTED)
    def certificates(self, request: Request, pk: str | None = None) -> Response:
        training = self._training()
        scope = scope_of(request.user)
        _require_participant_reader(scope)
        context = {"request": request}
        if request.method == "POST":
            issued = services.issue_certificates(training=training, actor=_user(request))
            return Response(
                CertificateSerializer(issued, many=True, context=context).data,
                status=status.HTTP_201_CREATED if issued else status.HTTP_200_OK,
            )
        rows = selectors.certificates_of(training, scope=scope)
        return self.get_paginated_response(
            CertificateSerializer(self.paginate_queryset(rows), many=True, context=context).data
        )


# Instructors -------------------------------------------------------------------------------------


class InstructorViewSet(  # type: ignore[misc]
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Instructors of the kecamatan (people of the Polsek, Koramil and other institutions), whom
    sessions refer to by id. Every reader of trainings reads them; the section's administrator
    creates and changes them."""

    serializer_class = InstructorSerializer
    pagination_class = InstructorPagination
    permission_classes = [permissions.IsAuthenticated, ManagersWrite]
    filter_backends: list[Any] = []
    schema = TrainingsSchema()
    queryset = Instructor.objects.none()

    def get_queryset(self) -> QuerySet[Instructor]:
        return selectors.instructors_in_scope(scope=scope_of(self.request.user))

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        user = _user(self.request)
        district = _district_for_new(data, user)
        instructor = services.create_instructor(district=district, data=data, actor=user)
        serializer.instance = self.get_queryset().get(pk=instructor.pk)
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        changes = {k: v for k, v in serializer.validated_data.items() if k != "district"}
        instructor = services.update_instructor(
            instructor=serializer.instance,
            changes=changes,
            actor=_user(self.request),
            expected_version=self.expected_version,
        )
        serializer.instance = self.get_queryset().get(pk=instructor.pk)
        self.versioned_object = serializer.instance
