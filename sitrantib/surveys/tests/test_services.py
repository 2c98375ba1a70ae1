"""Services: questionnaire snapshot, weights, transitions, dedup race, rate limit, quality."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings

from sitrantib.core.dataquality import run_checks
from sitrantib.core.scoping import scope_of
from sitrantib.surveys import ratelimit, services
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.models import Element, SubmissionCounter, SurveyResponse
from sitrantib.surveys.selectors import ikm_for_period, period_result
from sitrantib.surveys.services import (
    TRANSITIONS,
    PeriodNotOpen,
    Submission,
    ensure_default_elements,
    submit_response,
    transition_period,
    update_period,
)
from sitrantib.surveys.tests.conftest import make_period, payload

pytestmark = pytest.mark.django_db


def submission(value: int | dict[str, Any] = 4, client_id: uuid.UUID | None = None) -> Submission:
    body = payload(value)
    return Submission(
        client_id=client_id or uuid.uuid4(), answers=body["answers"], respondent=body["respondent"]
    )


def test_default_elements_are_the_regulation_nine_in_order(db: Any) -> None:
    rows = list(Element.objects.values_list("code", "name", "label_1", "label_4"))
    assert [r[0] for r in rows] == [f"U{i}" for i in range(1, 10)]
    assert rows[3] == ("U4", "Biaya/Tarif", "Sangat mahal", "Gratis")
    assert rows[7] == (
        "U8",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Tidak ada",
        "Dikelola dengan baik",
    )


def test_ensure_default_elements_is_idempotent(db: Any) -> None:
    Element.objects.filter(code="U9").delete()
    assert (ensure_default_elements(), ensure_default_elements(), Element.objects.count()) == (
        1,
        0,
        9,
    )


def test_seed_command_creates_missing_elements(db: Any, capsys: Any) -> None:
    Element.objects.all().delete()
    call_command("seed_survey_elements")
    assert (Element.objects.count(), capsys.readouterr().out.strip()) == (9, "9 unsur dibuat.")


def test_period_keeps_questionnaire_when_default_changes(world: Any) -> None:
    period = make_period(world)
    Element.objects.filter(code="U1").update(name="Persyaratan (baru)", label_4="Sangat lengkap")
    Element.objects.filter(code="U9").update(is_active=False)
    later = make_period(world, title="Berikutnya")
    assert period.elements.get(code="U1").name == "Persyaratan"
    assert (period.elements.count(), later.elements.count()) == (9, 8)
    assert later.elements.get(code="U1").label_4 == "Sangat lengkap"


def test_relative_weights_change_the_index(world: Any) -> None:
    Element.objects.filter(code="U1").update(weight=2)
    period = make_period(world)
    submit_response(
        period=period, submission=submission({**{f"U{i}": 4 for i in range(1, 10)}, "U1": 1})
    )
    # IKM = 25 * (2/10 * 1 + 8/10 * 4) = 85.00
    assert period_result(period=period).ikm == Decimal("85.00")


def test_ikm_for_period_gives_indicator_value(world: Any) -> None:
    period = make_period(world)
    assert ikm_for_period(period=period) is None
    submit_response(period=period, submission=submission(4))
    assert ikm_for_period(period=period) == Decimal("100.00")


@pytest.mark.parametrize("current", list(PeriodStatus.values))
@pytest.mark.parametrize("target", list(PeriodStatus.values))
def test_transition_follows_table(world: Any, current: str, target: str) -> None:
    period = make_period(world, status=current)
    if target in TRANSITIONS[current]:
        assert transition_period(period=period, status=target, actor=world.admin).status == target
    else:
        with pytest.raises(ValidationError):
            transition_period(period=period, status=target, actor=world.admin)


def test_update_published_period_allows_only_follow_up(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.PUBLISHED)
    update_period(period=period, changes={"follow_up_plan": "Rapat evaluasi."}, actor=world.admin)
    with pytest.raises(ValidationError) as caught:
        update_period(period=period, changes={"population": 999}, actor=world.admin)
    assert caught.value.messages == [
        "Survei yang sudah dipublikasikan hanya dapat diubah rencana tindak lanjutnya."
    ]


def test_submit_duplicate_arriving_together_stores_one(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two submissions pass the "already received?" check at once; the constraint keeps one."""
    period = make_period(world)
    client_id = uuid.uuid4()
    first, created_first = submit_response(period=period, submission=submission(4, client_id))
    monkeypatch.setattr(services.submissions, "_received", lambda **kwargs: None)
    second, created_second = submit_response(period=period, submission=submission(1, client_id))
    assert (created_first, created_second, first.pk == second.pk) == (True, False, True)
    assert SurveyResponse.objects.count() == 1
    assert period_result(period=period).ikm == Decimal("100.00")


