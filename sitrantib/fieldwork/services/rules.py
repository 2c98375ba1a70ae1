"""The kecamatan's rule for "desa tentram dan tertib" (docs/adr/0080)."""

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from sitrantib.core.audit import save_changes
from sitrantib.fieldwork.models import SituationRule
from sitrantib.fieldwork.services.common import require_manager
from sitrantib.regions.models import District

RULE_FIELDS = ("require_visit", "require_rawan_resolved", "serious_incident_days")


def rule_for(district_code: str) -> SituationRule:
    """The stored rule of a kecamatan, or the defaults (unsaved) when it has none yet."""
    rule = SituationRule.objects.filter(district_id=district_code).first()
    return rule or SituationRule(district_id=district_code)


def rules_for(district_codes: list[str]) -> dict[str, SituationRule]:
    """The rules of many kecamatan in one query (defaults where none is stored)."""
    stored = {
        r.district_id: r for r in SituationRule.objects.filter(district_id__in=district_codes)
    }
    return {code: stored.get(code) or SituationRule(district_id=code) for code in district_codes}


@transaction.atomic
def update_rule(
    *, district: District, data: Mapping[str, Any], actor: Any, expected_version: int | None = None
) -> SituationRule:
    require_manager(actor, district.code)
    try:
        with transaction.atomic():
            rule, _created = SituationRule.objects.get_or_create(district=district)
    except IntegrityError:
        rule = SituationRule.objects.get(district=district)
    save_changes(
        rule,
        {k: data[k] for k in RULE_FIELDS if k in data},
        actor=actor,
        expected_version=expected_version,
    )
    return rule
