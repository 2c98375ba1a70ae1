"""The instructors in the API: people of the Polsek, Koramil and other institutions whom sessions
refer to by id."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, permissions, viewsets

from sitrantib.core.api import VersionedMixin
from sitrantib.core.scoping import scope_of
from sitrantib.trainings import selectors, services
from sitrantib.trainings.api.serializers import InstructorSerializer
from sitrantib.trainings.api.views.common import (
    InstructorPagination,
    ManagersWrite,
    TrainingsSchema,
    district_for_new,
    user_of,
)
from sitrantib.trainings.models import Instructor


class InstructorViewSet(
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
        user = user_of(self.request)
        district = district_for_new(data, user)
        instructor = services.create_instructor(district=district, data=data, actor=user)
        serializer.instance = self.get_queryset().get(pk=instructor.pk)
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        changes = {k: v for k, v in serializer.validated_data.items() if k != "district"}
        instructor = services.update_instructor(
            instructor=serializer.instance,
            changes=changes,
            actor=user_of(self.request),
            expected_version=self.expected_version,
        )
        serializer.instance = self.get_queryset().get(pk=instructor.pk)
        self.versioned_object = serializer.instance
