"""The desa situation of a period (`/api/v1/village-situations/?period=2026-03`).

For every desa of the caller's scope: tentram dan tertib or not under its kecamatan's rule
(sitrantib/fieldwork/situation.py, docs/adr/0080), each condition with whether it held, why, and
the visits or incidents that decided it; and the programme indicator's figures (desa terpantau,
desa tentram dan tertib). A partner reads no desa. Three queries for any number of desa.
"""

from typing import Any

from django.utils.translation import gettext, gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sitrantib.core.scoping import scope_of
from sitrantib.core.text import first_control_character
from sitrantib.fieldwork import access
from sitrantib.fieldwork.api.common import FieldworkSchema
from sitrantib.fieldwork.api.serializers import VillageSituationsSerializer
from sitrantib.fieldwork.situation import (
    Period,
    current_month,
    parse_period,
    summarise,
    village_situations,
)
from sitrantib.regions.models import Village
from sitrantib.regions.selectors import villages_in_scope

MESSAGE_BAD_DISTRICT = gettext_noop("Kode kecamatan tidak valid.")


def _period(request: Request) -> Period:
    text = request.query_params.get("period", "")
    if not text:
        return current_month()
    try:
        return parse_period(text[:20])
    except ValueError as exc:
        raise ValidationError({"period": [str(exc)]}) from exc


class VillageSituationsView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    schema = FieldworkSchema()

    @extend_schema(
        operation_id="village_situations",
        summary="Desa situation of a period",
        description="Every desa of the caller's scope in the period: `peaceful` (tentram dan "
        "tertib) when every condition of its kecamatan's rule holds; each condition with "
        "`holds`, `detail` and the visits or incidents that decided it. `summary` gives the "
        "programme indicator: desa monitored (at least one visit) and peaceful, with their "
        "share. A partner's list is empty.",
        parameters=[
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="2026 (year), 2026-Q1 (quarter) or 2026-03 (month); default: the "
                "current month.",
                pattern=r"^\d{4}(-(\d{2}|[Qq][1-4]))?$",
            ),
            OpenApiParameter(
                "district",
                OpenApiTypes.STR,
                description="Only the desa of this kecamatan (its code, e.g. 35.08.07).",
            ),
        ],
        responses={200: VillageSituationsSerializer},
    )
    def get(self, request: Request) -> Response:
        period = _period(request)
        scope = scope_of(request.user)
        villages = (
            villages_in_scope(scope=scope) if access.can_read(scope) else Village.objects.none()
        )
        district = request.query_params.get("district", "")
        if district:
            if len(district) > 20 or first_control_character(district) is not None:
                raise ValidationError({"district": [gettext(MESSAGE_BAD_DISTRICT)]})
            villages = villages.filter(district_id=district)
        results = village_situations(villages, period)
        body: dict[str, Any] = {
            "period": {
                "key": period.key,
                "kind": period.kind,
                "label": period.label,
                "start": period.start,
                "end": period.end,
            },
            "summary": summarise(results),
            "results": results,
        }
        return Response(VillageSituationsSerializer(body).data)
