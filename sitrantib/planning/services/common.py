"""Checks and messages shared by the plan services (not part of the public API)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.selectors import manages_district

MESSAGE_NOT_DRAFT = gettext_noop(
    "Rencana yang sudah disetujui tidak dapat diubah; buat revisi baru untuk mengubahnya."
)
MESSAGE_NOT_MANAGER = gettext_noop("Hanya Seksi Trantib yang dapat mengubah rencana.")
MESSAGE_YEAR_TAKEN = gettext_noop("Sudah ada rencana untuk tahun %(year)s.")
MESSAGE_OTHER_PLAN = gettext_noop("Data ini bukan bagian dari rencana tersebut.")


def require_manager(actor: Any, district_code: str) -> None:
    if actor is not None and not manages_district(user=actor, district_code=district_code):
        raise PermissionDenied(_(MESSAGE_NOT_MANAGER))


def require_draft(plan: AnnualPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_(MESSAGE_NOT_DRAFT), code="not_draft")


def child_of(plan: AnnualPlan, child: Any) -> None:
    if child.plan_id != plan.pk:
        raise ValidationError(_(MESSAGE_OTHER_PLAN))
