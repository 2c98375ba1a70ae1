"""A plan's header and its approval: create, edit a draft, and the Camat's approval workflow."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.enums import AuditAction
from sitrantib.core.workflow import Attempt, Move, Workflow, apply_transition
from sitrantib.planning.enums import PlanMover, PlanStatus
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.selectors import APPROVER_ROLES
from sitrantib.planning.services.common import MESSAGE_YEAR_TAKEN, require_draft, require_manager
from sitrantib.regions.models import District

if TYPE_CHECKING:
    from sitrantib.accounts.models import User


MESSAGE_EMPTY_ACTIVITIES = gettext_noop("Rencana belum berisi kegiatan.")
MESSAGE_APPROVAL_NOTE = gettext_noop("Disetujui; revisi %(revision)s menggantikan revisi ini.")


# ---------------------------------------------------------------- workflow


def plan_movers(user: Any, plan: AnnualPlan) -> frozenset[str]:
    """The Camat of the plan's kecamatan approves (a Camat elsewhere never sees it)."""
    if getattr(user, "role", None) in APPROVER_ROLES and user.district_id == plan.district_id:
        return frozenset({PlanMover.CAMAT})
    return frozenset()


def _needs_activities(plan: AnnualPlan, attempt: Attempt) -> str | None:
    if not plan.activities.exists():
        return _(MESSAGE_EMPTY_ACTIVITIES)
    return None


def _approval_effects(plan: AnnualPlan, attempt: Attempt) -> Mapping[str, Any]:
    return {"approved_by": attempt.actor, "approved_at": timezone.now()}


PLAN_WORKFLOW = Workflow(
    labels=PlanStatus,
    mover_of=plan_movers,
    mover_labels=PlanMover,
    moves=(
        Move(
            PlanStatus.DRAFT,
            PlanStatus.APPROVED,
            movers=frozenset({PlanMover.CAMAT}),
            check=_needs_activities,
        ),
    ),
    note_field="status_note",
    effects=_approval_effects,
)


@transaction.atomic
def approve_plan(
    *, plan: AnnualPlan, actor: "User", note: str = "", expected_version: int | None = None
) -> AnnualPlan:
    """The Camat approves a draft: who and when are recorded. A revision that replaces an
    approved plan of the same year moves that one to "superseded" (kept, readable)."""
    if plan.previous_id and plan_movers(actor, plan):
        previous = AnnualPlan.objects.select_for_update().get(pk=plan.previous_id)
        if previous.status == PlanStatus.APPROVED:
            save_changes(
                previous,
                {"status": PlanStatus.SUPERSEDED},
                actor=actor,
                action=AuditAction.TRANSITION,
                note=_(MESSAGE_APPROVAL_NOTE) % {"revision": plan.revision},
            )
    return apply_transition(
        workflow=PLAN_WORKFLOW,
        instance=plan,
        target=PlanStatus.APPROVED,
        actor=actor,
        note=note,
        expected_version=expected_version,
    )


# ---------------------------------------------------------------- plan


PLAN_FIELDS = (
    "title",
    "programme_name",
    "activity_name",
    "executors",
    "signing_place",
    "signing_date",
    "signatory",
    "statistics_source",
)


@transaction.atomic
def create_plan(
    *,
    district: District,
    year: int,
    title: str,
    programme_name: str,
    activity_name: str,
    actor: "User | None",
    **values: Any,
) -> AnnualPlan:
    """A new draft plan (revision 1) for a year that has none."""
    require_manager(actor, district.code)
    if AnnualPlan.objects.filter(district=district, year=year).exists():
        raise ValidationError({"year": [_(MESSAGE_YEAR_TAKEN) % {"year": year}]})
    plan = AnnualPlan(
        district=district,
        year=year,
        title=title,
        programme_name=programme_name,
        activity_name=activity_name,
        **values,
    )
    return save_new(plan, actor=actor)


@transaction.atomic
def update_plan(
    *,
    plan: AnnualPlan,
    changes: Mapping[str, Any],
    actor: "User",
    expected_version: int | None = None,
) -> bool:
    """Change the header of a draft (names, signing, signatory, executors)."""
    require_manager(actor, plan.district_id)
    require_draft(plan)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"update_plan cannot change {sorted(unknown)}")
    return save_changes(plan, changes, actor=actor, expected_version=expected_version)
