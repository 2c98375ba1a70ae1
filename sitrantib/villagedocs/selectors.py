"""Reads of the village documents: scoped lists and the on-time shares (docs/adr/0090).

The outcome indicator "rata-rata persentase desa yang menyusun dokumen administrasi pemerintahan
desa yang tepat waktu": for each tracked document type (`counts_for_indicator`), of the
obligations whose deadline falls in the period and that are decided, the share received on time;
the indicator is the mean of those shares over the types that had any (each type weighs the same,
whatever its number of obligations). An obligation is decided when its document was accepted (its
on-time flag is then known from the counted receipt, services.decide), or when its deadline has
passed with nothing received or only a returned document (late). One waiting for the section's
check is not decided yet; one not yet due with nothing accepted is not counted; a waived one is
left out.

Contract for the indicator "documents_on_time" (indicators app): value = `on_time_shares(...)
.average`; denominator records = `counted_obligations(...)`, numerator records = those of them
with `on_time=True` (`counted_obligations(...).filter(on_time_filter())`).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sitrantib.core.scoping import Scope
from sitrantib.villagedocs import access
from sitrantib.villagedocs.enums import ObligationStatus
from sitrantib.villagedocs.models import LATE_STATUSES, DocumentType, Obligation

HUNDRED = Decimal(100)


__all__ = [
    "LATE_STATUSES",
    "OnTime",
    "TypeShare",
    "counted_obligations",
    "decided_filter",
    "due_soon",
    "late_obligations",
    "obligations_for",
    "on_time_filter",
    "on_time_shares",
    "types_visible_to",
]


def obligations_for(scope: Scope) -> QuerySet[Obligation]:
    """The obligations a scope reads (a village operator: their desa), with type and desa."""
    return access.scoped(Obligation.objects.all(), scope).select_related("village", "document_type")


def types_visible_to(scope: Scope) -> QuerySet[DocumentType]:
    """The defaults for every kecamatan and the own types of the kecamatan in scope (inactive
    ones included: the pages and the API show them as inactive)."""
    if not access.can_read(scope):
        return DocumentType.objects.none()
    rows = DocumentType.objects.select_related("district")
    if scope.national:
        return rows
    return rows.filter(Q(district__isnull=True) | Q(district_id__in=sorted(scope.district_codes)))


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