def test_submit_to_closed_period_raises_not_open(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    with pytest.raises(PeriodNotOpen):
        submit_response(period=period, submission=submission())


@override_settings(SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE=2)
def test_rate_limit_keeps_only_hash_and_counts_per_minute(db: Any) -> None:
    moment = dt.datetime(2026, 5, 1, 8, 30, 10, tzinfo=dt.UTC)
    results = [ratelimit.register_attempt(address="192.0.2.7", now=moment) for _ in range(3)]
    next_minute = ratelimit.register_attempt(
        address="192.0.2.7", now=moment + dt.timedelta(minutes=1)
    )
    hashes = list(SubmissionCounter.objects.values_list("address_hash", flat=True))
    assert (results, next_minute) == ([True, True, False], True)
    assert all("192.0.2.7" not in h and len(h) == 64 for h in hashes)


def test_rate_limit_deletes_windows_older_than_an_hour(db: Any) -> None:
    moment = dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC)
    ratelimit.register_attempt(address="192.0.2.7", now=moment)
    ratelimit.register_attempt(address="192.0.2.8", now=moment + dt.timedelta(hours=2))
    assert SubmissionCounter.objects.count() == 1


def test_rate_limit_deletes_old_windows_once_a_minute(db: Any) -> None:
    moment = dt.datetime(2026, 6, 2, 9, 17, 20, tzinfo=dt.UTC)
    ratelimit.register_attempt(address="192.0.2.7", now=moment)
    old = SubmissionCounter.objects.create(
        address_hash="a" * 64, window_start=moment - dt.timedelta(minutes=61), count=3
    )
    recent = SubmissionCounter.objects.create(
        address_hash="b" * 64, window_start=moment - dt.timedelta(minutes=58), count=3
    )
    ratelimit.register_attempt(address="192.0.2.9", now=moment)  # same minute: no cleanup
    before = SubmissionCounter.objects.count()
    ratelimit.register_attempt(address="192.0.2.9", now=moment + dt.timedelta(minutes=1))
    kept = set(SubmissionCounter.objects.values_list("pk", flat=True))
    assert before == 4
    assert (old.pk in kept, recent.pk in kept, len(kept)) == (False, True, 4)


@override_settings(SITRANTIB_TRUSTED_PROXY_COUNT=0)
def test_client_address_ignores_forwarded_header_without_trusted_proxy() -> None:
    meta = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert ratelimit.client_address(meta) == "10.0.0.5"


@override_settings(SITRANTIB_TRUSTED_PROXY_COUNT=1)
def test_client_address_behind_one_proxy_is_right_most_hop() -> None:
    meta = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert ratelimit.client_address(meta) == "198.51.100.9"


@override_settings(SITRANTIB_TRUSTED_PROXY_COUNT=1)
def test_client_address_behind_one_proxy_ignores_spoofed_left_hops() -> None:
    meta = {
        "REMOTE_ADDR": "10.0.0.5",
        "HTTP_X_FORWARDED_FOR": "203.0.113.1, 203.0.113.2 , 198.51.100.9",
    }
    assert ratelimit.client_address(meta) == "198.51.100.9"


@override_settings(SITRANTIB_TRUSTED_PROXY_COUNT=2)
def test_client_address_behind_two_proxies_is_second_hop_from_right() -> None:
    meta = {
        "REMOTE_ADDR": "10.0.0.5",
        "HTTP_X_FORWARDED_FOR": "203.0.113.1, 198.51.100.9, 10.0.0.4",
    }
    assert ratelimit.client_address(meta) == "198.51.100.9"


