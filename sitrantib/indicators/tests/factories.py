"""Definitions and values for the indicator tests, and a few records of the source apps."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sitrantib.indicators.enums import Method, Polarity
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
from sitrantib.planning.enums import IndicatorLevel


def make_definition(
    district: Any,
    calculator: str = "",
    *,
    year: int = 2025,
    code: str | None = None,
    target: Decimal | int | str | None = 100,
    **overrides: Any,
) -> IndicatorDefinition:
    """A definition stored directly (the services are tested on their own)."""
    method = Method.CALCULATED if calculator else Method.MANUAL
    fields: dict[str, Any] = {
        "district": district,
        "year": year,
        "code": code or calculator or "manual",
        "name": overrides.pop("name", f"Indikator {code or calculator or 'manual'}"),
        "level": IndicatorLevel.OUTCOME,
        "unit": "%",
        "polarity": Polarity.POSITIVE,
        "method": method,
        "calculator": calculator,
        "target": None if target is None else Decimal(str(target)),
    }
    fields.update(overrides)
    return IndicatorDefinition.objects.create(**fields)


def wib(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def value_of(definition: IndicatorDefinition, key: str) -> IndicatorValue:
    return IndicatorValue.objects.get(definition=definition, period_key=key)


def pdf_bytes() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "laporan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
