"""The indicators API (issue 13, point 8; docs/adr/0091): the kecamatan's SAKIP indicators of a
year with target, value and achievement per period, and the records behind each value.

- `GET /api/v1/indicators/?year=2026&period=Q1` — every indicator of the year in one period.
- `GET /api/v1/indicators/{code}/values/?year=2026` — one indicator in every period of the year
  (Y, Q1-Q4, M01-M12).
- `GET /api/v1/indicators/{code}/records/?year=2026&period=M03` — the records its numerator and
  denominator counted, each with the address of the record.

Periods are named as the issue names them and mapped to the stored keys of the values
(fieldwork's Period): `Y` -> "2026", `Q1`..`Q4` -> "2026-Q1", `M01`..`M12` -> "2026-03".
Without `period` the year is meant; without `year`, the current year.

Which kecamatan: a user of one kecamatan reads their own (`kecamatan` may name it again). A user
whose coverage spans several kecamatan (kabupaten or national) names one with
`kecamatan=35.08.07`; without it the answer is 400 asking for one — a list is always one
kecamatan's plan, whose codes are unique only within that kecamatan and year (the kabupaten's
side-by-side view is the across-kecamatan page). A kecamatan outside the caller's scope answers
404, the same as one that does not exist; a role that reads no indicators (a village operator)
403; anonymous 401. A partner (Polsek, Koramil) reads the figures but not the records behind
them: `records` answers 403 (access.can_read_records), and its `evidence_url` leads to a page
it may not open either.

Who reads: sitrantib/indicators/access.py. Reads only: every value is computed (when stale) and
read by `selectors.values_for`, one call per kind of period, whatever the number of indicators.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from sitrantib.core.api import MESSAGE_YEAR_OUT_OF_RANGE
from sitrantib.core.links import public_url
from sitrantib.core.openapi import ApiErrorSerializer, ApiSchema
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.indicators import access, selectors
from sitrantib.indicators.api.serializers import (
    PERIOD_CODE_PATTERN,
    IndicatorRecordsSerializer,
    IndicatorValueSerializer,
)
from sitrantib.indicators.calculators import Record
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
from sitrantib.regions.models import District

MESSAGE_BAD_YEAR = gettext_noop("Tahun ditulis dengan empat angka, misalnya 2026.")
MESSAGE_BAD_PERIOD = gettext_noop(
    "Periode ditulis Y (tahun), Q1 sampai Q4 (triwulan) atau M01 sampai M12 (bulan)."
)
MESSAGE_BAD_DISTRICT = gettext_noop("Kode kecamatan tidak valid, misalnya 35.08.07.")
MESSAGE_DISTRICT_REQUIRED = gettext_noop(
    "Akun Anda mencakup lebih dari satu kecamatan: pilih satu, misalnya kecamatan=35.08.07."
)
MESSAGE_NOT_READER = gettext_noop("Peran Anda tidak dapat melihat indikator kinerja.")
MESSAGE_NOT_RECORD_READER = gettext_noop(
    "Daftar data di balik nilai indikator hanya dapat dilihat oleh petugas kecamatan."
)
MESSAGE_NO_DISTRICT = gettext_noop("Kecamatan ini tidak ada atau di luar wilayah Anda.")
MESSAGE_NO_INDICATOR = gettext_noop("Indikator dengan kode ini tidak ada pada tahun itu.")

# Years a plan may have: the periods of field work start in 2000 (fieldwork/situation.py).
MIN_YEAR = 2000
MAX_YEAR = 2100
_YEAR = re.compile(r"[0-9]{4}")
_PERIOD = re.compile(PERIOD_CODE_PATTERN)
CODE_PATTERN = r"[-a-zA-Z0-9_]{1,40}"  # a SlugField of 40
_DISTRICT = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}")

# The kinds of period `values_for` counts, in the order the values endpoint lists them.
KINDS = ("year", "quarter", "month")


# Query parameters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodCode:
    """A period as the API names it ("Y", "Q1", "M03") within a year."""

    code: str
    year: int

    @property
    def kind(self) -> str:
        return {"Y": "year", "Q": "quarter", "M": "month"}[self.code[0]]

    @property
    def key(self) -> str:
        """The stored key of the value: "2026", "2026-Q1", "2026-03"."""
        if self.code == "Y":
            return str(self.year)
        if self.code[0] == "Q":
            return f"{self.year}-{self.code}"
        return f"{self.year}-{self.code[1:]}"


def code_of_key(key: str) -> str:
    """The API's name of a stored period key: "2026" -> "Y", "2026-Q1" -> "Q1",
    "2026-03" -> "M03"."""
    _, _, rest = key.partition("-")
    if not rest:
        return "Y"
    return rest if rest.startswith("Q") else f"M{rest}"


def _year(request: Request) -> int:
    text = request.query_params.get("year", "")
    if not text:
        return timezone.localdate().year
    if not _YEAR.fullmatch(text):
        raise ValidationError({"year": [gettext(MESSAGE_BAD_YEAR)]})
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        message = gettext(MESSAGE_YEAR_OUT_OF_RANGE) % {"min": MIN_YEAR, "max": MAX_YEAR}
        raise ValidationError({"year": [message]})
    return year


def _period(request: Request, year: int) -> PeriodCode:
    text = request.query_params.get("period", "") or "Y"
    if not _PERIOD.fullmatch(text):
        raise ValidationError({"period": [gettext(MESSAGE_BAD_PERIOD)]})
    return PeriodCode(text, year)


def _district(request: Request, scope: Scope) -> str:
    """The kecamatan whose indicators are read (see the module's docstring)."""
    if not access.can_read(scope):
        raise PermissionDenied(gettext(MESSAGE_NOT_READER))
    text = request.query_params.get("kecamatan", "")
    if text:
        if not _DISTRICT.fullmatch(text):
            raise ValidationError({"kecamatan": [gettext(MESSAGE_BAD_DISTRICT)]})
        if not scope.covers_district(text) or not District.objects.filter(code=text).exists():
            raise NotFound(gettext(MESSAGE_NO_DISTRICT))
        return text
    if not scope.national and len(scope.district_codes) == 1:
        return next(iter(scope.district_codes))
    raise ValidationError({"kecamatan": [gettext(MESSAGE_DISTRICT_REQUIRED)]})


# Shaping -----------------------------------------------------------------------------------------


def _item(
    request: Request, definition: IndicatorDefinition, value: IndicatorValue
) -> dict[str, Any]:
    return {
        "code": definition.code,
        "name": definition.name,
        "level": definition.level,
        "unit": definition.unit,
        "polarity": definition.polarity,
        "target": value.target,
        "value": value.value,
        "achievement": value.achievement,
        "period": code_of_key(value.period_key),
        "evidence_url": public_url(
            request, reverse("indicators:value_detail", kwargs={"pk": value.pk})
        ),
    }


def _record(request: Request, record: Record) -> dict[str, Any]:
    url = record.url or ""
    return {
        "label": record.label,
        "url": public_url(request, url) if url.startswith("/") else (url or None),
        "date": record.on_date,
        "detail": record.detail,
    }


# Schema ------------------------------------------------------------------------------------------

YEAR = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
    description=f"The plan's year ({MIN_YEAR}-{MAX_YEAR}); default: the current year.",
)
PERIOD = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    description="Y (the year, the default), Q1-Q4 (a quarter) or M01-M12 (a month). Stored as "
    "the keys 2026, 2026-Q1 and 2026-03; answered as given.",
    pattern=PERIOD_CODE_PATTERN,
)
DISTRICT = OpenApiParameter(
    "kecamatan",
    OpenApiTypes.STR,
    description="The kecamatan's code (35.08.07). Default: the caller's kecamatan. Required for "
    "a caller whose coverage spans several kecamatan (kabupaten, national): without it 400. A "
    "kecamatan outside the caller's scope answers 404, like an unknown one.",
    pattern=f"^{_DISTRICT.pattern}$",
)
CODE = OpenApiParameter(
    "code",
    {"type": "string", "pattern": f"^{CODE_PATTERN}$"},
    OpenApiParameter.PATH,
    description="The indicator's code within the kecamatan and year.",
)
NOT_FOUND = OpenApiResponse(
    ApiErrorSerializer,
    description="The kecamatan named does not exist or lies outside the caller's scope (the "
    "same answer).",
)


