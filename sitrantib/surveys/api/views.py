"""API of the survey module: periods for the section, and the public response endpoint."""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sitrantib.core.api import KeyPagination, VersionedMixin, bounded_int, error_body
from sitrantib.core.requests import signed_in_user
from sitrantib.core.workflow import TransitionMixin
from sitrantib.surveys import ratelimit
from sitrantib.surveys.api.serializers import (
    SurveyResponseInSerializer,
    SurveyResponseOutSerializer,
    SurveyResultSerializer,
    SurveySerializer,
)
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.filters import SurveyPeriodFilter
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.selectors import (
    can_manage,
    can_read,
    districts_for_new_period,
    period_result,
    periods_visible_to,
    public_period,
    questionnaire_of,
    received_in,
)
from sitrantib.surveys.services import (
    DEFAULT_SERVICE_UNIT,
    PERIOD_WORKFLOW,
    InvalidSubmission,
    PeriodNotOpen,
    Submission,
    create_period,
    plain_submission,
    submit_online,
    transition_period,
    update_period,
)

MESSAGE_READ_ONLY = gettext_noop("Peran Anda hanya dapat membaca survei.")
MESSAGE_NO_ACCESS = gettext_noop("Peran Anda tidak memiliki akses ke survei.")
MESSAGE_DISTRICT_REQUIRED = gettext_noop("Pilih kecamatan (kode) survei ini.")


class SurveyPagination(KeyPagination):
    ordering = "-id"


class ManagesSurveys(BasePermission):
    """Reading needs a reader role (checked by the scoped queryset); writing needs the section."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        if can_manage(request.user):
            return True
        if not can_read(request.user):
            # A role without any access to surveys: a named survey does not exist for it.
            if view.kwargs.get("pk") is not None:
                raise NotFound
            raise PermissionDenied(_(MESSAGE_NO_ACCESS))
        raise PermissionDenied(_(MESSAGE_READ_ONLY))


class SurveyViewSet(
    VersionedMixin,
    TransitionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Survey periods (SKM) of the caller's kecamatan.

    Every single survey carries its version as ETag; PUT/PATCH and transition with an If-Match
    that no longer matches answer 412 and change nothing.
    """

    serializer_class = SurveySerializer
    pagination_class = SurveyPagination
    permission_classes = [IsAuthenticated, ManagesSurveys]
    queryset = SurveyPeriod.objects.none()
    filter_backends = [DjangoFilterBackend]
    filterset_class = SurveyPeriodFilter
    workflow = PERIOD_WORKFLOW

    def get_queryset(self) -> QuerySet[SurveyPeriod]:
        return periods_visible_to(user=self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        districts = districts_for_new_period(user=self.request.user)
        code = data.get("district_id")
        if code:
            district = districts.filter(code=code).first()
        else:
            options = list(districts[:2])
            district = options[0] if len(options) == 1 else None
        if district is None:
            raise ValidationError({"district": [_(MESSAGE_DISTRICT_REQUIRED)]})
        # Service errors (ValidationError) become 400 in the project's exception handler.
        serializer.instance = create_period(
            district=district,
            title=data["title"],
            service_unit=data.get("service_unit") or _(DEFAULT_SERVICE_UNIT),
            services=data.get("services", ""),
            period_start=data["period_start"],
            period_end=data["period_end"],
            population=data["population"],
            actor=signed_in_user(self.request),
        )
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("district_id", None)  # a survey stays in its kecamatan
        serializer.instance = update_period(
            period=serializer.instance,
            changes=data,
            actor=signed_in_user(self.request),
            expected_version=self.expected_version,
        )
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
        """Move the survey to "open", "closed" or "published" (400 with the reason otherwise)."""
        return transition_period(
            period=instance,
            status=target,
            note=note,
            actor=actor,
            expected_version=expected_version,
        )

    @extend_schema(responses=SurveyResultSerializer)
    @action(detail=True, methods=["get"])
    def result(self, request: Request, pk: str | None = None) -> Response:
        """Respondents, NRR, NRR x 25 and grade per element, IKM, grade and label so far."""
        period = self.get_object()
        result = period_result(period=period)
        return Response(
            SurveyResultSerializer(result, context={"sample_target": period.sample_target}).data
        )


class SurveyErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    # DRF's serializer metaclass takes declared fields out of the class; only the stubs see this
    # field as the `Serializer.errors` property.
    errors = serializers.DictField()  # type: ignore[assignment]


class SurveyResponseCreateView(APIView):
    """Public: submit one questionnaire (no login). A repeated client_id answers 200, no copy."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=SurveyResponseInSerializer,
        responses={
            201: SurveyResponseOutSerializer,
            200: SurveyResponseOutSerializer,
            400: OpenApiResponse(description="Field errors"),
            404: SurveyErrorSerializer,
            409: SurveyErrorSerializer,
            429: SurveyErrorSerializer,
        },
        operation_id="surveys_responses_create",
    )
    def post(self, request: Request, pk: int) -> Response:
        # An id beyond 64 bits is a field error on every database (SQLite cannot even bind it).
        pk = bounded_int(pk, field="pk")
        client_id = _client_id(request.data)
        # One query: the period and the questionnaire already stored under this client id.
        period = public_period(pk=pk, client_id=client_id)
        if period is None:
            raise NotFound
        resent = received_in(period, client_id=client_id)
        if resent is not None:
            # A resend of a stored questionnaire is answered before the rate limit counts it.
            return Response(SurveyResponseOutSerializer(resent).data, status=status.HTTP_200_OK)
        if not ratelimit.register_attempt(address=ratelimit.client_address(request.META)):
            return Response(
                error_body(_(ratelimit.MESSAGE_RATE_LIMITED)),
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        # Plain checks against the questionnaire this process keeps; anything they do not take
        # as it stands goes through the serializer and the service's checks, which list the
        # field errors (docs/adr/0035).
        submission = None
        if period.status == PeriodStatus.OPEN:
            submission = plain_submission(
                request.data, period=period, elements=questionnaire_of(period)
            )
        checked = submission is not None
        if submission is None:
            form = SurveyResponseInSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = form.validated_data
            submission = Submission(
                client_id=data["client_id"],
                answers=data["answers"],
                respondent=data["respondent"],
                suggestion=data["suggestion"],
                honeypot=data["website"],
            )
        try:
            response, created = submit_online(period=period, submission=submission, checked=checked)
        except PeriodNotOpen as exc:
            return Response(error_body(str(exc)), status=status.HTTP_409_CONFLICT)
        except InvalidSubmission as exc:
            # The project's error body: {"detail": first message, "errors": {...}}.
            raise ValidationError(exc.errors) from exc
        return Response(
            SurveyResponseOutSerializer(response).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _client_id(data: Any) -> uuid.UUID | None:
    """The client_id of a request body if it is a valid UUID (full validation comes later)."""
    raw = data.get("client_id") if hasattr(data, "get") else None
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None
