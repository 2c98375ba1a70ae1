"""The public submission's own path: plain checks and one storing statement (docs/adr/0035).

A questionnaire from a phone is checked against the questionnaire this process keeps
(`selectors.questionnaire_of`) with plain comparisons (`plain_submission`); anything it does not
accept as it stands goes the long way (DRF fields, `validate_submission`), which gives the field
errors, so both ways accept exactly the same questionnaires. It is then stored by `store_online`:

- PostgreSQL: one statement in autocommit (its own transaction): the period's row is share-locked
  while it is open (`transition_period` takes the exclusive lock, so no answer lands in a closed
  period), the response inserted unless its client id is already stored (`ON CONFLICT DO
  NOTHING`: the unique key decides a resend arriving at the same moment), its answers inserted
  from the inserted id, and the stored IKM's inputs added by an SQL expression (`respondents + 1`,
  per element code sum + value and count + 1): the row is locked for that statement only, never
  read into Python.
- SQLite: the same three writes in one transaction (SQLite has no data-modifying CTE; it runs one
  writer at a time, so the status check in the INSERT cannot race a transition).

The stored `ikm` and `grade` columns (the result at the last full update, for SQL filters) are not
touched here: the pages compute the IKM from the stored sums and counts (equal to a fresh
computation), and `transition_period` brings the two columns up to date when the period stops
taking answers, before anything reads them (only closed and published periods' columns are read).
"""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sitrantib.core.text import first_control_character
from sitrantib.surveys.enums import Education, Occupation, PeriodStatus, ResponseSource, Sex
from sitrantib.surveys.models import (
    Answer,
    PeriodElement,
    PeriodResult,
    SurveyPeriod,
    SurveyResponse,
)
from sitrantib.surveys.selectors import questionnaire_of
from sitrantib.surveys.services.results import refresh_period_result
from sitrantib.surveys.services.submissions import (
    MESSAGE_NOT_OPEN,
    PeriodNotOpen,
    Submission,
    _period_service,
    validate_submission,
)

AGE_MIN, AGE_MAX = 10, 110
SUGGESTION_MAX = 2000
_SEX = frozenset(Sex.values)
_EDUCATION = frozenset(Education.values)
_OCCUPATION = frozenset(Occupation.values)


def _plain_text(value: Any) -> bool:
    return isinstance(value, str) and first_control_character(value) is None


def plain_submission(
    data: Any, *, period: SurveyPeriod, elements: Sequence[PeriodElement]
) -> Submission | None:
    """A valid questionnaire read with plain checks, or None to go the long way (which either
    accepts it the same or lists its errors). Accepts only what the long way accepts unchanged:
    every element answered 1-4 and no other, a known sex, education and occupation, a whole age of
    10-110, one of the period's services or none, text without control characters, an empty
    honeypot."""
    if not isinstance(data, Mapping):
        return None
    raw_id, answers, profile = data.get("client_id"), data.get("answers"), data.get("respondent")
    suggestion, website = data.get("suggestion", ""), data.get("website", "")
    if not (
        isinstance(raw_id, str)
        and isinstance(answers, dict)
        and isinstance(profile, dict)
        and _plain_text(suggestion)
        and website == ""
        and len(answers) == len(elements)
    ):
        return None
    for element in elements:
        value = answers.get(element.code)
        if type(value) is not int or not 1 <= value <= 4:
            return None
    sex, age = profile.get("sex"), profile.get("age")
    education, occupation = profile.get("education"), profile.get("occupation")
    service = profile.get("service", "")
    if not (
        sex in _SEX
        and education in _EDUCATION
        and occupation in _OCCUPATION
        and type(age) is int
        and AGE_MIN <= age <= AGE_MAX
        and _plain_text(service)
        and len(service) <= 200
        and len(suggestion.strip()) <= SUGGESTION_MAX
    ):
        return None
    known, error = _period_service(period, service)
    if error:
        return None
    try:
        client_id = uuid.UUID(raw_id)
    except ValueError:
        return None
    return Submission(
        client_id=client_id,
        answers=answers,
        respondent={
            "sex": sex,
            "age": age,
            "education": education,
            "occupation": occupation,
            "service": known,
        },
        suggestion=suggestion.strip(),
    )


def _quote(model: Any, *names: str) -> list[str]:
    quote = connection.ops.quote_name
    return [quote(model._meta.db_table)] + [
        quote(str(model._meta.get_field(name).column)) for name in names
    ]


_RESPONSE_FIELDS = (
    "period",
    "client_id",
    "source",
    "sex",
    "age",
    "education",
    "occupation",
    "service",
    "suggestion",
    "received_at",
)


