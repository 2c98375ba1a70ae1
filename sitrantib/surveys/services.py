"""Writes of the survey module: periods, their status, and responses (online, paper, import)."""

import datetime as dt
import secrets
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.audit import record_change, snapshot
from sitrantib.core.enums import AuditAction
from sitrantib.regions.models import District
from sitrantib.surveys.computation import krejcie_morgan
from sitrantib.surveys.defaults import element_rows
from sitrantib.surveys.enums import PeriodStatus, ResponseSource
from sitrantib.surveys.models import (
    Answer,
    Element,
    PeriodElement,
    SurveyPeriod,
    SurveyResponse,
)
from sitrantib.surveys.selectors import default_elements_for, elements_of

MESSAGE_NOT_OPEN = gettext_noop("Survei ini tidak sedang dibuka; jawaban tidak dapat diterima.")
MESSAGE_PAPER_NOT_ALLOWED = gettext_noop(
    "Formulir kertas hanya dapat dientri saat survei dibuka atau sudah ditutup dan belum "
    "dipublikasikan."
)
MESSAGE_TRANSITION_NOT_ALLOWED = gettext_noop(
    "Status survei tidak dapat diubah dari %(current)s menjadi %(target)s."
)
MESSAGE_ANSWER_MISSING = gettext_noop("Unsur ini wajib dijawab.")
MESSAGE_ANSWER_RANGE = gettext_noop("Jawaban harus berupa angka 1 sampai 4.")
MESSAGE_ANSWER_UNKNOWN = gettext_noop("Unsur ini tidak ada pada kuesioner survei ini.")
MESSAGE_AGE_WHOLE = gettext_noop("Umur harus bilangan bulat (tahun), misalnya 30.")
MESSAGE_REJECTED = gettext_noop("Kiriman ditolak.")
MESSAGE_NO_ELEMENTS = gettext_noop("Daftar unsur survei kosong; isi unsur survei terlebih dahulu.")
MESSAGE_SET_EMPTY = gettext_noop("Daftar unsur survei harus berisi paling sedikit satu unsur.")
MESSAGE_WEIGHT_POSITIVE = gettext_noop(
    "Bobot relatif setiap unsur harus bilangan bulat 1 atau lebih."
)
MESSAGE_CODE_DUPLICATE = gettext_noop("Kode unsur dipakai lebih dari sekali: %(codes)s.")
MESSAGE_PUBLISHED_LOCKED = gettext_noop(
    "Survei yang sudah dipublikasikan hanya dapat diubah rencana tindak lanjutnya."
)

DEFAULT_SERVICE_UNIT = gettext_noop("Seksi Ketentraman dan Ketertiban")

# The only moves a period makes. Reopening a closed period lets the section reach its sample.
TRANSITIONS: dict[str, frozenset[str]] = {
    PeriodStatus.DRAFT: frozenset({PeriodStatus.OPEN}),
    PeriodStatus.OPEN: frozenset({PeriodStatus.CLOSED}),
    PeriodStatus.CLOSED: frozenset({PeriodStatus.OPEN, PeriodStatus.PUBLISHED}),
    PeriodStatus.PUBLISHED: frozenset(),
}
# Statuses in which staff may enter paper questionnaires collected during the period.
STAFF_ENTRY_STATUSES = frozenset({PeriodStatus.OPEN, PeriodStatus.CLOSED})

_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_CODE_LENGTH = 6


class PeriodNotOpen(Exception):
    """The period does not take answers now (HTTP 409)."""


class InvalidSubmission(Exception):
    """A questionnaire with field errors: {"answers": {"U3": [...]}, "respondent": {...}, ...}."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(errors)
        self.errors = errors


def ensure_default_elements() -> int:
    """Create the template's missing regulation elements (idempotent); returns how many."""
    created = 0
    for row in element_rows():
        _obj, made = Element.objects.get_or_create(district=None, code=row["code"], defaults=row)
        created += int(made)
    return created


