"""Every calculator on hand-made records at period boundaries, the expected value worked out here,
and the drill-down lists equal to what was counted."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sitrantib.fieldwork.enums import Situation, VisitKind
from sitrantib.fieldwork.models import Visit
from sitrantib.fieldwork.situation import Period, parse_period
from sitrantib.indicators.calculators import CALCULATORS, Computation
from sitrantib.indicators.tests.factories import wib
from sitrantib.meetings.enums import ActionStatus, EvidenceKind
from sitrantib.meetings.models import ActionItem, Evidence, Meeting, MeetingKind
from sitrantib.regions.models import Village
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.services import Submission, submit_response
from sitrantib.surveys.tests.conftest import make_period, payload
from sitrantib.trainings.enums import TrainingStatus
from sitrantib.trainings.models import Enrolment, Training
from sitrantib.trainings.tests.factories import kind, make_members
from sitrantib.villagedocs.enums import ObligationStatus
from sitrantib.villagedocs.models import DocumentType, Obligation

pytestmark = pytest.mark.django_db

Q1, Q2 = parse_period("2025-Q1"), parse_period("2025-Q2")


def compute(code: str, world: Any, period: Period, **params: Any) -> Computation:
    return CALCULATORS[code].compute(world.district.code, period, params)


def labels(records: list[Any]) -> list[str]:
    return [r.label for r in records]


def test_every_kak_calculator_is_registered_with_a_statement() -> None:
    from sitrantib.indicators.calculators import KAK_DEFAULTS

    for _name, code in KAK_DEFAULTS:
        calculator = CALCULATORS[code]
        statement = str(calculator.statement)
        assert calculator.code == code
        assert len(statement) > 60


# Field work ---------------------------------------------------------------------------------------


def twelve_desa(world: Any) -> list[Village]:
    """The kecamatan's 2 desa and 10 more: 12, as in Yosowilangun."""
    for n in range(3, 13):
        Village.objects.create(
            code=f"35.08.07.20{n:02d}", name=f"Desa {n:02d}", district=world.district, kind="desa"
        )
    return list(Village.objects.filter(district=world.district).order_by("code"))


def visit(village: Village, when: dt.datetime, **extra: Any) -> Visit:
    situation = extra.pop("situation", Situation.KONDUSIF)
    return Visit.objects.create(
        district_id=village.district_id,
        village=village,
        kind=extra.pop("kind", VisitKind.MONITORING),
        visited_at=when,
        situation=situation,
        situation_reason="" if situation == Situation.KONDUSIF else "Ada keributan antarwarga",
        **extra,
    )


@pytest.fixture
def field_scene(world: Any) -> list[Village]:
    """12 desa. Q1: desa 1-9 visited and calm (desa 9 at 31 March 23:30 WIB, the last minutes of
    the quarter), desa 10 visited in January and judged rawan, never resolved; desa 11 visited
    on 1 April 00:00 WIB (Q2, not Q1); desa 12 never visited."""
    desa = twelve_desa(world)
    for v in desa[:8]:
        visit(v, wib(dt.date(2025, 2, 3)))
    visit(desa[8], timezone.make_aware(dt.datetime(2025, 3, 31, 23, 30)))
    visit(desa[9], wib(dt.date(2025, 1, 10)), situation=Situation.RAWAN)
    visit(desa[10], timezone.make_aware(dt.datetime(2025, 4, 1, 0, 0)))
    return desa


def test_desa_peaceful_percent_at_the_quarter_boundary(world: Any, field_scene: Any) -> None:
    result = compute("desa_peaceful_percent", world, Q1)
    # 9 of 12 desa tentram dan tertib: 100 x 9 / 12 = 75.00
    assert (result.numerator, result.denominator, result.value) == (9, 12, Decimal("75.00"))
    assert labels(result.numerator_records()) == [v.name for v in field_scene[:9]]
    assert len(result.denominator_records()) == 12
    assert all(r.url.startswith("/") for r in result.denominator_records())
    q2 = compute("desa_peaceful_percent", world, Q2)
    # Q2: only desa 11 was visited (1 April 00:00); desa 10's rawan is still open: 100 x 1 / 12
    assert (q2.numerator, q2.value) == (1, Decimal("8.33"))
    assert labels(q2.numerator_records()) == [field_scene[10].name]


