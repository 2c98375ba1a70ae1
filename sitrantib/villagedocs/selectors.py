"""Reads of the village documents: scoped lists and the on-time shares (docs/adr/0090).

The outcome indicator "rata-rata persentase desa yang menyusun dokumen administrasi pemerintahan
desa yang tepat waktu": for each tracked document type, of the obligations due in the period that
are decided, the share received on time; the indicator is the mean of those shares over the types
that had any. An obligation is decided when its on-time flag is known (a counted receipt), or when
its deadline has passed with nothing received or only a returned document (late). One waiting for
the section's check after its deadline is not decided yet; a waived one is left out.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sitrantib.core.scoping import Scope
from sitrantib.villagedocs import access
from sitrantib.villagedocs.enums import ObligationStatus
from sitrantib.villagedocs.models import DocumentType, Obligation

HUNDRED = Decimal(100)
LATE_STATUSES = (ObligationStatus.OPEN, ObligationStatus.RETURNED)


def obligations_for(scope: Scope) -> QuerySet[Obligation]:
    return access.scoped(Obligation.objects.all(), scope).select_related("village", "document_type")


def decided_filter(today: dt.date) -> Q:
    return Q(on_time__isnull=False) | Q(due_date__lt=today, status__in=LATE_STATUSES)


def on_time_filter() -> Q:
    return Q(on_time=True)


def counted_obligations(
    obligations: QuerySet[Obligation], start: dt.date, end: dt.date, today: dt.date | None = None
) -> QuerySet[Obligation]:
    """The obligations a share over [start, end] counts (its denominator)."""
    today = today or timezone.localdate()
    return (
        obligations.filter(document_type__counts_for_indicator=True, due_date__range=(start, end))
        .exclude(status=ObligationStatus.WAIVED)
        .filter(decided_filter(today))
    )


@dataclass(frozen=True)
class TypeShare:
    document_type: DocumentType
    obliged: int
    on_time: int

    @property
    def late(self) -> int:
        return self.obliged - self.on_time

    @property
    def percent(self) -> Decimal:
        return (HUNDRED * self.on_time / self.obliged).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class OnTime:
    shares: list[TypeShare]

    @property
    def average(self) -> Decimal | None:
        """The mean of the types' shares, from exact fractions, to two decimals."""
        if not self.shares:
            return None
        total = sum((Decimal(s.on_time) / Decimal(s.obliged) for s in self.shares), Decimal(0))
        return (HUNDRED * total / len(self.shares)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def obliged(self) -> int:
        return sum(s.obliged for s in self.shares)

    @property
    def on_time(self) -> int:
        return sum(s.on_time for s in self.shares)


def on_time_shares(
    obligations: QuerySet[Obligation], start: dt.date, end: dt.date, today: dt.date | None = None
) -> OnTime:
    """The on-time share of each document type over [start, end] (two queries)."""
    rows = (
        counted_obligations(obligations, start, end, today)
        .values("document_type_id")
        .annotate(obliged=Count("pk"), on_time=Count("pk", filter=on_time_filter()))
        .order_by()
    )
    counts = {r["document_type_id"]: (r["obliged"], r["on_time"]) for r in rows}
    types = DocumentType.objects.filter(pk__in=list(counts)).order_by("order", "name", "pk")
    return OnTime([TypeShare(t, *counts[t.pk]) for t in types])


def late_obligations(
    obligations: QuerySet[Obligation], today: dt.date | None = None
) -> QuerySet[Obligation]:
    """Past their deadline with nothing accepted: what the Camat sees as late."""
    today = today or timezone.localdate()
    return obligations.filter(due_date__lt=today, status__in=LATE_STATUSES).order_by(
        "due_date", "village_id", "pk"
    )


def due_soon(
    obligations: QuerySet[Obligation], days: int, today: dt.date | None = None
) -> QuerySet[Obligation]:
    today = today or timezone.localdate()
    return obligations.filter(
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=days),
        status__in=LATE_STATUSES,
    ).order_by("due_date", "village_id", "pk")