ELEMENT_FIELDS = (
    "code",
    "name",
    "question",
    "weight",
    "label_1",
    "label_2",
    "label_3",
    "label_4",
)


@transaction.atomic
def save_element_set(
    *, district: District, rows: Sequence[Mapping[str, Any]], actor: Any
) -> list[Element]:
    """Make `rows` (in order) the default questionnaire of a kecamatan for its new periods.

    Matched by code: a known code is updated, a new one created, a missing one deleted; each
    change is audited. Weights must be whole numbers >= 1, codes unique, at least one element.
    Periods already created keep their own copy (PeriodElement) and are not touched.
    """
    if not rows:
        raise ValidationError(_(MESSAGE_SET_EMPTY))
    codes = [str(row.get("code") or "").strip().upper() for row in rows]
    duplicates = sorted({c for c in codes if c and codes.count(c) > 1})
    if duplicates:
        raise ValidationError(
            _(MESSAGE_CODE_DUPLICATE) % {"codes": ", ".join(duplicates)}, code="duplicate"
        )
    for row in rows:
        weight = row.get("weight")
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
            raise ValidationError(_(MESSAGE_WEIGHT_POSITIVE), code="weight")
    current = {e.code: e for e in Element.objects.select_for_update().filter(district=district)}
    kept: list[Element] = []
    for position, (code, row) in enumerate(zip(codes, rows, strict=True), start=1):
        element = current.pop(code, None)
        before = snapshot(element) if element is not None else None
        if element is None:
            element = Element(district=district, created_by=actor)
        for name in ELEMENT_FIELDS:
            value = code if name == "code" else row.get(name)
            setattr(element, name, value.strip() if isinstance(value, str) else value)
        element.order = position
        element.is_active = True
        element.updated_by = actor
        element.full_clean(validate_unique=False)
        if before is not None and before == snapshot(element):
            kept.append(element)
            continue
        element.save()
        record_change(
            actor=actor,
            action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
            instance=element,
            before=before,
            after=snapshot(element),
            district_code=district.code,
        )
        kept.append(element)
    for element in current.values():
        before = snapshot(element)
        record_change(
            actor=actor,
            action=AuditAction.DELETE,
            instance=element,
            before=before,
            district_code=district.code,
        )
        element.delete()
    return kept


def _new_short_code() -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        if not SurveyPeriod.objects.filter(short_code=code).exists():
            return code


@transaction.atomic
def create_period(
    *,
    district: District,
    title: str,
    service_unit: str,
    services: str,
    period_start: dt.date,
    period_end: dt.date,
    population: int,
    actor: Any,
    follow_up_plan: str = "",
) -> SurveyPeriod:
    """A draft period with its sample target and a copy of the current default questionnaire."""
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
        sample_target=krejcie_morgan(population) if population and population > 0 else 0,
        short_code=_new_short_code(),
        follow_up_plan=follow_up_plan,
        created_by=actor,
        updated_by=actor,
    )
    period.full_clean()
    period.save()
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
    record_change(actor=actor, action=AuditAction.CREATE, instance=period, after=snapshot(period))
    return period


_EDITABLE = ("title", "service_unit", "services", "period_start", "period_end", "population")


@transaction.atomic
def update_period(*, period: SurveyPeriod, changes: Mapping[str, Any], actor: Any) -> SurveyPeriod:
    """Change a period's description, N (recomputing the target) or its follow-up plan."""
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    before = snapshot(period)
    changed = False
    for name, value in changes.items():
        if name not in (*_EDITABLE, "follow_up_plan"):
            raise ValueError(f"Field {name} cannot be changed here")
        if getattr(period, name) == value:
            continue
        if period.status == PeriodStatus.PUBLISHED and name != "follow_up_plan":
            raise ValidationError(_(MESSAGE_PUBLISHED_LOCKED))
        setattr(period, name, value)
        changed = True
    if not changed:
        return period
    if period.population:
        period.sample_target = krejcie_morgan(period.population)
    period.updated_by = actor
    period.full_clean()
    period.save()
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=period,
        before=before,
        after=snapshot(period),
    )
    return period


