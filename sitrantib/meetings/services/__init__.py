"""Writes of meetings and follow-ups. Every write goes through one of these functions.

Each function is atomic and records an audit entry in the same transaction: updates through
`core.audit.save_changes`, creations through `save_new`, status moves through
`core.workflow.apply_transition` on ACTION_ITEM_WORKFLOW. The functions live
in one module per concept; this package re-exports them, so callers import from
`sitrantib.meetings.services`.
"""

from sitrantib.meetings.services.action_items import (
    ACTION_ITEM_WORKFLOW,
    ERR_DECISION_WITHOUT_MEETING,
    ERR_DONE_NEEDS_EVIDENCE,
    ERR_DONE_NEEDS_NEW_EVIDENCE,
    ERR_ORIGIN_REQUIRED,
    create_action_item,
    transition_action_item,
)
from sitrantib.meetings.services.common import (
    ERR_DECISION_OTHER_MEETING,
    ERR_DUE_BEFORE_MEETING,
    ERR_DUE_BEFORE_ORIGIN,
    ERR_INSTITUTION_OTHER_DISTRICT,
    ERR_INSTITUTION_OTHER_ORIGIN_DISTRICT,
    ERR_NOT_ADMIN,
    ERR_NOT_OWNER,
    ERR_PERSON_OTHER_INSTITUTION,
)
from sitrantib.meetings.services.corrections import (
    update_action_item,
    update_attendance,
    update_decision,
)
from sitrantib.meetings.services.evidence import (
    ERR_ALREADY_CLOSED,
    ERR_EVIDENCE_CLOSED,
    ERR_EVIDENCE_EMPTY,
    THUMBNAIL_SIDE,
    add_evidence,
    complete_with_evidence,
    ensure_thumbnail,
)
from sitrantib.meetings.services.figures import (
    refresh_follow_up_figures,
    refresh_for_item,
    refresh_year,
)
from sitrantib.meetings.services.institutions import (
    ERR_VILLAGE_GOVERNMENT,
    ERR_VILLAGE_OTHER_DISTRICT,
    create_institution,
    set_institution_active,
)
from sitrantib.meetings.services.invitations import (
    ERR_ALREADY_NUMBERED,
    ERR_NUMBER_TOO_LONG,
    ERR_PATTERN_NO_SERIAL,
    ERR_PATTERN_TOKENS,
    ERR_SERIAL_BELOW_ISSUED,
    ERR_SERIAL_YEAR,
    PATTERN_TOKENS,
    allocate_letter_number,
    check_pattern,
    issue_invitation,
    next_serial,
    set_serial_start,
    update_numbering,
)
from sitrantib.meetings.services.meetings import (
    ERR_ACTIVITY_OTHER_PLAN,
    ERR_AGENDA_HAS_MINUTES,
    KEEP,
    create_meeting,
    update_meeting,
)
from sitrantib.meetings.services.minutes import (
    ERR_CHAIR_OTHER_OFFICE,
    ERR_INVITATION_OTHER_MEETING,
    add_decision,
    mark_all_present,
    mark_present,
    record_attendance,
    record_decision,
    save_minutes,
)
from sitrantib.meetings.services.people import create_person, update_person

__all__ = [
    "ACTION_ITEM_WORKFLOW",
    "ERR_ACTIVITY_OTHER_PLAN",
    "ERR_AGENDA_HAS_MINUTES",
    "ERR_ALREADY_CLOSED",
    "ERR_ALREADY_NUMBERED",
    "ERR_CHAIR_OTHER_OFFICE",
    "ERR_DECISION_OTHER_MEETING",
    "ERR_DECISION_WITHOUT_MEETING",
    "ERR_DONE_NEEDS_EVIDENCE",
    "ERR_DONE_NEEDS_NEW_EVIDENCE",
    "ERR_DUE_BEFORE_MEETING",
    "ERR_DUE_BEFORE_ORIGIN",
    "ERR_EVIDENCE_CLOSED",
    "ERR_EVIDENCE_EMPTY",
    "ERR_INSTITUTION_OTHER_DISTRICT",
    "ERR_INSTITUTION_OTHER_ORIGIN_DISTRICT",
    "ERR_INVITATION_OTHER_MEETING",
    "ERR_NOT_ADMIN",
    "ERR_NOT_OWNER",
    "ERR_NUMBER_TOO_LONG",
    "ERR_ORIGIN_REQUIRED",
    "ERR_PATTERN_NO_SERIAL",
    "ERR_PATTERN_TOKENS",
    "ERR_PERSON_OTHER_INSTITUTION",
    "ERR_SERIAL_BELOW_ISSUED",
    "ERR_SERIAL_YEAR",
    "ERR_VILLAGE_GOVERNMENT",
    "ERR_VILLAGE_OTHER_DISTRICT",
    "KEEP",
    "PATTERN_TOKENS",
    "THUMBNAIL_SIDE",
    "add_decision",
    "add_evidence",
    "allocate_letter_number",
    "check_pattern",
    "complete_with_evidence",
    "create_action_item",
    "create_institution",
    "create_meeting",
    "create_person",
    "ensure_thumbnail",
    "issue_invitation",
    "mark_all_present",
    "mark_present",
    "next_serial",
    "record_attendance",
    "record_decision",
    "refresh_follow_up_figures",
    "refresh_for_item",
    "refresh_year",
    "save_minutes",
    "set_institution_active",
    "set_serial_start",
    "transition_action_item",
    "update_action_item",
    "update_attendance",
    "update_decision",
    "update_meeting",
    "update_numbering",
    "update_person",
]
