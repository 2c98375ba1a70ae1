"""Field work: Poskamling and Satgas registers, field visits, incidents, citizen reports.

One module per concept, every model re-exported here (app label `fieldwork`):
`registers` (Poskamling and its roster, Satgas and its members), `visits`, `incidents` (with their
categories and status history), `citizen_reports`, `photos`, `rules` (the situation rule) and
`fields` (the field makers they share).

Every record names its desa and, denormalised, its kecamatan (`district`) so that scope filters
and the kecamatan-wide lists use one indexed column. Visits and incidents carry a client-made id
(`client_id`, unique): a resend of the same report returns the first record (docs/adr/0081).
Whether a desa is "tentram dan tertib" in a period is computed by `situation.py` from visits and
incidents under the kecamatan's `SituationRule` (docs/adr/0080); nothing is ticked by hand.
"""

from sitrantib.fieldwork.models.citizen_reports import CitizenReport
from sitrantib.fieldwork.models.incidents import (
    MAX_LOSS,
    Incident,
    IncidentCategory,
    IncidentTransition,
)
from sitrantib.fieldwork.models.photos import FieldPhoto, photo_upload_to
from sitrantib.fieldwork.models.registers import (
    Post,
    PostDuty,
    PostDutyPerson,
    TaskForce,
    TaskForceMember,
)
from sitrantib.fieldwork.models.rules import DEFAULT_SERIOUS_INCIDENT_DAYS, SituationRule
from sitrantib.fieldwork.models.visits import Visit, VisitRecommendation, VisitTeamMember

__all__ = [
    "DEFAULT_SERIOUS_INCIDENT_DAYS",
    "MAX_LOSS",
    "CitizenReport",
    "FieldPhoto",
    "Incident",
    "IncidentCategory",
    "IncidentTransition",
    "Post",
    "PostDuty",
    "PostDutyPerson",
    "SituationRule",
    "TaskForce",
    "TaskForceMember",
    "Visit",
    "VisitRecommendation",
    "VisitTeamMember",
    "photo_upload_to",
]
