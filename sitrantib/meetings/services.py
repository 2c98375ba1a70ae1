"""Writes of meetings and follow-ups. Every write goes through one of these functions.

Each function is atomic and records an audit entry in the same transaction.
"""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from sitrantib.core.audit import record_change, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.formatting import to_jakarta
from sitrantib.core.scoping import scope_of
from sitrantib.meetings.enums import ActionStatus, EvidenceKind, Mover
from sitrantib.meetings.models import (
    ActionItem,
    ActionItemTransition,
    AgendaItem,
    Attendance,
    Decision,
    Evidence,
    Institution,
    InstitutionPerson,
    Invitation,
    LetterNumbering,
    LetterSerial,
    Meeting,
    MeetingKind,
)
from sitrantib.meetings.selectors import item_mover
from sitrantib.regions.models import District

ERR_NOT_ADMIN = gettext_noop("Hanya admin Seksi Trantib kecamatan ini yang boleh melakukannya.")
ERR_NOT_OWNER = gettext_noop(
    "Anda hanya boleh memperbarui tindak lanjut milik instansi Anda sendiri."
)
ERR_TRANSITION = gettext_noop("Status tidak dapat diubah dari %(from)s ke %(to)s.")
ERR_TRANSITION_ROLE = gettext_noop(
    "Perubahan status dari %(from)s ke %(to)s hanya boleh dilakukan admin Seksi Trantib."
)
ERR_DONE_NEEDS_EVIDENCE = gettext_noop(
    "Tindak lanjut baru dapat diselesaikan setelah ada bukti (catatan, foto, atau dokumen)."
)
ERR_CANCEL_NEEDS_REASON = gettext_noop("Pembatalan wajib disertai alasan.")
ERR_EVIDENCE_EMPTY = gettext_noop("Isi catatan atau unggah berkas sebagai bukti.")
ERR_EVIDENCE_CLOSED = gettext_noop(
    "Bukti tidak dapat ditambahkan pada tindak lanjut yang dibatalkan."
)
ERR_FILE_TOO_LARGE = gettext_noop("Ukuran berkas paling besar 5 MB.")
ERR_FILE_TYPE = gettext_noop("Berkas harus berupa foto (JPG, PNG, WEBP) atau dokumen PDF.")
ERR_INSTITUTION_OTHER_DISTRICT = gettext_noop("Instansi %(name)s bukan dari kecamatan rapat ini.")
ERR_PERSON_OTHER_INSTITUTION = gettext_noop("Personel %(name)s bukan dari instansi yang dipilih.")
ERR_DECISION_OTHER_MEETING = gettext_noop("Keputusan itu bukan dari rapat ini.")
ERR_ALREADY_NUMBERED = gettext_noop("Undangan rapat ini sudah bernomor %(number)s.")
ERR_AGENDA_HAS_MINUTES = gettext_noop(
    'Acara "%(title)s" tidak dapat dihapus karena sudah berisi pembahasan atau keputusan. '
    "Kosongkan pembahasannya dan pindahkan keputusannya lebih dulu."
)
ERR_PATTERN_TOKENS = gettext_noop(
    "Pola hanya boleh memakai {classification}, {serial}, {unit_code} dan {year}, "
    "tanpa format tambahan."
)
ERR_PATTERN_NO_SERIAL = gettext_noop("Pola wajib memuat {serial}.")
ERR_NUMBER_TOO_LONG = gettext_noop(
    "Nomor surat dengan pola ini bisa sepanjang %(length)s karakter; paling banyak %(max)s."
)
ERR_DUE_BEFORE_MEETING = gettext_noop("Batas waktu tidak boleh sebelum tanggal rapat.")
ERR_DONE_NEEDS_NEW_EVIDENCE = gettext_noop(
    "Tindak lanjut ini dibuka kembali; unggah bukti baru sebelum menyelesaikannya lagi."
)