class IndicatorsSchema(ApiSchema):
    """The project's error answers (core/openapi.py), and 404 on the list too: a kecamatan
    outside the caller's scope."""

    def error_codes(self) -> list[str]:
        codes = super().error_codes()
        return codes if "404" in codes else [*codes, "404"]


# Views -------------------------------------------------------------------------------------------


class IndicatorViewSet(viewsets.ViewSet):
    """A kecamatan's indicators of a year, their values per period and the records behind them."""

    permission_classes = [permissions.IsAuthenticated]
    schema = IndicatorsSchema()
    lookup_field = "code"
    lookup_value_regex = CODE_PATTERN

    @extend_schema(
        operation_id="indicators_list",
        summary="Indicators of a year in one period",
        description="Every indicator of the kecamatan's plan for the year, in the order of the "
        "plan: target, value and achievement of the period, decimals as strings with two "
        "places, and `evidence_url`, the page listing the records behind the value. Not paged: "
        "one plan's indicators.",
        parameters=[YEAR, PERIOD, DISTRICT],
        responses={200: IndicatorValueSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        year = _year(request)
        period = _period(request, year)
        district = _district(request, scope_of(request.user))
        items: list[dict[str, Any]] = []
        for row in selectors.values_for(district_code=district, year=year, kind=period.kind):
            for value in row.periods:
                if value.period_key == period.key:
                    items.append(_item(request, row.definition, value))
        return Response(IndicatorValueSerializer(items, many=True).data)

    @extend_schema(
        operation_id="indicators_values",
        summary="One indicator in every period of a year",
        description="The indicator in the year (Y), its quarters (Q1-Q4) and months "
        "(M01-M12), in that order, shaped as the list's items.",
        parameters=[CODE, YEAR, DISTRICT],
        responses={200: IndicatorValueSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def values(self, request: Request, code: str) -> Response:
        year = _year(request)
        district = _district(request, scope_of(request.user))
        items: list[dict[str, Any]] = []
        for kind in KINDS:
            row = _row(selectors.values_for(district_code=district, year=year, kind=kind), code)
            items.extend(_item(request, row.definition, value) for value in row.periods)
        return Response(IndicatorValueSerializer(items, many=True).data)

    @extend_schema(
        operation_id="indicators_records",
        summary="The records behind one value",
        description="What the value's numerator and denominator counted (label, the record's "
        "address, its date, a detail), as on the value's page. A manual value lists its evidence "
        "files as the numerator's records. "
        "The kecamatan's officers only: a partner gets 403.",
        parameters=[CODE, YEAR, PERIOD, DISTRICT],
        responses={200: IndicatorRecordsSerializer},
    )
    @action(detail=True, methods=["get"])
    def records(self, request: Request, code: str) -> Response:
        year = _year(request)
        period = _period(request, year)
        scope = scope_of(request.user)
        district = _district(request, scope)
        if not access.can_read_records(scope, district):
            raise PermissionDenied(gettext(MESSAGE_NOT_RECORD_READER))
        row = _row(selectors.values_for(district_code=district, year=year, kind=period.kind), code)
        value = next((v for v in row.periods if v.period_key == period.key), None)
        if value is None:
            raise NotFound(gettext(MESSAGE_NO_INDICATOR))
        computation = selectors.value_records(value)
        item = _item(request, row.definition, value)
        body = {
            "code": item["code"],
            "name": item["name"],
            "period": item["period"],
            "value": item["value"],
            "numerator": computation.numerator,
            "denominator": computation.denominator,
            "evidence_url": item["evidence_url"],
            "numerator_records": [_record(request, r) for r in computation.numerator_records()],
            "denominator_records": [_record(request, r) for r in computation.denominator_records()],
        }
        return Response(IndicatorRecordsSerializer(body).data)


def _row(rows: list[Any], code: str) -> Any:
    found = next((row for row in rows if row.definition.code == code), None)
    if found is None:
        raise NotFound(gettext(MESSAGE_NO_INDICATOR))
    return found
