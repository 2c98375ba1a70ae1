"""The Perjanjian Kinerja and the LKjIP chapter III tables rendered as DOCX, XLSX and PDF from a
kecamatan with indicator values over three years and budget lines with spending (ADR 0102)."""

import datetime as dt
import io
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from sitrantib.budget import services as budget_services
from sitrantib.core.audit import save_new
from sitrantib.fieldwork.enums import Situation, VisitKind
from sitrantib.fieldwork.models import Visit
from sitrantib.indicators import selectors as indicator_selectors
from sitrantib.indicators import services as indicator_services
from sitrantib.indicators.enums import Polarity
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
from sitrantib.indicators.tests.factories import make_definition, pdf_upload, wib
from sitrantib.planning.enums import IndicatorLevel, PlanStatus
from sitrantib.planning.models import AnnualPlan, Indicator
from sitrantib.regions.models import OfficeProfile, Signatory
from sitrantib.reports.catalogue import (
    ReportRequest,
    ReportUnavailable,
    report_kind,
)
from sitrantib.reports.models import IndicatorNarrative
from sitrantib.reports.performance.common import MESSAGE_NO_DEFINITIONS, MESSAGE_NO_INDICATORS
from sitrantib.reports.performance.lkjip import achievement_rows
from sitrantib.reports.performance.pk import pk_context

YEAR = 2025
SCRIPT = '<script>alert("x")</script> & <b>tebal</b>'
CAUSES = "Pendampingan tertunda karena banjir di dua desa."
REMEDIES = "Jadwal pendampingan digeser ke triwulan IV."


@dataclass
class Scene:
    world: Any
    visits: IndicatorDefinition  # accompaniment visits of YEAR
    incidents: IndicatorDefinition  # a manual, negative-polarity indicator of YEAR
    lines: list[Any]


def make_office(district: Any) -> OfficeProfile:
    office = OfficeProfile.objects.create(
        district=district,
        government_line="PEMERINTAH KABUPATEN LUMAJANG",
        office_line="KECAMATAN YOSOWILANGUN",
        address="Jl. Mayjen Soekartijo No. 56",
        phone="(0334) 390555",
        town="YOSOWILANGUN",
        postcode="67382",
        letter_place="Lumajang",
    )
    Signatory.objects.create(
        office=office,
        role="camat",
        title="CAMAT YOSOWILANGUN",
        name="Budi Santoso",
        rank="Pembina",
        nip="197001011990031001",
    )
    Signatory.objects.create(
        office=office,
        role="kasi_trantib",
        title="KEPALA SEKSI KETENTRAMAN DAN KETERTIBAN",
        name="Siti Aminah",
        rank="Penata",
        nip="198002022005012002",
    )
    return office


def accompaniment(world: Any, day: dt.date, village: Any = None) -> Visit:
    return Visit.objects.create(
        district=world.district,
        village=village or world.village,
        kind=VisitKind.ACCOMPANIMENT,
        visited_at=wib(day),
        situation=Situation.KONDUSIF,
    )


def year_value(definition: IndicatorDefinition) -> IndicatorValue:
    indicator_selectors.values_for(district_code=definition.district_id, year=definition.year)
    return IndicatorValue.objects.get(definition=definition, period_key=str(definition.year))


