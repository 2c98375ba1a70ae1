"""Writes of responses: the public questionnaire, paper entry and the paper-questionnaire import."""

import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.surveys.enums import PeriodStatus, ResponseSource
from sitrantib.surveys.models import (
    Answer,
    PeriodElement,
    PeriodResult,
    SurveyPeriod,
    SurveyResponse,
)
from sitrantib.surveys.selectors import elements_of, questionnaire_of
from sitrantib.surveys.services.results import add_to_result

MESSAGE_NOT_OPEN = gettext_noop("Survei ini tidak sedang dibuka; jawaban tidak dapat diterima.")
MESSAGE_PAPER_NOT_ALLOWED = gettext_noop(
    "Formulir kertas hanya dapat dientri saat survei dibuka atau sudah ditutup dan belum "
    "dipublikasikan."
)
MESSAGE_ANSWER_MISSING = gettext_noop("Unsur ini wajib dijawab.")
MESSAGE_ANSWER_RANGE = gettext_noop("Jawaban harus berupa angka 1 sampai 4.")
MESSAGE_ANSWER_UNKNOWN = gettext_noop("Unsur ini tidak ada pada kuesioner survei ini.")
MESSAGE_SERVICE_UNKNOWN = gettext_noop(
    'Layanan "%(service)s" tidak termasuk layanan periode survei ini. Pilih salah satu: '
    "%(services)s."
)
MESSAGE_SERVICE_NONE = gettext_noop(
    "Periode survei ini tidak membedakan jenis layanan; kosongkan isian layanan."
)
MESSAGE_AGE_WHOLE = gettext_noop("Umur harus bilangan bulat (tahun), misalnya 30.")
MESSAGE_REJECTED = gettext_noop("Kiriman ditolak.")
MESSAGE_PAPER_ENTERED = gettext_noop("Satu kuesioner kertas dientri.")
MESSAGE_IMPORTED = gettext_noop("%(created)s kuesioner diimpor, %(skipped)s sudah ada")

# Statuses in which staff may enter paper questionnaires collected during the period.
STAFF_ENTRY_STATUSES = frozenset({PeriodStatus.OPEN, PeriodStatus.CLOSED})


class PeriodNotOpen(Exception):
    """The period does not take answers now (HTTP 409)."""


class InvalidSubmission(Exception):
    """A questionnaire with field errors: {"answers": {"U3": [...]}, "respondent": {...}, ...}."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(errors)
        self.errors = errors


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
        service="",
        suggestion=(submission.suggestion or "").strip(),
    )
    service, service_error = _period_service(period, profile.get("service"))
    response.service = service
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
    if service_error:
        errors.setdefault("respondent", {})["service"] = [service_error]
    if errors:
        raise InvalidSubmission(errors)
    return response


def _period_service(period: SurveyPeriod, value: Any) -> tuple[str, str]:
    """(service as the period spells it, error): a named service must be one of the period's
    services (any case and spacing); none named is allowed (a paper form left blank)."""
    name = " ".join(str(value or "").split())
    if not name:
        return "", ""
    services = period.service_list
    if not services:
        return "", _(MESSAGE_SERVICE_NONE)
    for known in services:
        if known.casefold() == name.casefold():
            return known, ""
    return "", _(MESSAGE_SERVICE_UNKNOWN) % {"service": name[:200], "services": "; ".join(services)}


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


def find_received(*, period: SurveyPeriod, client_id: uuid.UUID | None) -> SurveyResponse | None:
    """The questionnaire already stored under a client id (1 query), for the resend check that
    the public endpoints make before the rate limit counts the attempt."""
    if client_id is None:
        return None
    return _received(period=period, client_id=client_id)


def submit_response(
    *,
    period: SurveyPeriod,
    submission: Submission,
    source: str = ResponseSource.ONLINE,
    actor: User | None = None,
    resend_checked: bool = False,
) -> tuple[SurveyResponse, bool]:
    """Store a questionnaire once per client id; returns (response, created).

    A client id already received returns the stored response (the first one wins, also when two
    arrive at the same moment: the database's unique constraint decides). `resend_checked`: the
    caller already looked the client id up (`find_received`), so it is not looked up again.
    Online answers are taken only while the period is open; staff may enter paper forms while it
    is open or closed (PeriodNotOpen otherwise); InvalidSubmission lists every field error.

    One transaction: the period's row is locked and read with its elements and stored IKM (one
    query), the response and its answers inserted, the stored IKM updated (docs/adr/0035). A paper
    form entered by staff is audited without the respondent's profile, suggestion or time (issue
    15 A4); a public answer is not audited (the respondent is anonymous).
    """
    if not resend_checked:
        existing = _received(period=period, client_id=submission.client_id)
        if existing is not None:
            return existing, False
    allowed = {PeriodStatus.OPEN} if source == ResponseSource.ONLINE else STAFF_ENTRY_STATUSES
    if period.status not in allowed:
        raise PeriodNotOpen(
            _(MESSAGE_NOT_OPEN if source == ResponseSource.ONLINE else MESSAGE_PAPER_NOT_ALLOWED)
        )
    entered_by = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            elements, stored = _lock_status(period=period, allowed=allowed, source=source)
            response = validate_submission(period=period, submission=submission)
            response.source = source
            response.entered_by = entered_by
            response.save()
            _save_answers(period=period, response=response, answers=submission.answers)
            add_to_result(
                period=period, stored=stored, elements=elements, answers=[submission.answers]
            )
            if entered_by is not None:
                _audit_paper_entry(period=period, actor=entered_by)
    except IntegrityError:
        # The same questionnaire arrived at the same moment: the first one stored wins.
        stored_response = SurveyResponse.objects.filter(
            period=period, client_id=submission.client_id
        ).first()
        if stored_response is None:
            raise
        return stored_response, False
    return response, True


def _audit_paper_entry(*, period: SurveyPeriod, actor: User) -> None:
    """One entry that a paper questionnaire was entered: who and when (the entry itself), the
    period; never the profile, suggestion, receipt time or the response's key, which together
    with the entry's time and staff member would re-identify the respondent (issue 15 A4)."""
    record_change(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=SurveyResponse._meta.label_lower,
        object_id="",
        object_repr=str(period)[:200],
        district_code=period.district_id,
        after={"period": period.pk, "source": ResponseSource.PAPER},
        note=_(MESSAGE_PAPER_ENTERED),
    )


