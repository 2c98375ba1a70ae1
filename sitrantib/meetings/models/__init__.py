"""The records of meetings and follow-ups, one module per concept; re-exported here."""

from sitrantib.meetings.models.action_items import (
    ITEM_TEXT_LENGTH,
    ActionItem,
    ActionItemTransition,
    Evidence,
    SentReminder,
    evidence_upload_to,
)
from sitrantib.meetings.models.figures import FollowUpFigure
from sitrantib.meetings.models.meetings import (
    DECISION_TEXT_LENGTH,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MeetingKind,
)
from sitrantib.meetings.models.people import (
    DEFAULT_CLASSIFICATION,
    DEFAULT_LETTER_PATTERN,
    InstitutionPerson,
    LetterNumbering,
    LetterSerial,
)
from sitrantib.regions.models import District, Institution

__all__ = [
    "DECISION_TEXT_LENGTH",
    "DEFAULT_CLASSIFICATION",
    "DEFAULT_LETTER_PATTERN",
    "ITEM_TEXT_LENGTH",
    "ActionItem",
    "ActionItemTransition",
    "AgendaItem",
    "Attendance",
    "Decision",
    "District",
    "Evidence",
    "FollowUpFigure",
    "Institution",
    "InstitutionPerson",
    "Invitation",
    "LetterNumbering",
    "LetterSerial",
    "Meeting",
    "MeetingKind",
    "SentReminder",
    "evidence_upload_to",
]
