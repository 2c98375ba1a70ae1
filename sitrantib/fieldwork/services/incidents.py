"""Incidents: recorded once per client id, changed, and moved along their workflow
reported -> verified -> handled -> closed, or handed over to a partner (docs/adr/0080)."""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.scoping import scope_of
from sitrantib.core.workflow import Attempt, Move, Workflow, apply_transition
from sitrantib.fieldwork import access
from sitrantib.fieldwork.enums import (
    OPEN_INCIDENT_STATUSES,
    RESPONDED_STATUSES,
    IncidentSource,
    IncidentStatus,
)
from sitrantib.fieldwork.models import Incident, IncidentCategory, IncidentTransition
from sitrantib.fieldwork.services.common import (
    check_hamlet,
    check_institution,
    coordinates,
    require_manager,
    require_writer,
)
from sitrantib.fieldwork.services.visits import CLOCK_SKEW, existing_report, is_duplicate
from sitrantib.regions.enums import InstitutionKind
from sitrantib.regions.models import Hamlet, Institution, Village

MESSAGE_FUTURE = gettext_noop("Waktu kejadian tidak boleh di masa depan.")
MESSAGE_CATEGORY_INACTIVE = gettext_noop("Kategori %(name)s tidak dipakai lagi.")
MESSAGE_PARTNER_REQUIRED = gettext_noop("Pilih Polsek atau Koramil yang menerima rujukan.")
MESSAGE_NOT_A_PARTNER = gettext_noop("Kejadian hanya dapat dirujuk ke Polsek atau Koramil.")
MESSAGE_LOCKED_FOR_OPERATOR = gettext_noop(
    "Kejadian yang sudah diverifikasi hanya dapat diubah oleh Admin Seksi Trantib."
)

# Institutions an incident may be handed over to (dirujuk).
PARTNER_KINDS = frozenset({InstitutionKind.POLSEK, InstitutionKind.KORAMIL})


@dataclass
class IncidentInput:
    category: IncidentCategory
    occurred_at: dt.datetime
    description: str
    source: str = IncidentSource.VILLAGE
    hamlet: Hamlet | None = None
    place: str = ""
    affected_count: int = 0
    losses: str = ""
    loss_amount: Any = None
    is_serious: bool | None = None  # None: as its category says
    latitude: Any = None
    longitude: Any = None


def _values(village: Village, data: IncidentInput, *, manager: bool) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if data.occurred_at and data.occurred_at > timezone.now() + CLOCK_SKEW:
        errors["occurred_at"] = gettext(MESSAGE_FUTURE)
    if not data.category.is_active:
        errors["category"] = gettext(MESSAGE_CATEGORY_INACTIVE) % {"name": data.category.name}
    if errors:
        raise ValidationError(errors)
    check_hamlet(village, data.hamlet)
    lat, lon = coordinates(data.latitude, data.longitude)
    serious = data.category.is_serious
    if manager and data.is_serious is not None:
        serious = data.is_serious
    return {
        "category": data.category,
        "occurred_at": data.occurred_at,
        "description": data.description,
        "source": data.source,
        "hamlet": data.hamlet,
        "place": data.place,
        "affected_count": data.affected_count,
        "losses": data.losses,
        "loss_amount": data.loss_amount,
        "is_serious": serious,
        "latitude": lat,
        "longitude": lon,
    }


def create_incident(
    *,
    village: Village,
    data: IncidentInput,
    actor: Any,
    client_id: uuid.UUID | None = None,
) -> tuple[Incident, bool]:
    """Record an incident (status reported); returns (incident, created). The same `client_id`
    again returns the first incident, also when both arrive at the same moment (docs/adr/0081)."""
    require_writer(actor, village)
    found = existing_report(Incident, client_id, actor, village)
    if found is not None:
        return found, False
    manager = access.can_manage(scope_of(actor), village.district_id)
    values = _values(village, data, manager=manager)
    try:
        with transaction.atomic():
            incident = Incident(village=village, district_id=village.district_id, **values)
            if client_id is not None:
                incident.client_id = client_id
            save_new(incident, actor=actor)
    except (IntegrityError, ValidationError) as exc:
        found = existing_report(Incident, client_id, actor, village) if is_duplicate(exc) else None
        if found is None:
            raise
        return found, False
    return incident, True