def make_scene(world: Any) -> Scene:
    """Accompaniment visits counted for 2023 (2 of 4), 2024 (3 of 4) and 2025 (6 of 8); a
    manual negative indicator of 2025 (9 incidents against 8: 87,50 %); three budget lines of
    2025 with spending."""
    make_office(world.district)
    # The plan in force names the programme and the kegiatan.
    AnnualPlan.objects.create(
        district=world.district,
        year=YEAR,
        status=PlanStatus.APPROVED,
        title="KAK Trantib",
        programme_name="Program Koordinasi Ketentraman dan Ketertiban Umum",
        activity_name="Fasilitasi dan Koordinasi Trantibmas",
    )
    targets = {2023: 4, 2024: 4, YEAR: 8}
    counts = {2023: 2, 2024: 3, YEAR: 6}
    definitions = {}
    for year, target in targets.items():
        definitions[year] = make_definition(
            world.district,
            "accompaniment_visits",
            year=year,
            target=target,
            name="Jumlah pendampingan keamanan wilayah",
            unit="kali",
            level=IndicatorLevel.OUTPUT,
        )
        for n in range(counts[year]):
            accompaniment(world, dt.date(year, 1 + n, 10))
    incidents = make_definition(
        world.district,
        year=YEAR,
        code="gangguan",
        target=8,
        name="Jumlah gangguan ketentraman",
        unit="kejadian",
        polarity=Polarity.NEGATIVE,
        level=IndicatorLevel.OUTCOME,
        position=1,
    )
    value = year_value(incidents)
    indicator_services.enter_manual_value(value=value, number="9", note="", actor=world.admin)
    indicator_services.add_evidence(
        value=value, file=pdf_upload(), description="Rekap", actor=world.admin
    )
    value.refresh_from_db()
    indicator_services.approve_value(value=value, actor=world.camat)
    lines = []
    for name, code, ceiling, spent in (
        ("Belanja Makanan dan Minuman Rapat", "5.1.02.01.01.0052", 12_000_000, 9_000_000),
        ("Belanja Perjalanan Dinas Dalam Kota", "5.1.02.04.01.0003", 5_500_000, 5_500_000),
        ("Belanja Bahan Cetak", "", 3_000_000, 0),
    ):
        line = budget_services.create_line(
            district=world.district,
            year=YEAR,
            name=name,
            ceiling=Decimal(ceiling),
            code=code,
            actor=None,
        )
        if spent:
            budget_services.record_spending(
                line=line,
                on_date=dt.date(YEAR, 5, 2),
                amount=Decimal(spent),
                description="Realisasi",
                actor=world.admin,
            )
        lines.append(line)
    return Scene(world=world, visits=definitions[YEAR], incidents=incidents, lines=lines)


def write_narrative(scene: Scene, causes: str = CAUSES) -> IndicatorNarrative:
    return save_new(
        IndicatorNarrative(definition=scene.visits, causes=causes, remedies=REMEDIES),
        actor=scene.world.admin,
    )


def build(key: str, world: Any, fmt: str) -> bytes:
    request = ReportRequest(district_code=world.district.code, year=YEAR, fmt=fmt)
    started = time.perf_counter()
    document = report_kind(key).build(request)
    print(f"{key} {fmt}: {time.perf_counter() - started:.2f} s, {len(document.content)} bytes")
    return document.content


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def docx_tables(content: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(content))
    return [[[cell.text.strip() for cell in row.cells] for row in t.rows] for t in document.tables]


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def row_with(tables: list[list[list[str]]], text: str) -> list[str]:
    for table in tables:
        for row in table:
            if any(text == cell for cell in row):
                return row
    raise AssertionError(f"no row with {text!r}")


def sheet_rows(content: bytes, title: str) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(content), data_only=True)
    return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]


def sheet_row(rows: list[tuple[Any, ...]], text: str) -> tuple[Any, ...]:
    for row in rows:
        if text in row:
            return row
    raise AssertionError(f"no sheet row with {text!r}")


def numbers(row: tuple[Any, ...]) -> list[Decimal]:
    return [Decimal(str(v)) for v in row if isinstance(v, int | float) and not isinstance(v, bool)]


# ---------------------------------------------------------------- the figures themselves


def test_achievement_rows_read_the_indicators_app(world: Any) -> None:
    scene = make_scene(world)
    rows = achievement_rows(world.district.code, YEAR)
    by_code = {row.definition.code: row for row in rows}
    visits = by_code["accompaniment_visits"]
    assert [f.year for f in visits.years] == [2023, 2024, 2025]
    assert [f.value for f in visits.years] == [2, 3, 6]
    assert [f.target for f in visits.years] == [4, 4, 8]
    stored = [
        IndicatorValue.objects.get(definition__code="accompaniment_visits", period_key=str(y))
        for y in (2023, 2024, 2025)
    ]
    assert [f.achievement for f in visits.years] == [v.achievement for v in stored]
    assert [f.achievement for f in visits.years] == [
        Decimal("50.00"),
        Decimal("75.00"),
        Decimal("75.00"),
    ]
    incidents = by_code["gangguan"]
    assert incidents.current.achievement == Decimal("87.50")  # (2 - 9/8) x 100
    assert [f.held for f in incidents.years] == [False, False, True]
    assert str(incidents.grade) == "Baik"
    assert scene.incidents.pk == incidents.definition.pk


