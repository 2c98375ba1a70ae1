"""The section's analysis of an indicator (causes, remedies, efficiency): who may write it, and
its audited save.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext

from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.scoping import scope_of
from sitrantib.indicators import access as indicator_access
from sitrantib.indicators.models import IndicatorDefinition
from sitrantib.reports.models import IndicatorNarrative
from sitrantib.reports.performance.common import MESSAGE_NOT_WRITER, NARRATIVE_FIELDS


def can_write_narrative(user: Any, district_code: str) -> bool:
    """The section's administrator of that kecamatan (or a regency or national administrator
    covering it), the one who manages its indicators (indicators.access.can_manage)."""
    return indicator_access.can_manage(scope_of(user), district_code)


@transaction.atomic
def save_narrative(
    *,
    definition: IndicatorDefinition,
    data: dict[str, str],
    actor: Any,
    expected_version: int | None = None,
) -> IndicatorNarrative:
    """Write the analysis of one indicator's achievement (causes, remedies, efficiency), audited.

    Refuses (PermissionDenied) anyone but the administrator of the indicator's kecamatan.
    `expected_version` is the version the writer opened: 0 when there was no analysis yet, so
    two people writing a first analysis at once do not overwrite each other (StaleVersion).
    """
    if not can_write_narrative(actor, definition.district_id):
        raise PermissionDenied(gettext(MESSAGE_NOT_WRITER))
    changes = {name: data.get(name, "") for name in NARRATIVE_FIELDS}
    existing = IndicatorNarrative.objects.select_for_update().filter(definition=definition).first()
    if existing is None:
        return save_new(IndicatorNarrative(definition=definition, **changes), actor=actor)
    if expected_version == 0:
        raise StaleVersion.for_instance(existing, expected_version=0, yours=changes)
    save_changes(existing, changes, actor=actor, expected_version=expected_version)
    return existing