@transaction.atomic
def update_incident(
    *, incident: Incident, data: IncidentInput, actor: Any, expected_version: int | None = None
) -> bool:
    """Change what an incident report says. A village operator may change it only while it is
    reported; the administrator at any status."""
    require_writer(actor, incident.village)
    manager = access.can_manage(scope_of(actor), incident.district_id)
    if not manager and incident.status != IncidentStatus.REPORTED:
        raise ValidationError(gettext(MESSAGE_LOCKED_FOR_OPERATOR))
    values = _values(incident.village, data, manager=manager)
    if not manager:
        values.pop("is_serious")
    return save_changes(incident, values, actor=actor, expected_version=expected_version)


def _handed_to_check(incident: Incident, attempt: Attempt) -> str | None:
    partner = attempt.extra.get("handed_to")
    if partner is None:
        return gettext(MESSAGE_PARTNER_REQUIRED)
    if partner.kind not in PARTNER_KINDS:
        return gettext(MESSAGE_NOT_A_PARTNER)
    return None


def _effects(incident: Incident, attempt: Attempt) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if attempt.target in RESPONDED_STATUSES and incident.responded_at is None:
        changes["responded_at"] = timezone.now()
    if attempt.target == IncidentStatus.HANDED_OVER:
        changes["handed_to"] = attempt.extra["handed_to"]
    return changes


def _history(incident: Incident, attempt: Attempt) -> None:
    IncidentTransition.objects.create(
        incident=incident,
        from_status=attempt.source,
        to_status=attempt.target,
        note=attempt.note,
        handed_to=attempt.extra.get("handed_to"),
        actor=attempt.actor if getattr(attempt.actor, "pk", None) else None,
    )


S = IncidentStatus
INCIDENT_WORKFLOW = Workflow(
    labels=IncidentStatus,
    moves=(
        Move(S.REPORTED, S.VERIFIED),
        Move(S.REPORTED, S.REJECTED, needs_note=True),
        Move(S.REPORTED, S.HANDED_OVER, check=_handed_to_check),
        Move(S.VERIFIED, S.HANDLED),
        Move(S.VERIFIED, S.HANDED_OVER, check=_handed_to_check),
        Move(S.VERIFIED, S.REPORTED, needs_note=True),
        Move(S.HANDLED, S.CLOSED),
        Move(S.HANDED_OVER, S.CLOSED, needs_note=True),
        Move(S.HANDED_OVER, S.HANDLED, needs_note=True),
        Move(S.CLOSED, S.HANDLED, needs_note=True),
        Move(S.REJECTED, S.REPORTED, needs_note=True),
    ),
    note_field="status_note",
    effects=_effects,
    history=_history,
)


def transition_incident(
    *,
    incident: Incident,
    to_status: str,
    actor: Any,
    note: str = "",
    handed_to: Institution | None = None,
    expected_version: int | None = None,
) -> Incident:
    """Move an incident along INCIDENT_WORKFLOW (the administrator of its kecamatan); every move
    keeps its time, person and note (IncidentTransition) and one audit entry. Handing over needs
    the Polsek or Koramil of the kecamatan, which then sees the incident."""
    require_manager(actor, incident.district_id)
    check_institution(incident.district_id, handed_to, field="handed_to")
    extra = {"handed_to": handed_to} if to_status == IncidentStatus.HANDED_OVER else {}
    return apply_transition(
        workflow=INCIDENT_WORKFLOW,
        instance=incident,
        target=to_status,
        actor=actor,
        note=note,
        extra=extra,
        expected_version=expected_version,
    )


def allowed_statuses(incident: Incident) -> list[str]:
    return [m.target for m in INCIDENT_WORKFLOW.moves if m.source == incident.status]


def is_waiting(incident: Incident) -> bool:
    return incident.status in OPEN_INCIDENT_STATUSES