# A pattern is literal text and these four tokens, nothing else: no format specs ({serial:>9}),
# no attribute or index access, no stray braces.
PATTERN_TOKENS = ("classification", "serial", "unit_code", "year")
_PATTERN_RE = re.compile(r"(?:[^{}]|\{(?:" + "|".join(PATTERN_TOKENS) + r")\})*")
# The longest serial and year a number can carry, for the length check of a pattern.
_WIDEST_SERIAL = 999_999
_WIDEST_YEAR = 9999

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
_PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The suffix a stored file gets, from the type its content was detected as (never the client's).
FILE_SUFFIXES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
}
# What pypdf may raise on a damaged or hostile file; each becomes ERR_FILE_TYPE.
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    RecursionError,
    OSError,
)

# The one transition table: (from, to) -> who may make the move.
TRANSITIONS: dict[tuple[str, str], frozenset[Mover]] = {
    (ActionStatus.OPEN, ActionStatus.IN_PROGRESS): frozenset({Mover.ADMIN, Mover.OWNER}),
    (ActionStatus.OPEN, ActionStatus.CANCELLED): frozenset({Mover.ADMIN}),
    (ActionStatus.IN_PROGRESS, ActionStatus.DONE): frozenset({Mover.ADMIN, Mover.OWNER}),
    (ActionStatus.IN_PROGRESS, ActionStatus.OPEN): frozenset({Mover.ADMIN, Mover.OWNER}),
    (ActionStatus.IN_PROGRESS, ActionStatus.CANCELLED): frozenset({Mover.ADMIN}),
    (ActionStatus.DONE, ActionStatus.IN_PROGRESS): frozenset({Mover.ADMIN}),
}


def allowed_targets(*, status: str, mover: Mover | None) -> list[str]:
    """The statuses a user acting as `mover` may move an item in `status` to (for forms)."""
    if mover is None:
        return []
    return [to for (frm, to), movers in TRANSITIONS.items() if frm == status and mover in movers]


def _require_admin(actor: Any, district_code: str) -> None:
    scope = scope_of(actor)
    if not (scope.is_admin and scope.covers_district(district_code)):
        raise PermissionDenied(gettext(ERR_NOT_ADMIN))


def _check_due_date(meeting: Meeting, due_date: dt.date) -> None:
    """A follow-up cannot fall due before its meeting was held (the date in WIB)."""
    if due_date < to_jakarta(meeting.starts_at).date():
        raise ValidationError(gettext(ERR_DUE_BEFORE_MEETING), code="due_before_meeting")


def _check_institutions(district: District, institutions: Iterable[Institution]) -> None:
    for institution in institutions:
        if institution.district_id != district.pk:
            raise ValidationError(
                gettext(ERR_INSTITUTION_OTHER_DISTRICT) % {"name": institution.name}
            )


# Meetings --------------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(
    *,
    district: District,
    kind: MeetingKind,
    title: str,
    starts_at: dt.datetime,
    venue: str,
    actor: Any,
    ends_at: dt.datetime | None = None,
    chair: str = "",
    agenda: Sequence[str] = (),
    invited: Sequence[Institution] = (),
    invited_people: Sequence[InstitutionPerson] = (),
) -> Meeting:
    """Plan a meeting with its agenda and invitees (institutions, optionally their people).

    Audited: the meeting, and each agenda row and invitation as its own entry.
    """
    _require_admin(actor, district.pk)
    _check_institutions(district, [*invited, *(p.institution for p in invited_people)])
    meeting = Meeting(
        district=district,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        chair=chair,
    )
    save_new(meeting, actor=actor)
    _replace_agenda(meeting, agenda, actor=actor)
    _replace_invitations(meeting, invited, invited_people, actor=actor)
    return meeting


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    actor: Any,
    kind: MeetingKind,
    title: str,
    starts_at: dt.datetime,
    venue: str,
    ends_at: dt.datetime | None = None,
    chair: str = "",
    agenda: Sequence[str] | None = None,
    invited: Sequence[Institution] | None = None,
    invited_people: Sequence[InstitutionPerson] | None = None,
) -> Meeting:
    """Change a meeting's details. Agenda, invited institutions and addressees (invited_people)
    are replaced when given and left as they are when None."""
    _require_admin(actor, meeting.district_id)
    before = snapshot(meeting)
    meeting.kind = kind
    meeting.title = title
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.venue = venue
    meeting.chair = chair
    meeting.updated_by = actor
    meeting.full_clean()
    meeting.save()
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=meeting,
        before=before,
        after=snapshot(meeting),
    )
    if agenda is not None:
        _replace_agenda(meeting, agenda, actor=actor)
    if invited is not None or invited_people is not None:
        _check_institutions(
            meeting.district, [*(invited or ()), *(p.institution for p in invited_people or ())]
        )
        _replace_invitations(meeting, invited, invited_people, actor=actor)
    return meeting


