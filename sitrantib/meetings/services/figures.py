"""Keeping the stored follow-up figures equal to a fresh computation (issue 16 A3).

`refresh_follow_up_figures` recomputes one kecamatan's year — or one institution's part of
it — with the indicator's own calculator (`selectors.compute_follow_up`) and replaces the
stored rows. The item services call it in their transaction after every change that can move a
figure (an item created, its status moved or cancelled, evidence added, its due date or owner
corrected), so only the affected kecamatan, year and institution are recomputed;
`manage.py compute_follow_up [--year Y]` recomputes everything of a year.

Only items of a meeting count (docs/adr/0083): the indicator is about what coordination meetings
decided; an item from a field visit is in the ledger but never in these figures.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from sitrantib.meetings.enums import PENDING_STATUSES
from sitrantib.meetings.models import ActionItem, FollowUpFigure
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


def refresh_year(*, year: int) -> int:
    """Recompute every kecamatan's figures of a year (the command); returns rows stored."""
    districts = (
        ActionItem.objects.filter(due_date__year=year, meeting__isnull=False)
        .order_by()
        .values_list("district_id", flat=True)
        .distinct()
    )
    stale = set(
        FollowUpFigure.objects.filter(year=year).values_list("district_id", flat=True).distinct()
    )
    total = 0
    for code in sorted(set(districts) | stale):
        total += refresh_follow_up_figures(district_code=code, year=year)
    return total
