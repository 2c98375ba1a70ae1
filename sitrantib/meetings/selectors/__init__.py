"""Reads of meetings and follow-ups. The scoping of this app lives here and nowhere else.

Who sees what (docs/adr/0020-meetings-scope-and-rights.md):
- national coverage: everything; regency coverage: its kabupaten; trantib_admin, camat,
  kecamatan_staff: everything of their kecamatan;
- partner: meetings its institution was invited to or owns an action item of, action items its
  institution owns;
- village operator: the same for its desa government.

Inside a visible meeting (ADR 0020, issue 15 A5), a partner or village operator reads the
decisions it answers for (those with an action item its institution owns) and the full minutes
(discussion, summary, attendance, every decision) only of meetings its institution attended (an
attendance row representing it). Being invited is not attending.

One module per concept (scope, action items and the ledger, meetings, institutions and people,
the follow-up indicator); this package re-exports them, so callers import from
`sitrantib.meetings.selectors`.
"""

from sitrantib.meetings.selectors.action_items import (
    LEDGER_ORDERING,
    DistrictTally,
    InstitutionTally,
    district_tallies,
    followed_up,
    institution_tallies,
    is_wide,
    ledger_districts,
    ledger_items,
    ledger_owner_choices,
    with_follow_up_flags,
)
from sitrantib.meetings.selectors.indicator import (
    INDICATOR_LISTS,
    INDICATOR_ORDERING,
    NO_VALUE,
    DistrictFigures,
    FollowUpCounts,
    IndicatorValue,
    InstitutionFigures,
    compute_follow_up,
    figures_in_scope,
    follow_up_indicator,
    follow_up_years,
    format_percent_id,
    indicator_list,
    is_whole_months,
    stored_follow_up,
    stored_follow_up_by_district,
    stored_follow_up_by_institution,
)
from sitrantib.meetings.selectors.meetings import (
    MEETING_ORDERING,
    add_meeting_counts,
    default_meeting_kind_id,
    meeting_kinds,
    meeting_list,
    meetings_carried_out,
    numbering_for,
)
from sitrantib.meetings.selectors.people import (
    institutions_with_people,
    invitable_institutions,
    invitable_people,
    people_visible_to,
)
from sitrantib.meetings.selectors.scope import (
    action_items_in_scope,
    action_items_visible_to,
    attendances_visible_to,
    can_manage_meetings,
    decisions_in_scope,
    decisions_visible_to,
    evidence_visible_to,
    item_mover,
    meetings_in_scope,
    meetings_visible_to,
    meetings_with_minutes_in_scope,
    reads_minutes,
)

__all__ = [
    "INDICATOR_LISTS",
    "INDICATOR_ORDERING",
    "LEDGER_ORDERING",
    "MEETING_ORDERING",
    "NO_VALUE",
    "DistrictFigures",
    "DistrictTally",
    "FollowUpCounts",
    "IndicatorValue",
    "InstitutionFigures",
    "InstitutionTally",
    "action_items_in_scope",
    "action_items_visible_to",
    "add_meeting_counts",
    "attendances_visible_to",
    "can_manage_meetings",
    "compute_follow_up",
    "decisions_in_scope",
    "decisions_visible_to",
    "default_meeting_kind_id",
    "district_tallies",
    "evidence_visible_to",
    "figures_in_scope",
    "follow_up_indicator",
    "follow_up_years",
    "followed_up",
    "format_percent_id",
    "indicator_list",
    "institution_tallies",
    "institutions_with_people",
    "invitable_institutions",
    "invitable_people",
    "is_whole_months",
    "is_wide",
    "item_mover",
    "ledger_districts",
    "ledger_items",
    "ledger_owner_choices",
    "meeting_kinds",
    "meeting_list",
    "meetings_carried_out",
    "meetings_in_scope",
    "meetings_visible_to",
    "meetings_with_minutes_in_scope",
    "numbering_for",
    "people_visible_to",
    "reads_minutes",
    "stored_follow_up",
    "stored_follow_up_by_district",
    "stored_follow_up_by_institution",
    "with_follow_up_flags",
]