def _replace_agenda(meeting: Meeting, agenda: Sequence[str], *, actor: Any) -> None:
    """Make the agenda these lines, keeping each row's minutes with it.

    A line equal to an existing title keeps that row; the remaining lines take over the
    remaining rows by position (a corrected typo keeps its discussion and decisions); extra lines
    become new rows; rows left over are deleted, but never one with discussion or decisions.
    Every created, changed or deleted row gets its own audit entry.
    """
    titles = [t.strip() for t in agenda if t.strip()]
    existing = list(meeting.agenda_items.order_by("order", "pk"))
    by_title: dict[str, AgendaItem] = {}
    for row in existing:
        by_title.setdefault(row.title, row)
    matched: dict[int, AgendaItem] = {}
    for index, title in enumerate(titles):
        if title in by_title:
            matched[index] = by_title.pop(title)
    taken = {row.pk for row in matched.values()}
    spare = [row for row in existing if row.pk not in taken]
    for index in range(len(titles)):
        if index not in matched and spare:
            matched[index] = spare.pop(0)
    for row in spare:
        if row.discussion.strip() or row.decisions.exists():
            raise ValidationError(gettext(ERR_AGENDA_HAS_MINUTES) % {"title": row.title})
    for row in spare:
        before = snapshot(row)
        row_pk = row.pk
        row.delete()
        row.pk = row_pk
        record_change(actor=actor, action=AuditAction.DELETE, instance=row, before=before)
    for index, title in enumerate(titles):
        order = index + 1
        found = matched.get(index)
        if found is None:
            created = AgendaItem(meeting=meeting, order=order, title=title)
            save_new(created, actor=actor)
        elif (found.order, found.title) != (order, title):
            before = snapshot(found)
            found.order, found.title = order, title
            found.full_clean()
            found.save(update_fields=["order", "title"])
            record_change(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=found,
                before=before,
                after=snapshot(found),
            )


def _replace_invitations(
    meeting: Meeting,
    invited: Sequence[Institution] | None,
    people: Sequence[InstitutionPerson] | None,
    *,
    actor: Any,
) -> None:
    """Invite exactly these institutions; a chosen person also invites their institution and is
    the addressee of its invitation (the first chosen per institution).

    None keeps what is there: invited=None keeps the invited institutions, people=None keeps the
    addressee of every invitation that stays. One audit entry per invitation created, changed or
    withdrawn.
    """
    have = {inv.institution_id: inv for inv in meeting.invitations.all()}
    addressee: dict[int, int | None] = {}
    if people is None:
        addressee = {pk: inv.person_id for pk, inv in have.items()}
    else:
        for person in people:
            addressee.setdefault(person.institution_id, person.pk)
    wanted = set(have) if invited is None else {i.pk for i in invited}
    if people is not None:
        wanted |= set(addressee)
    for pk in sorted(set(have) - wanted):
        invitation = have[pk]
        before = snapshot(invitation)
        invitation_pk = invitation.pk
        invitation.delete()
        invitation.pk = invitation_pk
        record_change(actor=actor, action=AuditAction.DELETE, instance=invitation, before=before)
    for pk in sorted(wanted - set(have)):
        invitation = Invitation(meeting=meeting, institution_id=pk, person_id=addressee.get(pk))
        save_new(invitation, actor=actor)
    for pk in sorted(wanted & set(have)):
        invitation = have[pk]
        if invitation.person_id != addressee.get(pk):
            before = snapshot(invitation)
            invitation.person_id = addressee.get(pk)
            invitation.save(update_fields=["person"])
            record_change(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=invitation,
                before=before,
                after=snapshot(invitation),
            )