def test_desa_monitored_counts_distinct_desa_visited(world: Any, field_scene: Any) -> None:
    visit(field_scene[0], wib(dt.date(2025, 3, 1)))  # a second visit: the desa counts once
    result = compute("desa_monitored", world, Q1)
    assert (result.value, result.denominator) == (Decimal(10), Decimal(12))
    assert labels(result.numerator_records()) == [v.name for v in field_scene[:10]]
    assert compute("desa_monitored", world, parse_period("2025-04")).value == Decimal(1)
    assert compute("desa_monitored", world, parse_period("2025")).value == Decimal(11)


def test_accompaniment_visits_counts_each_accompaniment_in_the_period(world: Any) -> None:
    a = visit(world.village, wib(dt.date(2025, 3, 31), 22), kind=VisitKind.ACCOMPANIMENT)
    b = visit(world.sibling_village, wib(dt.date(2025, 1, 1), 0), kind=VisitKind.ACCOMPANIMENT)
    visit(world.village, wib(dt.date(2025, 3, 15)), kind=VisitKind.MONITORING)
    visit(
        world.village,
        timezone.make_aware(dt.datetime(2025, 4, 1, 0, 0)),
        kind=VisitKind.ACCOMPANIMENT,
    )
    visit(world.foreign_village, wib(dt.date(2025, 2, 1)), kind=VisitKind.ACCOMPANIMENT)
    result = compute("accompaniment_visits", world, Q1)
    assert result.value == Decimal(2)
    assert [r.url for r in result.numerator_records()] == [
        b.get_absolute_url(),
        a.get_absolute_url(),
    ]
    assert compute("accompaniment_visits", world, Q2).value == Decimal(1)


# Surveys ------------------------------------------------------------------------------------------


def answer(period: Any, value: int, count: int) -> None:
    for _ in range(count):
        body = payload(value)
        submit_response(
            period=period,
            submission=Submission(
                client_id=uuid.UUID(body["client_id"]),
                answers=body["answers"],
                respondent=body["respondent"],
            ),
        )


def test_ikm_averages_the_surveys_ending_in_the_period(world: Any) -> None:
    full = make_period(
        world, title="SKM Q1", period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 3, 31)
    )
    answer(full, 4, 3)  # every answer 4: IKM 100.00
    fair = make_period(
        world, title="SKM Feb", period_start=dt.date(2025, 2, 1), period_end=dt.date(2025, 2, 15)
    )
    answer(fair, 3, 2)  # every answer 3: IKM 75.00
    later = make_period(
        world, title="SKM Q2", period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 4, 1)
    )
    answer(later, 2, 1)  # ends 1 April: Q2
    make_period(
        world,
        title="Draf",
        status=PeriodStatus.DRAFT,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 1),
    )
    result = compute("ikm", world, Q1)
    # (100.00 + 75.00) / 2 = 87.50
    assert (result.numerator, result.denominator) == (Decimal("175.00"), Decimal(2))
    assert result.value == Decimal("87.50")
    assert labels(result.numerator_records()) == ["SKM Feb", "SKM Q1"]
    assert compute("ikm", world, Q2).value == Decimal("50.00")
    assert compute("ikm", world, parse_period("2025-01")).value is None


# Meetings -----------------------------------------------------------------------------------------


def meeting(world: Any, when: dt.datetime, *, code: str = "rapat_koordinasi", **extra: Any) -> Any:
    meeting_kind = MeetingKind.objects.get_or_create(code=code, defaults={"name": code})[0]
    return Meeting.objects.create(
        district=world.district,
        kind=meeting_kind,
        title=extra.pop("title", f"Rapat {when:%d-%m}"),
        starts_at=when,
        venue="Pendopo Kecamatan",
        **extra,
    )


