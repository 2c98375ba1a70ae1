"""What every write of the register checks: the writer's desa, an anonymised member, the
errors by field; and the recount of readiness after a change.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.scoping import scope_of
from sitrantib.linmas.models import Member
from sitrantib.linmas.selectors import can_write, refresh_readiness

MESSAGE_NOT_ALLOWED = gettext_noop("Anda tidak berwenang mengubah data LINMAS desa ini.")

MESSAGE_ANONYMISED = gettext_noop(
    "Data pribadi anggota ini telah dianonimkan atas permintaannya; datanya tidak dapat diubah "
    "dan statusnya tidak dapat dipindah lagi."
)


def members_changed(*, village_codes: Sequence[str]) -> None:
    """A member or the equipment of these desa changed: their stored readiness is recounted."""
    refresh_readiness(village_codes=sorted(set(village_codes)))


def require_village(actor: User, village_code: str) -> None:
    """PermissionDenied unless `actor` may write the register of the desa `village_code`."""
    scope = scope_of(actor)
    if not (can_write(scope) and scope.covers_village(village_code)):
        raise PermissionDenied(_(MESSAGE_NOT_ALLOWED))


def refuse_anonymised(member: Member) -> None:
    """An anonymised member (docs/adr/0016) is a kept record, not a person to edit or recount."""
    if member.is_anonymised:
        raise ValidationError(_(MESSAGE_ANONYMISED))


def raise_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)
