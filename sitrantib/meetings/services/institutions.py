"""The partner institutions a kecamatan invites: adding one, and deactivating or reactivating it.

Institution is a regions record; the meetings pages manage the kecamatan's list because the
meetings are what uses it. An inactive institution is no longer offered for new invitations or
follow-ups and stays on every record that already names it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes, save_new
from sitrantib.meetings.services.common import require_admin
from sitrantib.regions.enums import InstitutionKind
from sitrantib.regions.models import District, Institution, Village

ERR_VILLAGE_OTHER_DISTRICT = gettext_noop("Desa itu bukan dari kecamatan ini.")
ERR_VILLAGE_GOVERNMENT = gettext_noop(
    "Pemerintah desa ditambahkan bersama desanya; pilih jenis lain."
)


@transaction.atomic
def create_institution(
    *,
    district: District,
    kind: str,
    name: str,
    actor: User,
    short_name: str = "",
    village: Village | None = None,
) -> Institution:
    """Add an institution of a kecamatan (Puskesmas, KUA, Satpol PP, ...; audited, active).

    Refuses a non-administrator of the kecamatan (PermissionDenied), a desa of another
    kecamatan, a desa government (they come with the desa list), and a name the kecamatan
    already has (ValidationError).
    """
    require_admin(actor, district.pk)
    if kind == InstitutionKind.VILLAGE_GOVERNMENT:
        raise ValidationError({"kind": gettext(ERR_VILLAGE_GOVERNMENT)})
    if village is not None and village.district_id != district.pk:
        raise ValidationError({"village": gettext(ERR_VILLAGE_OTHER_DISTRICT)})
    institution = Institution(
        district=district,
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
        village=village,
    )
    save_new(institution, actor=actor)
    return institution


@transaction.atomic
def set_institution_active(
    *,
    institution: Institution,
    active: bool,
    actor: User,
    expected_version: int | None = None,
) -> Institution:
    """Deactivate an institution (no longer offered for new invitations and follow-ups; kept
    on the meetings and follow-ups that name it) or reactivate it. Audited; nothing happens
    when it already is so. Refuses a non-administrator of its kecamatan (PermissionDenied) and
    a stale version (StaleVersion)."""
    require_admin(actor, institution.district_id)
    save_changes(institution, {"is_active": active}, actor=actor, expected_version=expected_version)
    return institution
