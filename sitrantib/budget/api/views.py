from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.budget import services
from sitrantib.budget.api.serializers import BudgetLineSerializer, SpendingSerializer
from sitrantib.budget.filters import LineFilter
from sitrantib.budget.models import BudgetLine, Spending
from sitrantib.budget.selectors import can_manage_budget, lines_visible_to, with_spent
from sitrantib.core.api import KeyPagination, VersionedMixin
from sitrantib.core.requests import signed_in_user


class LinePagination(KeyPagination):
    ordering = ("year", "position", "id")


class BudgetLineViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Budget lines in the caller's scope (`?year=`), each with its spending. The section creates
    lines and changes their code, name or activity; a ceiling change is a revision (pages)."""

    serializer_class = BudgetLineSerializer
    pagination_class = LinePagination
    filterset_class = LineFilter
    queryset = BudgetLine.objects.none()

    def get_queryset(self) -> QuerySet[BudgetLine]:
        return with_spent(lines_visible_to(user=self.request.user)).prefetch_related(
            Prefetch("spending", queryset=Spending.objects.order_by("on_date", "pk"))
        )

    def _require_manager(self) -> None:
        if not can_manage_budget(user=self.request.user) or not getattr(
            self.request.user, "district_id", None
        ):
            raise PermissionDenied

    def perform_create(self, serializer: Any) -> None:
        self._require_manager()
        user = signed_in_user(self.request)
        if user.district is None:  # refused by _require_manager already
            raise PermissionDenied
        data = serializer.validated_data
        serializer.instance = services.create_line(
            district=user.district,
            year=data["year"],
            code=data.get("code", ""),
            name=data["name"],
            ceiling=data["ceiling"],
            activity=data.get("activity"),
            actor=user,
        )
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        self._require_manager()
        line: BudgetLine = serializer.instance
        data = dict(serializer.validated_data)
        if "ceiling" in data and data["ceiling"] != line.ceiling:
            raise PermissionDenied("pagu diubah lewat revisi pagu")
        changes = {k: v for k, v in data.items() if k in services.LINE_FIELDS}
        services.update_line(
            line=line,
            changes=changes,
            actor=signed_in_user(self.request),
            expected_version=self.expected_version,
        )
        line.refresh_from_db()
        serializer.instance = self.get_queryset().get(pk=line.pk)
        self.versioned_object = serializer.instance

    @extend_schema(methods=["GET"], responses=SpendingSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=SpendingSerializer, responses={201: SpendingSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="spending",
        filter_backends=[],
        pagination_class=None,
    )
    def spending(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """GET: the line's spending. POST: record one (refused above the remaining ceiling)."""
        line = self.get_object()
        if request.method == "GET":
            rows = line.spending.order_by("on_date", "pk")
            return Response(SpendingSerializer(rows, many=True).data)
        self._require_manager()
        body = SpendingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        created = services.record_spending(
            line=line,
            on_date=data["on_date"],
            amount=data["amount"],
            description=data["description"],
            event_kind=data.get("event_kind", ""),
            event_id=data.get("event_id"),
            event_label=data.get("event_label", ""),
            actor=signed_in_user(request),
        )
        self.versioned_object = None
        return Response(SpendingSerializer(created).data, status=status.HTTP_201_CREATED)