def item(
    world: Any, due: dt.date, *, on: Any, status: str = ActionStatus.OPEN, **extra: Any
) -> Any:
    row = ActionItem.objects.create(
        district=world.district,
        meeting=on,
        origin_date=None if on else due,
        description=extra.pop("description", f"Tindak lanjut {due}"),
        owner_institution=world.polsek,
        due_date=due,
        status=status,
        cancel_reason="Tidak relevan" if status == ActionStatus.CANCELLED else "",
    )
    if extra.get("evidence"):
        Evidence.objects.create(item=row, kind=EvidenceKind.NOTE, note="Sudah dilaksanakan")
    return row


def test_follow_up_percent_counts_meeting_items_due_in_the_period(world: Any) -> None:
    rapat = meeting(world, wib(dt.date(2025, 1, 20)))
    done_last_day = item(
        world, dt.date(2025, 3, 31), on=rapat, status=ActionStatus.DONE, evidence=True
    )
    done_first_day = item(
        world, dt.date(2025, 1, 1), on=rapat, status=ActionStatus.DONE, evidence=True
    )
    item(world, dt.date(2025, 2, 1), on=rapat, status=ActionStatus.DONE)  # no evidence
    item(world, dt.date(2025, 2, 2), on=rapat)  # still open
    item(world, dt.date(2025, 2, 3), on=rapat, status=ActionStatus.CANCELLED)  # left out
    item(world, dt.date(2025, 4, 1), on=rapat, status=ActionStatus.DONE, evidence=True)  # Q2
    item(world, dt.date(2025, 3, 1), on=None, status=ActionStatus.DONE, evidence=True)  # a visit's
    result = compute("follow_up_percent", world, Q1)
    # 2 followed up of 4 due (cancelled and the visit's item left out): 50.00
    assert (result.numerator, result.denominator, result.value) == (2, 4, Decimal("50.00"))
    assert [r.url for r in result.numerator_records()] == [
        done_first_day.get_absolute_url(),
        done_last_day.get_absolute_url(),
    ]
    assert len(result.denominator_records()) == 4
    assert compute("follow_up_percent", world, Q2).value == Decimal("100.00")
    assert compute("follow_up_percent", world, parse_period("2025-05")).value is None


def test_forkompimka_synergy_counts_coordination_meetings_with_minutes(world: Any) -> None:
    first = meeting(
        world, wib(dt.date(2025, 1, 1), 0), title="Rakor Januari", minutes_summary="Notulen."
    )
    last = meeting(
        world,
        timezone.make_aware(dt.datetime(2025, 3, 31, 23, 59)),
        title="Rakor Maret",
        minutes_summary="Notulen rapat.",
    )
    meeting(world, wib(dt.date(2025, 2, 10)), title="Tanpa notulen")
    meeting(
        world,
        wib(dt.date(2025, 2, 11)),
        code="rapat_evaluasi",
        title="Evaluasi",
        minutes_summary="Notulen.",
    )
    meeting(
        world,
        timezone.make_aware(dt.datetime(2025, 4, 1, 0, 0)),
        title="Rakor April",
        minutes_summary="Notulen.",
    )
    result = compute("forkompimka_synergy", world, Q1)
    assert result.value == Decimal(2)
    assert [r.url for r in result.numerator_records()] == [
        first.get_absolute_url(),
        last.get_absolute_url(),
    ]
    assert compute("forkompimka_synergy", world, Q2).value == Decimal(1)
    both = compute(
        "forkompimka_synergy", world, Q1, meeting_kinds=["rapat_koordinasi", "rapat_evaluasi"]
    )
    assert both.value == Decimal(3)


# Trainings ----------------------------------------------------------------------------------------


def training(world: Any, ends: dt.date, status: str = TrainingStatus.FINISHED, **extra: Any) -> Any:
    return Training.objects.create(
        district=extra.pop("district", world.district),
        kind=kind(),
        title=extra.pop("title", f"Pelatihan {ends}"),
        starts_on=ends - dt.timedelta(days=2),
        ends_on=ends,
        venue="Aula",
        capacity=100,
        status=status,
    )


