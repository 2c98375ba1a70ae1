"""Definitions seeded from the plan and edited, the kecamatan's rules, manual values with evidence
and the Camat's approval, and the target each period is judged against."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.models import AuditEntry
from sitrantib.fieldwork.situation import parse_period
from sitrantib.indicators import selectors, services
from sitrantib.indicators.enums import Method, ValueStatus, ZeroTargetRule
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
from sitrantib.indicators.tests.factories import make_definition, pdf_upload, value_of
from sitrantib.planning.enums import PlanStatus
from sitrantib.planning.models import AnnualPlan, Indicator

pytestmark = pytest.mark.django_db

KAK = Path(__file__).resolve().parents[2] / "planning" / "data" / "kak-yosowilangun-2020.json"


def make_plan(world: Any, year: int = 2025) -> AnnualPlan:
    plan = AnnualPlan.objects.create(
        district=world.district,
        year=year,
        status=PlanStatus.APPROVED,
        title="KAK Trantib",
        programme_name="Program Koordinasi Ketentraman dan Ketertiban Umum",
        activity_name="Fasilitasi dan Koordinasi Trantibmas",
    )
    rows = json.loads(KAK.read_text())["indicators"]
    for position, row in enumerate(rows, start=1):
        Indicator.objects.create(
            plan=plan,
            level=row["level"],
            name=row["name"],
            position=position,
            target=Decimal(180) if row["name"].startswith("Jumlah LINMAS") else None,
        )
    return plan


def test_seed_from_plan_gives_every_kak_indicator_its_calculator(world: Any) -> None:
    make_plan(world)
    created = services.seed_from_plan(district=world.district, year=2025, actor=world.admin)
    definitions = list(IndicatorDefinition.objects.filter(district=world.district, year=2025))
    assert created == len(definitions) == 10
    calculators = {d.calculator for d in definitions if d.method == Method.CALCULATED}
    assert calculators == {
        "desa_peaceful_percent",
        "linmas_trained",
        "desa_monitored",
        "ikm",
        "follow_up_percent",
        "documents_on_time",
        "accompaniment_visits",
        "linmas_guidance",
        "forkompimka_synergy",
    }
    manual = [d for d in definitions if d.method == Method.MANUAL]
    assert [d.level for d in manual] == ["goal"]
    linmas = next(d for d in definitions if d.calculator == "linmas_trained")
    assert linmas.target == Decimal(180)
    assert linmas.plan_indicator is not None
    assert linmas.source  # the calculator's statement
    # Run again: nothing new.
    assert services.seed_from_plan(district=world.district, year=2025, actor=world.admin) == 0


def test_seed_from_plan_refused_without_plan_or_for_the_camat(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.seed_from_plan(district=world.district, year=2025, actor=world.admin)
    make_plan(world)
    with pytest.raises(PermissionDenied):
        services.seed_from_plan(district=world.district, year=2025, actor=world.camat)
    with pytest.raises(PermissionDenied):
        services.seed_from_plan(district=world.district, year=2025, actor=world.outsider)


def test_create_definition_refuses_unknown_calculator_and_bad_quarter_targets(world: Any) -> None:
    base = {"code": "x", "name": "X", "level": "output", "unit": "orang"}
    with pytest.raises(ValidationError) as exc:
        services.create_definition(
            district=world.district,
            year=2025,
            data={**base, "method": "calculated", "calculator": "tidak_ada"},
            actor=world.admin,
        )
    assert "calculator" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_definition(
            district=world.district,
            year=2025,
            data={**base, "method": "manual", "quarter_targets": [1, 2, "-3", None]},
            actor=world.admin,
        )
    assert "quarter_targets" in exc.value.message_dict
    assert not IndicatorDefinition.objects.exists()
    made = services.create_definition(
        district=world.district,
        year=2025,
        data={**base, "method": "manual", "quarter_targets": [None, "50", None, 100]},
        actor=world.admin,
    )
    assert made.quarter_targets == [None, "50", None, "100"]
    assert AuditEntry.objects.filter(object_type="indicators.indicatordefinition").count() == 1


def test_update_definition_marks_values_stale_and_refuses_a_stale_version(world: Any) -> None:
    definition = make_definition(world.district, "accompaniment_visits", target=10)
    selectors.values_for(district_code=world.district.code, year=2025)
    assert not IndicatorValue.objects.filter(stale=True).exists()
    services.update_definition(
        definition=definition, data={"name": "Pendampingan"}, actor=world.admin
    )
    assert not IndicatorValue.objects.filter(stale=True).exists()  # a name does not count
    services.update_definition(
        definition=definition, data={"target": Decimal(12)}, actor=world.admin, expected_version=2
    )
    assert IndicatorValue.objects.filter(stale=True).count() == 1
    with pytest.raises(StaleVersion):
        services.update_definition(
            definition=definition, data={"target": 5}, actor=world.admin, expected_version=1
        )
    row = selectors.values_for(district_code=world.district.code, year=2025)[0]
    assert row.periods[0].target == Decimal(12)


def test_update_settings_judges_every_value_again(world: Any) -> None:
    definition = make_definition(world.district, code="sinergi", target=4, unit="laporan")
    value = _approved_value(world, definition, "2025", Decimal(6))
    assert value.achievement == Decimal("150.00")
    services.update_settings(district=world.district, data={"cap_at_100": True}, actor=world.admin)
    row = selectors.values_for(district_code=world.district.code, year=2025)[0]
    assert row.periods[0].achievement == Decimal(100)
    services.update_definition(definition=definition, data={"target": 0}, actor=world.admin)
    row = selectors.values_for(district_code=world.district.code, year=2025)[0]
    assert row.periods[0].achievement is None  # zero target: "not applicable" by default
    services.update_settings(
        district=world.district,
        data={"zero_target": ZeroTargetRule.MET_IF_ZERO},
        actor=world.admin,
    )
    row = selectors.values_for(district_code=world.district.code, year=2025)[0]
    assert row.periods[0].achievement == Decimal(100)
    with pytest.raises(PermissionDenied):
        services.update_settings(
            district=world.district, data={"cap_at_100": False}, actor=world.camat
        )


# Manual values ------------------------------------------------------------------------------------


def _value(world: Any, definition: IndicatorDefinition, key: str) -> IndicatorValue:
    selectors.values_for(
        district_code=world.district.code, year=definition.year, kind=parse_period(key).kind
    )
    return value_of(definition, key)


def _approved_value(
    world: Any, definition: IndicatorDefinition, key: str, number: Decimal
) -> IndicatorValue:
    value = _value(world, definition, key)
    services.enter_manual_value(value=value, number=number, note="Rekap", actor=world.admin)
    services.add_evidence(value=value, file=pdf_upload(), description="Laporan", actor=world.admin)
    services.approve_value(value=value, actor=world.camat)
    return value_of(definition, key)


def test_manual_value_counts_only_once_approved_with_evidence(world: Any) -> None:
    definition = make_definition(world.district, code="sinergi", target=4, unit="laporan")
    value = _value(world, definition, "2025-Q1")
    services.enter_manual_value(value=value, number="3", note="Tiga laporan", actor=world.admin)
    fresh = selectors.values_for(district_code=world.district.code, year=2025, kind="quarter")
    q1 = fresh[0].periods[0]
    assert (q1.status, q1.numerator, q1.value, q1.achievement) == (
        ValueStatus.DRAFT,
        Decimal(3),
        None,
        None,
    )
    with pytest.raises(ValidationError):  # no evidence yet
        services.approve_value(value=value_of(definition, "2025-Q1"), actor=world.camat)
    evidence = services.add_evidence(
        value=value, file=pdf_upload(), description="Notulen", actor=world.admin
    )
    assert evidence.content_type == "application/pdf"
    assert evidence.size > 0
    with pytest.raises(PermissionDenied):  # the one who typed it does not approve it
        services.approve_value(value=value_of(definition, "2025-Q1"), actor=world.admin)
    services.approve_value(value=value_of(definition, "2025-Q1"), actor=world.camat)
    q1 = selectors.values_for(district_code=world.district.code, year=2025, kind="quarter")[0]
    value = q1.periods[0]
    # 3 of a quarter target? None set: the year's target (4) for a manual, non-additive value
    assert (value.status, value.value, value.target, value.achievement) == (
        ValueStatus.APPROVED,
        Decimal(3),
        Decimal(4),
        Decimal("75.00"),
    )
    assert value.approved_by == world.camat
    assert [r.label for r in selectors.value_records(value).numerator_records()] == ["laporan.pdf"]
    # Typed again: back to draft, no longer counted.
    services.enter_manual_value(value=value, number=5, note="", actor=world.admin)
    value = selectors.values_for(district_code=world.district.code, year=2025, kind="quarter")[0]
    assert (value.periods[0].status, value.periods[0].value) == (ValueStatus.DRAFT, None)


def test_manual_value_refuses_bad_numbers_and_files(world: Any) -> None:
    definition = make_definition(world.district, code="sinergi", target=4)
    value = _value(world, definition, "2025")
    for bad in ("-1", "tiga", "", None, "NaN", "1e20"):
        with pytest.raises(ValidationError) as exc:
            services.enter_manual_value(value=value, number=bad, note="", actor=world.admin)
        assert "number" in exc.value.message_dict
    fake = SimpleUploadedFile(
        "laporan.pdf", b"<html>bukan pdf</html>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(value=value, file=fake, description="", actor=world.admin)
    assert "file" in exc.value.message_dict
    assert not value.evidence.exists()


def test_calculated_value_cannot_be_typed(world: Any) -> None:
    definition = make_definition(world.district, "accompaniment_visits")
    value = _value(world, definition, "2025")
    with pytest.raises(ValidationError):
        services.enter_manual_value(value=value, number=3, note="", actor=world.admin)


# Targets per period -------------------------------------------------------------------------------


def test_quarter_targets_where_set_and_the_year_target_otherwise(world: Any) -> None:
    share = make_definition(
        world.district,
        "desa_peaceful_percent",
        target=100,
        quarter_targets=[None, "80", None, None],
    )
    count = make_definition(
        world.district, "linmas_trained", target=180, quarter_targets=["", "90", None, "90"]
    )
    target = services.target_for
    assert target(share, parse_period("2025")) == Decimal(100)
    assert target(share, parse_period("2025-Q1")) == Decimal(100)
    assert target(share, parse_period("2025-Q2")) == Decimal(80)
    assert target(share, parse_period("2025-05")) == Decimal(80)  # the month's quarter
    assert target(count, parse_period("2025")) == Decimal(180)
    assert target(count, parse_period("2025-Q1")) is None  # a count: no share of the year's
    assert target(count, parse_period("2025-Q2")) == Decimal(90)
    assert target(count, parse_period("2025-05")) is None


def test_values_carry_period_dates(world: Any) -> None:
    make_definition(world.district, "accompaniment_visits")
    rows = selectors.values_for(district_code=world.district.code, year=2024, kind="month")
    assert rows == []  # no definition that year
    rows = selectors.values_for(district_code=world.district.code, year=2025, kind="month")
    feb = rows[0].periods[1]
    assert (feb.period_key, feb.start, feb.end) == (
        "2025-02",
        dt.date(2025, 2, 1),
        dt.date(2025, 2, 28),
    )
