"""Read-only API of regions: desa with their latest figures, institutions, and the
data-quality findings of the caller's scope.

Filters are the app's filtersets (regions/filters.py), shared with the pages; every object
returned alone carries its version as ETag (core.api.VersionedMixin).
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sitrantib.core.api import KeyPagination, VersionedMixin
from sitrantib.core.dataquality import remember_counts, run_checks
from sitrantib.core.enums import Severity
from sitrantib.core.scoping import scope_of
from sitrantib.regions.api.serializers import (
    FindingListSerializer,
    InstitutionSerializer,
    VillageSerializer,
)
from sitrantib.regions.filters import InstitutionFilter, VillageFilter
from sitrantib.regions.models import Institution, Village
from sitrantib.regions.selectors import institutions_visible_to, villages_with_latest_statistics


class VillagePagination(KeyPagination):
    ordering = "code"


class VillageViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Desa/kelurahan in the caller's scope with their latest statistics and its source."""

    serializer_class = VillageSerializer
    filterset_class = VillageFilter
    pagination_class = VillagePagination
    lookup_field = "code"
    lookup_value_regex = r"\d{2}\.\d{2}\.\d{2}\.\d{4}"

    def get_queryset(self) -> QuerySet[Village]:
        return villages_with_latest_statistics(user=self.request.user)


class InstitutionViewSet(VersionedMixin, viewsets.ReadOnlyModelViewSet):
    """Institutions the section works with (Polsek, Koramil, kecamatan units, desa governments)."""

    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter
    queryset = Institution.objects.none()  # for the schema; get_queryset scopes it

    def get_queryset(self) -> QuerySet[Institution]:
        return institutions_visible_to(user=self.request.user).order_by("pk")


MESSAGE_ADMINS_ONLY = gettext_noop("Temuan kualitas data hanya untuk admin.")


class DataQualityView(APIView):
    """Data-quality findings in the caller's scope, errors first, each with its technical
    reference (rule, field, object) beside the sentence; administrators only (ADR 0053).
    `?severity=error|warning|info` narrows them."""

    @extend_schema(
        parameters=[
            OpenApiParameter("severity", str, enum=list(Severity.values), required=False),
        ],
        responses=FindingListSerializer,
    )
    def get(self, request: Request) -> Response:
        scope = scope_of(request.user)
        if not scope.is_admin:
            raise PermissionDenied(_(MESSAGE_ADMINS_ONLY))
        findings = run_checks(scope=scope)
        remember_counts(scope, findings)
        severity = request.query_params.get("severity", "")
        if severity:
            if severity not in Severity.values:
                raise ValidationError({"severity": [_("Pilih error, warning, atau info.")]})
            findings = [f for f in findings if f.severity == severity]
        body = FindingListSerializer(
            {"count": len(findings), "results": [f.as_dict() for f in findings]}
        ).data
        return Response(body, headers={"Cache-Control": "no-store"})
