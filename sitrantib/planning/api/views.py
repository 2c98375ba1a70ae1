from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, viewsets

from sitrantib.core.api import KeyPagination, VersionedMixin
from sitrantib.core.workflow import TransitionMixin
from sitrantib.planning.api.serializers import PlanSerializer
from sitrantib.planning.filters import PlanFilter
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.selectors import plans_visible_to, with_contents
from sitrantib.planning.services import PLAN_WORKFLOW, approve_plan


class PlanPagination(KeyPagination):
    ordering = ("-year", "-revision", "-id")


class PlanViewSet(
    VersionedMixin,
    TransitionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Plans in the caller's scope with their sections, activities and indicators; the Camat
    approves a draft with `POST /plans/{id}/transition/` `{"status": "approved"}`."""

    serializer_class = PlanSerializer
    pagination_class = PlanPagination
    filterset_class = PlanFilter
    queryset = AnnualPlan.objects.none()
    workflow = PLAN_WORKFLOW

    def get_queryset(self) -> QuerySet[AnnualPlan]:
        return with_contents(plans_visible_to(user=self.request.user))

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
        if target != "approved":
            return super().perform_transition(
                instance,
                target=target,
                note=note,
                on_date=on_date,
                actor=actor,
                expected_version=expected_version,
            )
        return approve_plan(
            plan=instance, actor=actor, note=note, expected_version=expected_version
        )
