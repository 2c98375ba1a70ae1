"""The on-time shares and their average (worked out by hand), what counts and what does not,
scope for every role, and query counts that do not grow with the number of desa."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.core.scoping import scope_of
from sitrantib.regions.models import Village
from sitrantib.villagedocs import selectors, services
from sitrantib.villagedocs.enums import OnTimeBasis
from sitrantib.villagedocs.models import Obligation
from sitrantib.villagedocs.tests.factories import make_obligation, receive, wib

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = (D(2026, 1, 1), D(2026, 12, 31))
TODAY = D(2026, 6, 30)


def _desa(world, n: int) -> Village:
    return Village.objects.get_or_create(
        code=f"35.08.07.20{50 + n:02d}",
        defaults={"name": f"Desa {n}", "district": world.district, "kind": "desa"},
    )[0]


def _scene(world) -> dict[str, Obligation]:
    a, b, c, d = world.village, world.sibling_village, _desa(world, 1), _desa(world, 2)
    staff = world.staff
    made = {}
    # LPPD 2025, due 31 March 2026: A on time, B accepted late, C nothing (late), D waived.
    for key, desa in zip("abcd", (a, b, c, d), strict=True):
        made[f"lppd-{key}"] = make_obligation(
            desa, code="lppd", due=D(2026, 3, 31), period_key="2025"
        )
    receive(made["lppd-a"], wib(2026, 3, 31, 23, 59), actor=staff, verdict="accepted")
    receive(made["lppd-b"], wib(2026, 4, 1, 0, 1), actor=staff, verdict="accepted")
    services.waive_obligation(obligation=made["lppd-d"], reason="Desa baru", actor=world.admin)
    # January's population summary, due 10 February: A and B on time, C returned (late).
    for key, desa in zip("abc", (a, b, c), strict=True):
        made[f"jan-{key}"] = make_obligation(
            desa, code="rekap-penduduk", due=D(2026, 2, 10), period_key="2026-01"
        )
    receive(made["jan-a"], wib(2026, 2, 9), actor=staff, verdict="accepted")
    receive(made["jan-b"], wib(2026, 2, 10, 16), actor=staff, verdict="accepted")
    receive(made["jan-c"], wib(2026, 2, 9), actor=staff, verdict="returned")
    # May's summary of A, due 10 June, waits for the check: not decided, not counted.
    made["may-a"] = make_obligation(
        a, code="rekap-penduduk", due=D(2026, 6, 10), period_key="2026-05"
    )
    receive(made["may-a"], wib(2026, 6, 12), actor=staff)
    # June's summary of A, due 10 July, nothing yet: not due, not counted.
    made["jun-a"] = make_obligation(
        a, code="rekap-penduduk", due=D(2026, 7, 10), period_key="2026-06"
    )
    # The semester I report of A, due 31 July, accepted early: decided, on time.
    made["s1-a"] = make_obligation(
        a, code="laporan-apbdes-s1", due=D(2026, 7, 31), period_key="2026-S1"
    )
    receive(made["s1-a"], wib(2026, 6, 1), actor=staff, verdict="accepted")
    return made


def test_shares_per_type_and_their_average_worked_out_by_hand(world):
    made = _scene(world)
    result = selectors.on_time_shares(Obligation.objects.all(), *YEAR, today=TODAY)
    shares = {s.document_type.code: s for s in result.shares}
    # LPPD: A on time; B late (00:01 the next day); C late (nothing); D waived, left out.
    assert (shares["lppd"].on_time, shares["lppd"].obliged) == (1, 3)
    # Summaries: January A, B on time (B at 16:00 on the due date), C returned = late; May
    # waiting and June not yet due are not counted.
    assert (shares["rekap-penduduk"].on_time, shares["rekap-penduduk"].obliged) == (2, 3)
    # Semester I: accepted before its deadline.
    assert (shares["laporan-apbdes-s1"].on_time, shares["laporan-apbdes-s1"].obliged) == (1, 1)
    assert shares["lppd"].percent == Decimal("33.33")
    assert shares["rekap-penduduk"].percent == Decimal("66.67")
    assert shares["laporan-apbdes-s1"].percent == Decimal("100.00")
    # (1/3 + 2/3 + 1/1) / 3 = 2/3 = 66.666…% -> 66.67 (from the fractions, not the rounded).
    assert result.average == Decimal("66.67")
    assert (result.on_time, result.obliged) == (4, 7)
    counted = set(selectors.counted_obligations(Obligation.objects.all(), *YEAR, today=TODAY))
    assert counted == {
        made[k] for k in ("lppd-a", "lppd-b", "lppd-c", "jan-a", "jan-b", "jan-c", "s1-a")
    }
    on_time = set(
        selectors.counted_obligations(Obligation.objects.all(), *YEAR, today=TODAY).filter(
            selectors.on_time_filter()
        )
    )
    assert on_time == {made[k] for k in ("lppd-a", "jan-a", "jan-b", "s1-a")}


def test_the_basis_first_changes_the_share_of_a_document_returned_then_accepted(world):
    obligation = make_obligation(world.village, code="lppd", due=D(2026, 3, 31), period_key="2025")
    receive(obligation, wib(2026, 3, 30), actor=world.staff, verdict="returned")
    receive(obligation, wib(2026, 4, 2), actor=world.staff, verdict="accepted")
    assert selectors.on_time_shares(Obligation.objects.all(), *YEAR, TODAY).average == Decimal(
        "0.00"
    )
    services.update_settings(
        district=world.district, data={"on_time_basis": OnTimeBasis.FIRST}, actor=world.admin
    )
    assert selectors.on_time_shares(Obligation.objects.all(), *YEAR, TODAY).average == Decimal(
        "100.00"
    )


def test_a_period_counts_the_obligations_due_in_it_and_no_type_means_no_average(world):
    _scene(world)
    first_quarter = selectors.on_time_shares(
        Obligation.objects.all(), D(2026, 1, 1), D(2026, 3, 31), today=TODAY
    )
    assert {s.document_type.code for s in first_quarter.shares} == {"lppd", "rekap-penduduk"}
    # (1/3 + 2/3) / 2 = 50 %
    assert first_quarter.average == Decimal("50.00")
    empty = selectors.on_time_shares(
        Obligation.objects.all(), D(2027, 1, 1), D(2027, 12, 31), today=TODAY
    )
    assert empty.shares == []
    assert empty.average is None


def test_the_late_list_and_the_due_soon_list(world):
    made = _scene(world)
    late = list(selectors.late_obligations(Obligation.objects.all(), today=TODAY))
    assert late == [made["jan-c"], made["lppd-c"]]
    assert made["lppd-c"].is_late(TODAY)
    assert not made["may-a"].is_late(TODAY)  # waiting for the check
    soon = list(selectors.due_soon(Obligation.objects.all(), 10, today=TODAY))
    assert soon == [made["jun-a"]]


def test_every_role_reads_its_own_scope(world):
    mine = make_obligation(world.village)
    sibling = make_obligation(world.sibling_village)
    foreign = make_obligation(world.foreign_village)
    expected = {
        "admin": {mine, sibling},
        "camat": {mine, sibling},
        "staff": {mine, sibling},
        "operator": {mine},
        "sibling_operator": {sibling},
        "partner": set(),
        "outsider": {foreign},
        "national": {mine, sibling, foreign},
        "regency_admin": {mine, sibling, foreign},
        "superuser": set(),
    }
    for role, wanted in expected.items():
        scope = scope_of(getattr(world, role))
        assert set(selectors.obligations_for(scope)) == wanted, role
    assert not selectors.types_visible_to(scope_of(world.partner)).exists()
    own = services.create_document_type(
        district=world.district,
        data={
            "code": "profil",
            "name": "Profil",
            "frequency": "yearly",
            "due_month": 1,
            "due_day": 31,
        },
        actor=world.admin,
    )
    assert own in selectors.types_visible_to(scope_of(world.operator))
    assert own not in selectors.types_visible_to(scope_of(world.outsider))
    assert selectors.types_visible_to(scope_of(world.outsider)).filter(district=None).count() == 8


def _many(world, villages: int) -> None:
    Obligation.objects.all().delete()
    for n in range(villages):
        desa = _desa(world, n)
        on_time = make_obligation(desa, code="lppd", due=D(2026, 3, 31), period_key="2025")
        receive(on_time, wib(2026, 3, 30), actor=world.staff, verdict="accepted")
        make_obligation(desa, code="rekap-penduduk", due=D(2026, 2, 10), period_key="2026-01")


def test_shares_and_lists_take_the_same_queries_for_2_and_20_desa(world):
    counts = {}
    for villages in (2, 20):
        _many(world, villages)
        scope = scope_of(world.camat)
        with CaptureQueriesContext(connection) as queries:
            result = selectors.on_time_shares(selectors.obligations_for(scope), *YEAR, today=TODAY)
            rows = [
                (o.village.name, o.document_type.name, o.is_late(TODAY))
                for o in selectors.obligations_for(scope)
            ]
            late = [
                o.village.name
                for o in selectors.late_obligations(selectors.obligations_for(scope), TODAY)
            ]
        assert result.obliged == 2 * villages
        assert result.average == Decimal("50.00")  # LPPD 100 %, summaries 0 %
        assert len(rows) == 2 * villages
        assert len(late) == villages
        counts[villages] = len(queries)
    assert counts[2] == counts[20] == 4
