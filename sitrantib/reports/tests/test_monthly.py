"""The monthly activity report (reports/monthly/, docs/adr/0103): rendered to a real PDF from a
kecamatan built through each app's services, its text read back with pypdf and every figure
checked against what the apps hold."""

import datetime as dt
import io
import re
import uuid
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from pypdf import PdfReader

from sitrantib.budget import services as budget_services
from sitrantib.budget.selectors import lines_in_scope, spending_by_month
from sitrantib.core.archive import read_archived
from sitrantib.core.documents import render_html
from sitrantib.core.formatting import format_date_id, format_rupiah
from sitrantib.fieldwork.enums import IncidentSource, Situation, VisitKind
from sitrantib.fieldwork.models import IncidentCategory
from sitrantib.fieldwork.services import incidents as incident_services
from sitrantib.fieldwork.services import visits as visit_services
from sitrantib.indicators.enums import Method, Polarity
from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
from sitrantib.linmas.models import Member
from sitrantib.meetings import services as meeting_services
from sitrantib.meetings.models import MeetingKind
from sitrantib.meetings.selectors import NO_VALUE, stored_follow_up
from sitrantib.planning import services as plan_services
from sitrantib.planning.enums import ActivityKind, IndicatorLevel
from sitrantib.regions.models import OfficeProfile, Signatory
from sitrantib.reports import monthly
from sitrantib.reports.catalogue import ReportRequest, ReportUnavailable, report_kind
from sitrantib.reports.monthly.reading import kecamatan_scope
from sitrantib.reports.services import issue_report
from sitrantib.testing.factories import make_institution
from sitrantib.trainings import services as training_services
from sitrantib.trainings.models import TrainingKind

YEAR = 2026
SCRIPT = '<script>alert("x")</script><b>tebal</b>'


# The scene ---------------------------------------------------------------------------------------


