"""Writes of plans: create, edit a draft, approve, revise, copy to the next year, load the KAK.

Every service is atomic and audited through `save_new` / `save_changes` / `apply_transition`.
Only a draft is edited; an approved plan changes by a new revision (`start_revision`), which
supersedes it when the Camat approves it (docs/adr/0040-plan-versions-and-approval.md).

One module per concept (the plan and its approval, its contents, copies and revisions, the KAK
load); this package re-exports them, so callers import from `sitrantib.planning.services`.
"""

from sitrantib.planning.services.common import (
    MESSAGE_NOT_DRAFT,
    MESSAGE_NOT_MANAGER,
    MESSAGE_OTHER_PLAN,
    MESSAGE_YEAR_TAKEN,
)
from sitrantib.planning.services.contents import (
    MESSAGE_BAD_MONTH,
    MESSAGE_NO_MONTH,
    ParticipantData,
    clean_months,
    delete_activity,
    delete_code,
    save_activity,
    save_code,
    save_indicator,
    save_section,
)
from sitrantib.planning.services.copies import (
    MESSAGE_COPY_NOTE,
    MESSAGE_REVISE_APPROVED_ONLY,
    MESSAGE_REVISION_EXISTS,
    MESSAGE_REVISION_NOTE,
    copy_plan_to_year,
    start_revision,
)
from sitrantib.planning.services.loading import LoadResult, load_plan_data, signing_date_of
from sitrantib.planning.services.plans import (
    MESSAGE_APPROVAL_NOTE,
    MESSAGE_EMPTY_ACTIVITIES,
    PLAN_FIELDS,
    PLAN_WORKFLOW,
    approve_plan,
    create_plan,
    plan_movers,
    update_plan,
)

__all__ = [
    "MESSAGE_APPROVAL_NOTE",
    "MESSAGE_BAD_MONTH",
    "MESSAGE_COPY_NOTE",
    "MESSAGE_EMPTY_ACTIVITIES",
    "MESSAGE_NOT_DRAFT",
    "MESSAGE_NOT_MANAGER",
    "MESSAGE_NO_MONTH",
    "MESSAGE_OTHER_PLAN",
    "MESSAGE_REVISE_APPROVED_ONLY",
    "MESSAGE_REVISION_EXISTS",
    "MESSAGE_REVISION_NOTE",
    "MESSAGE_YEAR_TAKEN",
    "PLAN_FIELDS",
    "PLAN_WORKFLOW",
    "LoadResult",
    "ParticipantData",
    "approve_plan",
    "clean_months",
    "copy_plan_to_year",
    "create_plan",
    "delete_activity",
    "delete_code",
    "load_plan_data",
    "plan_movers",
    "save_activity",
    "save_code",
    "save_indicator",
    "save_section",
    "signing_date_of",
    "start_revision",
    "update_plan",
]
