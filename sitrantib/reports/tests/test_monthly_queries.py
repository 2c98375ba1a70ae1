"""The monthly report reads a fixed number of queries whatever the number of desa, meetings,
decisions and budget lines (no query per row), and a busy month of a kecamatan of 12 desa renders
in seconds (the time is printed)."""

import datetime as dt
import time
import uuid
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitrantib.budget import services as budget_services
from sitrantib.core.enums import Role
from sitrantib.fieldwork.enums import IncidentSource, Situation, VisitKind
from sitrantib.fieldwork.services import incidents as incident_services
from sitrantib.fieldwork.services import visits as visit_services
from sitrantib.indicators.calculators import KAK_DEFAULTS
from sitrantib.indicators.enums import Method, Polarity
from sitrantib.indicators.models import IndicatorDefinition
from sitrantib.meetings import services as meeting_services
from sitrantib.meetings.models import MeetingKind
from sitrantib.planning import services as plan_services
from sitrantib.planning.enums import ActivityKind, IndicatorLevel
from sitrantib.reports import monthly
from sitrantib.reports.tests.test_monthly import (
    YEAR,
    category,
    flat,
    make_office,
    pdf_text,
    row_numbers,
    section,
    wib,
)
from sitrantib.testing.factories import make_institution, make_region_tree, make_user

MARCH = 3


def build_kecamatan(
    code: str,
    *,
    desa: int,
    meetings: int,
    decisions: int = 2,
    lines: int,
    visits_per_desa: int = 1,
    indicators: int = 1,
) -> SimpleNamespace:
    """A kecamatan with an approved plan, `desa` desa each visited and with one incident in
    March, `meetings` meetings of March with `decisions` decisions and an action item each,
    `lines` budget lines with spending in February and March, and KAK indicators."""
    district = make_region_tree(
        district_code=code,
        villages=[(f"{code}.{2001 + i}", f"Desa {code[-2:]}-{i + 1:02d}") for i in range(desa)],
    )
    admin = make_user(role=Role.TRANTIB_ADMIN, district=district)
    camat = make_user(role=Role.CAMAT, district=district)
    make_office(district)
    polsek = make_institution(district=district, kind="polsek", name=f"Polsek {code}")
    plan = plan_services.create_plan(
        district=district,
        year=YEAR,
        title="KAK",
        programme_name="Program",
        activity_name="Kegiatan",
        actor=admin,
    )
    accompaniment = plan_services.save_activity(
        plan=plan,
        activity=None,
        values={
            "kind": ActivityKind.ACCOMPANIMENT,
            "name": "Pendampingan",
            "months": [MARCH],
            "per_village": True,
        },
        participants=None,
        actor=admin,
    )
    meeting_activity = plan_services.save_activity(
        plan=plan,
        activity=None,
        values={"kind": ActivityKind.MEETING, "name": "Rapat", "months": [MARCH]},
        participants=None,
        actor=admin,
    )
    plan_services.approve_plan(plan=plan, actor=camat)
    situations = [Situation.KONDUSIF, Situation.WASPADA, Situation.RAWAN]
    for index, village in enumerate(district.villages.order_by("code")):
        for n in range(visits_per_desa):
            situation = situations[(index + n) % 3]
            visit_services.create_visit(
                village=village,
                data=visit_services.VisitInput(
                    kind=VisitKind.ACCOMPANIMENT,
                    visited_at=wib(dt.date(YEAR, MARCH, 1 + (index + 7 * n) % 28)),
                    situation=situation,
                    situation_reason="" if situation == Situation.KONDUSIF else "Ada keributan",
                    activity_types=["patrol"],
                    findings="Ronda berjalan.",
                    planned_activity=accompaniment,
                ),
                actor=admin,
                client_id=uuid.uuid4(),
            )
        incident_services.create_incident(
            village=village,
            data=incident_services.IncidentInput(
                category=category("keributan", serious=False),
                occurred_at=wib(dt.date(YEAR, MARCH, 2 + index % 25), 21),
                description="Keributan antarwarga.",
                source=IncidentSource.PATROL,
            ),
            actor=admin,
            client_id=uuid.uuid4(),
        )
    kind, _ = MeetingKind.objects.get_or_create(
        code="rapat_koordinasi", defaults={"name": "Rapat koordinasi", "order": 1}
    )
    for m in range(meetings):
        meeting = meeting_services.create_meeting(
            district=district,
            kind=kind,
            title=f"Rapat {m + 1}",
            starts_at=wib(dt.date(YEAR, MARCH, 1 + m % 28)),
            venue="Pendopo",
            invited=[polsek],
            planned_activity=meeting_activity,
            actor=admin,
        )
        for d in range(decisions):
            meeting_services.record_decision(
                meeting=meeting,
                text=f"Keputusan {m + 1}.{d + 1}",
                owner_institution=polsek,
                due_date=dt.date(YEAR, MARCH, 28),
                actor=admin,
            )
    for n in range(lines):
        line = budget_services.create_line(
            district=district,
            year=YEAR,
            name=f"Belanja {n + 1}",
            ceiling=Decimal(5_000_000),
            actor=admin,
        )
        for day, amount in ((dt.date(YEAR, 2, 10), 100_000), (dt.date(YEAR, MARCH, 10), 250_000)):
            budget_services.record_spending(
                line=line, on_date=day, amount=Decimal(amount), description="Belanja", actor=admin
            )
    for position, (name, calculator) in enumerate(KAK_DEFAULTS[:indicators]):
        IndicatorDefinition.objects.create(
            district=district,
            year=YEAR,
            code=calculator,
            name=name,
            level=IndicatorLevel.OUTCOME,
            unit="%",
            polarity=Polarity.POSITIVE,
            method=Method.CALCULATED,
            calculator=calculator,
            target=Decimal(100),
            position=position,
        )
    return SimpleNamespace(district=district, admin=admin)