def wib(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_office(district: Any) -> OfficeProfile:
    office = OfficeProfile.objects.create(
        district=district,
        government_line="PEMERINTAH KABUPATEN LUMAJANG",
        office_line="KECAMATAN YOSOWILANGUN",
        address="Jl. Mayjen Soekartijo No. 56",
        phone="(0334) 390555",
        town="YOSOWILANGUN",
        postcode="67382",
        letter_place="Yosowilangun",
    )
    Signatory.objects.create(
        office=office,
        role="kasi_trantib",
        title="KASI TRANTIB",
        name="Slamet Riyadi",
        rank="Penata Tk. I",
        nip="197505052000031004",
    )
    return office


def make_plan(world: Any) -> dict[str, Any]:
    """An approved plan: a meeting and a training in March, accompaniment in every desa in March
    and April, monitoring in May (nothing of it carried out)."""
    admin = world.admin
    plan = plan_services.create_plan(
        district=world.district,
        year=YEAR,
        title="KERANGKA ACUAN KERJA (KAK)",
        programme_name="Program Penyelenggaraan Pemerintahan Kecamatan",
        activity_name="Fasilitasi dan Koordinasi Ketentraman dan Ketertiban Masyarakat",
        actor=admin,
    )
    plan_services.save_indicator(
        plan=plan,
        indicator=None,
        values={"level": IndicatorLevel.OUTPUT, "name": "Jumlah desa terpantau", "unit": "desa"},
        actor=admin,
    )
    activities = {}
    for key, kind, name, months, per_village in (
        ("meeting", ActivityKind.MEETING, "Rapat koordinasi FORKOMPIMKA", [3, 6], False),
        ("training", ActivityKind.TRAINING, "Pelatihan dasar LINMAS", [3], False),
        ("accompaniment", ActivityKind.ACCOMPANIMENT, "Pendampingan Poskamling", [3, 4], True),
        ("monitoring", ActivityKind.MONITORING, "Monitoring ketertiban desa", [5], True),
    ):
        activities[key] = plan_services.save_activity(
            plan=plan,
            activity=None,
            values={"kind": kind, "name": name, "months": months, "per_village": per_village},
            participants=None,
            actor=admin,
        )
    plan_services.approve_plan(plan=plan, actor=world.camat)
    return activities


def make_meeting(world: Any, activity: Any) -> SimpleNamespace:
    """A meeting on 10 March with two decisions: one followed up with evidence, one still open
    past its due date (and carrying HTML in its text), and a third without follow-up."""
    admin = world.admin
    kind, _ = MeetingKind.objects.get_or_create(
        code="rapat_koordinasi", defaults={"name": "Rapat koordinasi", "order": 1}
    )
    meeting = meeting_services.create_meeting(
        district=world.district,
        kind=kind,
        title="Rapat Koordinasi FORKOMPIMKA Maret",
        starts_at=wib(dt.date(YEAR, 3, 10)),
        venue="Pendopo Kecamatan",
        chair="Camat Yosowilangun",
        invited=[world.polsek],
        planned_activity=activity,
        actor=admin,
    )
    koramil = make_institution(district=world.district, kind="koramil", name="Koramil 0821")
    done = meeting_services.record_decision(
        meeting=meeting,
        text="Patroli gabungan tiap malam Minggu",
        owner_institution=world.polsek,
        due_date=dt.date(YEAR, 3, 20),
        description="Patroli gabungan di Darungan",
        actor=admin,
    )
    meeting_services.record_decision(
        meeting=meeting,
        text=f"Pendataan pos ronda {SCRIPT}",
        owner_institution=koramil,
        due_date=dt.date(YEAR, 3, 25),
        description="Data pos ronda diserahkan",
        actor=admin,
    )
    meeting_services.record_decision(
        meeting=meeting, text="Rapat berikutnya bulan Juni", actor=admin
    )
    item = done.action_items.get()
    meeting_services.add_evidence(item=item, note="Patroli dilaksanakan", actor=admin)
    meeting_services.transition_action_item(item=item, to_status="in_progress", actor=admin)
    meeting_services.transition_action_item(item=item, to_status="done", actor=admin)
    return SimpleNamespace(meeting=meeting, koramil=koramil)


def category(code: str, *, serious: bool) -> IncidentCategory:
    found, _ = IncidentCategory.objects.get_or_create(
        code=code, defaults={"name": code.title(), "is_serious": serious}
    )
    return found


def visit(world: Any, village: Any, day: dt.date, situation: str, **extra: Any) -> Any:
    reason = "" if situation == Situation.KONDUSIF else "Ada keributan antarwarga"
    created, _ = visit_services.create_visit(
        village=village,
        data=visit_services.VisitInput(
            kind=extra.pop("kind", VisitKind.MONITORING),
            visited_at=wib(day),
            situation=situation,
            situation_reason=reason,
            activity_types=["patrol"],
            findings="Pos aktif, ronda berjalan.",
            **extra,
        ),
        actor=world.admin,
        client_id=uuid.uuid4(),
    )
    return created


def incident(world: Any, village: Any, day: dt.date, code: str, *, serious: bool) -> Any:
    created, _ = incident_services.create_incident(
        village=village,
        data=incident_services.IncidentInput(
            category=category(code, serious=serious),
            occurred_at=wib(day, 21),
            description="Kejadian dicatat petugas patroli.",
            source=IncidentSource.PATROL,
        ),
        actor=world.admin,
        client_id=uuid.uuid4(),
    )
    return created


def make_field_work(world: Any, accompaniment: Any) -> None:
    """March: Darungan visited twice (kondusif, waspada), two incidents (one serious); Kraton
    visited once (rawan), one incident. April: Kraton visited once (kondusif)."""
    darungan, kraton = world.village, world.sibling_village
    visit(
        world,
        darungan,
        dt.date(YEAR, 3, 5),
        Situation.KONDUSIF,
        kind=VisitKind.ACCOMPANIMENT,
        planned_activity=accompaniment,
    )
    visit(world, darungan, dt.date(YEAR, 3, 18), Situation.WASPADA)
    visit(world, kraton, dt.date(YEAR, 3, 22), Situation.RAWAN)
    visit(world, kraton, dt.date(YEAR, 4, 8), Situation.KONDUSIF)
    incident(world, darungan, dt.date(YEAR, 3, 6), "curanmor", serious=True)
    incident(world, darungan, dt.date(YEAR, 3, 19), "keributan", serious=False)
    incident(world, kraton, dt.date(YEAR, 3, 23), "keributan", serious=False)


def make_training(world: Any, activity: Any) -> Any:
    """A training of 10-12 March, three sessions, four members of Darungan: three complete."""
    kind, _ = TrainingKind.objects.get_or_create(code="dasar", defaults={"name": "Pelatihan Dasar"})
    admin = world.admin
    training = training_services.create_training(
        district=world.district,
        data={
            "title": "Pelatihan Dasar LINMAS Maret",
            "kind": kind,
            "starts_on": dt.date(YEAR, 3, 10),
            "ends_on": dt.date(YEAR, 3, 12),
            "venue": "Aula Kecamatan",
            "capacity": 40,
            "transport_per_day": Decimal(50000),
            "planned_activity": activity,
        },
        actor=admin,
    )
    sessions = [
        training_services.add_session(
            training=training,
            data={
                "date": dt.date(YEAR, 3, 10 + i),
                "start_time": dt.time(8),
                "end_time": dt.time(10),
                "topic": f"Materi {i + 1}",
                "place": "Aula Kecamatan",
            },
            actor=admin,
        )
        for i in range(3)
    ]
    members = [
        Member.objects.create(
            nik=f"35080717089000{i:02d}",
            name=f"Anggota Darungan {i}",
            sex="L",
            birth_place="Lumajang",
            birth_date=dt.date(1990, 8, 17),
            village=world.village,
            verification_code=uuid.uuid4().hex[:16],
        )
        for i in range(4)
    ]
    enrolments = [
        training_services.enrol_member(training=training, member=m, actor=admin).added[0]
        for m in members
    ]
    for status in ("open", "running"):
        training = training_services.transition_training(
            training=training, to_status=status, actor=admin
        )
    for session in sessions:
        training_services.mark_attendance(
            session=session, marks={e.pk: "hadir" for e in enrolments}, actor=admin
        )
    training_services.set_scores(
        training=training,
        scores={e.pk: (50, 90 if i < 3 else 20) for i, e in enumerate(enrolments)},
        actor=admin,
    )
    return training_services.transition_training(
        training=training, to_status="finished", actor=admin
    )


def make_budget(world: Any) -> None:
    """Two lines: 5.000.000 with 300.000 spent in February, 1.200.000 in March and 750.000 in
    April; 2.500.000 with 450.000 spent in March."""
    admin = world.admin
    first = budget_services.create_line(
        district=world.district,
        year=YEAR,
        name="Belanja Makanan dan Minuman Rapat",
        code="5.1.02.01.01.0052",
        ceiling=Decimal(5_000_000),
        actor=admin,
    )
    second = budget_services.create_line(
        district=world.district,
        year=YEAR,
        name="Belanja Transportasi Peserta",
        ceiling=Decimal(2_500_000),
        actor=admin,
    )
    for line, day, amount in (
        (first, dt.date(YEAR, 2, 14), 300_000),
        (first, dt.date(YEAR, 3, 10), 1_200_000),
        (first, dt.date(YEAR, 4, 9), 750_000),
        (second, dt.date(YEAR, 3, 12), 450_000),
    ):
        budget_services.record_spending(
            line=line, on_date=day, amount=Decimal(amount), description="Rapat", actor=admin
        )


def make_indicators(world: Any) -> IndicatorDefinition:
    return IndicatorDefinition.objects.create(
        district=world.district,
        year=YEAR,
        code="desa_monitored",
        name="Jumlah desa terpantau ketentraman dan ketertiban",
        level=IndicatorLevel.OUTCOME,
        unit="desa",
        polarity=Polarity.POSITIVE,
        method=Method.CALCULATED,
        calculator="desa_monitored",
        target=Decimal(2),
    )


@pytest.fixture
def scene(world: Any) -> SimpleNamespace:
    make_office(world.district)
    activities = make_plan(world)
    meeting = make_meeting(world, activities["meeting"])
    make_field_work(world, activities["accompaniment"])
    training = make_training(world, activities["training"])
    make_budget(world)
    definition = make_indicators(world)
    return SimpleNamespace(
        world=world,
        activities=activities,
        meeting=meeting,
        training=training,
        definition=definition,
    )


# Reading the PDF ---------------------------------------------------------------------------------


def render(world: Any, month: int, fmt: str = "pdf", user: Any = None) -> Any:
    return report_kind("monthly").build(
        ReportRequest(
            district_code=world.district.code,
            year=YEAR,
            fmt=fmt,
            month=month,
            actor=user or world.admin,
        )
    )


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[ \t]+", " ", text)


def section(text: str, start: str, end: str) -> str:
    """The text between two part headings."""
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


def row_numbers(text: str, label: str) -> list[str]:
    """The figures printed on the line that starts with `label` (a desa or the total)."""
    for line in text.splitlines():
        if re.match(rf"^\s*(\d+\s+)?{re.escape(label)}\b", line.strip()):
            return re.findall(r"\d[\d.]*|Ya|Tidak", line.strip()[len(label) :])
    raise AssertionError(f"no line for {label!r} in:\n{text}")


# Tests -------------------------------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def docx_text(content: bytes) -> tuple[str, list[list[str]]]:
    """The paragraphs of a DOCX as one text, and every table row as its cells' texts."""
    from docx import Document

    document = Document(io.BytesIO(content))
    paragraphs = " ".join(p.text for p in document.paragraphs)
    rows = []
    for table in document.tables:
        for row in table.rows:
            cells = []
            previous = None
            for cell in row.cells:
                if cell._tc is not previous:  # a merged cell repeats across its span
                    cells.append(flat(cell.text))
                previous = cell._tc
            rows.append(cells)
    return flat(paragraphs), rows


def docx_row(rows: list[list[str]], first: str) -> list[str]:
    for cells in rows:
        if first in cells[:2]:
            return cells[cells.index(first) + 1 :]
    raise AssertionError(f"no row {first!r} in {rows}")


def rp(amount: int) -> str:
    return format_rupiah(Decimal(amount))


MARCH_VILLAGES = {
    # desa: visits, kondusif, waspada, rawan, incidents, serious, monitored, peaceful
    "Darungan": ["2", "1", "1", "0", "2", "1", "Ya", "Tidak"],
    "Kraton": ["1", "0", "0", "1", "1", "0", "Ya", "Tidak"],
}
APRIL_VILLAGES = {
    "Darungan": ["0", "0", "0", "0", "0", "0", "Tidak", "Tidak"],
    "Kraton": ["1", "1", "0", "0", "0", "0", "Ya", "Tidak"],
}


def expected_total(villages: dict[str, list[str]]) -> list[str]:
    """The total row as the sum of the desa rows (monitored and peaceful counted as desa)."""
    numbers = [sum(int(row[i]) for row in villages.values()) for i in range(6)]
    monitored = sum(1 for row in villages.values() if row[6] == "Ya")
    peaceful = sum(1 for row in villages.values() if row[7] == "Ya")
    return [*map(str, numbers), str(monitored), str(peaceful)]


def test_monthly_report_prints_every_figure_of_march(scene: SimpleNamespace) -> None:
    world = scene.world
    document = render(world, 3)
    assert document.filename == "laporan-bulanan-35.08.07-2026-03.pdf"
    assert document.subject_key == "monthly:35.08.07:2026-03"
    assert document.content.startswith(b"%PDF")
    text = pdf_text(document.content)
    words = flat(text)
    # Letterhead, title and period; a closed month has no provisional mark.
    assert "KECAMATAN YOSOWILANGUN" in words
    assert "LAPORAN KEGIATAN BULANAN" in words.upper()
    assert "Bulan Maret 2026" in words
    assert "1 Maret 2026 s.d. 31 Maret 2026" in words
    assert "SEMENTARA" not in words

    # A. The plan's activities of March against what carried them out (planning.carried_out).
    plan = flat(section(text, "A. Pelaksanaan", "B. Rapat"))
    assert "Rapat koordinasi FORKOMPIMKA" in plan
    assert "10 Maret 2026: Rapat Koordinasi FORKOMPIMKA Maret" in plan
    assert "10 Maret 2026: Pelatihan Dasar LINMAS Maret" in plan
    assert "Pendampingan Poskamling" in plan
    assert "(Darungan)" in plan
    assert "Monitoring ketertiban desa" not in plan  # planned for May only
    assert "Belum terlaksana" not in plan
    assert (
        "Direncanakan bulan ini: 3 kegiatan; terlaksana: 3; terlaksana di luar jadwal: 0." in plan
    )

    # B. The meeting, its three decisions and the follow-up status of each item.
    meetings = flat(section(text, "B. Rapat", "C. Kunjungan"))
    assert "1 rapat dengan 3 keputusan dan 2 tindak lanjut." in meetings
    assert "Rapat Koordinasi FORKOMPIMKA Maret" in meetings
    assert "10 Maret 2026 pukul 09.00 WIB, di Pendopo Kecamatan; pimpinan rapat: Camat" in meetings
    assert "Patroli gabungan tiap malam Minggu" in meetings
    assert "Selesai (ditindaklanjuti dengan bukti)" in meetings
    assert "Terbuka (lewat batas waktu)" in meetings
    assert "Rapat berikutnya bulan Juni Tanpa tindak lanjut" in meetings
    assert "20 Maret 2026" in meetings
    # The follow-up indicator of March, as the meetings app stores it.
    stored = stored_follow_up(user=world.admin, start=dt.date(YEAR, 3, 1), end=dt.date(YEAR, 3, 31))
    assert (stored.due, stored.followed_up) == (2, 1)
    assert (
        "bulan Maret 2026: 1 dari 2 tindak lanjut yang jatuh tempo bulan ini telah "
        "ditindaklanjuti (50,00 %)"
    ) in meetings

    # C. One row per desa and a total row that is the sum of the rows.
    field_text = section(text, "C. Kunjungan", "D. Pelatihan")
    for name, figures in MARCH_VILLAGES.items():
        assert row_numbers(field_text, name) == figures
    assert row_numbers(field_text, "Jumlah")[:8] == expected_total(MARCH_VILLAGES)
    assert "2 desa 0 desa" in flat(field_text)
    # Incidents per category: fieldwork's monthly_counts for March.
    from sitrantib.fieldwork.models import Incident
    from sitrantib.fieldwork.selectors import monthly_counts

    counts = monthly_counts(Incident.objects.filter(district=world.district), YEAR)
    assert counts.totals[2] == 3
    assert row_numbers(field_text.split("Kejadian menurut jenis")[1], "Jumlah") == ["3"]

    # D. The training of March: sessions, participants and those who completed.
    training = flat(section(text, "D. Pelatihan", "E. Realisasi"))
    assert "Pelatihan Dasar LINMAS Maret 10 Maret 2026 s.d. 12 Maret 2026 3 4 3 Selesai" in (
        training
    )
    assert "Jumlah 4 3" in training

    # E. Spending of March and up to March against each ceiling; totals from the rows.
    budget = flat(section(text, "E. Realisasi", "F. Nilai"))
    assert f"{rp(5_000_000)} {rp(1_200_000)} {rp(1_500_000)} {rp(3_500_000)} 30,00" in budget
    assert f"{rp(2_500_000)} {rp(450_000)} {rp(450_000)} {rp(2_050_000)} 18,00" in budget
    assert f"Jumlah {rp(7_500_000)} {rp(1_650_000)} {rp(1_950_000)} {rp(5_550_000)} 26,00" in budget
    assert rp(1_200_000) == "Rp1.200.000"
    # The same totals as the budget app's spending per month.
    by_month = dict(
        spending_by_month(
            lines=lines_in_scope(scope=kecamatan_scope(world.district.code)).filter(year=YEAR)
        )
    )
    assert by_month[3] == Decimal(1_650_000)
    assert sum(by_month[m] for m in (1, 2, 3)) == Decimal(1_950_000)

    # F. Indicator values of the month, the quarter and the year, as the indicators app holds.
    indicators = flat(section(text, "F. Nilai", "Demikian"))
    assert "Maret 2026 Triwulan I 2026 Tahun 2026" in indicators
    values = {
        v.period_key: v.value
        for v in IndicatorValue.objects.filter(
            definition=scene.definition, period_key__in=["2026-03", "2026-Q1", "2026"]
        )
    }
    assert values == {"2026-03": Decimal(2), "2026-Q1": Decimal(2), "2026": Decimal(2)}
    assert "ketertiban desa 2 2 2 2 100,00" in indicators

    # The signature of the Kasi Trantib with the place and date.
    signature = flat(text[text.index("Demikian") :])
    assert f"Yosowilangun, {format_date_id(timezone.localdate())}" in signature
    assert "KASI TRANTIB Slamet Riyadi Penata Tk. I NIP. 19750505 200003 1 004" in signature


def test_monthly_report_escapes_html_of_a_decision(scene: SimpleNamespace) -> None:
    """A decision's text is printed as typed: the tags appear as text, nothing is executed or
    formatted, in the PDF and in the DOCX."""
    context = monthly.monthly_context(district_code=scene.world.district.code, year=YEAR, month=3)
    html = render_html(monthly.TEMPLATE, context)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;tebal&lt;/b&gt;" in html
    assert "<script" not in html
    pdf = "".join(pdf_text(monthly.render_monthly(context, "pdf")).split())
    assert '<script>alert("x")</script><b>tebal</b>' in pdf
    _paragraphs, rows = docx_text(monthly.render_monthly(context, "docx"))
    cells = [cell for row in rows for cell in row]
    assert f"Pendataan pos ronda {SCRIPT}" in cells


def test_monthly_report_of_april_shows_april(scene: SimpleNamespace) -> None:
    text = pdf_text(render(scene.world, 4).content)
    words = flat(text)
    assert "Bulan April 2026" in words
    plan = flat(section(text, "A. Pelaksanaan", "B. Rapat"))
    assert "Pendampingan Poskamling" in plan
    assert "Belum terlaksana" in plan
    assert "Rapat koordinasi FORKOMPIMKA" not in plan
    assert (
        "Direncanakan bulan ini: 1 kegiatan; terlaksana: 0; terlaksana di luar jadwal: 0." in plan
    )
    meetings = flat(section(text, "B. Rapat", "C. Kunjungan"))
    assert "Tidak ada kegiatan rapat pada bulan ini." in meetings
    # Nothing fell due in April; the Koramil's item of March is still open.
    assert "0 dari 0 tindak lanjut" in meetings
    assert f"({NO_VALUE})" in meetings
    assert "belum selesai dari bulan sebelumnya: 1." in meetings
    field_text = section(text, "C. Kunjungan", "D. Pelatihan")
    for name, figures in APRIL_VILLAGES.items():
        assert row_numbers(field_text, name) == figures
    assert row_numbers(field_text, "Jumlah")[:8] == expected_total(APRIL_VILLAGES)
    assert "Kejadian menurut jenis" not in field_text
    assert "Tidak ada kegiatan pelatihan pada bulan ini." in words
    budget = flat(section(text, "E. Realisasi", "F. Nilai"))
    assert f"{rp(5_000_000)} {rp(750_000)} {rp(2_250_000)} {rp(2_750_000)} 45,00" in budget
    assert f"{rp(2_500_000)} {rp(0)} {rp(450_000)} {rp(2_050_000)} 18,00" in budget
    assert f"Jumlah {rp(7_500_000)} {rp(750_000)} {rp(2_700_000)} {rp(4_800_000)} 36,00" in budget
    indicators = flat(section(text, "F. Nilai", "Demikian"))
    assert "April 2026 Triwulan II 2026 Tahun 2026" in indicators
    assert "ketertiban desa 2 1 1 2 100,00" in indicators


def test_monthly_report_as_docx_has_the_same_figures(scene: SimpleNamespace) -> None:
    document = render(scene.world, 3, fmt="docx")
    assert document.filename == "laporan-bulanan-35.08.07-2026-03.docx"
    paragraphs, rows = docx_text(document.content)
    assert "Bulan Maret 2026" in paragraphs
    for name, figures in MARCH_VILLAGES.items():
        assert docx_row(rows, name) == figures
    total = docx_row(rows, "Jumlah")
    assert total[:6] == expected_total(MARCH_VILLAGES)[:6]
    assert total[6:8] == ["2 desa", "0 desa"]
    assert docx_row(rows, "Pelatihan Dasar LINMAS Maret")[1:5] == ["3", "4", "3", "Selesai"]
    assert docx_row(rows, "5.1.02.01.01.0052 Belanja Makanan dan Minuman Rapat") == [
        rp(5_000_000),
        rp(1_200_000),
        rp(1_500_000),
        rp(3_500_000),
        "30,00",
    ]
    budget_total = [rp(7_500_000), rp(1_650_000), rp(1_950_000), rp(5_550_000), "26,00"]
    assert ["Jumlah", *budget_total] in rows
    assert "1 dari 2 tindak lanjut" in paragraphs
    assert "Slamet Riyadi" in paragraphs


def test_monthly_report_of_an_empty_month_says_so_per_part(world: Any) -> None:
    """No office, plan, record or indicator: each part says there is nothing, the signature has
    the Kasi Trantib's title with a line for the name, and the month still open is SEMENTARA."""
    today = timezone.localdate()
    text = flat(render_current(world, today))
    assert "SEMENTARA" in text
    assert "Bulan ini belum berakhir" in text
    assert f"Belum ada rencana kerja (KAK) tahun {today.year} yang disetujui" in text
    assert "Tidak ada kegiatan rapat pada bulan ini." in text
    assert "0 dari 0 tindak lanjut" in text
    assert "Tidak ada kegiatan kunjungan lapangan dan tidak ada kejadian" in text
    assert "Tidak ada kegiatan pelatihan pada bulan ini." in text
    assert f"Belum ada mata anggaran tahun {today.year}." in text
    assert f"Belum ada indikator kinerja tahun {today.year}." in text
    assert "KEPALA SEKSI KETENTRAMAN DAN KETERTIBAN" in text
    assert "Darungan 0 0 0 0 0 0 Tidak" in text


def render_current(world: Any, today: dt.date) -> str:
    return pdf_text(
        report_kind("monthly")
        .build(
            ReportRequest(
                district_code=world.district.code, year=today.year, fmt="pdf", month=today.month
            )
        )
        .content
    )


@pytest.mark.parametrize(
    ("year", "month", "fmt", "message"),
    [
        (YEAR, None, "pdf", monthly.MESSAGE_NO_MONTH),
        (YEAR, 13, "pdf", monthly.MESSAGE_NO_MONTH),
        (1999, 5, "pdf", monthly.MESSAGE_YEAR),
        (2999, 5, "pdf", monthly.MESSAGE_YEAR),
        ("next", 0, "pdf", monthly.MESSAGE_FUTURE),
        (YEAR, 3, "xlsx", monthly.MESSAGE_FORMAT),
    ],
)
def test_monthly_report_refuses_a_month_that_makes_no_sense(
    world: Any, year: Any, month: Any, fmt: str, message: str
) -> None:
    if year == "next":  # the month after this one
        today = timezone.localdate()
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    with pytest.raises(ReportUnavailable) as refused:
        report_kind("monthly").build(
            ReportRequest(district_code=world.district.code, year=year, fmt=fmt, month=month)
        )
    assert refused.value.message == message


def test_monthly_report_of_an_unknown_kecamatan_is_refused(db: Any) -> None:
    with pytest.raises(ReportUnavailable) as refused:
        report_kind("monthly").build(
            ReportRequest(district_code="99.99.99", year=YEAR, fmt="pdf", month=3)
        )
    assert refused.value.message == monthly.MESSAGE_NO_DISTRICT


def test_monthly_report_is_registered_for_the_kecamatan_readers(world: Any) -> None:
    kind = report_kind("monthly")
    assert kind.needs_month is True
    assert kind.formats == ("pdf", "docx")
    code = world.district.code
    for user in (world.camat, world.admin, world.staff, world.national, world.regency_admin):
        assert kind.readers(user, code), user
    for user in (world.operator, world.partner, world.outsider, world.superuser, None):
        assert not kind.readers(user, code), user
    assert not kind.readers(world.admin, world.other_district.code)


def test_monthly_report_is_issued_and_archived_byte_for_byte(world: Any) -> None:
    """Through the catalogue's service: archived under "reports.monthly", downloadable again
    exactly as rendered; a desa operator may not make it."""
    request = ReportRequest(
        district_code=world.district.code, year=YEAR, fmt="pdf", month=2, actor=world.camat
    )
    issued = issue_report(key="monthly", request=request)
    assert issued.kind == "reports.monthly"
    assert issued.subject_key == "monthly:35.08.07:2026-02"
    assert issued.filename == "laporan-bulanan-35.08.07-2026-02.pdf"
    content = read_archived(issued)
    assert "Bulan Februari 2026" in flat(pdf_text(content))
    with pytest.raises(PermissionDenied):
        issue_report(
            key="monthly",
            request=ReportRequest(
                district_code=world.district.code,
                year=YEAR,
                fmt="pdf",
                month=2,
                actor=world.operator,
            ),
        )