@transaction.atomic
def transition_period(*, period: SurveyPeriod, status: str, actor: Any) -> SurveyPeriod:
    """Move a period along TRANSITIONS; any other move raises ValidationError."""
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    if status not in TRANSITIONS.get(period.status, frozenset()):
        raise ValidationError(
            _(MESSAGE_TRANSITION_NOT_ALLOWED)
            % {
                "current": PeriodStatus(period.status).label,
                "target": PeriodStatus(status).label if status in PeriodStatus.values else status,
            }
        )
    before = snapshot(period)
    now = timezone.now()
    period.status = status
    if status == PeriodStatus.OPEN:
        period.opened_at = period.opened_at or now
        period.closed_at = None
    elif status == PeriodStatus.CLOSED:
        period.closed_at = now
    elif status == PeriodStatus.PUBLISHED:
        period.published_at = now
    period.updated_by = actor
    period.full_clean()
    period.save()
    record_change(
        actor=actor,
        action=AuditAction.TRANSITION,
        instance=period,
        before=before,
        after=snapshot(period),
    )
    return period


@dataclass
class Submission:
    """One questionnaire as received: answers per element code, profile and suggestion."""

    client_id: uuid.UUID
    answers: Mapping[str, Any]
    respondent: Mapping[str, Any]
    suggestion: str = ""
    honeypot: str = ""
    errors: dict[str, Any] = field(default_factory=dict)


