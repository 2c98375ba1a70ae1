"""Test helpers of the village documents: the seeded types, obligations, receipts at a chosen
moment (WIB) and real files."""

import datetime as dt
import importlib
import zoneinfo
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sitrantib.core.audit import save_new
from sitrantib.testing.bad_input import pdf_bytes, png_bytes
from sitrantib.villagedocs import services
from sitrantib.villagedocs.models import DocumentType, Obligation, Submission

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
SEEDED = (
    "rpjmdes",
    "rkpdes",
    "rancangan-apbdes",
    "perdes-apbdes",
    "laporan-apbdes-s1",
    "lppd",
    "lpj-apbdes",
    "rekap-penduduk",
)


def wib(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware moment in the site's time zone."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def seed_default_types() -> None:
    """The migrations' default types again: a transactional test before this one (a browser
    journey) empties every table, seeded rows included."""
    from django.apps import apps

    seeded = importlib.import_module("sitrantib.villagedocs.migrations.0002_document_types")
    months = importlib.import_module(
        "sitrantib.villagedocs.migrations.0003_document_type_versions_and_months"
    )
    seeded.seed(apps, None)
    months.rpjmdes_in_months(apps, None)


def default_type(code: str) -> DocumentType:
    """A seeded default type (the migration's data)."""
    if not DocumentType.objects.filter(district=None, code=code).exists():
        seed_default_types()
    return DocumentType.objects.get(district=None, code=code)


def make_obligation(
    village: Any,
    *,
    code: str = "lppd",
    due: dt.date = dt.date(2026, 3, 31),
    period_key: str = "",
    actor: Any = None,
) -> Obligation:
    document_type = default_type(code)
    return save_new(
        Obligation(
            document_type=document_type,
            district_id=village.district_id,
            village=village,
            period_key=period_key or f"{due.year}-{due.month:02d}",
            year=due.year,
            due_date=due,
        ),
        actor=actor,
    )


def pdf_upload(name: str = "lppd.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def png_upload(name: str = "rekap.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def receive(
    obligation: Obligation,
    at: dt.datetime,
    *,
    actor: Any,
    verdict: str | None = None,
    judge: Any = None,
    reason: str = "Tanda tangan kurang",
) -> Submission:
    """A paper document stamped by `actor` through the service, its receipt then moved to `at`
    (the clock of the test: the service itself always stamps "now"), optionally judged."""
    submission = services.submit_document(obligation=obligation, actor=actor, stamp=True)
    Submission.objects.filter(pk=submission.pk).update(received_at=at)
    services.refresh_obligation(obligation)
    if verdict is not None:
        submission = services.judge_submission(
            submission=Submission.objects.get(pk=submission.pk),
            accept=verdict == "accepted",
            actor=judge or actor,
            reason="" if verdict == "accepted" else reason,
        )
    obligation.refresh_from_db()
    return submission
