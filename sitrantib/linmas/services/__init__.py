"""Writes of the LINMAS register. Web pages, the API, the import and commands call these functions.

Every update goes through `core.audit.save_changes` (validation, version, one audit entry) and
every insert through `save_new`; member status moves through `MEMBER_WORKFLOW` and
`core.workflow.apply_transition`.

One module per concept (members and their status, KTA numbers, squads and equipment, the
readiness rule and targets, the checks they share); this package re-exports their public names
because several apps (trainings, reports' tests, the benchmark, the test support) call them, so
callers import from `sitrantib.linmas.services`. The readiness recount (`refresh_readiness`) is
not a service: it lives with the figures in `sitrantib.linmas.selectors.readiness`.
"""

from sitrantib.linmas.services.cards import (
    CARD_SERIAL_DIGITS,
    CARD_TOKENS,
    DEFAULT_CARD_PATTERN,
    MESSAGE_CARD_ALREADY_ISSUED,
    MESSAGE_CARD_NEEDS_VALIDITY,
    MESSAGE_CARD_NOT_ACTIVE,
    MESSAGE_CARD_TYPED_AND_ISSUED,
    MESSAGE_CARD_TYPED_OVER_ISSUED,
    card_pattern,
    issue_card_number,
    render_card_number,
)
from sitrantib.linmas.services.common import (
    MESSAGE_ANONYMISED,
    MESSAGE_NOT_ALLOWED,
    members_changed,
    require_village,
)
from sitrantib.linmas.services.members import (
    AUDIT_EXPORT,
    DATE_KEY,
    MEMBER_FIELDS,
    MEMBER_WORKFLOW,
    MESSAGE_REASON_REQUIRED,
    MESSAGE_STATUS_DATE_BEFORE_BIRTH,
    MESSAGE_STATUS_DATE_BEFORE_PREVIOUS,
    MESSAGE_STATUS_DATE_FUTURE,
    MESSAGE_TRANSITION_NOT_ALLOWED,
    PHOTO_MAX_SIDE,
    REASON_KEY,
    create_member,
    member_values,
    new_verification_code,
    record_export,
    record_trained,
    transition_member,
    update_member,
)
from sitrantib.linmas.services.readiness import (
    MESSAGE_RULE_NOT_ALLOWED,
    set_readiness_rule,
    set_readiness_target,
)
from sitrantib.linmas.services.units import (
    MESSAGE_LEADER_OTHER_VILLAGE,
    issue_equipment,
    return_equipment,
    save_squad,
    set_equipment,
)

__all__ = [
    "AUDIT_EXPORT",
    "CARD_SERIAL_DIGITS",
    "CARD_TOKENS",
    "DATE_KEY",
    "DEFAULT_CARD_PATTERN",
    "MEMBER_FIELDS",
    "MEMBER_WORKFLOW",
    "MESSAGE_ANONYMISED",
    "MESSAGE_CARD_ALREADY_ISSUED",
    "MESSAGE_CARD_NEEDS_VALIDITY",
    "MESSAGE_CARD_NOT_ACTIVE",
    "MESSAGE_CARD_TYPED_AND_ISSUED",
    "MESSAGE_CARD_TYPED_OVER_ISSUED",
    "MESSAGE_LEADER_OTHER_VILLAGE",
    "MESSAGE_NOT_ALLOWED",
    "MESSAGE_REASON_REQUIRED",
    "MESSAGE_RULE_NOT_ALLOWED",
    "MESSAGE_STATUS_DATE_BEFORE_BIRTH",
    "MESSAGE_STATUS_DATE_BEFORE_PREVIOUS",
    "MESSAGE_STATUS_DATE_FUTURE",
    "MESSAGE_TRANSITION_NOT_ALLOWED",
    "PHOTO_MAX_SIDE",
    "REASON_KEY",
    "card_pattern",
    "create_member",
    "issue_card_number",
    "issue_equipment",
    "member_values",
    "members_changed",
    "new_verification_code",
    "record_export",
    "record_trained",
    "render_card_number",
    "require_village",
    "return_equipment",
    "save_squad",
    "set_equipment",
    "set_readiness_rule",
    "set_readiness_target",
    "transition_member",
    "update_member",
]
