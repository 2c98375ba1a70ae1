"""Letter numbering and the numbered invitation of a meeting."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, save_changes, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.meetings.models import LetterNumbering, LetterSerial, Meeting
from sitrantib.meetings.services.common import require_admin
from sitrantib.regions.models import District

ERR_ALREADY_NUMBERED = gettext_noop("Undangan rapat ini sudah bernomor %(number)s.")
ERR_PATTERN_TOKENS = gettext_noop(
    "Pola hanya boleh memakai {classification}, {serial}, {unit_code} dan {year}, "
    "tanpa format tambahan."
)
ERR_PATTERN_NO_SERIAL = gettext_noop("Pola wajib memuat {serial}.")
ERR_SERIAL_BELOW_ISSUED = gettext_noop(
    "Nomor urut sampai %(last)s tahun %(year)s sudah terpakai; mulai dari %(next)s atau lebih."
)
ERR_SERIAL_YEAR = gettext_noop("Tahun harus antara %(first)s dan %(last)s.")
ERR_NUMBER_TOO_LONG = gettext_noop(
    "Nomor surat dengan pola ini bisa sepanjang %(length)s karakter; paling banyak %(max)s."
)

# A pattern is literal text and these four tokens, nothing else: no format specs ({serial:>9}),
# no attribute or index access, no stray braces.
PATTERN_TOKENS = ("classification", "serial", "unit_code", "year")
_PATTERN_RE = re.compile(r"(?:[^{}]|\{(?:" + "|".join(PATTERN_TOKENS) + r")\})*")
# The longest serial and year a number can carry, for the length check of a pattern.
_WIDEST_SERIAL = 999_999
_WIDEST_YEAR = 9999


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


def _numbering_for(district: District, actor: User | None) -> LetterNumbering:
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
            # A creation that may lose a race (save_new would refuse it as a duplicate before
            # the database decides), so it is audited here rather than through save_new.
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
    *, district: District, classification: str, on: dt.date, actor: User | None = None
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
    *,
    meeting: Meeting,
    actor: User,
    letter_date: dt.date | None = None,
    expected_version: int | None = None,
) -> Meeting:
    """Give the invitation its number and date (once); the PDF then prints them.

    Allocates the office's next serial and saves number and date on the meeting (audited).
    Refuses a non-administrator (PermissionDenied), a meeting already numbered
    (ValidationError) and one changed since `expected_version` (StaleVersion).
    """
    require_admin(actor, meeting.district_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.letter_number:
        raise ValidationError(gettext(ERR_ALREADY_NUMBERED) % {"number": meeting.letter_number})
    letter_date = letter_date or timezone.localdate()
    numbering = _numbering_for(meeting.district, actor)
    number = allocate_letter_number(
        district=meeting.district,
        classification=numbering.invitation_classification,
        on=letter_date,
        actor=actor,
    )
    save_changes(
        meeting,
        {"letter_number": number, "letter_date": letter_date},
        actor=actor,
        expected_version=expected_version,
        lock=False,
    )
    return meeting


@transaction.atomic
def update_numbering(
    *,
    district: District,
    pattern: str,
    unit_code: str,
    invitation_classification: str,
    actor: User,
    expected_version: int | None = None,
) -> LetterNumbering:
    """Change the office's numbering (audited).

    Refuses a non-administrator (PermissionDenied), a pattern with anything but the four plain
    tokens or whose widest number would not fit Meeting.letter_number (ValidationError), and
    numbering changed by someone else since `expected_version` (StaleVersion).
    """
    require_admin(actor, district.pk)
    check_pattern(pattern)
    numbering = _numbering_for(district, actor)
    proposed = LetterNumbering(district=district, pattern=pattern, unit_code=unit_code)
    widest = len(_render_number(proposed, invitation_classification, _WIDEST_SERIAL, _WIDEST_YEAR))
    limit = Meeting._meta.get_field("letter_number").max_length or 0
    changes = {
        "pattern": pattern,
        "unit_code": unit_code,
        "invitation_classification": invitation_classification,
    }
    if widest > limit:
        # Field errors first (a too-long unit code says so), then the length of the number.
        probe = LetterNumbering(district=district, **changes)
        probe.full_clean(exclude=["district"], validate_unique=False)
        raise ValidationError(gettext(ERR_NUMBER_TOO_LONG) % {"length": widest, "max": limit})
    save_changes(numbering, changes, actor=actor, expected_version=expected_version)
    return numbering


def next_serial(*, district: District, classification: str, year: int) -> int:
    """The serial the next letter of this classification and year will get."""
    last = (
        LetterSerial.objects.filter(district=district, classification=classification, year=year)
        .values_list("last_serial", flat=True)
        .first()
    )
    return (last or 0) + 1


@transaction.atomic
def set_serial_start(*, district: District, year: int, start: int, actor: User) -> LetterSerial:
    """Let the invitations of a year continue from `start` (an office joining mid-year, whose
    letters so far were numbered on paper).

    Sets the year's last used serial of the invitation classification to `start - 1` (audited,
    before and after). Refuses a non-administrator (PermissionDenied), a year outside the
    current year and the ones next to it, and a start at or below a number already issued here
    (ValidationError naming the field): a number is never given twice.
    """
    require_admin(actor, district.pk)
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        raise ValidationError(
            {"year": gettext(ERR_SERIAL_YEAR) % {"first": this_year - 1, "last": this_year + 1}}
        )
    numbering = _numbering_for(district, actor)
    classification = numbering.invitation_classification
    LetterSerial.objects.get_or_create(district=district, classification=classification, year=year)
    serial = LetterSerial.objects.select_for_update().get(
        district=district, classification=classification, year=year
    )
    if start <= serial.last_serial:
        raise ValidationError(
            {
                "start": gettext(ERR_SERIAL_BELOW_ISSUED)
                % {"last": serial.last_serial, "year": year, "next": serial.last_serial + 1}
            }
        )
    before = {"last_serial": serial.last_serial}
    serial.last_serial = start - 1
    serial.save(update_fields=["last_serial"])
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=serial,
        before=before,
        after={"last_serial": serial.last_serial},
        district_code=district.pk,
        note=f"{classification} {year}: mulai dari {start}",
    )
    return serial