def validate_submission(*, period: SurveyPeriod, submission: Submission) -> SurveyResponse:
    """An unsaved response for a submission, or InvalidSubmission with every field error."""
    errors: dict[str, Any] = {}
    if submission.honeypot.strip():
        raise InvalidSubmission({"non_field_errors": [_(MESSAGE_REJECTED)]})
    codes = [e.code for e in elements_of(period)]
    answer_errors: dict[str, list[str]] = {}
    for code in codes:
        value = submission.answers.get(code)
        if value is None or value == "":
            answer_errors[code] = [_(MESSAGE_ANSWER_MISSING)]
        elif isinstance(value, bool) or not _is_scale_value(value):
            answer_errors[code] = [_(MESSAGE_ANSWER_RANGE)]
    for code in submission.answers:
        if code not in codes:
            answer_errors[str(code)] = [_(MESSAGE_ANSWER_UNKNOWN)]
    if answer_errors:
        errors["answers"] = answer_errors
    profile = submission.respondent
    age, age_ok = _whole_number(profile.get("age"))
    response = SurveyResponse(
        period=period,
        client_id=submission.client_id,
        sex=str(profile.get("sex") or ""),
        age=age,
        education=str(profile.get("education") or ""),
        occupation=str(profile.get("occupation") or ""),
        service=str(profile.get("service") or "").strip(),
        suggestion=(submission.suggestion or "").strip(),
    )
    try:
        response.full_clean(exclude=["period", "client_id", "source"], validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name == "suggestion":
                errors["suggestion"] = messages
            else:
                errors.setdefault("respondent", {})[name] = messages
    if not age_ok:
        errors.setdefault("respondent", {})["age"] = [_(MESSAGE_AGE_WHOLE)]
    if errors:
        raise InvalidSubmission(errors)
    return response


def _whole_number(value: Any) -> tuple[Any, bool]:
    """(value, ok): a float or text that is not a whole number is refused, never truncated."""
    if isinstance(value, bool):
        return None, False
    if isinstance(value, float):
        return (int(value), True) if value.is_integer() else (None, False)
    if isinstance(value, str):
        text = value.strip()
        if text and not text.isdigit():
            return None, False
        return (int(text) if text else None), True
    return value, True


def _is_scale_value(value: Any) -> bool:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return False
    return str(number) == str(value).strip() and 1 <= number <= 4


def submit_response(
    *,
    period: SurveyPeriod,
    submission: Submission,
    source: str = ResponseSource.ONLINE,
    actor: Any = None,
) -> tuple[SurveyResponse, bool]:
    """Store a questionnaire once per client id; returns (response, created).

    A client id already received returns the stored response (the first one wins, also when two
    arrive at the same moment: the database's unique constraint decides). Online answers are taken
    only while the period is open; staff may enter paper forms while it is open or closed.
    """
    existing = _received(period=period, client_id=submission.client_id)
    if existing is not None:
        return existing, False
    allowed = {PeriodStatus.OPEN} if source == ResponseSource.ONLINE else STAFF_ENTRY_STATUSES
    if period.status not in allowed:
        raise PeriodNotOpen(
            _(MESSAGE_NOT_OPEN if source == ResponseSource.ONLINE else MESSAGE_PAPER_NOT_ALLOWED)
        )
    response = validate_submission(period=period, submission=submission)
    response.source = source
    response.entered_by = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            _lock_status(period=period, allowed=allowed, source=source)
            response.save()
            _save_answers(period=period, response=response, answers=submission.answers)
            if response.entered_by is not None:
                record_change(
                    actor=actor,
                    action=AuditAction.CREATE,
                    instance=response,
                    after=snapshot(response),
                    district_code=period.district_id,
                )
    except IntegrityError:
        stored = SurveyResponse.objects.filter(
            period=period, client_id=submission.client_id
        ).first()
        if stored is None:
            raise
        return stored, False
    return response, True


def _lock_status(*, period: SurveyPeriod, allowed: Collection[str], source: str) -> None:
    """Re-read the period's status under a row lock inside the insert transaction.

    `transition_period` takes the same lock, so an answer is stored only if the period still
    takes answers when it commits; otherwise PeriodNotOpen rolls the insert back.
    """
    current = (
        SurveyPeriod.objects.select_for_update().values_list("status", flat=True).get(pk=period.pk)
    )
    if current not in allowed:
        raise PeriodNotOpen(
            _(MESSAGE_NOT_OPEN if source == ResponseSource.ONLINE else MESSAGE_PAPER_NOT_ALLOWED)
        )


def _received(*, period: SurveyPeriod, client_id: uuid.UUID) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(period=period, client_id=client_id).first()


def _save_answers(
    *, period: SurveyPeriod, response: SurveyResponse, answers: Mapping[str, Any]
) -> None:
    Answer.objects.bulk_create(
        Answer(response=response, element=element, value=int(answers[element.code]))
        for element in elements_of(period)
    )


@transaction.atomic
def import_responses(
    *, period: SurveyPeriod, submissions: Sequence[Submission], actor: Any
) -> tuple[int, int]:
    """Store validated paper questionnaires all at once; returns (created, already present).

    The caller validated every row (`validate_submission`); any error here rolls back all rows.
    """
    if period.status not in STAFF_ENTRY_STATUSES:
        raise PeriodNotOpen(_(MESSAGE_PAPER_NOT_ALLOWED))
    _lock_status(period=period, allowed=STAFF_ENTRY_STATUSES, source=ResponseSource.IMPORT)
    known = set(
        SurveyResponse.objects.filter(
            period=period, client_id__in=[s.client_id for s in submissions]
        ).values_list("client_id", flat=True)
    )
    created = 0
    for submission in submissions:
        if submission.client_id in known:
            continue
        response = validate_submission(period=period, submission=submission)
        response.source = ResponseSource.IMPORT
        response.entered_by = actor
        response.save()
        _save_answers(period=period, response=response, answers=submission.answers)
        known.add(submission.client_id)
        created += 1
    record_change(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=period,
        note=_("%(created)s kuesioner diimpor, %(skipped)s sudah ada")
        % {"created": created, "skipped": len(submissions) - created},
    )
    return created, len(submissions) - created
