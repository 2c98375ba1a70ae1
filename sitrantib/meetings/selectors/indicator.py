"""The follow-up indicator (ADR 0021): computed from the items, or read from the stored figures.

It counts the items of meetings only (docs/adr/0083): "hasil fasilitasi dan koordinasi" are what
coordination meetings decided; an item from a field visit is followed in the ledger but is not a
meeting result.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from sitrantib.core.formatting import format_number_id
from sitrantib.core.scoping import Scope, scope_of
from sitrantib.meetings.enums import ActionStatus
from sitrantib.meetings.models import ActionItem, FollowUpFigure
from sitrantib.meetings.selectors.action_items import PENDING, followed_up, with_follow_up_flags
from sitrantib.meetings.selectors.scope import action_items_visible_to, institution_filter

# Shown when nothing fell due in a period (a dash, not 0 %: there was nothing to follow up).
NO_VALUE = "\u2013"


@dataclass
class IndicatorValue:
    """The value of "Persentase hasil fasilitasi dan koordinasi yang ditindaklanjuti".

    Carry-over rule (ADR 0021): an item counts in the period its due date falls in; an item done
    late still counts as followed up in its due period; cancelled items leave the denominator.
    """

    start: dt.date
    end: dt.date
    due: list[ActionItem] = field(default_factory=list)
    followed_up: list[ActionItem] = field(default_factory=list)
    cancelled: list[ActionItem] = field(default_factory=list)
    carried_over: list[ActionItem] = field(default_factory=list)

    @property
    def value(self) -> Decimal | None:
        """Followed-up / due x 100, unrounded; None when nothing fell due in the period."""
        if not self.due:
            return None
        return Decimal(len(self.followed_up)) * 100 / Decimal(len(self.due))


def of_meetings(items: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    """The items the indicator counts: those of a meeting (docs/adr/0083)."""
    return items.filter(meeting__isnull=False)


def compute_follow_up(
    items: QuerySet[ActionItem], *, start: dt.date, end: dt.date, today: dt.date
) -> IndicatorValue:
    """The calculator: the indicator over the meeting items of `items` for [start, end] with the
    lists behind both numbers (2 queries). Stored figures (`FollowUpFigure`) are this function's
    counts."""
    base = with_follow_up_flags(of_meetings(items), today=today).select_related(
        "meeting", "owner_institution"
    )
    in_period = list(base.filter(due_date__gte=start, due_date__lte=end).order_by("due_date", "pk"))
    carried = list(base.filter(due_date__lt=start, status__in=PENDING).order_by("due_date", "pk"))
    result = IndicatorValue(start=start, end=end, carried_over=carried)
    for item in in_period:
        if item.status == ActionStatus.CANCELLED:
            result.cancelled.append(item)
            continue
        result.due.append(item)
        if item.is_followed_up:
            result.followed_up.append(item)
    return result


def _items(user: Any, district_code: str | None) -> QuerySet[ActionItem]:
    items = action_items_visible_to(user=user)
    return items if district_code is None else items.filter(district_id=district_code)


def _figures(user: Any, district_code: str | None) -> QuerySet[FollowUpFigure]:
    figures = figures_in_scope(scope=scope_of(user))
    return figures if district_code is None else figures.filter(district_id=district_code)


def follow_up_indicator(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
    district_code: str | None = None,
) -> IndicatorValue:
    """The indicator for [start, end] of the items `user` sees (of one kecamatan when
    `district_code` is given), with its lists (2 queries)."""
    return compute_follow_up(
        _items(user, district_code),
        start=start,
        end=end,
        today=today or timezone.localdate(),
    )


@dataclass(frozen=True)
class FollowUpCounts:
    """The indicator's counts for a period, read from the stored figures."""

    due: int
    followed_up: int
    pending: int
    cancelled: int

    @property
    def value(self) -> Decimal | None:
        if not self.due:
            return None
        return Decimal(self.followed_up) * 100 / Decimal(self.due)


@dataclass(frozen=True)
class InstitutionFigures(FollowUpCounts):
    institution_id: int = 0
    name: str = ""


def is_whole_months(start: dt.date, end: dt.date) -> bool:
    """Whether [start, end] is made of whole months (the stored figures' grain)."""
    return start.day == 1 and (end + dt.timedelta(days=1)).day == 1


def figures_in_scope(*, scope: Scope) -> QuerySet[FollowUpFigure]:
    """The stored figures the scope may read (same rule as `action_items_in_scope`)."""
    figures = FollowUpFigure.objects.all()
    if scope.national:
        return figures
    if scope.is_empty:
        return figures.none()
    figures = figures.filter(district_id__in=sorted(scope.district_codes))
    by_institution = institution_filter(scope, "owner_institution")
    return figures if by_institution is None else figures.filter(by_institution)


