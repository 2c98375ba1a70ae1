"""The KAK rendered from records (docs/adr/0101).

The round trip: the reference data and the source KAK's plan are loaded as `make reference`
loads them, the KAK 2020 is rendered to DOCX and PDF, and every sentence, list item, table row
and figure of the source document (../shared/seeds/000_32b1221116450218.txt, parsed here) must
appear in both files, in order, after the normalisation described in kak_support.py. The only
exceptions are listed below, each with what the document prints instead and why.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

import docx
import pytest
from django.contrib.auth.models import AnonymousUser

from sitrantib.accounts.models import User
from sitrantib.budget.services import create_line
from sitrantib.core.dataquality import run_checks
from sitrantib.core.enums import Coverage, Role
from sitrantib.core.scoping import Scope
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.services import copy_plan_to_year
from sitrantib.regions.models import District
from sitrantib.reports import kak
from sitrantib.reports.catalogue import ReportRequest, ReportUnavailable, report_kind
from sitrantib.reports.tests.kak_support import (
    DISTRICT,
    approved_kak_2020,
    docx_text,
    load_reference_and_plan,
    missing_in_order,
    normalise,
    pdf_text,
    render,
    rendered_2020,
    seed_items,
)

pytestmark = [pytest.mark.django_db]


@dataclass(frozen=True)
class StatedTotal:
    """A figure the source states that is not the sum of its parts: the document prints the
    computed figure, and the data-quality page keeps a finding naming the stated one."""

    item: str  # the seed's row (normalised)
    stated: str
    computed: str
    rule: str
    finding: str  # a part of the finding's sentence naming the stated figure


STATED_TOTALS = (
    # Wotgalih: 3.528 + 3.640 = 7.168, printed 7.268.
    StatedTotal(
        "Wotgalih 180 3528 3640 7268 2092",
        "7268",
        "7168",
        "regions.village_figures",
        "Desa Wotgalih: jumlah penduduk 7.268",
    ),
    # Kalipepe: 1.272 + 2.584 = 3.856, printed 6.038.
    StatedTotal(
        "Kalipepe 390 1272 2584 6038 2183",
        "6038",
        "3856",
        "regions.village_figures",
        "Desa Kalipepe: jumlah penduduk 6.038",
    ),
    # The costs: six lines adding up to 39.900.000, total printed 40.450.000.
    StatedTotal(
        "= Rp. 40450000",
        "40450000",
        "39900000",
        "budget.stated_total_differs",
        "mencantumkan jumlah Rp40.450.000",
    ),
)
# The source spells one desa two ways ("Yosowilangun Kidul" in the first table, "kidul" in the
# second); the document names every desa by its official name (Kepmendagri) in both tables.
OFFICIAL_NAMES = (
    ("Yosowilangun kidul 723 4242 4272 8514 2555", "Yosowilangun kidul", "Yosowilangun Kidul"),
)

_RENDERED: dict[str, bytes] = {}


def expected_items() -> list[str]:
    items = seed_items()
    replaced = {t.item: t.item.replace(t.stated, t.computed) for t in STATED_TOTALS}
    replaced.update({row: row.replace(old, new) for row, old, new in OFFICIAL_NAMES})
    for row in replaced:
        assert row in items, f"the seed no longer has {row!r}"
    return [replaced.get(item, item) for item in items]


@pytest.fixture
def kak_2020(db):
    plan = approved_kak_2020()
    for fmt in ("docx", "pdf"):
        _RENDERED[fmt] = rendered_2020(fmt)
    return plan


def test_seed_is_read_as_items():
    items = seed_items()

    assert items[:3] == [
        "PEMERINTAH KABUPATEN LUMAJANG",
        "KECAMATAN YOSOWILANGUN",
        "Jl. Mayjen Soekartijo No. 56 Telp. (0334) 390555",
    ]
    assert "Darungan 3 5 33" in items
    assert "JUMLAH 31 71 396" in items
    assert "1 Belanja Penggantian Transport 23400000 19800000 19800000" in items
    assert items[-1] == "Lumajang, 1 Oktober 2019"
    assert len(items) > 180


def test_docx_holds_every_item_of_the_source_in_order(kak_2020):
    assert missing_in_order(expected_items(), docx_text(_RENDERED["docx"])) == []


def test_pdf_holds_every_item_of_the_source_in_order(kak_2020):
    assert missing_in_order(expected_items(), pdf_text(_RENDERED["pdf"]), words=False) == []


def test_stated_totals_print_the_computed_figure_and_stay_findings(kak_2020):
    findings = list(run_checks(scope=Scope(national=True)))
    texts = [
        f" {normalise(docx_text(_RENDERED['docx']))} ",
        normalise(pdf_text(_RENDERED["pdf"])).replace(" ", ""),
    ]

    for total in STATED_TOTALS:
        computed = total.item.replace(total.stated, total.computed)
        docx_words, pdf_glyphs = texts
        assert f" {computed} " in docx_words
        assert f" {total.item} " not in docx_words
        assert computed.replace(" ", "") in pdf_glyphs
        assert total.item.replace(" ", "") not in pdf_glyphs
        assert [f for f in findings if f.rule == total.rule and total.finding in f.message], total


def _docx_tables(content: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(content))
    tables = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(cell.text.strip())
            rows.append(cells)
        tables.append(rows)
    return tables


def _table_with(tables: list[list[list[str]]], text: str) -> list[list[str]]:
    return next(t for t in tables if any(text in cell for row in t for cell in row))


def test_desa_tables_are_computed_from_their_rows(kak_2020):
    tables = _docx_tables(_RENDERED["docx"])
    areas = _table_with(tables, "Dusun")
    people = _table_with(tables, "Laki-laki")
    desa_rows = [r for r in people if r and r[0].rstrip(".").isdigit()]
    numbers = [[int(c.replace(".", "")) for c in row[3:6]] for row in desa_rows]

    assert areas[-1] == ["JUMLAH", "31", "71", "396"]
    assert [r[0] for r in desa_rows] == [f"{n}." for n in range(1, 13)]
    assert all(male + female == total for male, female, total in numbers)
    assert desa_rows[11][:7] == ["12.", "Kalipepe", "390", "1.272", "2.584", "3.856", "2.183"]


def test_costs_are_printed_per_line_with_the_computed_total(kak_2020):
    tables = _docx_tables(_RENDERED["docx"])
    costs = _table_with(tables, "Total")

    assert costs[0] == ["·", "Belanja spanduk/baliho/banner", "= Rp.", "1.200.000"]
    assert costs[-1] == ["", "Total", "= Rp.", "39.900.000"]
    assert len(costs) == 7


def _admin() -> User:
    return User.objects.create_user(
        "admin-kak", password="Rahasia-Uji-2026", role=Role.TRANTIB_ADMIN, district_id=DISTRICT
    )


def test_kak_of_another_year_takes_the_three_years_before():
    plan = load_reference_and_plan()
    admin = _admin()
    copy_plan_to_year(plan=plan, actor=admin, year=2021)
    create_line(
        district=District.objects.get(code=DISTRICT),
        year=2021,
        name="Belanja Penggantian Transport",
        ceiling=Decimal(21000000),
        actor=admin,
    )

    content = render("docx", year=2021)
    tables = _docx_tables(content)
    series = _table_with(tables, "Nilai Anggaran N-1")
    transport = next(r for r in series if r[1] == "Belanja Penggantian Transport")
    costs = _table_with(tables, "Total")
    header = docx.Document(io.BytesIO(content)).sections[0].header

    # N-1 is 2019, N-2 2018, the current year 2020 (the year before the plan's).
    assert transport[2:] == ["19.800.000", "23.400.000", "19.700.000"]
    assert series[0][2:] == [
        "Nilai Anggaran N-1",
        "Nilai Anggaran N-2",
        "Nilai Anggaran Tahun berjalan",
    ]
    assert costs == [
        ["·", "Belanja Penggantian Transport", "= Rp.", "21.000.000"],
        ["", "Total", "= Rp.", "21.000.000"],
    ]
    # The copied plan is a draft: every page says so.
    assert "DRAF" in " ".join(p.text for p in header.paragraphs)


def test_year_without_plan_is_unavailable_with_a_clear_message():
    load_reference_and_plan()

    with pytest.raises(ReportUnavailable) as refused:
        kak.build_kak(ReportRequest(district_code=DISTRICT, year=2019, fmt="pdf"))

    assert refused.value.message == kak.MESSAGE_NO_PLAN
    assert "Belum ada rencana kegiatan (KAK) untuk tahun itu" in kak.MESSAGE_NO_PLAN


def test_kak_is_registered_for_docx_and_pdf():
    kind = report_kind("kak")

    assert kind.formats == ("docx", "pdf")
    assert kind.build is kak.build_kak
    assert kind.readers is kak.reads_kak


def test_plan_readers_read_the_kak_of_their_kecamatan_only(world):
    national = User.objects.create_user(
        "national-kak",
        password="Rahasia-Uji-2026",
        role=Role.TRANTIB_ADMIN,
        coverage=Coverage.NATIONAL,
    )
    district = world.admin.district_id
    other = world.outsider.district_id

    assert kak.reads_kak(world.admin, district)
    assert kak.reads_kak(world.camat, district)
    assert kak.reads_kak(national, other)
    assert not kak.reads_kak(world.admin, other)
    assert not kak.reads_kak(world.operator, district)
    assert not kak.reads_kak(AnonymousUser(), district)


def test_plan_in_force_is_rendered_approved_without_draft_mark(kak_2020):
    plan = AnnualPlan.objects.get(district_id=DISTRICT, year=2020)

    assert plan.status == "approved"
    assert "DRAF" not in pdf_text(_RENDERED["pdf"])
