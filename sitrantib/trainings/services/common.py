"""What every write of the trainings module checks: the writer manages the kecamatan; and the
training row locked for a write that counts its participants.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.scoping import scope_of
from sitrantib.trainings.access import can_manage
from sitrantib.trainings.models import Training

ERR_NOT_MANAGER = gettext_noop(
    "Hanya admin Seksi Trantib kecamatan ini yang dapat mengelola pelatihan."
)


def require_manager(actor: User, district_code: str) -> None:
    if not can_manage(scope_of(actor), district_code):
        raise PermissionDenied(_(ERR_NOT_MANAGER))


def lock_training(training: Training) -> Training:
    return Training.objects.select_for_update().get(pk=training.pk)
