"""Keeping the stored follow-up figures equal to a fresh computation (issue 16 A3).

`refresh_follow_up_figures` recomputes one kecamatan's year — or one institution's part of
it — with the indicator's own calculator (`selectors.compute_follow_up`) and replaces the
stored rows. The item services call it in their transaction after every change that can move a
figure (an item created, its status moved or cancelled, evidence added, its due date or owner
corrected), so only the affected kecamatan, year and institution are recomputed.

`refresh_many` recomputes the year of many kecamatan in chunks of `CHUNK`, with a fixed number of
queries per chunk whatever its size (the chunk's kecamatan locked, its counts grouped in SQL, one
upsert, one delete of the rows no longer counted); its figures equal `refresh_follow_up_figures`
kecamatan by kecamatan (tested). `manage.py compute_follow_up [--year Y] [--workers N]` runs it
for every kecamatan of a year, on PostgreSQL over N processes (`core.parallel`).

Only items of a meeting count (docs/adr/0083): the indicator is about what coordination meetings
decided; an item from a field visit is in the ledger but never in these figures.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from sitrantib.core.parallel import chunks, run_parts
from sitrantib.meetings.enums import PENDING_STATUSES, ActionStatus
from sitrantib.meetings.models import ActionItem, Evidence, FollowUpFigure
from sitrantib.meetings.selectors import compute_follow_up
from sitrantib.regions.models import District

Key = tuple[int, int]  # (owner_institution_id, month)


@transaction.atomic
def refresh_follow_up_figures(
    *, district_code: str, year: int, institution_ids: Iterable[int] | None = None
) -> int:
    """Recompute the stored figures of one kecamatan and year (of the given owning institutions
    only, when given); returns the number of rows stored. Concurrent refreshes of the same
    kecamatan wait for each other (the kecamatan row is locked)."""
    District.objects.select_for_update().filter(pk=district_code).exists()
    items = ActionItem.objects.filter(district_id=district_code, meeting__isnull=False)
    stored = FollowUpFigure.objects.filter(district_id=district_code, year=year)
    owners = None if institution_ids is None else sorted(set(institution_ids))
    if owners is not None:
        items = items.filter(owner_institution_id__in=owners)
        stored = stored.filter(owner_institution_id__in=owners)
    result = compute_follow_up(
        items,
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        today=timezone.localdate(),
    )
    counts: dict[str, Counter[Key]] = {
        name: Counter((i.owner_institution_id, i.due_date.month) for i in rows)
        for name, rows in (
            ("due", result.due),
            ("followed_up", result.followed_up),
            ("cancelled", result.cancelled),
            ("pending", [i for i in result.due if i.status in PENDING_STATUSES]),
        )
    }
    keys = set(counts["due"]) | set(counts["cancelled"])
    stored.delete()
    FollowUpFigure.objects.bulk_create(
        [
            FollowUpFigure(
                district_id=district_code,
                owner_institution_id=institution_id,
                year=year,
                month=month,
                due=counts["due"][(institution_id, month)],
                followed_up=counts["followed_up"][(institution_id, month)],
                pending=counts["pending"][(institution_id, month)],
                cancelled=counts["cancelled"][(institution_id, month)],
            )
            for institution_id, month in sorted(keys)
        ]
    )
    return len(keys)


def refresh_for_item(item: ActionItem, *, previous: tuple[dt.date, int] | None = None) -> None:
    """Refresh the figures an item counts in (and those it counted in before a correction of
    its due date or owner: `previous` = (due date, owner id)). An item without a meeting counts
    in no figure (docs/adr/0083): nothing to refresh."""
    if item.meeting_id is None:
        return
    district_code = item.district_id
    targets = {(item.due_date.year, item.owner_institution_id)}
    if previous is not None:
        targets.add((previous[0].year, previous[1]))
    for year in sorted({year for year, _owner in targets}):
        owners = [owner for y, owner in targets if y == year]
        refresh_follow_up_figures(district_code=district_code, year=year, institution_ids=owners)


# Kecamatan per chunk of `refresh_many`: a chunk's rows are a few thousand at most.
CHUNK = 200
_COUNTED = ["due", "followed_up", "pending", "cancelled", "computed_at"]


@transaction.atomic
def _refresh_chunk(district_codes: Sequence[str], year: int) -> int:
    """Recompute the figures of a year of these kecamatan (4 queries, whatever their number):
    the counts of `compute_follow_up` per kecamatan, institution and month, grouped in SQL."""
    codes = sorted(set(district_codes))
    # The same lock as `refresh_follow_up_figures`, in code order (no deadlock between chunks).
    list(District.objects.select_for_update().filter(pk__in=codes).order_by("pk").values("pk"))
    cancelled = Q(status=ActionStatus.CANCELLED)
    evidence = Evidence.objects.filter(item_id=OuterRef("pk"))
    rows = (
        ActionItem.objects.filter(
            district_id__in=codes,
            meeting__isnull=False,
            due_date__gte=dt.date(year, 1, 1),
            due_date__lte=dt.date(year, 12, 31),
        )
        .annotate(due_month=ExtractMonth("due_date"))
        .values("district_id", "owner_institution_id", "due_month")
        .annotate(
            n_due=Count("pk", filter=~cancelled),
            n_followed=Count("pk", filter=Q(Exists(evidence), status=ActionStatus.DONE)),
            n_pending=Count("pk", filter=Q(status__in=sorted(PENDING_STATUSES)) & ~cancelled),
            n_cancelled=Count("pk", filter=cancelled),
        )
        .order_by()
    )
    stamp = timezone.now()
    figures = [
        FollowUpFigure(
            district_id=r["district_id"],
            owner_institution_id=r["owner_institution_id"],
            year=year,
            month=r["due_month"],
            due=r["n_due"],
            followed_up=r["n_followed"],
            pending=r["n_pending"],
            cancelled=r["n_cancelled"],
            computed_at=stamp,
        )
        for r in rows
    ]
    if figures:
        FollowUpFigure.objects.bulk_create(
            figures,
            update_conflicts=True,
            unique_fields=["district", "owner_institution", "year", "month"],
            update_fields=_COUNTED,
        )
    # Every row counted now was written at or after `stamp`: what is older is counted no more.
    FollowUpFigure.objects.filter(district_id__in=codes, year=year, computed_at__lt=stamp).delete()
    return len(figures)


def _refresh_part(part: tuple[list[str], int]) -> int:
    codes, year = part
    return _refresh_chunk(codes, year)


def refresh_many(*, district_codes: Iterable[str], year: int, workers: int = 1) -> int:
    """Recompute the figures of a year of these kecamatan, `CHUNK` at a time (over `workers`
    processes on PostgreSQL); returns the number of rows stored."""
    parts = [(codes, year) for codes in chunks(sorted(set(district_codes)), CHUNK)]
    return sum(run_parts(_refresh_part, parts, workers=workers))


def year_districts(*, year: int) -> list[str]:
    """The kecamatan whose figures of a year may change: those with a meeting item due in it
    and those with a stored figure of it (2 queries)."""
    districts = (
        ActionItem.objects.filter(
            due_date__gte=dt.date(year, 1, 1),
            due_date__lte=dt.date(year, 12, 31),
            meeting__isnull=False,
        )
        .order_by()
        .values_list("district_id", flat=True)
        .distinct()
    )
    stale = FollowUpFigure.objects.filter(year=year).values_list("district_id", flat=True)
    return sorted(set(districts) | set(stale.order_by().distinct()))


def refresh_year(*, year: int, workers: int = 1) -> int:
    """Recompute every kecamatan's figures of a year (the command); returns rows stored."""
    return refresh_many(district_codes=year_districts(year=year), year=year, workers=workers)