def _response_values(submission: Submission, received_at: dt.datetime) -> tuple[list[Any], str]:
    """The bound values of the response columns after the period id, and their placeholders."""
    profile = submission.respondent
    client_id = SurveyResponse._meta.get_field("client_id").get_db_prep_value(
        submission.client_id, connection
    )
    received = SurveyResponse._meta.get_field("received_at").get_db_prep_value(
        received_at, connection
    )
    values = [
        client_id,
        ResponseSource.ONLINE,
        profile["sex"],
        int(profile["age"]),
        profile["education"],
        profile["occupation"],
        profile.get("service") or "",
        submission.suggestion or "",
        received,
    ]
    return values, ", ".join(["%s"] * len(values))


def store_online(
    *,
    period: SurveyPeriod,
    submission: Submission,
    elements: Sequence[PeriodElement],
) -> tuple[int | None, dt.datetime]:
    """Store a checked online questionnaire; returns (its new id, receipt time), or (None, ...)
    when nothing was stored: its client id was already stored, or the period no longer takes
    answers (the caller tells which apart with one more query, a rare case)."""
    received_at = timezone.now()
    if any('"' in e.code or "\\" in e.code for e in elements):
        return _store_with_orm(period, submission, elements, received_at)
    if connection.vendor == "postgresql":
        new_id, updated = _store_postgresql(period, submission, elements, received_at)
    else:
        new_id, updated = _store_sqlite(period, submission, elements, received_at)
    if new_id is not None and not updated:
        # A period without a stored result row (made before it existed): computed from every
        # answer under the period's lock, which the storing statements wait for.
        with transaction.atomic():
            SurveyPeriod.objects.select_for_update(of=("self",)).filter(pk=period.pk).exists()
            refresh_period_result(period=period)
    return new_id, received_at