@override_settings(SITRANTIB_TRUSTED_PROXY_COUNT=2)
def test_client_address_with_header_shorter_than_proxy_count_is_remote_addr() -> None:
    meta = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    assert ratelimit.client_address(meta) == "10.0.0.5"


def test_submit_rechecks_status_of_stale_period_and_stores_nothing(world: Any) -> None:
    period = make_period(world)
    stale = type(period).objects.get(pk=period.pk)
    transition_period(period=period, status=PeriodStatus.CLOSED, actor=world.admin)
    with pytest.raises(PeriodNotOpen):
        submit_response(period=stale, submission=submission())
    assert SurveyResponse.objects.count() == 0


def test_paper_entry_rechecks_status_of_stale_period_and_stores_nothing(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    stale = type(period).objects.get(pk=period.pk)
    transition_period(period=period, status=PeriodStatus.PUBLISHED, actor=world.admin)
    with pytest.raises(PeriodNotOpen):
        submit_response(period=stale, submission=submission(), source="paper", actor=world.admin)
    assert SurveyResponse.objects.count() == 0


def test_import_rechecks_status_of_stale_period_and_stores_nothing(world: Any) -> None:
    period = make_period(world, status=PeriodStatus.CLOSED)
    stale = type(period).objects.get(pk=period.pk)
    transition_period(period=period, status=PeriodStatus.PUBLISHED, actor=world.admin)
    with pytest.raises(PeriodNotOpen):
        services.import_responses(period=stale, submissions=[submission()], actor=world.admin)
    assert SurveyResponse.objects.count() == 0


def test_update_period_without_change_writes_no_audit_entry(world: Any) -> None:
    from sitrantib.core.models import AuditEntry

    period = make_period(world)
    before = AuditEntry.objects.count()
    update_period(period=period, changes={"title": period.title}, actor=world.admin)
    update_period(period=period, changes={}, actor=world.admin)
    assert AuditEntry.objects.count() == before


def test_validate_submission_rejects_fractional_age(world: Any) -> None:
    period = make_period(world)
    body = payload(4)
    body["respondent"]["age"] = 30.7
    with pytest.raises(services.InvalidSubmission) as caught:
        services.validate_submission(
            period=period,
            submission=Submission(
                client_id=uuid.uuid4(), answers=body["answers"], respondent=body["respondent"]
            ),
        )
    assert list(caught.value.errors["respondent"]) == ["age"]


def test_rate_limit_default_is_thirty_per_minute(db: Any) -> None:
    assert ratelimit.limit_per_minute() == 30


def test_quality_flags_open_period_after_end_and_missing_follow_up(world: Any) -> None:
    make_period(world, period_start=dt.date(2020, 1, 1), period_end=dt.date(2020, 3, 31))
    make_period(world, status=PeriodStatus.PUBLISHED)
    rules = sorted(
        f.rule for f in run_checks(scope=scope_of(world.admin)) if f.rule.startswith("surveys.")
    )
    assert rules == ["surveys.open_after_end", "surveys.published_without_follow_up"]


def test_quality_hides_other_kecamatan(world: Any) -> None:
    make_period(world, status=PeriodStatus.PUBLISHED)
    findings = [
        f for f in run_checks(scope=scope_of(world.outsider)) if f.rule.startswith("surveys.")
    ]
    assert findings == []


def test_low_score_suggestions_grouped_by_frequency(world: Any) -> None:
    from sitrantib.surveys.selectors import low_score_suggestions

    period = make_period(world)
    low_u4 = {**{f"U{i}": 4 for i in range(1, 10)}, "U4": 1}
    for text in ("Biaya  mahal", "Biaya mahal", "Loket sempit", ""):
        body = payload(low_u4)
        submit_response(
            period=period,
            submission=Submission(
                client_id=uuid.uuid4(),
                answers=body["answers"],
                respondent=body["respondent"],
                suggestion=text,
            ),
        )
    submit_response(period=period, submission=submission(4))
    assert low_score_suggestions(period=period) == {"U4": [("Biaya mahal", 2), ("Loket sempit", 1)]}