def _render_number(numbering: LetterNumbering, classification: str, serial: int, year: int) -> str:
    text = numbering.pattern.format(
        classification=classification, serial=serial, unit_code=numbering.unit_code, year=year
    )
    # An empty part (no unit code configured yet) must not leave "//" in a letter number.
    return re.sub(r"/{2,}", "/", text).strip("/")


def check_pattern(pattern: str) -> None:
    """A numbering pattern: literal text and plain {name} tokens only, {serial} required."""
    if not _PATTERN_RE.fullmatch(pattern):
        raise ValidationError(gettext(ERR_PATTERN_TOKENS))
    if "{serial}" not in pattern:
        raise ValidationError(gettext(ERR_PATTERN_NO_SERIAL))


def _numbering_for(district: District, actor: Any) -> LetterNumbering:
    """The office's numbering; created with the defaults (and audited) the first time."""
    numbering = LetterNumbering.objects.filter(district=district).first()
    if numbering is not None:
        return numbering
    try:
        with transaction.atomic():
            numbering = LetterNumbering(district=district, created_by=actor, updated_by=actor)
            # The one-per-district rule is left to the database: two first invitations at once
            # race here, and the loser reads the winner's row below.
            numbering.full_clean(validate_unique=False)
            numbering.save()
            record_change(
                actor=actor,
                action=AuditAction.CREATE,
                instance=numbering,
                after=snapshot(numbering),
            )
    except IntegrityError:
        return LetterNumbering.objects.get(district=district)
    return numbering


@transaction.atomic
def allocate_letter_number(
    *, district: District, classification: str, on: dt.date, actor: Any = None
) -> str:
    """The next letter number of an office for a classification and year.

    The serial row is locked (select_for_update) so two invitations never share a number.
    """
    numbering = _numbering_for(district, actor)
    LetterSerial.objects.get_or_create(
        district=district, classification=classification, year=on.year
    )
    serial = LetterSerial.objects.select_for_update().get(
        district=district, classification=classification, year=on.year
    )
    serial.last_serial += 1
    serial.save(update_fields=["last_serial"])
    return _render_number(numbering, classification, serial.last_serial, on.year)


@transaction.atomic
def issue_invitation(
    *, meeting: Meeting, actor: Any, letter_date: dt.date | None = None
) -> Meeting:
    """Give the invitation its number and date (once); the PDF then prints them."""
    _require_admin(actor, meeting.district_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.letter_number:
        raise ValidationError(gettext(ERR_ALREADY_NUMBERED) % {"number": meeting.letter_number})
    before = snapshot(meeting)
    letter_date = letter_date or timezone.localdate()
    numbering = _numbering_for(meeting.district, actor)
    meeting.letter_number = allocate_letter_number(
        district=meeting.district,
        classification=numbering.invitation_classification,
        on=letter_date,
        actor=actor,
    )
    meeting.letter_date = letter_date
    meeting.updated_by = actor
    meeting.full_clean()
    meeting.save(update_fields=["letter_number", "letter_date", "updated_by", "updated_at"])
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=meeting,
        before=before,
        after=snapshot(meeting),
    )
    return meeting


@transaction.atomic
def update_numbering(
    *, district: District, pattern: str, unit_code: str, invitation_classification: str, actor: Any
) -> LetterNumbering:
    """Change the office's numbering. The pattern may hold only the four plain tokens, and the
    widest number it can render must fit Meeting.letter_number."""
    _require_admin(actor, district.pk)
    check_pattern(pattern)
    numbering = _numbering_for(district, actor)
    before = snapshot(numbering)
    numbering.pattern = pattern
    numbering.unit_code = unit_code
    numbering.invitation_classification = invitation_classification
    numbering.updated_by = actor
    numbering.full_clean()
    widest = len(_render_number(numbering, invitation_classification, _WIDEST_SERIAL, _WIDEST_YEAR))
    limit = Meeting._meta.get_field("letter_number").max_length or 0
    if widest > limit:
        raise ValidationError(gettext(ERR_NUMBER_TOO_LONG) % {"length": widest, "max": limit})
    numbering.save()
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=numbering,
        before=before,
        after=snapshot(numbering),
    )
    return numbering


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    name: str,
    actor: Any,
    position: str = "",
    institution: Institution | None = None,
    person: InstitutionPerson | None = None,
) -> Attendance:
    """Add one person to the attendance list."""
    _require_admin(actor, meeting.district_id)
    if institution is not None:
        _check_institutions(meeting.district, [institution])
    row = Attendance(
        meeting=meeting, name=name, position=position, institution=institution, person=person
    )
    save_new(row, actor=actor)
    return row


