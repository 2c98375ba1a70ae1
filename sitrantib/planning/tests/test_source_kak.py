"""The source KAK is the first plan: checked against the document's own text.

The seed file is parsed here independently of the loader (which reads the project's data file
sitrantib/planning/data/kak-yosowilangun-2020.json): every desa and figure of its two tables,
every budget amount, every month of every activity, every participant count, and every line of
text must be found in what was loaded.
"""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from sitrantib.budget.models import BudgetLine, BudgetTable
from sitrantib.budget.selectors import time_series_for_plan
from sitrantib.core.dataquality import run_checks
from sitrantib.core.scoping import Scope
from sitrantib.planning.models import AnnualPlan
from sitrantib.regions.models import DistrictStatistic, OfficeProfile, VillageStatistic

SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "000_32b1221116450218.txt"
MONTHS = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
}

pytestmark = [pytest.mark.django_db]


def _text() -> str:
    # The check needs the document itself (../shared beside the project, as CI lays it out):
    # without it the test fails, it never passes unchecked.
    assert SEED.exists(), f"the source KAK is not at {SEED}"
    return SEED.read_text(encoding="utf-8")


def _between(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


def _cells(block: str) -> list[str]:
    return [line.strip() for line in block.splitlines() if line.strip()]


def _number(printed: str) -> int:
    return int(printed.replace(".", ""))


def _table_rows(block: str, width: int) -> list[tuple[str, list[int]]]:
    """Rows "N." name then `width` numbers, from a table flattened to one cell per line."""
    cells, rows = _cells(block), []
    for i, cell in enumerate(cells):
        if re.fullmatch(r"\d{1,2}\.", cell):
            rows.append((cells[i + 1], [_number(c) for c in cells[i + 2 : i + 2 + width]]))
    return rows


@pytest.fixture
def kak(db):
    call_command("load_reference", scope="35.08.07", stdout=io.StringIO())
    call_command("load_plan", stdout=io.StringIO())
    return AnnualPlan.objects.get(district_id="35.08.07", year=2020)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def test_plan_is_for_the_year_after_the_signing(kak):
    assert (kak.year, kak.signing_place, str(kak.signing_date)) == (2020, "Lumajang", "2019-10-01")
    assert "Lumajang, 1 Oktober 2019" in _text()


def test_every_desa_and_figure_of_both_tables(kak):
    text = _text()
    areas = _table_rows(_between(text, "Pembagian Wilayah Administrasi", "Penduduk Kecamatan"), 3)
    people = _table_rows(_between(text, "Penduduk Kecamatan", "3. Fenomena"), 5)
    # The document spells one desa "Yosowilangun Kidul" in one table and "kidul" in the other.
    stats = {
        s.printed_name.lower(): s
        for s in VillageStatistic.objects.filter(source=kak.statistics_source)
    }
    loaded_areas = [
        (
            name,
            [
                stats[name.lower()].hamlet_count,
                stats[name.lower()].rw_count,
                stats[name.lower()].rt_count,
            ],
        )
        for name, _figures in areas
    ]
    people_names = {name: name for name in stats}
    loaded_people = [
        (
            name,
            [
                int(stats[people_names[name.lower()]].area),
                stats[people_names[name.lower()]].male,
                stats[people_names[name.lower()]].female,
                stats[people_names[name.lower()]].population,
                stats[people_names[name.lower()]].households,
            ],
        )
        for name, _figures in people
    ]
    total = DistrictStatistic.objects.get(district_id="35.08.07", source=kak.statistics_source)
    printed_total = [
        _number(c) for c in _cells(_between(text, "JUMLAH", "Penduduk Kecamatan"))[1:4]
    ]

    assert len(areas) == len(people) == 12
    assert loaded_areas == areas
    assert loaded_people == people
    assert [total.hamlet_count, total.rw_count, total.rt_count] == printed_total == [31, 71, 396]


def test_every_budget_amount_of_the_time_series_table(kak):
    block = _between(_text(), "a) Analisa time series", "Permasalahan yang terjadi")
    cells = _cells(block)
    printed = []
    for i, cell in enumerate(cells):
        if re.fullmatch(r"\d", cell):
            printed.append((cells[i + 1], [Decimal(_number(c)) for c in cells[i + 2 : i + 5]]))
    table = time_series_for_plan(user=_root(), plan=kak)

    assert [label for label, _year in table.columns] == [
        "Nilai Anggaran N-1",
        "Nilai Anggaran N-2",
        "Nilai Anggaran Tahun berjalan",
    ]
    assert [year for _label, year in table.columns] == [2018, 2017, 2019]
    assert table.rows == printed
    assert len(printed) == 4


def test_every_requested_amount_and_the_printed_total(kak):
    block = _between(_text(), "8. Biaya Yang Diperlukan", "9. Lampiran")
    printed = [
        (name.strip(), Decimal(_number(amount)))
        for name, amount in re.findall(r"·\s*(.+?)\s*\n[\s\n]*=\s*Rp\.\s*([\d.]+)", block)
    ]
    stated = Decimal(_number(re.search(r"Total\s*\n\s*=\s*Rp\.\s*([\d.]+)", block).group(1)))
    table = BudgetTable.objects.get(plan=kak, year=2020)
    lines = [(line.name, line.ceiling) for line in table.lines.order_by("position")]

    assert lines == printed
    assert len(printed) == 6
    assert table.stated_total == stated == Decimal(40450000)
    assert sum(amount for _name, amount in printed) == Decimal(39900000)


def test_every_month_of_every_activity(kak):
    block = _between(_text(), "2) Waktu", "3) Tempat")
    bullets = [b.strip() for b in block.split("·")[1:]]
    printed = [
        [MONTHS[w] for w in re.findall(r"[A-Za-z]+", bullet.lower()) if w in MONTHS]
        for bullet in bullets
    ]
    loaded = [a.month_list for a in kak.activities.order_by("position")]

    assert loaded == printed == [[2, 4, 7, 9, 11], [3], [3, 5, 8, 10], [2, 9, 12]]


def test_every_participant_count(kak):
    training = kak.activities.get(kind="training")
    counts = [(p.name, p.count) for p in training.participants.order_by("position")]
    text = _text()

    assert "Linmas se Kecamatan Yosowilangun (180 orang)" in text
    assert "Instruktur dari Polsek dan Koramil masing \u2013 masing 2 orang" in text
    assert counts == [
        ("Linmas se Kecamatan Yosowilangun", 180),
        ("Instruktur dari Polsek", 2),
        ("Instruktur dari Koramil", 2),
    ]


def _root():
    from sitrantib.accounts.models import User

    return User.objects.create_user(
        "kakroot", password="Rahasia-Uji-2026", role="trantib_admin", coverage="national"
    )


# Lines of the document that are table cells or headings kept as structure, not as text.
_STRUCTURE = re.compile(
    r"^(\d{1,2}\.?|[a-z]\)|\d\)|[a-z]\.|:|=|no\.?|desa|jumlah|dusun|rw|rt|luas \(km2\)|"
    r"jumlah penduduk|jumlah rumah tangga|laki-laki|perempuan|uraian|nilai anggaran( n-1)?|"
    r"n-2|tahun berjalan|total|[\d.]+|= rp\. *[\d.]+|lampiran|rp\.)$"
)


def test_every_line_of_text_is_in_the_loaded_plan(kak):
    office = OfficeProfile.objects.get(district_id="35.08.07")
    corpus_parts = [
        kak.title,
        kak.programme_name,
        kak.activity_name,
        " ".join(kak.executors),
        office.government_line,
        office.office_line,
        office.contact_line,
        f"{office.town} - {office.postcode}",
    ]
    corpus_parts += [f"{c.code} {c.name}" for c in kak.codes.all()]
    corpus_parts += [i.name for i in kak.indicators.all()]
    for section in kak.sections.all():
        corpus_parts += [
            section.number,
            section.title,
            section.text,
            *section.items,
            *section.tables,
        ]
    for activity in kak.activities.all():
        corpus_parts += [activity.name, activity.procedure, activity.schedule, activity.venue]
        corpus_parts += [activity.participants_heading]
        corpus_parts += [p.printed or p.name for p in activity.participants.all()]
    corpus_parts += [line.name for line in BudgetLine.objects.filter(district_id="35.08.07")]
    corpus_parts += [
        s.printed_name for s in VillageStatistic.objects.filter(source=kak.statistics_source)
    ]
    corpus = _plain(" | ".join(corpus_parts))
    headings = {
        "kerangka acuan kerja (kak)",
        "term of reference (tor)",
        "nama program",
        "indikator program",
        "nama kegiatan",
        "indikator output",
        "indikator outcome",
        "a. latar belakang kegiatan",
        "1. dasar hukum",
        "2. gambaran umum",
        "3. fenomena dan data detail",
        "4. maksud dan tujuan (target sakip)",
        "5. manfaat",
        "6. strategi pencapaian keluaran",
        "7. tahapan dan waktu pelaksanaan/ alur",
        "8. biaya yang diperlukan",
        "9. lampiran",
        "1) prosedur",
        "2) waktu",
        "3) tempat",
        "4) pelaksana",
        "5) peserta",
        "a. rapat koordinasi",
        "b. pelatihan linmas :",
        "pembagian wilayah administrasi",
        "kecamatan yosowilangun kabupaten lumajang",
        "penduduk kecamatan yosowilangun menurut desa",
        "lumajang, 1 oktober 2019",
        "c. faktor-faktor",
        "yang",
        "mempengaruhi terkait sdm skpd :",
        "2. persentase hasil fasilitasi dan kooordinasi",
        "yang ditindaklanjuti",
        "3. rata - rata persentase desa yang menyusun",
        "dokumen administrasi pemerintahan desa yang",
        "tepat waktu",
    }
    missing = []
    for raw in _text().splitlines():
        line = _plain(raw)
        if not line or _STRUCTURE.match(line) or line in headings:
            continue
        bare = re.sub(r"^(\d{1,2}[.)]|[a-z][.)]|·)\s*", "", line)
        bare = re.sub(r"^\d[.)]\s*", "", bare)  # "1) 2. ..." nests once more
        if bare and bare not in corpus and bare.rstrip(" :;.") not in corpus:
            missing.append(raw.strip())

    assert missing == []


def test_loading_twice_writes_nothing(kak):
    before = (AnnualPlan.objects.count(), BudgetLine.objects.count(), BudgetTable.objects.count())
    from sitrantib.core.models import AuditEntry

    entries = AuditEntry.objects.count()

    call_command("load_plan", stdout=io.StringIO())

    after = (AnnualPlan.objects.count(), BudgetLine.objects.count(), BudgetTable.objects.count())
    assert after == before == (1, 18, 4)
    assert AuditEntry.objects.count() == entries


def test_printed_total_that_differs_is_a_finding(kak):
    findings = [
        f for f in run_checks(scope=Scope(national=True)) if f.rule == "budget.stated_total_differs"
    ]

    assert [f.message for f in findings] == [
        'Tabel "Biaya Yang Diperlukan" 2020 mencantumkan jumlah Rp40.450.000, padahal '
        "jumlah baris-barisnya Rp39.900.000 (selisih Rp550.000)."
    ]
