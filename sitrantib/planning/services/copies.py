"""Copies of a plan: to a new year, or as a new revision of an approved plan (ADR 0040)."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.audit import save_new
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import (
    AnnualPlan,
    Indicator,
    Participant,
    PlanCode,
    PlannedActivity,
    PlanSection,
)
from sitrantib.planning.services.common import MESSAGE_YEAR_TAKEN, require_manager

if TYPE_CHECKING:
    from sitrantib.accounts.models import User


MESSAGE_REVISION_EXISTS = gettext_noop("Sudah ada draf revisi untuk tahun ini; lanjutkan draf itu.")
MESSAGE_REVISE_APPROVED_ONLY = gettext_noop("Hanya rencana yang disetujui yang dapat direvisi.")
MESSAGE_COPY_NOTE = gettext_noop("Disalin dari rencana %(year)s revisi %(revision)s.")
MESSAGE_REVISION_NOTE = gettext_noop("Revisi dari revisi %(revision)s yang sudah disetujui.")


def _copy_contents(
    source: AnnualPlan, target: AnnualPlan, *, keep_targets: bool, actor: Any
) -> None:
    """Codes, sections, indicators and activities of `source` into `target` (a new draft)."""
    for code in source.codes.order_by("pk"):
        save_new(
            PlanCode(
                plan=target, level=code.level, scheme=code.scheme, code=code.code, name=code.name
            ),
            actor=actor,
        )
    for section in source.sections.order_by("position", "pk"):
        save_new(
            PlanSection(
                plan=target,
                key=section.key,
                position=section.position,
                number=section.number,
                title=section.title,
                text=section.text,
                items=list(section.items),
                tables=list(section.tables),
            ),
            actor=actor,
        )
    for indicator in source.indicators.order_by("position", "pk"):
        save_new(
            Indicator(
                plan=target,
                level=indicator.level,
                position=indicator.position,
                name=indicator.name,
                unit=indicator.unit,
                target=indicator.target if keep_targets else None,
                target_text=indicator.target_text if keep_targets else "",
                printed_in=indicator.printed_in,
            ),
            actor=actor,
        )
    for activity in source.activities.order_by("position", "pk").prefetch_related("participants"):
        copy = save_new(
            PlannedActivity(
                plan=target,
                position=activity.position,
                kind=activity.kind,
                name=activity.name,
                procedure=activity.procedure,
                months=list(activity.months),
                schedule=activity.schedule,
                venue=activity.venue,
                executors=list(activity.executors),
                per_village=activity.per_village,
                participants_heading=activity.participants_heading,
                copied_from=activity,
            ),
            actor=actor,
        )
        Participant.objects.bulk_create(
            Participant(
                activity=copy, position=p.position, name=p.name, count=p.count, printed=p.printed
            )
            for p in activity.participants.all()
        )


@transaction.atomic
def copy_plan_to_year(*, plan: AnnualPlan, actor: "User", year: int | None = None) -> AnnualPlan:
    """Copy a plan into a new draft for the next year (or `year`): the text, codes, indicators
    and activities are kept; the targets start empty (money is the budget's, per year); the
    signing date, approval and status start anew. Refused when that year already has a plan."""
    require_manager(actor, plan.district_id)
    year = year or plan.year + 1
    if AnnualPlan.objects.filter(district_id=plan.district_id, year=year).exists():
        raise ValidationError({"year": [_(MESSAGE_YEAR_TAKEN) % {"year": year}]})
    copy = save_new(
        AnnualPlan(
            district_id=plan.district_id,
            year=year,
            title=plan.title,
            programme_name=plan.programme_name,
            activity_name=plan.activity_name,
            executors=list(plan.executors),
            signing_place=plan.signing_place,
            signatory=plan.signatory,
            statistics_source=plan.statistics_source,
            copied_from=plan,
            source_note=_(MESSAGE_COPY_NOTE) % {"year": plan.year, "revision": plan.revision},
        ),
        actor=actor,
    )
    _copy_contents(plan, copy, keep_targets=False, actor=actor)
    return copy


@transaction.atomic
def start_revision(*, plan: AnnualPlan, actor: "User") -> AnnualPlan:
    """A change to an approved plan: a new draft revision with everything of the approved one
    (targets included). The approved plan stays in force until the revision is approved."""
    require_manager(actor, plan.district_id)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_(MESSAGE_REVISE_APPROVED_ONLY))
    if AnnualPlan.objects.filter(
        district_id=plan.district_id, year=plan.year, status=PlanStatus.DRAFT
    ).exists():
        raise ValidationError(_(MESSAGE_REVISION_EXISTS))
    latest = (
        AnnualPlan.objects.filter(district_id=plan.district_id, year=plan.year)
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    ) or plan.revision
    revision = save_new(
        AnnualPlan(
            district_id=plan.district_id,
            year=plan.year,
            revision=latest + 1,
            title=plan.title,
            programme_name=plan.programme_name,
            activity_name=plan.activity_name,
            executors=list(plan.executors),
            signing_place=plan.signing_place,
            signing_date=plan.signing_date,
            signatory=plan.signatory,
            statistics_source=plan.statistics_source,
            previous=plan,
            source_note=_(MESSAGE_REVISION_NOTE) % {"revision": plan.revision},
        ),
        actor=actor,
    )
    _copy_contents(plan, revision, keep_targets=True, actor=actor)
    return revision