@transaction.atomic
def save_minutes(
    *,
    meeting: Meeting,
    actor: Any,
    summary: str,
    minute_taker: str = "",
    discussions: dict[int, str] | None = None,
) -> Meeting:
    """Write the minutes: a summary and the discussion under each agenda item."""
    _require_admin(actor, meeting.district_id)
    before = snapshot(meeting)
    meeting.minutes_summary = summary
    meeting.minute_taker = minute_taker
    meeting.updated_by = actor
    meeting.save(update_fields=["minutes_summary", "minute_taker", "updated_by", "updated_at"])
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=meeting,
        before=before,
        after=snapshot(meeting),
    )
    for row in meeting.agenda_items.order_by("order", "pk"):
        if discussions is None or row.pk not in discussions:
            continue
        if row.discussion == discussions[row.pk]:
            continue
        row_before = snapshot(row)
        row.discussion = discussions[row.pk]
        row.full_clean()
        row.save(update_fields=["discussion"])
        record_change(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=row,
            before=row_before,
            after=snapshot(row),
        )
    return meeting


@transaction.atomic
def add_decision(
    *, meeting: Meeting, text: str, actor: Any, agenda_item: AgendaItem | None = None
) -> Decision:
    _require_admin(actor, meeting.district_id)
    last = meeting.decisions.order_by("-order").values_list("order", flat=True).first() or 0
    decision = Decision(meeting=meeting, text=text, agenda_item=agenda_item, order=last + 1)
    save_new(decision, actor=actor)
    return decision


@transaction.atomic
def create_action_item(
    *,
    meeting: Meeting,
    description: str,
    owner_institution: Institution,
    due_date: dt.date,
    actor: Any,
    decision: Decision | None = None,
    owner_person: InstitutionPerson | None = None,
) -> ActionItem:
    """Assign a follow-up to an institution (status open)."""
    _require_admin(actor, meeting.district_id)
    _check_institutions(meeting.district, [owner_institution])
    _check_due_date(meeting, due_date)
    if decision is not None and decision.meeting_id != meeting.pk:
        raise ValidationError(gettext(ERR_DECISION_OTHER_MEETING))
    if owner_person is not None and owner_person.institution_id != owner_institution.pk:
        raise ValidationError(gettext(ERR_PERSON_OTHER_INSTITUTION) % {"name": owner_person.name})
    item = ActionItem(
        meeting=meeting,
        decision=decision,
        description=description,
        owner_institution=owner_institution,
        owner_person=owner_person,
        due_date=due_date,
    )
    save_new(item, actor=actor)
    return item


@transaction.atomic
def record_decision(
    *,
    meeting: Meeting,
    text: str,
    actor: Any,
    owner_institution: Institution | None = None,
    due_date: dt.date | None = None,
    description: str = "",
    owner_person: InstitutionPerson | None = None,
) -> Decision:
    """A decision and, when an owner and due date are given, its follow-up in one step."""
    decision = add_decision(meeting=meeting, text=text, actor=actor)
    if owner_institution is not None and due_date is not None:
        create_action_item(
            meeting=meeting,
            decision=decision,
            description=description or text,
            owner_institution=owner_institution,
            owner_person=owner_person,
            due_date=due_date,
            actor=actor,
        )
    return decision


# Follow-ups ------------------------------------------------------------------------------------


