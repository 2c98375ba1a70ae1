"""Data-quality rules of the budget (shown on /sistem/kualitas-data/)."""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from sitrantib.budget.models import BudgetLine, BudgetTable
from sitrantib.budget.selectors import table_checks, with_spent
from sitrantib.core.dataquality import Finding, register
from sitrantib.core.enums import Severity
from sitrantib.core.formatting import format_rupiah
from sitrantib.core.scoping import Scope, restrict
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import PlannedActivity


@register("budget.stated_total_differs")
def stated_total_differs(scope: Scope) -> Iterable[Finding]:
    """A table whose printed total is not the sum of its lines: shown, never corrected."""
    tables = restrict(
        BudgetTable.objects.filter(stated_total__isnull=False),
        scope,
        district_field="district",
        village_field=None,
    )
    for check in table_checks(tables):
        if check.adds_up:
            continue
        table = check.table
        yield Finding(
            severity=Severity.ERROR,
            object=f"budget_table:{table.pk}",
            field="stated_total",
            message=_(
                'Tabel "%(title)s" %(year)s mencantumkan jumlah %(stated)s, padahal '
                "jumlah baris-barisnya %(sum)s (selisih %(difference)s)."
            )
            % {
                "title": table.title,
                "year": table.year,
                "stated": format_rupiah(table.stated_total),
                "sum": format_rupiah(check.lines_total),
                "difference": format_rupiah(check.difference),  # type: ignore[arg-type]
            },
            district_code=table.district_id,
            url=f"/anggaran/?tahun={table.year}",
        )


@register("budget.spending_above_ceiling")
def spending_above_ceiling(scope: Scope) -> Iterable[Finding]:
    """A line that spent more than its ceiling (its ceiling was revised below the spending)."""
    lines = restrict(
        with_spent(BudgetLine.objects.all()).order_by("year", "position", "pk"),
        scope,
        district_field="district",
        village_field=None,
    )
    for line in lines:
        if line.spent <= line.ceiling:  # type: ignore[attr-defined]
            continue
        yield Finding(
            severity=Severity.ERROR,
            object=f"budget_line:{line.pk}",
            field="ceiling",
            message=_(
                'Realisasi mata anggaran "%(name)s" %(year)s sebesar %(spent)s melebihi '
                "pagunya %(ceiling)s."
            )
            % {
                "name": line.name,
                "year": line.year,
                "spent": format_rupiah(line.spent),  # type: ignore[attr-defined]
                "ceiling": format_rupiah(line.ceiling),
            },
            district_code=line.district_id,
            url=line.get_absolute_url(),
        )


@register("budget.activity_without_budget")
def activity_without_budget(scope: Scope) -> Iterable[Finding]:
    """A planned activity (of a draft or approved plan) that no budget line of its year funds."""
    funded = BudgetLine.objects.filter(activity=OuterRef("pk"))
    activities = restrict(
        PlannedActivity.objects.filter(plan__status__in=[PlanStatus.DRAFT, PlanStatus.APPROVED])
        .annotate(funded=Exists(funded))
        .filter(funded=False)
        .select_related("plan")
        .order_by("plan__year", "plan__revision", "position", "pk"),
        scope,
        district_field="plan__district",
        village_field=None,
    )
    for activity in activities:
        yield Finding(
            severity=Severity.WARNING,
            object=f"planned_activity:{activity.pk}",
            field="budget",
            message=_(
                'Kegiatan "%(name)s" pada rencana %(year)s (revisi %(revision)s) '
                "belum dibiayai mata anggaran mana pun."
            )
            % {
                "name": activity.name,
                "year": activity.plan.year,
                "revision": activity.plan.revision,
            },
            district_code=activity.plan.district_id,
            url=activity.plan.get_absolute_url(),
        )
