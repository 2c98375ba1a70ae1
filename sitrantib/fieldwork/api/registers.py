"""Poskamling (`/api/v1/posts/`) and Satgas Keamanan Desa (`/api/v1/task-forces/`) registers,
and the incident categories (`/api/v1/incident-categories/`).

Lists are scoped (sitrantib/fieldwork/access.py) and paged by key; a record out of scope answers
404. Writes go through services.registers; single records carry their version as ETag and a
stale If-Match on PUT/PATCH answers 412 (core/api.py).
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, permissions, viewsets

from sitrantib.core.api import KeyPagination, VersionedMixin
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import selectors
from sitrantib.fieldwork.api.common import FieldworkSchema, WritersOnly, user_of
from sitrantib.fieldwork.api.serializers import (
    IncidentCategorySerializer,
    PostSerializer,
    TaskForceSerializer,
)
from sitrantib.fieldwork.filters import PostApiFilter, TaskForceApiFilter
from sitrantib.fieldwork.models import (
    IncidentCategory,
    Post,
    PostDuty,
    PostDutyPerson,
    TaskForce,
    TaskForceMember,
)
from sitrantib.fieldwork.services import registers


class IdPagination(KeyPagination):
    ordering = ("id",)


class CategoryPagination(KeyPagination):
    ordering = ("order", "id")


def _fields(validated: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in validated.items() if k in names}


class PostViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Poskamling of the caller's scope with their duty roster (read-only here) and the time of
    the last visit. `?village=<code>`, `?is_active=true|false`."""

    serializer_class = PostSerializer
    filterset_class = PostApiFilter
    pagination_class = IdPagination
    permission_classes = [permissions.IsAuthenticated, WritersOnly]
    schema = FieldworkSchema()
    queryset = Post.objects.none()

    def get_queryset(self) -> QuerySet[Post]:
        duties = PostDuty.objects.prefetch_related(
            Prefetch("people", queryset=PostDutyPerson.objects.order_by("pk"))
        ).order_by("weekday", "pk")
        return selectors.posts_for(scope_of(self.request.user)).prefetch_related(
            Prefetch("duties", queryset=duties)
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        post = registers.create_post(
            village=data.pop("village"),
            data=_fields(data, registers.POST_FIELDS),
            actor=user_of(self),
        )
        serializer.instance = self.get_queryset().get(pk=post.pk)
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        post = serializer.instance
        registers.update_post(
            post=post,
            data=_fields(serializer.validated_data, registers.POST_FIELDS),
            actor=user_of(self),
            expected_version=self.expected_version,
        )
        serializer.instance = self.get_queryset().get(pk=post.pk)
        self.versioned_object = serializer.instance


class TaskForceViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The Satgas Keamanan Desa of the desa in the caller's scope (one per desa), with their
    members (read-only here). `?village=<code>`."""

    serializer_class = TaskForceSerializer
    filterset_class = TaskForceApiFilter
    pagination_class = IdPagination
    permission_classes = [permissions.IsAuthenticated, WritersOnly]
    schema = FieldworkSchema()
    queryset = TaskForce.objects.none()

    def get_queryset(self) -> QuerySet[TaskForce]:
        return selectors.task_forces_for(scope_of(self.request.user)).prefetch_related(
            Prefetch("members", queryset=TaskForceMember.objects.order_by("pk"))
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        task_force = registers.create_task_force(
            village=data.pop("village"),
            data=_fields(data, registers.TASK_FORCE_FIELDS),
            actor=user_of(self),
        )
        serializer.instance = self.get_queryset().get(pk=task_force.pk)
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        task_force = serializer.instance
        registers.update_task_force(
            task_force=task_force,
            data=_fields(serializer.validated_data, registers.TASK_FORCE_FIELDS),
            actor=user_of(self),
            expected_version=self.expected_version,
        )
        serializer.instance = self.get_queryset().get(pk=task_force.pk)
        self.versioned_object = serializer.instance


class IncidentCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The incident categories in use (data: the domain's default list, kept by the section),
    looked up by code, e.g. `/api/v1/incident-categories/curanmor/`."""

    serializer_class = IncidentCategorySerializer
    pagination_class = CategoryPagination
    filter_backends: list[Any] = []
    lookup_field = "code"
    # No class-level queryset: a code that names no category is a 404, not a malformed id.
    schema = FieldworkSchema()

    def get_queryset(self) -> QuerySet[IncidentCategory]:
        return selectors.categories()
