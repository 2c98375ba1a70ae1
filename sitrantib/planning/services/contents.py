"""The contents of a draft plan: codes, text sections, indicators and planned activities."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.audit import record_change, save_changes, save_new
from sitrantib.core.enums import AuditAction
from sitrantib.planning.models import (
    AnnualPlan,
    Indicator,
    Participant,
    PlanCode,
    PlannedActivity,
    PlanSection,
)
from sitrantib.planning.services.common import child_of, require_draft, require_manager

if TYPE_CHECKING:
    from sitrantib.accounts.models import User


MESSAGE_BAD_MONTH = gettext_noop("Bulan harus 1 sampai 12.")
MESSAGE_NO_MONTH = gettext_noop("Pilih paling sedikit satu bulan.")


@transaction.atomic
def save_code(
    *, plan: AnnualPlan, level: str, scheme: str, code: str, name: str, actor: "User"
) -> PlanCode:
    """Record a programme/kegiatan code in a scheme (replacing that scheme's code, if any)."""
    require_manager(actor, plan.district_id)
    require_draft(plan)
    existing = PlanCode.objects.filter(plan=plan, level=level, scheme=scheme.strip()).first()
    if existing is None:
        return save_new(
            PlanCode(plan=plan, level=level, scheme=scheme.strip(), code=code.strip(), name=name),
            actor=actor,
        )
    save_changes(existing, {"code": code.strip(), "name": name}, actor=actor)
    return existing


@transaction.atomic
def delete_code(*, code: PlanCode, actor: "User") -> None:
    require_manager(actor, code.plan.district_id)
    require_draft(code.plan)
    record_change(
        actor=actor, action=AuditAction.DELETE, instance=code, district_code=code.plan.district_id
    )
    code.delete()


@transaction.atomic
def save_section(
    *,
    plan: AnnualPlan,
    section: PlanSection | None,
    values: Mapping[str, Any],
    actor: "User",
    expected_version: int | None = None,
) -> PlanSection:
    """Add a text section to a draft, or change one (title, paragraph, list items)."""
    require_manager(actor, plan.district_id)
    require_draft(plan)
    if section is None:
        position = plan.sections.count() + 1
        return save_new(PlanSection(plan=plan, position=position, **values), actor=actor)
    child_of(plan, section)
    save_changes(section, values, actor=actor, expected_version=expected_version)
    return section


@transaction.atomic
def save_indicator(
    *,
    plan: AnnualPlan,
    indicator: Indicator | None,
    values: Mapping[str, Any],
    actor: "User",
    expected_version: int | None = None,
) -> Indicator:
    """Add an indicator to a draft, or change one (name, level, unit, target)."""
    require_manager(actor, plan.district_id)
    require_draft(plan)
    if indicator is None:
        position = plan.indicators.count() + 1
        return save_new(Indicator(plan=plan, position=position, **values), actor=actor)
    child_of(plan, indicator)
    save_changes(indicator, values, actor=actor, expected_version=expected_version)
    return indicator


def clean_months(months: Iterable[Any]) -> list[int]:
    values = sorted({int(m) for m in months})
    if not values:
        raise ValidationError({"months": [_(MESSAGE_NO_MONTH)]})
    if any(not 1 <= m <= 12 for m in values):
        raise ValidationError({"months": [_(MESSAGE_BAD_MONTH)]})
    return values


@dataclass(frozen=True)
class ParticipantData:
    name: str
    count: int | None = None
    printed: str = ""


@transaction.atomic
def save_activity(
    *,
    plan: AnnualPlan,
    activity: PlannedActivity | None,
    values: Mapping[str, Any],
    participants: Sequence[ParticipantData] | None,
    actor: "User | None",
    expected_version: int | None = None,
) -> PlannedActivity:
    """Add a planned activity to a draft, or change one; `participants` replaces the list."""
    require_manager(actor, plan.district_id)
    require_draft(plan)
    values = dict(values)
    if "months" in values:
        values["months"] = clean_months(values["months"])
    if activity is None:
        position = plan.activities.count() + 1
        activity = save_new(PlannedActivity(plan=plan, position=position, **values), actor=actor)
    else:
        child_of(plan, activity)
        save_changes(activity, values, actor=actor, expected_version=expected_version)
    if participants is not None:
        _replace_participants(activity, participants, actor=actor)
    return activity


def _replace_participants(
    activity: PlannedActivity, participants: Sequence[ParticipantData], *, actor: Any
) -> None:
    current = [(p.name, p.count, p.printed) for p in activity.participants.order_by("position")]
    wanted = [(p.name, p.count, p.printed) for p in participants]
    if current == wanted:
        return
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=activity,
        before={"participants": [list(p) for p in current]},
        after={"participants": [list(p) for p in wanted]},
        district_code=activity.plan.district_id,
    )
    activity.participants.all().delete()
    Participant.objects.bulk_create(
        Participant(activity=activity, position=i, name=p.name, count=p.count, printed=p.printed)
        for i, p in enumerate(participants, start=1)
    )


@transaction.atomic
def delete_activity(*, activity: PlannedActivity, actor: "User") -> None:
    require_manager(actor, activity.plan.district_id)
    require_draft(activity.plan)
    record_change(actor=actor, action=AuditAction.DELETE, instance=activity)
    activity.delete()