def test_unavailable_without_indicators(world: Any) -> None:
    for key in ("pk", "lkjip"):
        with pytest.raises(ReportUnavailable) as caught:
            report_kind(key).build(
                ReportRequest(district_code=world.district.code, year=YEAR, fmt="pdf")
            )
        assert caught.value.message in (
            MESSAGE_NO_INDICATORS,
            MESSAGE_NO_DEFINITIONS,
        )


def test_pk_targets_come_from_the_plan_when_the_indicators_app_has_none(world: Any) -> None:
    plan = AnnualPlan.objects.create(
        district=world.district,
        year=YEAR,
        status=PlanStatus.APPROVED,
        title="KAK",
        programme_name="Program Trantib",
        activity_name="Kegiatan Trantib",
    )
    Indicator.objects.create(
        plan=plan, level="output", name="Jumlah LINMAS terbina", unit="orang", target=180
    )
    Indicator.objects.create(
        plan=plan, level="outcome", name="Nilai IKM", unit="", target_text="80-90"
    )
    context = pk_context(world.district.code, YEAR)
    assert context["target_source"] == "plan"
    rows = [(g.level, r.name, r.target, r.target_text) for g in context["groups"] for r in g.rows]
    assert rows == [
        ("outcome", "Nilai IKM", None, "80-90"),
        ("output", "Jumlah LINMAS terbina", Decimal(180), ""),
    ]
    text = pdf_text(build("pk", world, "pdf"))
    assert "Jumlah LINMAS terbina" in text
    assert "80-90" in text


# ---------------------------------------------------------------- PDF


def test_pk_pdf(world: Any) -> None:
    scene = make_scene(world)
    text = pdf_text(build("pk", world, "pdf"))
    assert "PERJANJIAN KINERJA TAHUN 2025" in text.upper()
    for words in ("Siti Aminah", "Budi Santoso", "PIHAK PERTAMA", "PIHAK KEDUA"):
        assert words in text
    assert "Jumlah pendampingan keamanan wilayah" in text
    assert "Program Koordinasi Ketentraman dan Ketertiban Umum" in text
    assert "Rp20.500.000" in text  # 12.000.000 + 5.500.000 + 3.000.000, from the lines
    assert scene.lines[0].name in text


def test_lkjip_pdf(world: Any) -> None:
    scene = make_scene(world)
    write_narrative(scene)
    text = pdf_text(build("lkjip", world, "pdf"))
    assert "87,50 %" in text
    for words in ("75,00 %", "50,00 %", CAUSES, REMEDIES, "Rp20.500.000", "Rp14.500.000"):
        assert words in text
    assert "70,73 %" in text  # 14.500.000 / 20.500.000


# ---------------------------------------------------------------- DOCX


def test_pk_docx(world: Any) -> None:
    make_scene(world)
    content = build("pk", world, "docx")
    tables = docx_tables(content)
    text = docx_text(content)
    assert "Siti Aminah" in text
    assert "PIHAK KEDUA" in text
    row = row_with(tables, "Jumlah pendampingan keamanan wilayah")
    assert row[-2:] == ["8", "kali"]
    row = row_with(tables, "Jumlah gangguan ketentraman")
    assert row[-2:] == ["8", "kejadian"]
    assert row_with(tables, "Belanja Makanan dan Minuman Rapat")[-1] == "Rp12.000.000"
    assert row_with(tables, "Jumlah")[-1] == "Rp20.500.000"