@transaction.atomic
def transition_action_item(
    *, item: ActionItem, to_status: str, actor: Any, note: str = ""
) -> ActionItem:
    """The one function that changes an item's status (see TRANSITIONS).

    Done requires at least one evidence; cancelled requires a reason (the note). Records the move
    in the item's history and the audit log.
    """
    item = (
        ActionItem.objects.select_for_update()
        .select_related("meeting", "owner_institution")
        .get(pk=item.pk)
    )
    mover = item_mover(user=actor, item=item)
    if mover is None:
        raise PermissionDenied(gettext(ERR_NOT_OWNER))
    labels = {"from": ActionStatus(item.status).label, "to": _status_label(to_status)}
    movers = TRANSITIONS.get((item.status, to_status))
    if movers is None:
        raise ValidationError(gettext(ERR_TRANSITION) % labels)
    if mover not in movers:
        raise PermissionDenied(gettext(ERR_TRANSITION_ROLE) % labels)
    note = note.strip()
    if to_status == ActionStatus.DONE:
        _check_evidence_for_done(item)
    if to_status == ActionStatus.CANCELLED and not note:
        raise ValidationError(gettext(ERR_CANCEL_NEEDS_REASON))
    before = snapshot(item)
    from_status = item.status
    item.status = to_status
    item.cancel_reason = note if to_status == ActionStatus.CANCELLED else ""
    item.completed_at = timezone.now() if to_status == ActionStatus.DONE else None
    item.updated_by = actor
    item.full_clean()
    item.save(update_fields=["status", "cancel_reason", "completed_at", "updated_by", "updated_at"])
    ActionItemTransition.objects.create(
        item=item, from_status=from_status, to_status=to_status, note=note, actor=actor
    )
    record_change(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=item,
        before=before,
        after=snapshot(item),
        note=note,
    )
    return item


def _check_evidence_for_done(item: ActionItem) -> None:
    """Done needs evidence; after a reopen (done -> in progress) it needs evidence added since."""
    if not item.evidence.exists():
        raise ValidationError(gettext(ERR_DONE_NEEDS_EVIDENCE))
    reopened_at = (
        item.transitions.filter(from_status=ActionStatus.DONE, to_status=ActionStatus.IN_PROGRESS)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    if reopened_at is not None and not item.evidence.filter(created_at__gt=reopened_at).exists():
        raise ValidationError(gettext(ERR_DONE_NEEDS_NEW_EVIDENCE))


def _status_label(value: str) -> str:
    try:
        return str(ActionStatus(value).label)
    except ValueError:
        return value


def inspect_upload(file: UploadedFile) -> tuple[str, str]:
    """(evidence kind, content type) of an uploaded file, or ValidationError in Bahasa Indonesia.

    The content is checked, not the name: a PDF starts with %PDF- and must open in pypdf with at
    least one page, a photo must open in Pillow as JPEG, PNG or WEBP.
    """
    if file.size is None or file.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(gettext(ERR_FILE_TOO_LARGE))
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head == b"%PDF-":
        _check_pdf(file)
        return EvidenceKind.DOCUMENT, "application/pdf"
    try:
        with Image.open(file) as image:
            image_format = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(gettext(ERR_FILE_TYPE)) from None
    finally:
        file.seek(0)
    if image_format not in _PHOTO_FORMATS:
        raise ValidationError(gettext(ERR_FILE_TYPE))
    return EvidenceKind.PHOTO, _PHOTO_FORMATS[image_format]


def _check_pdf(file: UploadedFile) -> None:
    try:
        pages = len(PdfReader(file).pages)
    except _PDF_ERRORS:
        raise ValidationError(gettext(ERR_FILE_TYPE)) from None
    finally:
        file.seek(0)
    if pages < 1:
        raise ValidationError(gettext(ERR_FILE_TYPE))


@transaction.atomic
def add_evidence(
    *, item: ActionItem, actor: Any, note: str = "", file: UploadedFile | None = None
) -> Evidence:
    """Attach a note, photo or document to an item (its owner or an administrator)."""
    if item_mover(user=actor, item=item) is None:
        raise PermissionDenied(gettext(ERR_NOT_OWNER))
    if item.status == ActionStatus.CANCELLED:
        raise ValidationError(gettext(ERR_EVIDENCE_CLOSED))
    note = note.strip()
    if not note and file is None:
        raise ValidationError(gettext(ERR_EVIDENCE_EMPTY))
    evidence = Evidence(
        item=item, note=note, kind=EvidenceKind.NOTE, created_by=actor, updated_by=actor
    )
    if file is not None:
        kind, content_type = inspect_upload(file)
        evidence.kind = kind
        evidence.content_type = content_type
        evidence.size = file.size or 0
        evidence.original_name = (file.name or "")[:200]
        evidence.full_clean(exclude=["file"])
        # The stored name's suffix comes from the detected type, never from the client's name.
        evidence.file.save(f"bukti{FILE_SUFFIXES[content_type]}", file, save=False)
    save_new(evidence, actor=actor)
    return evidence


# Institutions' people ----------------------------------------------------------------------------


@transaction.atomic
def create_person(
    *, institution: Institution, name: str, position: str, actor: Any, phone: str = ""
) -> InstitutionPerson:
    _require_admin(actor, institution.district_id)
    person = InstitutionPerson(
        institution=institution,
        name=name,
        position=position,
        phone=phone,
    )
    save_new(person, actor=actor)
    return person


@transaction.atomic
def update_person(
    *,
    person: InstitutionPerson,
    name: str,
    position: str,
    actor: Any,
    phone: str = "",
    is_active: bool = True,
) -> InstitutionPerson:
    """Correct a person of an institution (or mark them no longer active)."""
    _require_admin(actor, person.institution.district_id)
    before = snapshot(person)
    person.name = name
    person.position = position
    person.phone = phone
    person.is_active = is_active
    person.updated_by = actor
    person.full_clean()
    person.save()
    _record_update(actor, person, before)
    return person


# Corrections (admin only, audited) ------------------------------------------------------------


def _record_update(actor: Any, instance: Any, before: dict[str, Any]) -> None:
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=instance,
        before=before,
        after=snapshot(instance),
    )


