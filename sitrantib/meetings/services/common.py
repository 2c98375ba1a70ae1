"""Checks shared by the meeting services (not part of the public API)."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.formatting import to_jakarta
from sitrantib.core.scoping import scope_of
from sitrantib.meetings.models import Institution, Meeting
from sitrantib.regions.models import District

ERR_NOT_ADMIN = gettext_noop("Hanya admin Seksi Trantib kecamatan ini yang boleh melakukannya.")
ERR_NOT_OWNER = gettext_noop(
    "Anda hanya boleh memperbarui tindak lanjut milik instansi Anda sendiri."
)
ERR_INSTITUTION_OTHER_DISTRICT = gettext_noop("Instansi %(name)s bukan dari kecamatan rapat ini.")
ERR_PERSON_OTHER_INSTITUTION = gettext_noop("Personel %(name)s bukan dari instansi yang dipilih.")
ERR_DECISION_OTHER_MEETING = gettext_noop("Keputusan itu bukan dari rapat ini.")
ERR_DUE_BEFORE_MEETING = gettext_noop("Batas waktu tidak boleh sebelum tanggal rapat.")


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


def check_institutions(district: District, institutions: Iterable[Institution]) -> None:
    for institution in institutions:
        if institution.district_id != district.pk:
            raise ValidationError(
                gettext(ERR_INSTITUTION_OTHER_DISTRICT) % {"name": institution.name}
            )
