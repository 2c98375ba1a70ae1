"""The stored IKM of each period (issue 16 A3, docs/adr/0035-survey-submission-cost.md).

`PeriodResult` keeps per element code the sum and the number of answers, and the respondents; the
IKM follows from them and the period's elements exactly. Services that add answers call
`add_to_result` in their transaction (the period's row is locked there, so two submissions never
add to a stale row); anything else that changes a period's answers or elements calls
`refresh_period_result`, which recomputes from every answer. `refresh_results` does the same for
many periods, `CHUNK` at a time with a fixed number of queries per chunk (the periods locked,
their elements, their answers summed in SQL, one upsert); its rows equal `refresh_period_result`
period by period (tested). `manage.py compute_ikm [--period ID] [--workers N]` runs it. Derived
figures, not a user's change: no audit entry.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from sitrantib.core.parallel import chunks, run_parts
from sitrantib.surveys.computation import ElementSpec, IkmResult, compute_ikm
from sitrantib.surveys.models import PeriodElement, PeriodResult, SurveyPeriod
from sitrantib.surveys.selectors import (
    Totals,
    answer_totals,
    forget_questionnaire,
    stored_totals,
)


def _result_fields(
    elements: Sequence[PeriodElement], totals: Totals, respondents: int
) -> dict[str, object]:
    result: IkmResult = compute_ikm(
        [ElementSpec(code=e.code, name=e.name, weight=e.weight) for e in elements],
        totals,
        respondents,
    )
    return {
        "respondents": respondents,
        "totals": {code: [pair[0], pair[1]] for code, pair in sorted(totals.items())},
        "ikm": result.ikm,
        "grade": str(result.grade or ""),
    }


def refresh_period_result(*, period: SurveyPeriod) -> PeriodResult:
    """Recompute a period's stored IKM from every answer and store it (4 queries).

    Its elements may have changed: this process's questionnaire copy is dropped too."""
    forget_questionnaire(period.pk)
    totals, respondents = answer_totals([period.pk])
    elements = list(period.elements.order_by("order", "code"))
    fields = _result_fields(elements, totals[period.pk], respondents[period.pk])
    row, _created = PeriodResult.objects.update_or_create(period_id=period.pk, defaults=fields)
    return row


def refresh_all_results(*, periods: Iterable[SurveyPeriod]) -> int:
    """Recompute the stored IKM of many periods; returns how many."""
    return refresh_results(period_ids=[p.pk for p in periods])


# Periods per chunk of `refresh_results`.
CHUNK = 500
_STORED = ["respondents", "totals", "ikm", "grade", "computed_at"]


@transaction.atomic
def _refresh_chunk(period_ids: Sequence[int]) -> int:
    """Recompute and store the IKM of these periods from every answer (5 queries, whatever their
    number); returns how many periods exist of them."""
    # The periods' row locks keep submissions out while their answers are summed (pk order: no
    # deadlock with another chunk or a submission, which locks one period).
    ids = list(
        SurveyPeriod.objects.select_for_update()
        .filter(pk__in=sorted(set(period_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    elements: dict[int, list[PeriodElement]] = defaultdict(list)
    for element in PeriodElement.objects.filter(period_id__in=ids).order_by("order", "code"):
        elements[element.period_id].append(element)
    totals, respondents = answer_totals(ids)
    rows = [
        PeriodResult(period_id=pk, **_result_fields(elements[pk], totals[pk], respondents[pk]))
        for pk in ids
    ]
    PeriodResult.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["period"], update_fields=_STORED
    )
    for pk in ids:
        forget_questionnaire(pk)
    return len(ids)


def refresh_results(*, period_ids: Iterable[int], workers: int = 1) -> int:
    """Recompute the stored IKM of these periods, `CHUNK` at a time (over `workers` processes on
    PostgreSQL); returns how many were stored."""
    parts = chunks(sorted(set(period_ids)), CHUNK)
    return sum(run_parts(_refresh_chunk, parts, workers=workers))


def add_to_result(
    *,
    period: SurveyPeriod,
    stored: PeriodResult | None,
    elements: Sequence[PeriodElement],
    answers: Iterable[Mapping[str, int]],
) -> None:
    """Add new questionnaires' answers to the stored IKM (1 query).

    Call inside the transaction that inserted them, after locking the period's row and reading
    `stored` under that lock. A period without a stored row is recomputed from every answer.
    """
    if stored is None:
        refresh_period_result(period=period)
        return
    totals = dict(stored_totals(stored))
    respondents = stored.respondents
    codes = [e.code for e in elements]
    for answer in answers:
        respondents += 1
        for code in codes:
            total, count = totals.get(code, (0, 0))
            totals[code] = (total + int(answer[code]), count + 1)
    fields = _result_fields(elements, totals, respondents)
    PeriodResult.objects.filter(period_id=period.pk).update(**fields, computed_at=timezone.now())


def sync_result_columns(*, period: SurveyPeriod) -> None:
    """Bring the stored `ikm` and `grade` columns up to date with the stored sums and counts
    (1-2 queries). The public path adds to the sums by an SQL expression and leaves these two
    columns; `transition_period` calls this under the period's lock when it stops taking
    answers, so the columns of every closed or published period are exact."""
    row = PeriodResult.objects.filter(period_id=period.pk).first()
    if row is None:
        return
    elements = list(period.elements.order_by("order", "code"))
    fields = _result_fields(elements, stored_totals(row), row.respondents)
    if (row.ikm, row.grade) != (fields["ikm"], fields["grade"]):
        PeriodResult.objects.filter(period_id=period.pk).update(
            ikm=fields["ikm"], grade=fields["grade"]
        )