@transaction.atomic
def update_action_item(
    *,
    item: ActionItem,
    description: str,
    owner_institution: Institution,
    due_date: dt.date,
    actor: Any,
    owner_person: InstitutionPerson | None = None,
) -> ActionItem:
    """Correct what a follow-up is, who owns it and when it is due (not its status)."""
    item = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    _require_admin(actor, item.meeting.district_id)
    _check_institutions(item.meeting.district, [owner_institution])
    _check_due_date(item.meeting, due_date)
    if owner_person is not None and owner_person.institution_id != owner_institution.pk:
        raise ValidationError(gettext(ERR_PERSON_OTHER_INSTITUTION) % {"name": owner_person.name})
    before = snapshot(item)
    item.description = description
    item.owner_institution = owner_institution
    item.owner_person = owner_person
    item.due_date = due_date
    item.updated_by = actor
    item.full_clean()
    item.save()
    _record_update(actor, item, before)
    return item


@transaction.atomic
def update_decision(
    *, decision: Decision, text: str, actor: Any, agenda_item: AgendaItem | None = None
) -> Decision:
    """Correct a decision's text and the agenda item it belongs to."""
    _require_admin(actor, decision.meeting.district_id)
    if agenda_item is not None and agenda_item.meeting_id != decision.meeting_id:
        raise ValidationError(gettext(ERR_DECISION_OTHER_MEETING))
    before = snapshot(decision)
    decision.text = text
    decision.agenda_item = agenda_item
    decision.full_clean()
    decision.save()
    _record_update(actor, decision, before)
    return decision


@transaction.atomic
def update_attendance(
    *,
    row: Attendance,
    name: str,
    actor: Any,
    position: str = "",
    institution: Institution | None = None,
) -> Attendance:
    """Correct one line of the attendance list."""
    _require_admin(actor, row.meeting.district_id)
    if institution is not None:
        _check_institutions(row.meeting.district, [institution])
    before = snapshot(row)
    row.name = name
    row.position = position
    row.institution = institution
    row.full_clean()
    row.save()
    _record_update(actor, row, before)
    return row
