"""What meetings puts on the home page (core/homepanels.py; docs/adr/0053).

The section (kecamatan roles, and wider coverage) sees the follow-up indicator of this year from
the stored figures, the overdue items and the meetings of this week; a village operator or a
partner sees its own open and overdue items. One aggregate query per number, whatever the scope.
"""

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sitrantib.core.enums import Role
from sitrantib.core.homepanels import (
    HomeAction,
    HomeFigure,
    register_home_actions,
    register_home_figures,
)
from sitrantib.core.scoping import Scope
from sitrantib.meetings.enums import PENDING_STATUSES
from sitrantib.meetings.models import ActionItem, Meeting
from sitrantib.meetings.selectors import (
    action_items_in_scope,
    format_percent_id,
    meetings_in_scope,
    stored_follow_up,
)


def is_section(scope: Scope) -> bool:
    """The kecamatan's own staff (any coverage), as opposed to a desa or a partner."""
    return scope.role != Role.PARTNER and scope.village_codes is None


def _ledger(**filters: str) -> str:
    return f"{reverse('meetings:home')}?{urlencode(filters)}"


def pending_items(scope: Scope) -> QuerySet[ActionItem]:
    """The scope's pending items. The condition is a WHERE clause, not an aggregate filter, so
    the (status, due_date) index reads only the pending items: 26 ms for a national user over
    3.5 million items, where a filter inside COUNT read every item (650 ms)."""
    return action_items_in_scope(scope=scope).filter(status__in=sorted(PENDING_STATUSES))


def _item_counts(scope: Scope, today: dt.date) -> dict[str, int]:
    return pending_items(scope).aggregate(
        pending=Count("*"), overdue=Count("due_date", filter=Q(due_date__lt=today))
    )


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=7)


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def meetings_of_week(scope: Scope, today: dt.date) -> QuerySet[Meeting]:
    """The scope's meetings of today's week (Monday to Sunday, local time). Bounds on the stored
    instant, not on a date cast of it, so the index on `starts_at` is used (450 ms -> 0.1 ms
    for a national user)."""
    monday, next_monday = _week(today)
    return meetings_in_scope(scope=scope).filter(
        starts_at__gte=_local_midnight(monday), starts_at__lt=_local_midnight(next_monday)
    )


def meeting_figures(request: HttpRequest, scope: Scope) -> Iterator[HomeFigure]:
    today = timezone.localdate()
    counts = _item_counts(scope, today)
    overdue = HomeFigure(
        key="overdue-items",
        label=_("Tindak lanjut lewat jatuh tempo"),
        value=str(counts["overdue"]),
        url=_ledger(overdue="on"),
        tone="danger" if counts["overdue"] else "success",
    )
    if not is_section(scope):
        yield HomeFigure(
            key="open-items",
            label=_("Tindak lanjut Anda yang belum selesai"),
            value=str(counts["pending"]),
            url=_ledger(pending="on"),
            tone="warning" if counts["pending"] else "",
        )
        yield overdue
        return
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    follow_up = stored_follow_up(user=request.user, start=start, end=end)
    yield HomeFigure(
        key="follow-up",
        label=_("Tindak lanjut tahun %(year)s") % {"year": today.year},
        value=format_percent_id(follow_up.value),
        url=reverse("meetings:indicator"),
        note=_("%(done)s dari %(due)s jatuh tempo")
        % {"done": follow_up.followed_up, "due": follow_up.due},
    )
    yield overdue
    monday, next_monday = _week(today)
    this_week = meetings_of_week(scope, today).count()
    yield HomeFigure(
        key="meetings-week",
        label=_("Rapat minggu ini"),
        value=str(this_week),
        url=(
            f"{reverse('meetings:meeting_list')}?"
            + urlencode(
                {
                    "starts_after": f"{monday.isoformat()}T00:00",
                    "starts_before": f"{next_monday.isoformat()}T00:00",
                }
            )
        ),
    )


def meeting_actions(request: HttpRequest, scope: Scope) -> Iterator[HomeAction]:
    if scope.is_admin:
        yield HomeAction(
            key="meeting-create", label=_("Buat rapat"), url=reverse("meetings:meeting_create")
        )
    if not is_section(scope):
        yield HomeAction(
            key="complete-items",
            label=_("Selesaikan tindak lanjut"),
            url=_ledger(pending="on"),
        )


register_home_figures("meetings.items", figures=meeting_figures, order=10)
register_home_actions("meetings.next", actions=meeting_actions, order=20)
