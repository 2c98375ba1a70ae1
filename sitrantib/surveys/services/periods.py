"""Writes of survey periods: create, change, and move along the status workflow."""

import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes, save_new
from sitrantib.core.workflow import Attempt, Move, Workflow, apply_transition
from sitrantib.regions.models import District
from sitrantib.surveys.computation import krejcie_morgan
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import Element, PeriodElement, PeriodResult, SurveyPeriod
from sitrantib.surveys.selectors import default_elements_for
from sitrantib.surveys.services.elements import ensure_default_elements
from sitrantib.surveys.services.results import sync_result_columns

MESSAGE_NO_ELEMENTS = gettext_noop("Daftar unsur survei kosong; isi unsur survei terlebih dahulu.")
MESSAGE_PUBLISHED_LOCKED = gettext_noop(
    "Survei yang sudah dipublikasikan hanya dapat diubah rencana tindak lanjutnya."
)
DEFAULT_SERVICE_UNIT = gettext_noop("Seksi Ketentraman dan Ketertiban")

_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_CODE_LENGTH = 6

# Fields the section may change; a published period only its follow-up plan.
EDITABLE_FIELDS = (
    "title",
    "service_unit",
    "services",
    "period_start",
    "period_end",
    "population",
    "follow_up_plan",
)


def _period_effects(period: SurveyPeriod, attempt: Attempt) -> dict[str, Any]:
    """The timestamps a move sets. Reopening keeps the first opening time and clears the close."""
    now = timezone.now()
    if attempt.target == PeriodStatus.OPEN:
        return {"opened_at": period.opened_at or now, "closed_at": None}
    if attempt.target == PeriodStatus.CLOSED:
        return {"closed_at": now}
    if attempt.target == PeriodStatus.PUBLISHED:
        return {"published_at": now}
    return {}


# The only moves a period makes. Reopening a closed period lets the section reach its sample.
# Who may move a period is checked by the caller (the section: `selectors.can_manage`).
PERIOD_WORKFLOW = Workflow(
    labels=PeriodStatus,
    moves=(
        Move(PeriodStatus.DRAFT, PeriodStatus.OPEN),
        Move(PeriodStatus.OPEN, PeriodStatus.CLOSED),
        Move(PeriodStatus.CLOSED, PeriodStatus.OPEN),
        Move(PeriodStatus.CLOSED, PeriodStatus.PUBLISHED),
    ),
    effects=_period_effects,
)

# The same table by source status (pages list the next statuses from it).
TRANSITIONS: dict[str, frozenset[str]] = {
    status: frozenset(m.target for m in PERIOD_WORKFLOW.moves if m.source == status)
    for status in PeriodStatus.values
}


def _new_short_code() -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        if not SurveyPeriod.objects.filter(short_code=code).exists():
            return code


def _sample_target(population: Any) -> int:
    """Krejcie-Morgan of N; 0 for an N that full_clean will refuse anyway (never an overflow)."""
    if isinstance(population, int) and 0 < population <= 2**53:
        return krejcie_morgan(population)
    return 0


@transaction.atomic
def create_period(
    *,
    district: District,
    title: str,
    service_unit: str,
    services: str,
    period_start: Any,
    period_end: Any,
    population: int,
    actor: User,
    follow_up_plan: str = "",
) -> SurveyPeriod:
    """A draft period with its sample target and a copy of the kecamatan's default questionnaire.

    Creates the period, its PeriodElement rows and one audit entry. Refuses (ValidationError) a
    kecamatan whose element set is empty and any invalid field (N above POPULATION_MAX, end
    before start, text too long).
    """
    if not Element.objects.filter(district__isnull=True).exists():
        ensure_default_elements()
    defaults = default_elements_for(district=district)
    if not defaults:
        raise ValidationError(_(MESSAGE_NO_ELEMENTS))
    period = SurveyPeriod(
        district=district,
        title=title,
        service_unit=service_unit,
        services=services,
        period_start=period_start,
        period_end=period_end,
        population=population,
        sample_target=_sample_target(population),
        short_code=_new_short_code(),
        follow_up_plan=follow_up_plan,
    )
    save_new(period, actor=actor)
    PeriodElement.objects.bulk_create(
        PeriodElement(
            period=period,
            code=e.code,
            name=e.name,
            question=e.question,
            order=e.order,
            weight=e.weight,
            label_1=e.label_1,
            label_2=e.label_2,
            label_3=e.label_3,
            label_4=e.label_4,
        )
        for e in defaults
    )
    PeriodResult.objects.create(period=period)
    return period


@transaction.atomic
def update_period(
    *,
    period: SurveyPeriod,
    changes: Mapping[str, Any],
    actor: User,
    expected_version: int | None = None,
) -> SurveyPeriod:
    """Change a period's description, N (recomputing the sample target) or follow-up plan.

    Refuses a field outside EDITABLE_FIELDS (ValueError: a programming error), a version other
    than `expected_version` (StaleVersion), any change but the follow-up plan once published and
    invalid values (ValidationError). A change to the same values saves and audits nothing.
    """
    for name in changes:
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"Field {name} cannot be changed here")
    row = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    if expected_version is not None:
        # Stale first: the rules below would judge a state the user never saw.
        save_changes(row, {}, actor=actor, expected_version=expected_version, lock=False)
    effective = {name: value for name, value in changes.items() if getattr(row, name) != value}
    if row.status == PeriodStatus.PUBLISHED and set(effective) - {"follow_up_plan"}:
        raise ValidationError(_(MESSAGE_PUBLISHED_LOCKED))
    if "population" in effective:
        effective["sample_target"] = _sample_target(effective["population"])
    save_changes(row, effective, actor=actor, lock=False)
    return row


def transition_period(
    *,
    period: SurveyPeriod,
    status: str,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
) -> SurveyPeriod:
    """Move a period along PERIOD_WORKFLOW, stamping opened_at / closed_at / published_at.

    Refuses a move not in the table (ValidationError under "status") and a stale version
    (StaleVersion). Takes the period's row lock, the same lock `submit_response` takes, so an
    answer is stored only if the period still takes answers when it commits.
    """
    with transaction.atomic():
        moved = apply_transition(
            workflow=PERIOD_WORKFLOW,
            instance=period,
            target=status,
            actor=actor,
            note=note,
            expected_version=expected_version,
        )
        if moved.status != PeriodStatus.OPEN:
            # Still under the period's lock: no answer is added while the columns are written.
            sync_result_columns(period=moved)
    return moved