def _months(figures: QuerySet[FollowUpFigure], start: dt.date, end: dt.date) -> Any:
    """The figures of the months from start's to end's (inclusive)."""
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    # The year bounds are what an index can use; the month arithmetic trims the edges.
    return (
        figures.filter(year__gte=start.year, year__lte=end.year)
        .annotate(ym=F("year") * 12 + F("month") - 1)
        .filter(ym__gte=first, ym__lte=last)
    )


_SUMS = {
    "n_due": Coalesce(Sum("due"), 0),
    "n_followed": Coalesce(Sum("followed_up"), 0),
    "n_pending": Coalesce(Sum("pending"), 0),
    "n_cancelled": Coalesce(Sum("cancelled"), 0),
}


def stored_follow_up(
    *, user: Any, start: dt.date, end: dt.date, district_code: str | None = None
) -> FollowUpCounts:
    """The indicator's counts for the whole months of [start, end] from the stored figures
    (one query; equal to `follow_up_indicator` for such a period — tested)."""
    row = _months(_figures(user, district_code), start, end).aggregate(**_SUMS)
    return FollowUpCounts(
        due=row["n_due"],
        followed_up=row["n_followed"],
        pending=row["n_pending"],
        cancelled=row["n_cancelled"],
    )


def stored_follow_up_by_institution(
    *, user: Any, start: dt.date, end: dt.date, district_code: str | None = None
) -> list[InstitutionFigures]:
    """The same counts per owning institution (one query, one row per institution)."""
    rows = (
        _months(_figures(user, district_code), start, end)
        .values("owner_institution_id", "owner_institution__name")
        .annotate(**_SUMS)
        .order_by("owner_institution__name", "owner_institution_id")
    )
    return [
        InstitutionFigures(
            institution_id=r["owner_institution_id"],
            name=r["owner_institution__name"],
            due=r["n_due"],
            followed_up=r["n_followed"],
            pending=r["n_pending"],
            cancelled=r["n_cancelled"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class DistrictFigures(FollowUpCounts):
    code: str = ""
    name: str = ""

    @property
    def value_text(self) -> str:
        return format_percent_id(self.value)


def stored_follow_up_by_district(
    *, user: Any, start: dt.date, end: dt.date, districts: list[Any]
) -> list[DistrictFigures]:
    """The same counts per kecamatan of `districts` (one page of them; one grouped query over
    the stored figures of those kecamatan only)."""
    codes = [d.code for d in districts]
    rows = (
        _months(figures_in_scope(scope=scope_of(user)).filter(district_id__in=codes), start, end)
        .values("district_id")
        .annotate(**_SUMS)
        .order_by()
    )
    sums = {r["district_id"]: r for r in rows}
    empty = {"n_due": 0, "n_followed": 0, "n_pending": 0, "n_cancelled": 0}
    result = []
    for d in districts:
        r = sums.get(d.code, empty)
        result.append(
            DistrictFigures(
                code=d.code,
                name=d.name,
                due=r["n_due"],
                followed_up=r["n_followed"],
                pending=r["n_pending"],
                cancelled=r["n_cancelled"],
            )
        )
    return result


def follow_up_years() -> list[int]:
    """Every year with an item due or a stored figure (what `compute_follow_up` recomputes)."""
    due = of_meetings(ActionItem.objects.all()).dates("due_date", "year")
    stored = FollowUpFigure.objects.order_by().values_list("year", flat=True).distinct()
    return sorted({d.year for d in due} | set(stored))


INDICATOR_LISTS = ("due", "followed", "cancelled", "carried")


def indicator_list(
    *,
    user: Any,
    name: str,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
    district_code: str | None = None,
) -> QuerySet[ActionItem]:
    """One list behind the indicator as a queryset to page (ordered by INDICATOR_ORDERING)."""
    today = today or timezone.localdate()
    items = with_follow_up_flags(
        of_meetings(_items(user, district_code)), today=today
    ).select_related("meeting", "owner_institution")
    in_period = items.filter(due_date__gte=start, due_date__lte=end)
    lists = {
        "due": in_period.exclude(status=ActionStatus.CANCELLED),
        "followed": followed_up(in_period),
        "cancelled": in_period.filter(status=ActionStatus.CANCELLED),
        "carried": items.filter(due_date__lt=start, status__in=PENDING),
    }
    return lists[name].order_by(*INDICATOR_ORDERING)


INDICATOR_ORDERING = ("due_date", "pk")


def format_percent_id(value: Decimal | None) -> str:
    """Two decimals, Indonesian style: Decimal("33.333") -> "33,33 %"; None -> NO_VALUE."""
    if value is None:
        return NO_VALUE
    return f"{format_number_id(value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))} %"