def _lock_status(
    *, period: SurveyPeriod, allowed: Collection[str], source: str
) -> tuple[list[PeriodElement], PeriodResult | None]:
    """Lock the period's row inside the insert transaction and read, in one query, its status
    and its stored IKM; the elements come from the questionnaire this process keeps
    (`selectors.questionnaire_of`, a query only the first time).

    `transition_period` takes the same lock, so an answer is stored only if the period still
    takes answers when it commits; otherwise PeriodNotOpen rolls the insert back. The stored
    IKM read under the lock is the one this transaction updates.
    """
    current = (
        SurveyPeriod.objects.select_for_update(of=("self",))
        .select_related("result")
        .get(pk=period.pk)
    )
    if current.status not in allowed:
        raise PeriodNotOpen(
            _(MESSAGE_NOT_OPEN if source == ResponseSource.ONLINE else MESSAGE_PAPER_NOT_ALLOWED)
        )
    try:
        stored: PeriodResult | None = current.result
    except PeriodResult.DoesNotExist:
        stored = None
    return questionnaire_of(period), stored


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
    *, period: SurveyPeriod, submissions: Sequence[Submission], actor: User
) -> tuple[int, int]:
    """Store validated paper questionnaires all at once; returns (created, already present).

    The caller validated every row (`validate_submission`); any error here rolls back all rows.
    Refuses (PeriodNotOpen) a period that no longer takes paper forms. Questionnaires whose
    client id is already stored are skipped, so importing the same file again adds nothing.
    """
    if period.status not in STAFF_ENTRY_STATUSES:
        raise PeriodNotOpen(_(MESSAGE_PAPER_NOT_ALLOWED))
    elements, stored = _lock_status(
        period=period, allowed=STAFF_ENTRY_STATUSES, source=ResponseSource.IMPORT
    )
    added: list[Mapping[str, Any]] = []
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
        added.append(submission.answers)
        created += 1
    if added:
        add_to_result(period=period, stored=stored, elements=elements, answers=added)
    # One entry for the whole import, on the period: the responses are new rows, not a change
    # of the period, so this is not a save_changes.
    record_change(
        actor=actor,
        action=AuditAction.IMPORT,
        instance=period,
        note=_(MESSAGE_IMPORTED) % {"created": created, "skipped": len(submissions) - created},
    )
    return created, len(submissions) - created
