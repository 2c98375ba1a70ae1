"""What the indicator services share: who may change indicators and who approves, the parsing
of a typed number, the period of a key, and the mean of several values."""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork.situation import Period, parse_period
from sitrantib.indicators import access

ERR_NOT_MANAGER = gettext_noop(
    "Hanya Admin Seksi Trantib kecamatan ini yang dapat mengubah indikator."
)
ERR_NOT_APPROVER = gettext_noop("Hanya Camat kecamatan ini yang dapat menyetujui nilai manual.")


def mean(numbers: Sequence[Decimal]) -> Decimal:
    return (sum(numbers, Decimal(0)) / len(numbers)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def period_of(key: str) -> Period:
    """The Period of a key ("2026", "2026-Q1", "2026-03"); ValueError otherwise."""
    return parse_period(key)


def require_manager(actor: Any, district_code: str) -> None:
    if not access.can_manage(scope_of(actor), district_code):
        raise PermissionDenied(gettext(ERR_NOT_MANAGER))


def require_approver(actor: Any, district_code: str) -> None:
    if not access.can_approve(scope_of(actor), district_code):
        raise PermissionDenied(gettext(ERR_NOT_APPROVER))


def decimal_or_none(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(str(value)) from exc
    if not number.is_finite():
        raise ValueError(str(value))
    return number
