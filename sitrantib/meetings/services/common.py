"""Checks shared by the meeting services (not part of the public API)."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.formatting import format_date_id, to_jakarta
from sitrantib.core.scoping import scope_of
from sitrantib.meetings.models import ActionItem, Institution, Meeting
from sitrantib.regions.models import District

ERR_NOT_ADMIN = gettext_noop("Hanya admin Seksi Trantib kecamatan ini yang boleh melakukannya.")
ERR_NOT_OWNER = gettext_noop(
    "Anda hanya boleh memperbarui tindak lanjut milik instansi Anda sendiri."
)
ERR_INSTITUTION_OTHER_DISTRICT = gettext_noop("Instansi %(name)s bukan dari kecamatan rapat ini.")
ERR_INSTITUTION_OTHER_ORIGIN_DISTRICT = gettext_noop(
    "Instansi %(name)s bukan dari kecamatan tindak lanjut ini."
)
ERR_PERSON_OTHER_INSTITUTION = gettext_noop("Personel %(name)s bukan dari instansi yang dipilih.")
ERR_DECISION_OTHER_MEETING = gettext_noop("Keputusan itu bukan dari rapat ini.")
ERR_DUE_BEFORE_MEETING = gettext_noop("Batas waktu tidak boleh sebelum tanggal rapat.")
ERR_DUE_BEFORE_ORIGIN = gettext_noop(
    "Batas waktu tidak boleh sebelum tanggal asal tindak lanjut (%(date)s)."
)


def require_admin(actor: User, district_code: str) -> None:
    """Refuse (PermissionDenied) anyone but an administrator of this kecamatan."""
    scope = scope_of(actor)
    if not (scope.is_admin and scope.covers_district(district_code)):
        raise PermissionDenied(gettext(ERR_NOT_ADMIN))


def check_due_date(meeting: Meeting, due_date: dt.date) -> None:
    """A follow-up cannot fall due before its meeting was held (the date in WIB).

    The refusal names the field (`due_date`), so a form shows it beside the date typed.
    """
    if due_date < to_jakarta(meeting.starts_at).date():
        raise ValidationError(
            {
                "due_date": ValidationError(
                    gettext(ERR_DUE_BEFORE_MEETING), code="due_before_meeting"
                )
            }
        )


def check_due_date_after_origin(origin_date: dt.date, due_date: dt.date) -> None:
    """A follow-up without a meeting cannot fall due before what it came from (a visit's date).

    Refused like `check_due_date`: under `due_date`, beside the date typed.
    """
    if due_date < origin_date:
        raise ValidationError(
            {
                "due_date": ValidationError(
                    gettext(ERR_DUE_BEFORE_ORIGIN) % {"date": format_date_id(origin_date)},
                    code="due_before_origin",
                )
            }
        )


def check_item_due_date(item: ActionItem, due_date: dt.date) -> None:
    """The due-date rule of an existing item: after its meeting, or after its origin date."""
    if item.meeting is not None:
        check_due_date(item.meeting, due_date)
    elif item.origin_date is not None:
        check_due_date_after_origin(item.origin_date, due_date)


def check_institutions(
    district: District,
    institutions: Iterable[Institution],
    *,
    message: str = ERR_INSTITUTION_OTHER_DISTRICT,
) -> None:
    """Refuse (ValidationError) an institution of another kecamatan."""
    for institution in institutions:
        if institution.district_id != district.pk:
            raise ValidationError(gettext(message) % {"name": institution.name})
