"""The meeting documents kept in the archive of issued documents (core.archive, ADR 0100).

Final documents: the invitation once it has its number; the minutes and the meeting report
once the meeting has been held and its minutes written (`minutes_final`). What is archived is
the full record, so it is archived (and read back from the archive) for the viewers who read
the full record: the kecamatan's roles and the wide coverages (ADR 0020). A partner or a
village operator gets its own view of the meeting rendered as before, not archived; a draft
(an unnumbered invitation, minutes not yet written) is never archived.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sitrantib.core.archive import kind_for_roles, register_document_kind
from sitrantib.core.enums import Role
from sitrantib.core.scoping import scope_of
from sitrantib.meetings.models import Meeting

FULL_RECORD_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.CAMAT, Role.KECAMATAN_STAFF})

INVITATION = register_document_kind(
    kind_for_roles(key="meetings.invitation", title=_("Undangan rapat"), roles=FULL_RECORD_ROLES)
)
MINUTES = register_document_kind(
    kind_for_roles(key="meetings.minutes", title=_("Notulen rapat"), roles=FULL_RECORD_ROLES)
)
REPORT = register_document_kind(
    kind_for_roles(key="meetings.report", title=_("Laporan rapat"), roles=FULL_RECORD_ROLES)
)

# The documents of meetings/documents.py DOCUMENT_TEMPLATES that are archived when final.
ARCHIVED = {"undangan": INVITATION, "notulen": MINUTES, "laporan": REPORT}
TITLES = {"undangan": "Undangan", "notulen": "Notulen", "laporan": "Laporan rapat"}


def minutes_final(meeting: Meeting) -> bool:
    """The meeting has been held and its minutes written (summary and minute taker)."""
    return bool(
        meeting.starts_at <= timezone.now() and meeting.minutes_summary and meeting.minute_taker
    )


def is_final(meeting: Meeting, document: str) -> bool:
    if document == "undangan":
        return bool(meeting.letter_number)
    return document in ARCHIVED and minutes_final(meeting)


def reads_full_record(user: Any) -> bool:
    scope = scope_of(user)
    return not scope.is_empty and (scope.national or scope.role in FULL_RECORD_ROLES)
