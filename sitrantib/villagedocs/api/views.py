"""The village-document API (issue 13 point 8, docs/adr/0090), scoped like the pages.

- `/api/v1/document-types/`: every reader reads the defaults and the types of their kecamatan;
  the section's administrator creates and changes the kecamatan's own types (If-Match honoured;
  a default for every kecamatan answers 403 to a change).
- `/api/v1/document-obligations/`: the obligations in scope (a village operator: their desa),
  filtered by `year`, `type` (code), `village` (code), `status`, `late`; read-only.
- `/api/v1/document-obligations/{id}/submissions/`: GET the sendings; POST (multipart) a document
  by the desa operator (or `stamp` by the kecamatan staff). The receipt time is the moment the
  server records it: a `received_at` in the body is ignored.
- `/api/v1/document-on-time/?year=Y[&period=Y|Q1..Q4|M01..M12][&district=code]`: the on-time
  share of each document type over the obligations due in the period, and their average
  (decimals as strings).
Partners read nothing here (403). Errors take the project's one body (core.api).
"""

import calendar
import datetime as dt
import re
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import KeyPagination, VersionedMixin, bounded_int
from sitrantib.core.filters import BaseFilterSet, YearFilter
from sitrantib.core.openapi import ApiSchema
from sitrantib.core.scoping import scope_of
from sitrantib.villagedocs import access, selectors, services
from sitrantib.villagedocs.api.serializers import (
    DocumentTypeSerializer,
    ObligationSerializer,
    OnTimeSerializer,
    SubmissionSerializer,
    SubmissionUploadSerializer,
)
from sitrantib.villagedocs.enums import ObligationStatus
from sitrantib.villagedocs.models import LATE_STATUSES, DocumentType, Obligation, Submission

MESSAGE_NOT_READER = gettext_noop("Dokumen desa hanya untuk petugas kecamatan dan operator desa.")
MESSAGE_DISTRICT_REQUIRED = gettext_noop("Kecamatan wajib diisi.")
MESSAGE_YEAR = gettext_noop("Tahun wajib diisi, antara 2000 dan 2100.")
MESSAGE_PERIOD = gettext_noop(
    "Periode ditulis Y (setahun), Q1 sampai Q4 (triwulan) atau M01 sampai M12 (bulan)."
)
MESSAGE_DISTRICT_OUTSIDE = gettext_noop("Kecamatan ini di luar wilayah Anda.")
PERIOD = re.compile(r"^(?:Y|Q(?P<quarter>[1-4])|M(?P<month>0[1-9]|1[0-2]))$")


# Access and schema ------------------------------------------------------------------------------


class Readers(permissions.BasePermission):
    """Readers of village documents only (not partners); writes on types need an administrator
    (the service checks the kecamatan of the very record again)."""

    @property
    def message(self) -> str:
        return gettext(MESSAGE_NOT_READER)

    def has_permission(self, request: Request, view: object) -> bool:
        return access.can_read(scope_of(request.user))


class ManagersWriteTypes(permissions.BasePermission):
    @property
    def message(self) -> str:
        return gettext(services.MESSAGE_NOT_MANAGER)

    def has_permission(self, request: Request, view: object) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return access.can_manage_any(scope_of(request.user))


class DocumentsSchema(ApiSchema):
    """If-Match (412) only on PUT/PATCH of a document type; the nested POST of a submission finds
    its obligation without it."""

    def _get_paginator(self) -> Any:
        return super()._get_paginator() if self.method == "GET" else None

    def honours_if_match(self) -> bool:
        return super().honours_if_match() and self.method in ("PUT", "PATCH")


class TypePagination(KeyPagination):
    ordering = ("order", "id")


class ObligationPagination(KeyPagination):
    ordering = ("due_date", "id")


class SubmissionPagination(KeyPagination):
    ordering = ("received_at", "id")


# Document types -----------------------------------------------------------------------------------


class DocumentTypeViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Document types with their deadline rules: the defaults for every kecamatan (`district`
    null) and the kecamatan's own. The section's administrator creates and changes own types."""

    serializer_class = DocumentTypeSerializer
    pagination_class = TypePagination
    permission_classes = [permissions.IsAuthenticated, Readers, ManagersWriteTypes]
    filter_backends: list[Any] = []
    schema = DocumentsSchema()
    queryset = DocumentType.objects.none()

    def get_queryset(self) -> QuerySet[DocumentType]:
        return selectors.types_visible_to(scope_of(self.request.user))

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        district = data.pop("district", None) or getattr(self.request.user, "district", None)
        if district is None:
            raise ValidationError({"district": [gettext(MESSAGE_DISTRICT_REQUIRED)]})
        row = services.create_document_type(district=district, data=data, actor=self.request.user)
        serializer.instance = self.get_queryset().get(pk=row.pk)
        self.versioned_object = serializer.instance

    def perform_update(self, serializer: Any) -> None:
        changes = {k: v for k, v in serializer.validated_data.items() if k != "district"}
        row = services.update_document_type(
            document_type=serializer.instance,
            changes=changes,
            actor=self.request.user,
            expected_version=self.expected_version,
        )
        serializer.instance = self.get_queryset().get(pk=row.pk)
        self.versioned_object = serializer.instance


# Obligations --------------------------------------------------------------------------------------


class ObligationApiFilter(BaseFilterSet):
    year = YearFilter(field_name="year", label=_("Tahun"))
    type = django_filters.CharFilter(
        field_name="document_type__code", label=_("Kode jenis dokumen"), max_length=40
    )
    village = django_filters.CharFilter(
        field_name="village_id", label=_("Kode desa"), max_length=13
    )
    status = django_filters.ChoiceFilter(choices=ObligationStatus.choices, label=_("Status"))
    late = django_filters.ChoiceFilter(
        choices=[("true", _("Ya")), ("false", _("Tidak"))],
        method="filter_late",
        label=_("Terlambat"),
    )

    class Meta:
        model = Obligation
        fields = ["year", "type", "village", "status", "late"]

    def filter_late(self, queryset: QuerySet[Obligation], name: str, value: str) -> Any:
        late = {"due_date__lt": timezone.localdate(), "status__in": LATE_STATUSES}
        return queryset.filter(**late) if value == "true" else queryset.exclude(**late)


class ObligationViewSet(
    VersionedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Obligations in the caller's scope, each with its deadline, status and on-time flag."""

    serializer_class = ObligationSerializer
    filterset_class = ObligationApiFilter
    pagination_class = ObligationPagination
    permission_classes = [permissions.IsAuthenticated, Readers]
    schema = DocumentsSchema()
    queryset = Obligation.objects.none()

    def get_queryset(self) -> QuerySet[Obligation]:
        return selectors.obligations_for(scope_of(self.request.user))

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    @extend_schema(
        methods=["GET"],
        summary="Sendings of the obligation",
        responses=SubmissionSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Send the document",
        description="Multipart: `file` (PDF or JPEG/PNG/WEBP photo, up to 10 MB; required "
        "unless `stamp`), `note`; `stamp=true` (kecamatan staff) records a paper document "
        "received at the office. The receipt time is stamped by the server; `received_at` in "
        "the body is ignored. 400 when the obligation is accepted or waived or the file is "
        "refused; 403 for a user who may not send for this desa.",
        request={"multipart/form-data": SubmissionUploadSerializer},
        responses={201: SubmissionSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=SubmissionPagination,
        parser_classes=[MultiPartParser, FormParser],
    )
    def submissions(self, request: Request, pk: str | None = None) -> Response:
        obligation = get_object_or_404(self.get_queryset(), pk=bounded_int(pk, field="pk"))
        if request.method == "POST":
            payload = SubmissionUploadSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
            submission = services.submit_document(
                obligation=obligation,
                actor=request.user,
                file=data.get("file"),
                note=data["note"],
                stamp=data["stamp"],
            )
            return Response(
                SubmissionSerializer(Submission.objects.get(pk=submission.pk)).data,
                status=status.HTTP_201_CREATED,
            )
        rows = Submission.objects.filter(obligation=obligation)
        return self.get_paginated_response(
            SubmissionSerializer(self.paginate_queryset(rows), many=True).data
        )


# On-time shares -----------------------------------------------------------------------------------


def period_bounds(year: int, period: str) -> tuple[dt.date, dt.date]:
    """[start, end] of `period` (Y, Q1-Q4, M01-M12) of `year`; ValidationError otherwise."""
    found = PERIOD.match(period)
    if found is None:
        raise ValidationError({"period": [gettext(MESSAGE_PERIOD)]})
    if found["quarter"]:
        first = 3 * int(found["quarter"]) - 2
        last = first + 2
    elif found["month"]:
        first = last = int(found["month"])
    else:
        first, last = 1, 12
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


class OnTimeViewSet(viewsets.GenericViewSet):
    """The indicator "average % of desa submitting documents on time" (selectors.on_time_shares)
    over the obligations in scope whose deadline falls in the period."""

    permission_classes = [permissions.IsAuthenticated, Readers]
    serializer_class = OnTimeSerializer
    pagination_class = None
    filter_backends: list[Any] = []
    schema = DocumentsSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, required=True, description="2000-2100."),
            OpenApiParameter(
                "period",
                str,
                description="Y (default), Q1..Q4 or M01..M12.",
                pattern=PERIOD.pattern,
            ),
            OpenApiParameter("district", str, description="Kode kecamatan (dalam wilayah Anda)."),
        ],
        responses=OnTimeSerializer,
    )
    def list(self, request: Request) -> Response:
        raw_year = request.query_params.get("year", "")
        if not re.fullmatch(r"\d{4}", raw_year) or not 2000 <= int(raw_year) <= 2100:
            raise ValidationError({"year": [gettext(MESSAGE_YEAR)]})
        year = int(raw_year)
        period = request.query_params.get("period", "Y") or "Y"
        start, end = period_bounds(year, period)
        scope = scope_of(request.user)
        rows = selectors.obligations_for(scope)
        district = request.query_params.get("district")
        if district:
            if not scope.covers_district(district):
                raise ValidationError({"district": [gettext(MESSAGE_DISTRICT_OUTSIDE)]})
            rows = rows.filter(district_id=district)
        result = selectors.on_time_shares(rows, start, end)
        body = {
            "year": year,
            "period": period,
            "start": start,
            "end": end,
            "average": result.average,
            "obliged": result.obliged,
            "on_time": result.on_time,
            "types": result.shares,
        }
        return Response(OnTimeSerializer(body).data)
