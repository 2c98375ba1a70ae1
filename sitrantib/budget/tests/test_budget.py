"""Codes compared normalised, totals, the ceiling rule and the multi-year view."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sitrantib.budget import services
from sitrantib.budget.codes import normalise_code, normalise_name
from sitrantib.budget.models import BudgetTable, CeilingRevision, Spending
from sitrantib.budget.selectors import (
    match_series,
    multi_year,
    spending_by_month,
    table_checks,
    year_summary,
)
from sitrantib.budget.tests.conftest import make_line
from sitrantib.core.dataquality import run_checks
from sitrantib.core.scoping import scope_of

pytestmark = pytest.mark.django_db


def test_three_code_forms_compare_equal():
    forms = ["5.1.02.01.01.0052", "5.1.2.01.01.0052", "5.1.02.01.001.00052"]

    assert {normalise_code(code) for code in forms} == {"5.1.2.1.1.52"}
    assert normalise_code(" 5.1.02.01.01.0052 ") == "5.1.2.1.1.52"
    assert normalise_code("5.1.02.01.01.0053") != normalise_code("5.1.02.01.01.0052")
    assert normalise_code("") == ""


@pytest.mark.parametrize("bad", ["5.1.02.x", "5..1", "Rp 5.000", "5.1.02.01.01.0052."])
def test_malformed_code_is_refused(bad):
    with pytest.raises(ValidationError):
        normalise_code(bad)


def test_line_keeps_the_code_as_written_and_compares_normalised(world):
    line = make_line(world, code="5.1.02.01.001.00052")

    assert (line.code, line.code_key) == ("5.1.02.01.001.00052", "5.1.2.1.1.52")


def test_names_compare_without_case_and_spacing():
    assert normalise_name("Belanja jasa promosi/ publikasi/advertising") == normalise_name(
        "belanja  Jasa Promosi / publikasi/ advertising"
    )


def _spend(line, amount, *, actor, on=None):
    return services.record_spending(
        line=line,
        on_date=on or dt.date(line.year, 3, 10),
        amount=Decimal(amount),
        description="Konsumsi rapat",
        actor=actor,
    )


def test_spending_within_the_ceiling_leaves_the_remainder(world):
    line = make_line(world, ceiling=1_000_000)

    _spend(line, 400_000, actor=world.admin)
    _spend(line, 600_000, actor=world.admin, on=dt.date(2026, 5, 2))

    summary = year_summary(user=world.admin, district_code=world.district.code, year=2026)
    assert (summary.ceiling, summary.spent, summary.remaining) == (
        Decimal(1_000_000),
        Decimal(1_000_000),
        Decimal(0),
    )
    months = dict(spending_by_month(lines=line.__class__.objects.filter(pk=line.pk)))
    assert (months[3], months[5], months[4]) == (Decimal(400_000), Decimal(600_000), Decimal(0))


def test_spending_above_the_remaining_ceiling_is_refused(world):
    line = make_line(world, ceiling=1_000_000)
    _spend(line, 700_000, actor=world.admin)

    with pytest.raises(ValidationError) as error:
        _spend(line, 300_001, actor=world.admin)

    assert error.value.error_dict["amount"][0].code == "above_ceiling"
    assert error.value.message_dict["amount"] == [
        "Realisasi Rp300.001 melebihi sisa pagu Rp300.000 (pagu Rp1.000.000, sudah terpakai "
        "Rp700.000). Ajukan revisi pagu lebih dahulu."
    ]
    assert Spending.objects.count() == 1


def test_ceiling_revision_then_allows_the_spending(world):
    line = make_line(world, ceiling=1_000_000)
    _spend(line, 700_000, actor=world.admin)

    revision = services.revise_ceiling(
        line=line,
        new_amount=Decimal(1_200_000),
        on_date=dt.date(2026, 6, 1),
        reason="APBD Perubahan",
        actor=world.admin,
    )
    _spend(line, 500_000, actor=world.admin)

    line.refresh_from_db()
    assert (revision.previous_amount, revision.new_amount, revision.reason) == (
        Decimal(1_000_000),
        Decimal(1_200_000),
        "APBD Perubahan",
    )
    assert (line.ceiling, line.initial_amount) == (Decimal(1_200_000), Decimal(1_000_000))


def test_ceiling_cut_below_the_spending_is_kept_and_flagged(world):
    line = make_line(world, ceiling=1_000_000)
    _spend(line, 700_000, actor=world.admin)

    services.revise_ceiling(
        line=line,
        new_amount=Decimal(500_000),
        on_date=dt.date(2026, 9, 1),
        reason="Rasionalisasi",
        actor=world.admin,
    )

    findings = [
        f.message
        for f in run_checks(scope=scope_of(world.admin))
        if f.rule == "budget.spending_above_ceiling"
    ]
    assert findings == [
        'Realisasi mata anggaran "Belanja Makanan dan Minuman Rapat" 2026 sebesar '
        "Rp700.000 melebihi pagunya Rp500.000."
    ]
    assert CeilingRevision.objects.count() == 1


def test_spending_outside_the_line_year_is_refused(world):
    line = make_line(world, year=2026)

    with pytest.raises(ValidationError) as error:
        _spend(line, 1, actor=world.admin, on=dt.date(2025, 12, 31))

    assert list(error.value.message_dict) == ["on_date"]


@pytest.mark.parametrize("who", ["camat", "staff", "operator", "partner", "outsider"])
def test_only_the_section_of_the_kecamatan_records_spending(world, who):
    line = make_line(world)

    with pytest.raises(PermissionDenied):
        _spend(line, 1, actor=getattr(world, who))


def test_stated_total_against_the_sum_of_lines(world):
    table = BudgetTable.objects.create(
        district=world.district, year=2026, title="Biaya", stated_total=Decimal(300)
    )
    for amount in (100, 150):
        services.create_line(
            district=world.district,
            year=2026,
            name=f"L{amount}",
            ceiling=Decimal(amount),
            table=table,
            actor=None,
        )

    [check] = table_checks(BudgetTable.objects.all())

    assert (check.lines_total, check.difference, check.adds_up) == (
        Decimal(250),
        Decimal(50),
        False,
    )
    assert [
        f.rule
        for f in run_checks(scope=scope_of(world.admin))
        if f.rule.startswith("budget.stated")
    ] == ["budget.stated_total_differs"]


def test_multi_year_matches_by_code_then_by_name(world):
    make_line(
        world,
        year=2024,
        name="Belanja Makanan dan Minuman Rapat",
        ceiling=100,
        code="5.1.02.01.01.0052",
    )
    make_line(
        world, year=2025, name="Mamin rapat (nama lain)", ceiling=150, code="5.1.2.01.01.0052"
    )
    make_line(world, year=2026, name="Makan minum rapat", ceiling=120, code="5.1.02.01.001.00052")
    make_line(world, year=2024, name="Belanja Penggantian Transport", ceiling=200)
    make_line(world, year=2025, name="belanja penggantian  transport", ceiling=100)
    make_line(world, year=2026, name="Belanja Makanan dan Minuman Rapat", ceiling=7)

    series, _years = multi_year(
        user=world.admin, district_code=world.district.code, years=[2024, 2025, 2026]
    )

    rows = [(s.name, [p.amount for p in s.points]) for s in series]
    assert rows == [
        ("Belanja Makanan dan Minuman Rapat", [Decimal(100), Decimal(150), Decimal(127)]),
        ("Belanja Penggantian Transport", [Decimal(200), Decimal(100), None]),
    ]
    transport = series[1].points
    assert (transport[1].change, transport[1].change_percent) == (Decimal(-100), Decimal("-50.00"))
    food = series[0].points
    assert (food[1].change, food[1].change_percent) == (Decimal(50), Decimal("50.00"))


def test_match_series_keeps_lines_without_code_or_name_match_apart(world):
    a = make_line(world, year=2025, name="A")
    b = make_line(world, year=2026, name="B")

    assert [s.key for s in match_series([a, b])] == ["name:a", "name:b"]


def test_plan_activity_without_budget_is_a_finding(world):
    from sitrantib.planning.tests.conftest import make_plan

    plan = make_plan(world, activities=2)
    funded = plan.activities.order_by("position").first()
    make_line(world, year=plan.year, activity=funded)

    messages = [
        f.message
        for f in run_checks(scope=scope_of(world.admin))
        if f.rule == "budget.activity_without_budget"
    ]

    assert messages == [
        'Kegiatan "Kegiatan 2" pada rencana 2026 (revisi 1) belum dibiayai mata anggaran mana pun.'
    ]


def test_line_funds_only_an_activity_of_its_year(world):
    from sitrantib.planning.tests.conftest import make_plan

    plan = make_plan(world, year=2026)

    with pytest.raises(ValidationError) as error:
        make_line(world, year=2027, activity=plan.activities.first())

    assert list(error.value.message_dict) == ["activity"]
