"""The readiness rule and targets a kecamatan administrator sets; both recount the desa they move.
The recount itself (`refresh_readiness`) lives with the figures, in `linmas.selectors.readiness`.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change, save_changes, save_new, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.core.scoping import scope_of
from sitrantib.linmas.models import ReadinessSettings, ReadinessTarget
from sitrantib.linmas.selectors import refresh_readiness
from sitrantib.regions.models import District, Village

MESSAGE_RULE_NOT_ALLOWED = gettext_noop(
    "Aturan dan target kesiapan hanya dapat diubah oleh administrator Trantib kecamatan."
)


def _require_office_admin(actor: User, district_code: str) -> None:
    scope = scope_of(actor)
    if not (scope.is_admin and scope.covers_district(district_code)):
        raise PermissionDenied(_(MESSAGE_RULE_NOT_ALLOWED))


@transaction.atomic
def set_readiness_rule(
    *,
    district: District,
    members_per_rt: Any,
    default_target: int | None,
    actor: User,
    expected_version: int | None = None,
) -> ReadinessSettings:
    """Set the readiness rule's parameters of a kecamatan (audited) and recount its desa.

    Refuses (PermissionDenied) anyone but an administrator of the kecamatan, (ValidationError)
    a ratio below 0 or above 100 or a target below 1, and (StaleVersion) an older version.
    """
    _require_office_admin(actor, district.code)
    values = {"members_per_rt": members_per_rt, "default_target": default_target or None}
    current = ReadinessSettings.objects.filter(district=district).first()
    if current is None:
        current = save_new(ReadinessSettings(district=district, **values), actor=actor)
        changed = True
    else:
        changed = save_changes(current, values, actor=actor, expected_version=expected_version)
    if changed:
        refresh_readiness(district_code=district.code)
    return current


@transaction.atomic
def set_readiness_target(
    *, village: Village, members: int | None, note: str = "", actor: User
) -> ReadinessTarget | None:
    """Set (or, with no `members`, remove) a desa's own target of members; audited; recounts it.

    Refuses (PermissionDenied) anyone but an administrator of the desa's kecamatan and
    (ValidationError) a target below 1.
    """
    _require_office_admin(actor, village.district_id)
    current = ReadinessTarget.objects.filter(village=village).first()
    result: ReadinessTarget | None
    if not members:
        if current is not None:
            before = snapshot(current)
            current.delete()
            record_change(
                actor=actor,
                action=AuditAction.DELETE,
                object_type=ReadinessTarget._meta.label_lower,
                object_id=village.code,
                object_repr=str(village),
                district_code=village.district_id,
                before=before,
            )
        result = None
    elif current is None:
        result = save_new(ReadinessTarget(village=village, members=members, note=note), actor=actor)
    else:
        save_changes(current, {"members": members, "note": note}, actor=actor)
        result = current
    refresh_readiness(village_codes=[village.code])
    return result