def enrol(t: Any, members: list[Any], *, completed: bool = True) -> None:
    Enrolment.objects.bulk_create(
        [Enrolment(training=t, member=m, village=m.village, completed=completed) for m in members]
    )


@pytest.fixture
def training_scene(world: Any) -> dict[str, Any]:
    members = make_members(world.village, 6)
    march = training(world, dt.date(2025, 3, 31), title="Dasar Maret")
    january = training(world, dt.date(2025, 1, 1), TrainingStatus.REPORTED, title="Dasar Januari")
    april = training(world, dt.date(2025, 4, 1), title="Dasar April")
    running = training(world, dt.date(2025, 2, 1), TrainingStatus.RUNNING, title="Berlangsung")
    enrol(march, members[:3])
    enrol(march, members[3:4], completed=False)
    enrol(january, members[:1])  # completed twice in Q1: counted once
    enrol(january, members[4:5])
    enrol(april, members[5:6])
    enrol(running, members[5:6])
    return {"members": members, "march": march, "january": january}


def test_linmas_trained_counts_distinct_members_who_completed(
    world: Any, training_scene: Any
) -> None:
    members = training_scene["members"]
    result = compute("linmas_trained", world, Q1)
    # members 0, 1, 2 (March) and 4 (January); member 0 twice, member 3 did not complete: 4
    assert result.value == Decimal(4)
    expected = sorted([members[0], members[1], members[2], members[4]], key=lambda m: m.name)
    assert labels(result.numerator_records()) == [m.name for m in expected]
    assert compute("linmas_trained", world, Q2).value == Decimal(1)
    assert compute("linmas_trained", world, parse_period("2025")).value == Decimal(5)


def test_linmas_guidance_counts_trainings_held(world: Any, training_scene: Any) -> None:
    result = compute("linmas_guidance", world, Q1)
    # January (reported) and March (finished); the running one is not held yet
    assert result.value == Decimal(2)
    assert labels(result.numerator_records()) == ["Dasar Januari", "Dasar Maret"]
    assert compute("linmas_guidance", world, Q2).value == Decimal(1)


# Village documents --------------------------------------------------------------------------------


def obligation(world: Any, doc: Any, village: Any, due: dt.date, **extra: Any) -> Obligation:
    return Obligation.objects.create(
        document_type=doc,
        district=world.district,
        village=village,
        period_key=f"{due.year}-{due.month:02d}",
        year=due.year,
        due_date=due,
        **extra,
    )


def test_documents_on_time_averages_the_types(world: Any) -> None:
    counted = DocumentType.objects.filter(district=None, counts_for_indicator=True).order_by(
        "order", "name", "pk"
    )
    lppd, rkp = counted[0], counted[1]
    accepted = ObligationStatus.ACCEPTED
    a = obligation(world, lppd, world.village, dt.date(2025, 3, 31), status=accepted, on_time=True)
    obligation(
        world, lppd, world.sibling_village, dt.date(2025, 1, 1), status=accepted, on_time=False
    )
    b = obligation(world, rkp, world.village, dt.date(2025, 2, 1), status=accepted, on_time=True)
    obligation(
        world, rkp, world.sibling_village, dt.date(2025, 2, 1), status=ObligationStatus.WAIVED
    )
    obligation(
        world, rkp, world.sibling_village, dt.date(2025, 4, 1), status=accepted, on_time=False
    )
    result = compute("documents_on_time", world, Q1)
    # first type 1 of 2 on time (50 %), second 1 of 1 (100 %): (50 + 100) / 2 = 75.00
    assert result.value == Decimal("75.00")
    assert (result.numerator, result.denominator) == (Decimal(2), Decimal(3))
    assert sorted(r.url for r in result.numerator_records()) == sorted(
        [a.get_absolute_url(), b.get_absolute_url()]
    )
    assert len(result.denominator_records()) == 3
    assert compute("documents_on_time", world, Q2).value == Decimal("0.00")
