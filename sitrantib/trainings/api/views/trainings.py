"""The trainings themselves in the API: list, read, create, change and the workflow transition;
their nested endpoints come from the mixins of `sessions`, `participants` and `certificates`."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions

from sitrantib.core.api import VersionedMixin
from sitrantib.core.scoping import scope_of
from sitrantib.core.workflow import TransitionMixin
from sitrantib.trainings import selectors, services
from sitrantib.trainings.api.serializers import TrainingSerializer
from sitrantib.trainings.api.views.certificates import CertificateActions
from sitrantib.trainings.api.views.common import (
    ManagersWrite,
    TrainingApiFilter,
    TrainingNested,
    TrainingPagination,
    TrainingsSchema,
    district_for_new,
    user_of,
)
from sitrantib.trainings.api.views.participants import ParticipantActions
from sitrantib.trainings.api.views.sessions import SessionActions
from sitrantib.trainings.models import Training


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
    SessionActions,
    ParticipantActions,
    CertificateActions,
    TrainingNested,
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

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        user = user_of(self.request)
        district = district_for_new(data, user)
        training = services.create_training(district=district, data=data, actor=user)
        serializer.instance = self.get_queryset().get(pk=training.pk)
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        changes = {k: v for k, v in serializer.validated_data.items() if k != "district"}
        training = services.update_training(
            training=serializer.instance,
            changes=changes,
            actor=user_of(self.request),
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
