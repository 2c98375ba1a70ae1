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

# The attendance list has a row for every invitee (its institution printed, the name left for
# the person who comes), the walk-ins already recorded, then blank rows for people who sign on
# paper: at least MIN_BLANK_ROWS, and enough to fill MIN_ATTENDANCE_ROWS rows in all (about one
# A4 page with the letterhead and the signature block).
MIN_BLANK_ROWS = 5
MIN_ATTENDANCE_ROWS = 8
# What the invitation of a draft (not yet numbered) carries on every page.
DRAFT_MARK = "DRAF"


def attendance_blank_rows(attendances: int, invitations: int = 0) -> range:
    """The numbers of the blank rows after `attendances` printed rows."""
    blank = max(MIN_BLANK_ROWS, MIN_ATTENDANCE_ROWS - attendances)
    return range(attendances + 1, attendances + 1 + blank)


def attendance_rows(context: dict[str, Any]) -> list[dict[str, str]]:
    """One row per invitee, then the recorded people who were not invited.

    An invitee who came is printed with the name recorded; one not (yet) recorded has its
    institution (and the position of the invited person) pre-printed and the name left blank.
    """
    attendances = list(context["attendances"])
    rows: list[dict[str, str]] = []
    for invitation in context["invitations"]:
        institution = invitation.institution
        came = [a for a in attendances if a.institution_id == institution.pk]
        for row in came:
            attendances.remove(row)
            rows.append(
                {"name": row.name, "position": row.position, "institution": institution.name}
            )
        if not came:
            person = invitation.person
            rows.append(
                {
                    "name": "",
                    "position": person.position if person else "",
                    "institution": institution.name,
                }
            )
    for row in attendances:
        rows.append(
            {
                "name": row.name,
                "position": row.position,
                "institution": row.institution.name if row.institution else "",
            }
        )
    return rows


def invitation_subject(meeting: Meeting) -> str:
    """What the invitation asks people to attend, read naturally inside its sentence.

    "Rapat Koordinasi FORKOMPIMKA" stays as typed (no second "rapat" glued in front);
    "Persiapan HUT RI" of the kind "Rapat koordinasi" reads "rapat koordinasi Persiapan HUT RI";
    "Koordinasi FORKOMPIMKA" reads "rapat Koordinasi FORKOMPIMKA" (not "rapat koordinasi
    Koordinasi ..."); a kind that is not a kind of rapat ("Lainnya") is left out.
    """
    title = " ".join(meeting.title.split())
    if title.lower().startswith("rapat"):
        return title
    kind = " ".join((meeting.kind.name if meeting.kind_id else "").split())
    kind_words = kind.lower().split()
    first_word = title.split(" ", 1)[0].lower() if title else ""
    if kind_words[:1] == ["rapat"] and len(kind_words) > 1 and first_word not in kind_words:
        return f"{kind[0].lower()}{kind[1:]} {title}"
    return f"rapat {title}"


def meeting_date(meeting: Meeting) -> Any:
    """The day the meeting is held (WIB): the date its minutes and lists carry."""
    return to_jakarta(meeting.starts_at).date()


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


def _signer(name: str) -> dict[str, str]:
    """A signature block for someone who is not one of the office's signatories."""
    return {"name": name, "title": "", "rank": "", "nip": ""}


def document_context(*, meeting: Meeting, user: Any, document: str = "undangan") -> dict[str, Any]:
    """The meeting's record with the letterhead, the signature blocks and the time line.

    The invitation is signed on its letter date and, until it has its number, is a draft
    marked DRAF on every page; the attendance list, the minutes and the report carry the date
    of the meeting, whenever they are printed. The minutes are signed by the minute taker and
    the chair chosen from the office's signatories (name, rank and NIP).
    """
    office = office_for_district(district_code=meeting.district_id)
    signatory = None
    if office is not None:
        signatory = next(
            (s for s in office.signatories.all() if s.role == SignatoryRole.CAMAT), None
        )
    context = meeting_context(meeting=meeting, user=user)
    held_on = meeting_date(meeting)
    if document == "undangan":
        signed_on = meeting.letter_date if meeting.letter_number else None
        draft_mark = "" if meeting.letter_number else DRAFT_MARK
    else:
        signed_on = held_on
        draft_mark = ""
    rows = attendance_rows(context)
    chair = meeting.chair_signatory
    context.update(
        {
            "office": office,
            "signatory": signatory,
            "signed_on": signed_on,
            "held_on": held_on,
            "draft_mark": draft_mark,
            "time_text": meeting_time_text(meeting),
            "invitation_subject": invitation_subject(meeting),
            "attendance_rows": rows,
            "blank_rows": attendance_blank_rows(len(rows)),
            "chair": chair,
            "chair_signer": chair or _signer(meeting.chair),
            "minute_taker_signer": _signer(context["minute_taker"]),
        }
    )
    return context


def meeting_pdf(*, meeting: Meeting, document: str, user: Any) -> bytes:
    """One of DOCUMENT_TEMPLATES as PDF, showing what `user` may see of the meeting.

    The minutes and the attendance list are refused (PermissionDenied) to a partner or village
    operator whose institution did not attend; the report then shows only its own decisions.
    """
    context = document_context(meeting=meeting, user=user, document=document)
    if document in MINUTES_DOCUMENTS and not context["reads_minutes"]:
        raise PermissionDenied(_("Notulen hanya untuk instansi yang hadir dalam rapat."))
    return render_pdf(DOCUMENT_TEMPLATES[document], context)