def test_lkjip_docx(world: Any) -> None:
    scene = make_scene(world)
    write_narrative(scene)
    tables = docx_tables(build("lkjip", world, "docx"))
    visits = row_with(tables, "Jumlah pendampingan keamanan wilayah")
    # target, realisation, achievement of 2023, 2024 and 2025, then the grade of 2025
    assert visits[4:] == ["4", "2", "50,00 %", "4", "3", "75,00 %", "8", "6", "75,00 %", "Cukup"]
    incidents = row_with(tables, "Jumlah gangguan ketentraman")
    assert incidents[3] == "Negatif"
    assert incidents[-4:] == ["8", "9", "87,50 %", "Baik"]
    assert incidents[4:10] == ["\u2013"] * 6  # no such indicator in 2023 and 2024
    analysis = [r for t in tables for r in t if CAUSES in r]
    assert analysis
    assert analysis[0][-3:] == [CAUSES, REMEDIES, "\u2013"]
    line = row_with(tables, "Belanja Makanan dan Minuman Rapat")
    assert line[-4:] == ["Rp12.000.000", "Rp9.000.000", "75,00 %", "Rp3.000.000"]
    total = row_with(tables, "Jumlah")
    assert total[-4:] == ["Rp20.500.000", "Rp14.500.000", "70,73 %", "Rp6.000.000"]


# ---------------------------------------------------------------- XLSX


def test_pk_xlsx(world: Any) -> None:
    scene = make_scene(world)
    content = build("pk", world, "xlsx")
    targets = sheet_rows(content, "Indikator dan Target")
    assert numbers(sheet_row(targets, "Jumlah pendampingan keamanan wilayah")) == [8]
    budget = sheet_rows(content, "Program dan Anggaran")
    lines = [numbers(sheet_row(budget, line.name))[0] for line in scene.lines]
    assert lines == [line.ceiling for line in scene.lines]
    assert numbers(sheet_row(budget, "Jumlah")) == [sum(lines)]


def test_lkjip_xlsx(world: Any) -> None:
    scene = make_scene(world)
    write_narrative(scene)
    content = build("lkjip", world, "xlsx")
    achievement = sheet_rows(content, "Capaian Kinerja")
    stored = {
        (v.definition.code, v.period_key): v
        for v in IndicatorValue.objects.filter(period_key__in=["2023", "2024", "2025"])
    }
    expected = []
    for year in ("2023", "2024", "2025"):
        value = stored["accompaniment_visits", year]
        expected += [value.target, value.value, value.achievement]
    assert numbers(sheet_row(achievement, "Jumlah pendampingan keamanan wilayah")) == expected
    incidents = stored["gangguan", "2025"]
    assert numbers(sheet_row(achievement, "Jumlah gangguan ketentraman")) == [
        incidents.target,
        incidents.value,
        incidents.achievement,
    ]
    analysis = sheet_rows(content, "Analisis Capaian")
    assert CAUSES in sheet_row(analysis, "Jumlah pendampingan keamanan wilayah")
    budget = sheet_rows(content, "Realisasi Anggaran")
    rows = [numbers(sheet_row(budget, line.name)) for line in scene.lines]
    assert rows[0] == [Decimal(12_000_000), Decimal(9_000_000), Decimal(75), Decimal(3_000_000)]
    total = numbers(sheet_row(budget, "Jumlah"))
    assert total[0] == sum(row[0] for row in rows)
    assert total[1] == sum(row[1] for row in rows)
    assert total[3] == sum(row[3] for row in rows)
    assert total[2] == Decimal("70.73")


# ---------------------------------------------------------------- HTML in the section's text


def test_script_in_the_causes_is_text_in_every_format(world: Any) -> None:
    scene = make_scene(world)
    write_narrative(scene, causes=SCRIPT)
    assert SCRIPT in pdf_text(build("lkjip", world, "pdf"))
    tables = docx_tables(build("lkjip", world, "docx"))
    assert [r for t in tables for r in t if SCRIPT in r]
    analysis = sheet_rows(build("lkjip", world, "xlsx"), "Analisis Capaian")
    assert SCRIPT in sheet_row(analysis, "Jumlah pendampingan keamanan wilayah")
