"""Web pages of meetings and the follow-up ledger. Thin: scope -> form -> one service call.

One module per concept; this package re-exports the views for `sitrantib.meetings.urls`.
"""

from sitrantib.meetings.views.action_items import (
    action_item_detail,
    action_item_evidence,
    action_item_transition,
    evidence_file,
    evidence_thumbnail,
)
from sitrantib.meetings.views.corrections import (
    action_item_edit,
    attendance_edit,
    decision_edit,
    person_edit,
)
from sitrantib.meetings.views.documents import meeting_pdf
from sitrantib.meetings.views.institutions import (
    institution_active,
    institution_add,
    institutions,
    numbering,
)
from sitrantib.meetings.views.ledger import home, indicator
from sitrantib.meetings.views.meetings import (
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_issue,
    meeting_list_view,
)
from sitrantib.meetings.views.minutes import (
    attendance_add,
    attendance_all,
    attendance_mark,
    decision_add,
    minutes_edit,
)

__all__ = [
    "action_item_detail",
    "action_item_edit",
    "action_item_evidence",
    "action_item_transition",
    "attendance_add",
    "attendance_all",
    "attendance_edit",
    "attendance_mark",
    "decision_add",
    "decision_edit",
    "evidence_file",
    "evidence_thumbnail",
    "home",
    "indicator",
    "institution_active",
    "institution_add",
    "institutions",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_issue",
    "meeting_list_view",
    "meeting_pdf",
    "minutes_edit",
    "numbering",
    "person_edit",
]
