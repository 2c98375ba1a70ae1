"""Changes to the indicators, and the engine that computes their values (docs/adr/0091).

Definitions: seeded from the plan in force (`seed_from_plan`), created and edited by the section's
administrator; a change that alters how values are counted marks the definition's values stale.
Values: one row per definition and period (the year, its quarters, its months). A calculated value
is computed by its calculator; a manual one holds the typed number in `numerator` and counts
(`value`, `achievement`) only once the Camat approved it and at least one evidence file is
attached. Achievement follows `achievement.py` with the kecamatan's rules (`IndicatorSettings`).

Computing is lazy: a record change marks the kecamatan's values of that year stale (signals.py,
one UPDATE); the next read (`selectors.values_for`) computes what is stale, and
`manage.py compute_indicators` computes everything. Calculators with a batch form compute all
the values asked of their kecamatan and periods at once, in chunks of `CHUNK` kecamatan, with a
fixed number of queries per chunk; the values are written with one batched UPDATE.

One module per concept: `definitions` (definitions and the seed from the plan), `targets` (targets
and the kecamatan's achievement rules), `computing` (the engine: what is due, computing, recompute),
`storing` (the batched write of computed values), `manual` (typed values, evidence, approval) and
`common` (permissions and helpers they share). This package re-exports their public names because
the views, the selectors, the reports, the test support and the scripts call them, so callers
import from `sitrantib.indicators.services`.
"""

from sitrantib.indicators.services.common import ERR_NOT_APPROVER, ERR_NOT_MANAGER, mean, period_of
from sitrantib.indicators.services.computing import (
    CHUNK,
    NOTE_UNKNOWN_CALCULATOR,
    computation_of,
    create_values,
    due_values,
    mark_stale,
    needs_refresh,
    recompute,
    recompute_many,
    refresh_values,
)
from sitrantib.indicators.services.definitions import (
    ERR_CALCULATOR_REQUIRED,
    ERR_NO_PLAN,
    ERR_PARAMS,
    ERR_QUARTER_TARGETS,
    ERR_UNKNOWN_CALCULATOR,
    create_definition,
    seed_from_plan,
    update_definition,
)
from sitrantib.indicators.services.manual import (
    ERR_ALREADY_APPROVED,
    ERR_NO_EVIDENCE,
    ERR_NO_NUMBER,
    ERR_NOT_MANUAL,
    ERR_NUMBER,
    add_evidence,
    approve_value,
    enter_manual_value,
)
from sitrantib.indicators.services.targets import (
    is_additive,
    rules_for,
    settings_of,
    target_for,
    update_settings,
)

__all__ = [
    "CHUNK",
    "ERR_ALREADY_APPROVED",
    "ERR_CALCULATOR_REQUIRED",
    "ERR_NOT_APPROVER",
    "ERR_NOT_MANAGER",
    "ERR_NOT_MANUAL",
    "ERR_NO_EVIDENCE",
    "ERR_NO_NUMBER",
    "ERR_NO_PLAN",
    "ERR_NUMBER",
    "ERR_PARAMS",
    "ERR_QUARTER_TARGETS",
    "ERR_UNKNOWN_CALCULATOR",
    "NOTE_UNKNOWN_CALCULATOR",
    "add_evidence",
    "approve_value",
    "computation_of",
    "create_definition",
    "create_values",
    "due_values",
    "enter_manual_value",
    "is_additive",
    "mark_stale",
    "mean",
    "needs_refresh",
    "period_of",
    "recompute",
    "recompute_many",
    "refresh_values",
    "rules_for",
    "seed_from_plan",
    "settings_of",
    "target_for",
    "update_definition",
    "update_settings",
]
