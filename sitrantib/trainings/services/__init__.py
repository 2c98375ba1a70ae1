"""Writes of the trainings module: every change checked, saved and audited here (docs/adr/0060).

Views, the API and commands call these functions; none of them saves a model itself.

One module per concept: office (settings and instructors), trainings (details and status),
sessions, assignments (surat tugas), enrolment (participants), attendance (marks and scores),
completion, certificates; `common` holds the manager check they share. This package re-exports
their public names because the views, the API, the reports' and the test support's scenes call
them as `services.<name>`: import from `sitrantib.trainings.services`.
"""

from sitrantib.trainings.services.assignments import (
    ERR_ALREADY_ASSIGNED,
    ERR_NO_INSTRUCTOR,
    issue_assignment,
)
from sitrantib.trainings.services.attendance import (
    ERR_NOT_PARTICIPANT,
    ERR_NOT_RECORDING,
    ERR_SCORE,
    ERR_SCORES_STALE,
    mark_attendance,
    set_scores,
)
from sitrantib.trainings.services.certificates import (
    ERR_ALREADY_REVOKED,
    ERR_NOT_COMPLETED,
    ERR_NOT_FINISHED,
    ERR_REASON_REQUIRED,
    issue_certificates,
    render_number,
    revoke_certificate,
)
from sitrantib.trainings.services.common import (
    ERR_NOT_MANAGER,
    lock_training,
    require_manager,
)
from sitrantib.trainings.services.completion import (
    recompute_completion,
    sync_trained,
)
from sitrantib.trainings.services.enrolment import (
    ERR_ALREADY_ENROLLED,
    ERR_CAPACITY,
    ERR_HAS_CERTIFICATE,
    ERR_NOT_ACTIVE,
    ERR_NOT_ENROLLING,
    ERR_OTHER_DISTRICT,
    ERR_QUOTA,
    WARN_TRAINED_THIS_YEAR,
    EnrolResult,
    enrol_by_quota,
    enrol_member,
    enrol_village,
    withdraw,
)
from sitrantib.trainings.services.office import (
    ERR_INSTITUTION_DISTRICT,
    ERR_PATTERN,
    TOKENS,
    check_pattern,
    create_instructor,
    settings_for,
    update_instructor,
    update_settings,
)
from sitrantib.trainings.services.sessions import (
    ERR_HAS_MARKS,
    ERR_INSTRUCTOR_DISTRICT,
    ERR_SESSION_DATE,
    ERR_SESSION_OUTSIDE,
    add_session,
    delete_session,
    update_session,
)
from sitrantib.trainings.services.trainings import (
    ERR_ACTIVITY_DISTRICT,
    ERR_BUDGET_DISTRICT,
    ERR_CAPACITY_BELOW,
    ERR_NO_SESSIONS,
    RULE_FIELDS,
    TRAINING_WORKFLOW,
    create_training,
    transition_training,
    update_training,
)

__all__ = [
    "ERR_ACTIVITY_DISTRICT",
    "ERR_ALREADY_ASSIGNED",
    "ERR_ALREADY_ENROLLED",
    "ERR_ALREADY_REVOKED",
    "ERR_BUDGET_DISTRICT",
    "ERR_CAPACITY",
    "ERR_CAPACITY_BELOW",
    "ERR_HAS_CERTIFICATE",
    "ERR_HAS_MARKS",
    "ERR_INSTITUTION_DISTRICT",
    "ERR_INSTRUCTOR_DISTRICT",
    "ERR_NOT_ACTIVE",
    "ERR_NOT_COMPLETED",
    "ERR_NOT_ENROLLING",
    "ERR_NOT_FINISHED",
    "ERR_NOT_MANAGER",
    "ERR_NOT_PARTICIPANT",
    "ERR_NOT_RECORDING",
    "ERR_NO_INSTRUCTOR",
    "ERR_NO_SESSIONS",
    "ERR_OTHER_DISTRICT",
    "ERR_PATTERN",
    "ERR_QUOTA",
    "ERR_REASON_REQUIRED",
    "ERR_SCORE",
    "ERR_SCORES_STALE",
    "ERR_SESSION_DATE",
    "ERR_SESSION_OUTSIDE",
    "RULE_FIELDS",
    "TOKENS",
    "TRAINING_WORKFLOW",
    "WARN_TRAINED_THIS_YEAR",
    "EnrolResult",
    "add_session",
    "check_pattern",
    "create_instructor",
    "create_training",
    "delete_session",
    "enrol_by_quota",
    "enrol_member",
    "enrol_village",
    "issue_assignment",
    "issue_certificates",
    "lock_training",
    "mark_attendance",
    "recompute_completion",
    "render_number",
    "require_manager",
    "revoke_certificate",
    "set_scores",
    "settings_for",
    "sync_trained",
    "transition_training",
    "update_instructor",
    "update_session",
    "update_settings",
    "update_training",
    "withdraw",
]
