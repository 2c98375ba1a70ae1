"""A meeting's record and its printed documents: invitation, attendance list, minutes, report.

The meeting page shows the same record the PDFs print, so both build it here.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from sitrantib.core.documents import render_pdf
from sitrantib.core.formatting import format_datetime_id, to_jakarta
from sitrantib.meetings.models import ActionItem, Meeting
from sitrantib.meetings.selectors import (
    action_items_visible_to,
    decisions_visible_to,
    reads_minutes,
    with_follow_up_flags,
)
from sitrantib.regions.enums import SignatoryRole
from sitrantib.regions.selectors import office_for_district

# The documents a meeting prints, by the name in their URL.
DOCUMENT_TEMPLATES = {
    "undangan": "meetings/pdf/invitation.html",
    "daftar-hadir": "meetings/pdf/attendance.html",
    "notulen": "meetings/pdf/minutes.html",
    "laporan": "meetings/pdf/report.html",
}

# The documents that are the minutes themselves: only for readers of the minutes (ADR 0020).
MINUTES_DOCUMENTS = frozenset({"daftar-hadir", "notulen"})

# Blank rows of the attendance list for people who sign on paper: one per invitee not yet
# listed, at least MIN_BLANK_ROWS, and the list is padded to MIN_ATTENDANCE_ROWS so a small
# meeting's list and the signature block fit on one A4 page.
MIN_BLANK_ROWS = 2
MIN_ATTENDANCE_ROWS = 8


def attendance_blank_rows(attendances: int, invitations: int) -> range:
    blank = max(invitations - attendances, MIN_BLANK_ROWS, MIN_ATTENDANCE_ROWS - attendances)
    return range(attendances + 1, attendances + 1 + blank)


def meeting_time_text(meeting: Meeting) -> str:
    """The time line of a meeting's documents, under the weekday and date line.

    "09.00 WIB - selesai" without an end time, "09.00 - 11.30 WIB" with one on the same day and
    "09.00 WIB - 11 Februari 2026 pukul 12.00 WIB" when the meeting ends on another day (each
    dash printed as an en dash).
    """
    start = to_jakarta(meeting.starts_at)
    start_text = f"{start.hour:02d}.{start.minute:02d}"
    if meeting.ends_at is None:
        return _("%(start)s WIB – selesai") % {"start": start_text}  # noqa: RUF001
    end = to_jakarta(meeting.ends_at)
    if end.date() != start.date():
        text = _("%(start)s WIB – %(end)s")  # noqa: RUF001
        return text % {"start": start_text, "end": format_datetime_id(end)}
    end_text = f"{end.hour:02d}.{end.minute:02d}"
    return _("%(start)s – %(end)s WIB") % {"start": start_text, "end": end_text}  # noqa: RUF001


def _meeting_items(*, meeting: Meeting, user: Any) -> list[ActionItem]:
    """The meeting's follow-ups the viewer may see (a partner: only its own institution's)."""
    return list(
        with_follow_up_flags(
            action_items_visible_to(user=user).filter(meeting=meeting),
            today=timezone.localdate(),
        )
        .select_related("owner_institution", "owner_person")
        .order_by("decision__order", "due_date", "pk")
    )


def meeting_context(*, meeting: Meeting, user: Any) -> dict[str, Any]:
    """The meeting's record as `user` may see it: invitees, agenda, attendance, decisions and
    their follow-ups (for the meeting page and every document).

    A partner or village operator whose institution did not attend gets no minutes (no
    discussion, summary, minute taker or attendance: `reads_minutes` is False) and only the
    decisions it answers for (ADR 0020).
    """
    items = _meeting_items(meeting=meeting, user=user)
    items_by_decision: dict[int | None, list[ActionItem]] = {}
    for item in items:
        items_by_decision.setdefault(item.decision_id, []).append(item)
    full = reads_minutes(user=user, meeting=meeting)
    decisions = list(
        decisions_visible_to(user=user).filter(meeting_id=meeting.pk).order_by("order", "pk")
    )
    agenda_items = list(meeting.agenda_items.order_by("order", "pk"))
    if not full:
        for row in agenda_items:
            row.discussion = ""
    return {
        "meeting": meeting,
        "reads_minutes": full,
        "minutes_summary": meeting.minutes_summary if full else "",
        "minute_taker": meeting.minute_taker if full else "",
        "invitations": list(
            meeting.invitations.select_related("institution", "person").order_by(
                "institution__kind", "institution__name", "pk"
            )
        ),
        "agenda_items": agenda_items,
        "attendances": (
            list(meeting.attendances.select_related("institution").order_by("pk")) if full else []
        ),
        "decision_rows": [(d, items_by_decision.get(d.pk, [])) for d in decisions],
        "loose_items": items_by_decision.get(None, []),
        "items": items,
        "done_count": len([i for i in items if i.is_followed_up]),
    }


def document_context(*, meeting: Meeting, user: Any) -> dict[str, Any]:
    """The meeting's record with the letterhead, the camat's signature block and the time line."""
    office = office_for_district(district_code=meeting.district_id)
    signatory = None
    if office is not None:
        signatory = next(
            (s for s in office.signatories.all() if s.role == SignatoryRole.CAMAT), None
        )
    context = meeting_context(meeting=meeting, user=user)
    context.update(
        {
            "office": office,
            "signatory": signatory,
            "signed_on": meeting.letter_date or timezone.localdate(),
            "time_text": meeting_time_text(meeting),
            "blank_rows": attendance_blank_rows(
                len(context["attendances"]), len(context["invitations"])
            ),
        }
    )
    return context


def meeting_pdf(*, meeting: Meeting, document: str, user: Any) -> bytes:
    """One of DOCUMENT_TEMPLATES as PDF, showing what `user` may see of the meeting.

    The minutes and the attendance list are refused (PermissionDenied) to a partner or village
    operator whose institution did not attend; the report then shows only its own decisions.
    """
    context = document_context(meeting=meeting, user=user)
    if document in MINUTES_DOCUMENTS and not context["reads_minutes"]:
        raise PermissionDenied(_("Notulen hanya untuk instansi yang hadir dalam rapat."))
    return render_pdf(DOCUMENT_TEMPLATES[document], context)
