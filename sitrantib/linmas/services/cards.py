"""KTA numbers issued by SITRANTIB (docs/adr/0106): the pattern, the serial of the kecamatan's
year, and why a number cannot be issued.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes
from sitrantib.linmas.enums import MemberStatus
from sitrantib.linmas.models import CardSerial, Member
from sitrantib.linmas.rules import normalise_card_number
from sitrantib.linmas.services.common import raise_errors, refuse_anonymised, require_village

# KTA numbers issued by SITRANTIB (docs/adr/0106).
MESSAGE_CARD_ALREADY_ISSUED = gettext_noop(
    "Anggota ini sudah mempunyai nomor KTA terbitan SITRANTIB (%(number)s)."
)
MESSAGE_CARD_TYPED_AND_ISSUED = gettext_noop(
    "Kosongkan nomor KTA bila nomornya diterbitkan SITRANTIB, atau jangan centang "
    '"Terbitkan nomor KTA".'
)
MESSAGE_CARD_NEEDS_VALIDITY = gettext_noop("Isi masa berlaku KTA sebelum nomornya diterbitkan.")
MESSAGE_CARD_NOT_ACTIVE = gettext_noop("Nomor KTA hanya diterbitkan untuk anggota yang aktif.")
MESSAGE_CARD_TYPED_OVER_ISSUED = gettext_noop(
    "Anggota ini sudah mempunyai nomor KTA lama; kosongkan dulu nomor itu bila KTA baru "
    "diterbitkan SITRANTIB."
)
# The KTA number's pattern (setting SITRANTIB_LINMAS_CARD_PATTERN): the kecamatan code and the
# year keep numbers of different kecamatan and years apart; {serial} is zero-padded.
DEFAULT_CARD_PATTERN = "{serial}/KTA-LINMAS/{district_code}/{year}"
CARD_TOKENS = ("{serial}", "{district_code}", "{year}")
CARD_SERIAL_DIGITS = 4


def card_pattern() -> str:
    """The KTA number pattern of this install (setting SITRANTIB_LINMAS_CARD_PATTERN).

    Only the plain tokens {serial}, {district_code} and {year} are allowed, and all three are
    required: the kecamatan code and the year keep the numbers of the whole install unique.
    """
    pattern = str(getattr(settings, "SITRANTIB_LINMAS_CARD_PATTERN", "") or DEFAULT_CARD_PATTERN)
    rest = pattern
    for token in CARD_TOKENS:
        rest = rest.replace(token, "")
    if any(token not in pattern for token in CARD_TOKENS) or "{" in rest or "}" in rest:
        raise ImproperlyConfigured(
            "SITRANTIB_LINMAS_CARD_PATTERN needs {serial}, {district_code} and {year} and no "
            "other {token}."
        )
    return pattern


def render_card_number(pattern: str, *, serial: int, district_code: str, year: int) -> str:
    """A KTA number from the pattern; the serial zero-padded to CARD_SERIAL_DIGITS digits."""
    return (
        pattern.replace("{serial}", str(serial).zfill(CARD_SERIAL_DIGITS))
        .replace("{district_code}", district_code)
        .replace("{year}", str(year))
    )


def _next_card_serial(district_code: str, year: int) -> int:
    """The next serial of the kecamatan's year, its counter row locked until the transaction
    ends: two issues at once wait for each other, and a rolled-back issue gives the serial back."""
    CardSerial.objects.get_or_create(district_id=district_code, year=year)
    counter = CardSerial.objects.select_for_update().get(district_id=district_code, year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


def card_issue_errors(
    data: Mapping[str, Any], errors: dict[str, list[str]], *, current: Member | None = None
) -> None:
    """Add to `errors` why a KTA number cannot be issued with these values."""
    typed = normalise_card_number(data.get("card_number"))
    if current is not None and current.card_number_issued:
        errors.setdefault("card_number", []).append(
            _(MESSAGE_CARD_ALREADY_ISSUED) % {"number": current.card_number}
        )
    elif current is not None and typed and typed == current.card_number:
        errors.setdefault("card_number", []).append(_(MESSAGE_CARD_TYPED_OVER_ISSUED))
    elif typed:
        errors.setdefault("card_number", []).append(_(MESSAGE_CARD_TYPED_AND_ISSUED))
    if not data.get("card_valid_until"):
        errors.setdefault("card_valid_until", []).append(_(MESSAGE_CARD_NEEDS_VALIDITY))
    if current is not None and current.status != MemberStatus.AKTIF:
        errors.setdefault("card_number", []).append(_(MESSAGE_CARD_NOT_ACTIVE))


@transaction.atomic
def issue_card_number(
    *, member: Member, actor: User, on: dt.date | None = None, lock: bool = True
) -> Member:
    """Give the member the next KTA number of its kecamatan's year (audited, one entry).

    The member row and the kecamatan's counter row (`CardSerial`) are locked in this
    transaction, so numbers have no gap and no repeat however many are issued at once, and the
    same member asked twice at once gets one number. Refuses (PermissionDenied) an actor who may
    not write in the desa; (ValidationError) a member who already has an issued number, still
    has a number typed by hand, is not active or has no validity date.
    """
    require_village(actor, member.village_id)
    current = Member.objects.select_for_update().get(pk=member.pk) if lock else member
    refuse_anonymised(current)
    errors: dict[str, list[str]] = {}
    card_issue_errors(
        {"card_number": current.card_number, "card_valid_until": current.card_valid_until},
        errors,
        current=current,
    )
    raise_errors(errors)
    on = on or timezone.localdate()
    district_code = current.village_id[:8]
    serial = _next_card_serial(district_code, on.year)
    number = render_card_number(
        card_pattern(), serial=serial, district_code=district_code, year=on.year
    )
    save_changes(
        current,
        {
            "card_number": number,
            "card_district_id": district_code,
            "card_year": on.year,
            "card_serial": serial,
            "card_issued_on": on,
        },
        actor=actor,
        lock=False,
    )
    if current is not member:
        for name in ("card_number", "card_district_id", "card_year", "card_serial",
                     "card_issued_on", "version", "updated_by_id", "updated_at"):  # fmt: skip
            setattr(member, name, getattr(current, name))
    return current