def count_queries(code: str) -> tuple[int, dict[str, Any]]:
    with CaptureQueriesContext(connection) as captured:
        context = monthly.monthly_context(district_code=code, year=YEAR, month=MARCH)
    return len(captured), context


def test_monthly_report_queries_do_not_grow_with_desa_and_meetings(
    db: Any, django_assert_max_num_queries: Any
) -> None:
    small = build_kecamatan("35.08.07", desa=3, meetings=3, lines=3)
    large = build_kecamatan("35.08.08", desa=12, meetings=12, lines=12)
    # The first report of a month also computes the indicator values it prints.
    first_small, _ = count_queries(small.district.code)
    first_large, _ = count_queries(large.district.code)
    assert first_small == first_large
    # Afterwards the values are stored: the same count again, at 3 desa as at 12.
    small_count, small_context = count_queries(small.district.code)
    with django_assert_max_num_queries(small_count):
        large_context = monthly.monthly_context(
            district_code=large.district.code, year=YEAR, month=MARCH
        )
    # ... and every row is there.
    assert len(small_context["field_part"].rows) == 3
    assert len(large_context["field_part"].rows) == 12
    assert large_context["field_part"].total.visits == 12
    assert large_context["field_part"].total.incidents == 12
    assert len(large_context["meetings_part"].meetings) == 12
    assert large_context["meetings_part"].decision_count == 24
    assert large_context["meetings_part"].item_count == 24
    assert len(large_context["budget_part"].rows) == 12
    assert large_context["budget_part"].total.month == Decimal(12 * 250_000)
    assert large_context["plan_part"].rows[0].done  # the accompaniment in every desa
    assert len(large_context["plan_part"].rows[0].done) == 12


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_monthly_report_of_a_busy_month_prints_every_total(db: Any, fmt: str) -> None:
    """12 desa visited four times each, 12 incidents, 4 meetings of 5 decisions, 20 budget lines
    and the nine indicators of the KAK: the whole report, with the time it took printed."""
    busy = build_kecamatan(
        "35.08.07",
        desa=12,
        meetings=4,
        decisions=5,
        lines=20,
        visits_per_desa=4,
        indicators=len(KAK_DEFAULTS),
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    context = monthly.monthly_context(district_code=busy.district.code, year=YEAR, month=MARCH)
    gathered, cpu_gathered = time.perf_counter(), time.process_time()
    content = monthly.render_monthly(context, fmt)
    rendered, cpu_rendered = time.perf_counter(), time.process_time()
    print(
        f"\nmonthly report {fmt}: figures {gathered - started:.2f} s "
        f"(CPU {cpu_gathered - cpu_started:.2f} s; indicator values computed first), "
        f"rendering {rendered - gathered:.2f} s (CPU {cpu_rendered - cpu_gathered:.2f} s), "
        f"{len(content) // 1024} KB"
    )
    field_part = context["field_part"]
    assert field_part.total.visits == 48 == sum(row.visits for row in field_part.rows)
    assert len(context["indicators_part"].rows) == len(KAK_DEFAULTS)
    if fmt == "pdf":
        text = pdf_text(content)
        field_text = section(text, "C. Kunjungan", "D. Pelatihan")
        total = row_numbers(field_text, "Jumlah")
        assert total[:6] == ["48", "16", "16", "16", "12", "0"]
        assert "Rp100.000.000 Rp5.000.000 Rp7.000.000 Rp93.000.000 7,00" in flat(text)
    else:
        assert content.startswith(b"PK")
