"""The meeting list and its counts, the meetings carried out for planning, and meeting kinds."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from sitrantib.core.scoping import scope_of
from sitrantib.meetings.models import Decision, LetterNumbering, Meeting, MeetingKind
from sitrantib.meetings.selectors.action_items import followed_up
from sitrantib.meetings.selectors.scope import (
    action_items_in_scope,
    decision_filter,
    meetings_visible_to,
)
from sitrantib.planning.carried_out import CarriedOut


def _count_per_meeting(rows: QuerySet[Any]) -> Coalesce:
    """A correlated COUNT of `rows` (anything with `meeting_id`) of the outer meeting."""
    counted = (
        rows.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# The meeting list's order: newest first (the key of its pages).
MEETING_ORDERING = ("-starts_at", "-pk")


def meeting_list(*, user: Any) -> QuerySet[Meeting]:
    """Meetings in scope with their kind, newest first; no counts here: the list pages these
    rows and then calls `add_meeting_counts` on the page only (issue 16 A7)."""
    return (
        meetings_visible_to(user=user)
        .select_related("kind", "district")
        .order_by(*MEETING_ORDERING)
    )


def add_meeting_counts(meetings: list[Meeting], *, user: Any) -> list[Meeting]:
    """Set `n_decisions`, `n_items` and `n_done` on one page of meetings (one query keyed by
    the page's ids, so nothing is grouped beyond the page).

    The counts are of what the viewer may see: decisions as in `decisions_visible_to`, items
    of `action_items_visible_to` (a partner: its own institution's); "done" means followed up
    — done with evidence — as on the meeting page and the indicator.
    """
    ids = [m.pk for m in meetings]
    if not ids:
        return meetings
    scope = scope_of(user)
    items = action_items_in_scope(scope=scope)
    decisions = Decision.objects.all()
    by_decision = decision_filter(scope)
    if by_decision is not None:
        decisions = decisions.filter(by_decision)
    counts = {
        row[0]: row[1:]
        for row in Meeting.objects.filter(pk__in=ids)
        .annotate(
            n_decisions=_count_per_meeting(decisions),
            n_items=_count_per_meeting(items),
            n_done=_count_per_meeting(followed_up(items)),
        )
        .values_list("pk", "n_decisions", "n_items", "n_done")
    }
    for meeting in meetings:
        n_decisions, n_items, n_done = counts.get(meeting.pk, (0, 0, 0))
        meeting.n_decisions = n_decisions  # type: ignore[attr-defined]
        meeting.n_items = n_items  # type: ignore[attr-defined]
        meeting.n_done = n_done  # type: ignore[attr-defined]
    return meetings


def meetings_carried_out(activity_ids: Sequence[int], year: int) -> list[CarriedOut]:
    """The meetings linked to these planned activities in `year`, for planning's calendar and
    cost per output (the provider registered in MeetingsConfig.ready; one query)."""
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    meetings = Meeting.objects.filter(
        planned_activity_id__in=sorted(set(activity_ids)), starts_at__gte=start, starts_at__lt=end
    ).order_by("starts_at", "pk")
    return [
        CarriedOut(
            kind="meeting",
            activity_id=m.planned_activity_id,
            on_date=timezone.localtime(m.starts_at).date(),
            label=m.title,
            url=m.get_absolute_url(),
            object_id=m.pk,
        )
        for m in meetings
        if m.planned_activity_id is not None
    ]


def meeting_kinds() -> QuerySet[MeetingKind]:
    return MeetingKind.objects.filter(is_active=True).order_by("order", "code")


def default_meeting_kind_id(code: str) -> int | None:
    """The id of the active meeting kind with this code (the form's initial choice)."""
    return meeting_kinds().filter(code=code).values_list("pk", flat=True).first()


def numbering_for(*, district_code: str) -> LetterNumbering | None:
    return LetterNumbering.objects.filter(district_id=district_code).first()
