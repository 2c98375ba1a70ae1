"""Data-quality rules of the plan (shown on /sistem/kualitas-data/)."""

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from sitrantib.core.dataquality import Finding, register
from sitrantib.core.enums import Severity
from sitrantib.core.scoping import Scope, restrict
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import Indicator


@register("planning.approved_indicator_without_target")
def approved_indicator_without_target(scope: Scope) -> Iterable[Finding]:
    """An approved plan's indicator without a target cannot be measured against it."""
    indicators = restrict(
        Indicator.objects.filter(plan__status=PlanStatus.APPROVED)
        .filter(Q(target__isnull=True) & Q(target_text=""))
        .select_related("plan")
        .order_by("plan__year", "position", "pk"),
        scope,
        district_field="plan__district",
        village_field=None,
    )
    for indicator in indicators:
        yield Finding(
            severity=Severity.INFO,
            object=f"plan_indicator:{indicator.pk}",
            field="target",
            message=_('Indikator "%(name)s" pada rencana %(year)s belum bertarget.')
            % {"name": indicator.name, "year": indicator.plan.year},
            district_code=indicator.plan.district_id,
            url=indicator.plan.get_absolute_url(),
        )