def _store_postgresql(
    period: SurveyPeriod,
    submission: Submission,
    elements: Sequence[PeriodElement],
    received_at: dt.datetime,
) -> tuple[int | None, bool]:
    period_table, period_id, status = _quote(SurveyPeriod, "id", "status")
    response_table, *response_columns = _quote(SurveyResponse, *_RESPONSE_FIELDS)
    response_pk = connection.ops.quote_name(str(SurveyResponse._meta.pk.column))
    answer_table, a_response, a_element, a_value = _quote(Answer, "response", "element", "value")
    result_table, r_period, r_respondents, r_totals, r_computed = _quote(
        PeriodResult, "period", "respondents", "totals", "computed_at"
    )
    values, placeholders = _response_values(submission, received_at)
    rows = ", ".join(["(%s::integer, %s::text, %s::integer)"] * len(elements))
    answer_values: list[Any] = []
    for element in elements:
        answer_values += [element.pk, element.code, int(submission.answers[element.code])]
    t = f"{result_table}.{r_totals}"
    sql = (
        f"WITH p AS (SELECT {period_id} FROM {period_table} "  # noqa: S608  # nosec B608  # quoted model names, values bound
        f"WHERE {period_id} = %s AND {status} = %s FOR SHARE), "
        f"r AS (INSERT INTO {response_table} ({', '.join(response_columns)}) "
        f"SELECT p.{period_id}, {placeholders} FROM p "
        f"ON CONFLICT ({response_columns[0]}, {response_columns[1]}) DO NOTHING "
        f"RETURNING {response_pk}), "
        f"v (element, code, value) AS (VALUES {rows}), "
        f"a AS (INSERT INTO {answer_table} ({a_response}, {a_element}, {a_value}) "
        f"SELECT r.{response_pk}, v.element, v.value FROM r, v), "
        f"u AS (UPDATE {result_table} SET {r_respondents} = {r_respondents} + 1, "
        f"{r_totals} = COALESCE({t}, '{{}}'::jsonb) || (SELECT jsonb_object_agg(v.code, "
        f"jsonb_build_array(COALESCE(({t} -> v.code ->> 0)::bigint, 0) + v.value, "
        f"COALESCE(({t} -> v.code ->> 1)::bigint, 0) + 1)) FROM v), "
        f"{r_computed} = %s FROM r WHERE {r_period} = %s RETURNING 1) "
        f"SELECT r.{response_pk}, (SELECT count(*) FROM u) FROM r"
    )
    params = [period.pk, PeriodStatus.OPEN, *values, *answer_values, received_at, period.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None, True
    return int(row[0]), bool(row[1])


def _store_sqlite(
    period: SurveyPeriod,
    submission: Submission,
    elements: Sequence[PeriodElement],
    received_at: dt.datetime,
) -> tuple[int | None, bool]:
    period_table, period_id, status = _quote(SurveyPeriod, "id", "status")
    response_table, *response_columns = _quote(SurveyResponse, *_RESPONSE_FIELDS)
    response_pk = connection.ops.quote_name(str(SurveyResponse._meta.pk.column))
    answer_table, a_response, a_element, a_value = _quote(Answer, "response", "element", "value")
    result_table, r_period, r_respondents, r_totals, r_computed = _quote(
        PeriodResult, "period", "respondents", "totals", "computed_at"
    )
    values, placeholders = _response_values(submission, received_at)
    insert = (
        f"INSERT INTO {response_table} ({', '.join(response_columns)}) "  # noqa: S608  # nosec B608  # quoted model names, values bound
        f"SELECT {period_id}, {placeholders} FROM {period_table} "
        f"WHERE {period_id} = %s AND {status} = %s "
        f"ON CONFLICT ({response_columns[0]}, {response_columns[1]}) DO NOTHING "
        f"RETURNING {response_pk}"
    )
    sets: list[str] = []
    set_values: list[Any] = []
    for element in elements:
        path = f'$."{element.code}"'
        sets.append(
            "%s, json_array(COALESCE(json_extract(" + r_totals + ", %s), 0) + %s, "
            "COALESCE(json_extract(" + r_totals + ", %s), 0) + 1)"
        )
        set_values += [path, f"{path}[0]", int(submission.answers[element.code]), f"{path}[1]"]
    update = (
        f"UPDATE {result_table} SET {r_respondents} = {r_respondents} + 1, "  # noqa: S608  # nosec B608  # quoted model names, values bound
        f"{r_totals} = json_set(COALESCE({r_totals}, '{{}}'), {', '.join(sets)}), "
        f"{r_computed} = %s WHERE {r_period} = %s"
    )
    computed = PeriodResult._meta.get_field("computed_at").get_db_prep_value(
        received_at, connection
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(insert, [*values, period.pk, PeriodStatus.OPEN])
        row = cursor.fetchone()
        if row is None:
            return None, True
        new_id = int(row[0])
        answers = ", ".join(["(%s, %s, %s)"] * len(elements))
        answer_values: list[Any] = []
        for element in elements:
            answer_values += [new_id, element.pk, int(submission.answers[element.code])]
        cursor.execute(
            f"INSERT INTO {answer_table} ({a_response}, {a_element}, {a_value}) "  # noqa: S608  # nosec B608  # quoted model names, values bound
            f"VALUES {answers}",
            answer_values,
        )
        cursor.execute(update, [*set_values, computed, period.pk])
        updated = cursor.rowcount > 0
    return new_id, updated


def _store_with_orm(
    period: SurveyPeriod,
    submission: Submission,
    elements: Sequence[PeriodElement],
    received_at: dt.datetime,
) -> tuple[int | None, dt.datetime]:
    """Element codes that cannot be a JSON path (a quote or backslash): the general service."""
    from sitrantib.surveys.services.submissions import submit_response

    try:
        response, created = submit_response(
            period=period, submission=submission, resend_checked=True
        )
    except PeriodNotOpen:
        return None, received_at
    return (response.pk if created else None), response.received_at


def submit_online(
    *, period: SurveyPeriod, submission: Submission, checked: bool = False
) -> tuple[SurveyResponse, bool]:
    """Store a public questionnaire once per client id; returns (response, created).

    `checked`: `plain_submission` made it, so it is not validated again; otherwise
    `validate_submission` checks it (InvalidSubmission with every field error). PeriodNotOpen when
    the period does not take answers (also when it was closed a moment ago). A client id already
    stored returns the stored response (the first one wins; the unique key decides). Not audited:
    the respondent is anonymous. Three queries on PostgreSQL at most: store, and only when nothing
    was stored, the stored response.
    """
    if period.status != PeriodStatus.OPEN:
        raise PeriodNotOpen(_(MESSAGE_NOT_OPEN))
    elements = questionnaire_of(period)
    if not checked:
        row = validate_submission(period=period, submission=submission)
        submission = Submission(
            client_id=submission.client_id,
            answers={e.code: int(submission.answers[e.code]) for e in elements},
            respondent={
                "sex": row.sex,
                "age": row.age,
                "education": row.education,
                "occupation": row.occupation,
                "service": row.service,
            },
            suggestion=row.suggestion,
        )
    new_id, received_at = store_online(period=period, submission=submission, elements=elements)
    if new_id is None:
        stored = SurveyResponse.objects.filter(
            period_id=period.pk, client_id=submission.client_id
        ).first()
        if stored is not None:
            return stored, False
        raise PeriodNotOpen(_(MESSAGE_NOT_OPEN))
    profile = submission.respondent
    response = SurveyResponse(
        pk=new_id,
        period=period,
        client_id=submission.client_id,
        source=ResponseSource.ONLINE,
        sex=profile["sex"],
        age=profile["age"],
        education=profile["education"],
        occupation=profile["occupation"],
        service=profile.get("service") or "",
        suggestion=submission.suggestion,
    )
    response.received_at = received_at
    return response, True
