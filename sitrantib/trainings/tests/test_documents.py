"""The printed documents of a training: SPJ sheets, assignment letter, certificates, report.

The PDFs are real (WeasyPrint), opened with pypdf; their totals are read back and compared with
figures computed here by hand. Each document is built in the same number of queries for 3 and
for 180 participants.
"""

import datetime as dt
import io
import re
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sitrantib.core.formatting import terbilang
from sitrantib.meetings.tests.factories import make_office
from sitrantib.regions.models import Signatory
from sitrantib.testing.responses import release
from sitrantib.trainings import services
from sitrantib.trainings.models import Certificate, Enrolment
from sitrantib.trainings.tests.factories import (
    make_instructor,
    make_members,
    make_sessions,
    make_training,
    run_training,
)

pytestmark = pytest.mark.django_db

RATE = Decimal(50000)
HONORARIUM = Decimal(500000)
KASI_NAME = "Hadi Purnomo"


def pdf_text(content: bytes) -> tuple[str, int]:
    """The text of every page of a PDF (whitespace collapsed) and its number of pages."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def make_signatories(world: Any) -> Any:
    """The office with its Camat (meetings factory) and its section head."""
    office = make_office(world.district)
    Signatory.objects.create(
        office=office,
        role="kasi_trantib",
        title="KEPALA SEKSI KETENTRAMAN DAN KETERTIBAN",
        name=KASI_NAME,
        rank="Penata",
        nip="198001012005011002",
    )
    return office


def page_texts(content: bytes) -> list[str]:
    return [
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(content)).pages
    ]


def build(world: Any, here: int, there: int = 0, *, finish: bool = True) -> SimpleNamespace:
    """A training of `here` participants of world.village and `there` of the sibling desa over 3
    sessions on 3 days, everyone present at every session, post-test 80, with an instructor paid
    Rp500.000 a session (PPh 5 %); finished with certificates unless `finish` is False."""
    training = make_training(world, capacity=here + there, transport_per_day=RATE)
    instructor = make_instructor(world)
    sessions = make_sessions(world, training, count=3, instructor=instructor, honorarium=HONORARIUM)
    for village, count in ((world.village, here), (world.sibling_village, there)):
        if count:
            make_members(village, count)
            services.enrol_village(training=training, village=village, actor=world.admin)
    training = run_training(world, training)
    enrolments = list(Enrolment.objects.filter(training=training).order_by("pk"))
    for session in sessions:
        services.mark_attendance(
            session=session, marks={e.pk: "hadir" for e in enrolments}, actor=world.admin
        )
    services.set_scores(
        training=training, scores={e.pk: (50, 80) for e in enrolments}, actor=world.admin
    )
    certificates: list[Certificate] = []
    if finish:
        training = services.transition_training(
            training=training, to_status="finished", actor=world.admin
        )
        certificates = services.issue_certificates(
            training=training, actor=world.admin, on=dt.date(2026, 3, 13)
        )
    return SimpleNamespace(
        training=training,
        sessions=sessions,
        enrolments=enrolments,
        certificates=certificates,
        instructor=instructor,
    )


# Every document's route and the object its URL names.
TRAINING_DOCUMENTS = (
    "trainings:sheets",
    "trainings:transport_pdf",
    "trainings:honorarium_pdf",
    "trainings:certificates_pdf",
    "trainings:report_pdf",
    "trainings:report_xlsx",
)
SESSION_DOCUMENTS = ("trainings:attendance_sheet_pdf", "trainings:assignment_pdf")


def routes(scene: SimpleNamespace) -> dict[str, str]:
    urls = {name: reverse(name, kwargs={"pk": scene.training.pk}) for name in TRAINING_DOCUMENTS}
    for name in SESSION_DOCUMENTS:
        urls[name] = reverse(name, kwargs={"pk": scene.sessions[0].pk})
    urls["trainings:certificate_pdf"] = reverse(
        "trainings:certificate_pdf", kwargs={"pk": scene.certificates[0].pk}
    )
    return urls


def fetch(client: Any, url: str) -> tuple[int, bytes]:
    """(number of queries, body) of a GET answered 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response) if response.streaming else response.content
        release(response)
    return len(queries), body


def rupiah_amounts(text: str) -> list[int]:
    return [int(x.replace(".", "")) for x in re.findall(r"Rp([\d.]+\d)", text)]


def test_documents_of_180_take_the_queries_of_3_and_print_totals_computed_from_rows(client, world):
    make_signatories(world)
    small = build(world, 2, 1)  # finished first: its 3 members are trained, not enrolled again
    big = build(world, 90, 90)
    assert len(big.enrolments) == 180
    client.force_login(world.admin)
    small_urls, big_urls = routes(small), routes(big)
    fetch(client, small_urls["trainings:sheets"])  # the first request of a session reads more
    bodies = {}
    for name in small_urls:
        small_count, _body = fetch(client, small_urls[name])
        big_count, bodies[name] = fetch(client, big_urls[name])
        assert big_count == small_count, f"{name}: {small_count} queries for 3, {big_count} for 180"

    # Transport: 180 participants x 3 days x Rp50.000, every row printed, the total and words.
    expected = 180 * 3 * 50_000
    assert expected == 27_000_000
    text, pages = pdf_text(bodies["trainings:transport_pdf"])
    assert pages > 1
    amounts = rupiah_amounts(text.split("Uang transport")[1])
    rows, printed_total = amounts[1:-1], amounts[-1]  # [rate, rows..., total]
    assert len(rows) == 180
    assert set(rows) == {150_000}
    assert sum(rows) == printed_total == expected
    assert "Jumlah Rp27.000.000" in text
    assert f"Terbilang: {terbilang(expected)} rupiah" in text
    assert "Terbilang: dua puluh tujuh juta rupiah" in text
    assert "NIK" not in text
    # No participant's NIK (their names carry a serial, so a bare digit string proves nothing).
    niks = Enrolment.objects.filter(training=big.training).values_list("member__nik", flat=True)
    assert not [nik for nik in niks if nik in text.replace(" ", "")]
    for page in page_texts(bodies["trainings:transport_pdf"]):  # the header on every page
        assert "Rp150.000" not in page or "Hari hadir Jumlah (Rp) Tanda tangan" in page

    # Attendance list of a session: every participant, header on every page, signature block.
    text, pages = pdf_text(bodies["trainings:attendance_sheet_pdf"])
    assert pages > 1
    for page in page_texts(bodies["trainings:attendance_sheet_pdf"]):
        assert "Anggota" not in page or "No. Nama Desa Tanda tangan" in page
    for enrolment in big.enrolments:
        assert enrolment.member.name in text
    assert text.index("180 Anggota") < text.index(KASI_NAME)
    assert "Halaman 1 dari " in text

    # Honorarium: 3 sessions of Rp500.000 less PPh 5 %.
    text, _pages = pdf_text(bodies["trainings:honorarium_pdf"])
    assert "Jumlah Rp1.500.000 Rp75.000 Rp1.425.000" in text
    assert f"{terbilang(1_425_000)} rupiah" in text

    # Report: participants, completion and cost per member trained.
    text, _pages = pdf_text(bodies["trainings:report_pdf"])
    cost = expected + 1_500_000
    assert "Peserta 180" in text
    assert "Lulus 180" in text
    assert f"Rp{cost:,}".replace(",", ".") in text
    assert "Biaya per anggota terlatih Rp158.333" in text  # 28.500.000 / 180, rounded
    assert "SEMENTARA" not in text

    # Certificates: one page each, every number and name, only those in force.
    text, pages = pdf_text(bodies["trainings:certificates_pdf"])
    assert pages == 180
    for certificate in big.certificates:
        assert f"Nomor: {certificate.number}" in text.replace("SERTIFIKATNomor", "Nomor")

    # The SPJ page shows the same totals.
    page = bodies["trainings:sheets"].decode()
    assert 'id="transport-total">Rp27.000.000<' in page
    assert "dua puluh tujuh juta rupiah" in page
    assert 'id="honorarium-net">Rp1.425.000<' in page


def test_report_xlsx_has_the_figures_as_numbers(client, world):
    make_signatories(world)
    scene = build(world, 2, 1)
    client.force_login(world.camat)
    _count, body = fetch(client, reverse("trainings:report_xlsx", kwargs={"pk": scene.training.pk}))
    book = load_workbook(io.BytesIO(body))
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Peserta"] == 3
    assert summary["Lulus"] == 3
    assert summary["Jumlah sesi"] == 3
    assert summary["Biaya (Rp)"] == 3 * 3 * 50_000 + 1_500_000
    assert summary["Biaya per anggota terlatih (Rp)"] == (3 * 3 * 50_000 + 1_500_000) // 3
    assert summary["Rata-rata pre-test"] == 50
    assert summary["Kenaikan nilai"] == 30
    assert summary["Kehadiran rata-rata (%)"] == 100
    villages = list(book["Per desa"].iter_rows(values_only=True))
    assert villages[0][:3] == ("Desa", "Peserta", "Lulus")
    assert [row[:3] for row in villages[1:]] == [
        ("Darungan", 2, 2),
        ("Kraton", 1, 1),
        ("Jumlah", 3, 3),
    ]


def test_transport_list_and_report_of_a_running_training_are_provisional(client, world):
    make_signatories(world)
    scene = build(world, 2, finish=False)
    client.force_login(world.admin)
    for name in ("trainings:transport_pdf", "trainings:report_pdf"):
        _count, body = fetch(client, reverse(name, kwargs={"pk": scene.training.pk}))
        assert "SEMENTARA" in pdf_text(body)[0], name
    page = client.get(reverse("trainings:sheets", kwargs={"pk": scene.training.pk}))
    assert 'id="sheets-provisional"' in page.content.decode()


def test_assignment_letter_is_a_draft_until_it_has_its_number(client, world):
    make_signatories(world)
    scene = build(world, 1, finish=False)
    session = scene.sessions[0]
    url = reverse("trainings:assignment_pdf", kwargs={"pk": session.pk})
    client.force_login(world.admin)
    text, _pages = pdf_text(fetch(client, url)[1])
    assert text.startswith("DRAF")
    assert "Nomor: ....." in text
    assert "AIPTU Sugeng" in text
    assert "Materi 1" in text
    assert "Selasa, 10 Maret 2026" in text
    session = services.issue_assignment(
        session=session, actor=world.admin, letter_date=dt.date(2026, 3, 2)
    )
    assert session.assignment_number
    text, _pages = pdf_text(fetch(client, url)[1])
    assert "DRAF" not in text
    assert f"Nomor: {session.assignment_number}" in text
    assert "Lumajang, 2 Maret 2026 CAMAT YOSOWILANGUN Budi Santoso" in text


def test_certificate_prints_number_name_and_the_public_verification_address(
    client, world, settings
):
    settings.SITRANTIB_PUBLIC_URL = "http://192.168.1.10:8000"
    make_signatories(world)
    scene = build(world, 1, 1)
    certificate = scene.certificates[0]
    client.force_login(world.admin)
    body = fetch(client, reverse("trainings:certificate_pdf", kwargs={"pk": certificate.pk}))[1]
    text, pages = pdf_text(body)
    assert pages == 1
    assert certificate.number in text
    assert certificate.enrolment.member.name in text
    assert "Desa Darungan" in text
    address = f"http://192.168.1.10:8000/verifikasi/sertifikat/{certificate.verification_code}/"
    assert address in text.replace("/ ", "/")
    assert "DRAF" not in text
    assert "Lumajang, 13 Maret 2026 CAMAT YOSOWILANGUN Budi Santoso" in text
    assert PdfReader(io.BytesIO(body)).pages[0].images  # the QR code


def test_certificate_with_a_laptop_only_address_is_a_draft_that_says_why(client, world, settings):
    settings.SITRANTIB_PUBLIC_URL = "http://127.0.0.1:8000"
    make_signatories(world)
    scene = build(world, 1)
    client.force_login(world.admin)
    url = reverse("trainings:certificate_pdf", kwargs={"pk": scene.certificates[0].pk})
    text, _pages = pdf_text(fetch(client, url)[1])
    assert text.startswith("DRAF")
    assert "hanya terbuka di komputer ini" in text
    page = client.get(reverse("trainings:sheets", kwargs={"pk": scene.training.pk}))
    assert 'id="loopback-address-warning"' in page.content.decode()


def test_the_training_signatory_signs_its_certificates(client, world):
    office = make_signatories(world)
    scene = build(world, 1)
    kasi = Signatory.objects.get(office=office, role="kasi_trantib")
    services.update_training(
        training=scene.training, changes={"signatory": kasi}, actor=world.admin
    )
    client.force_login(world.admin)
    url = reverse("trainings:certificates_pdf", kwargs={"pk": scene.training.pk})
    text, _pages = pdf_text(fetch(client, url)[1])
    assert KASI_NAME in text
    assert "Budi Santoso" not in text


def test_revoked_certificate_is_refused_and_left_out_of_the_training_pdf(client, world):
    make_signatories(world)
    scene = build(world, 2)
    revoked, kept = scene.certificates
    services.revoke_certificate(
        certificate=revoked, reason="data peserta keliru", actor=world.admin
    )
    client.force_login(world.admin)
    response = client.get(reverse("trainings:certificate_pdf", kwargs={"pk": revoked.pk}))
    assert response.status_code == 302
    assert response["Content-Type"] != "application/pdf"
    refusal = client.get(response["Location"])
    assert "sudah dicabut" in " ".join(str(m) for m in refusal.context["messages"])
    url = reverse("trainings:certificates_pdf", kwargs={"pk": scene.training.pk})
    text, pages = pdf_text(fetch(client, url)[1])
    assert pages == 1
    assert kept.number in text
    assert revoked.number not in text


def test_training_without_certificates_in_force_prints_none_and_says_so(client, world):
    make_signatories(world)
    scene = build(world, 1, finish=False)
    client.force_login(world.admin)
    response = client.get(reverse("trainings:certificates_pdf", kwargs={"pk": scene.training.pk}))
    assert response.status_code == 302
    assert response["Location"] == scene.training.get_absolute_url()


def test_sheets_page_says_plainly_when_no_budget_line_is_linked(client, world):
    scene = build(world, 1)
    client.force_login(world.staff)
    page = client.get(reverse("trainings:sheets", kwargs={"pk": scene.training.pk}))
    html = page.content.decode()
    assert 'id="budget-none"' in html
    assert 'id="budget-check"' not in html


@pytest.mark.parametrize(
    ("ceiling", "spent", "verdict"),
    [(1_000_000, 0, "budget-within"), (1_000_000, 400_000, "budget-over")],
)
def test_sheets_page_checks_the_total_against_the_budget_line(
    client, world, ceiling, spent, verdict
):
    from sitrantib.budget import services as budget_services
    from sitrantib.budget.tests.conftest import make_line

    scene = build(world, 2, finish=False)  # 2 x 3 x Rp50.000 + 3 x Rp500.000 = Rp1.800.000
    line = make_line(world, name="Belanja Pelatihan LINMAS", ceiling=ceiling * 2)
    if spent:
        budget_services.record_spending(
            line=line,
            on_date=dt.date(2026, 2, 1),
            amount=Decimal(spent),
            description="Konsumsi",
            actor=world.admin,
        )
    services.update_training(
        training=scene.training, changes={"budget_line": line}, actor=world.admin
    )
    client.force_login(world.admin)
    html = client.get(reverse("trainings:sheets", kwargs={"pk": scene.training.pk})).content
    html = html.decode()
    assert f'id="{verdict}"' in html
    assert "Rp2.000.000" in html
    assert "Rp1.800.000" in html


# Access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("camat", 200),
        ("staff", 200),
        ("national", 200),
        ("operator", 403),
        ("sibling_operator", 403),
        ("partner", 403),  # its person teaches here, so it sees the training, not the sheets
        ("outsider", 404),
        ("superuser", 404),
    ],
)
def test_sheets_and_report_are_for_managers_camat_and_staff(client, world, role, status):
    scene = build(world, 1, 1)
    client.force_login(getattr(world, role))
    for name, url in routes(scene).items():
        if name in ("trainings:certificate_pdf", "trainings:certificates_pdf"):
            continue
        response = client.get(url)
        assert response.status_code == status, (name, response.status_code)
        release(response)


def test_anonymous_is_sent_to_the_login_page(client, world):
    scene = build(world, 1)
    for name, url in routes(scene).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/akun/masuk/" in response["Location"], name


def test_village_operator_prints_only_its_own_desa_certificates(client, world):
    make_signatories(world)
    scene = build(world, 1, 1)
    own = next(c for c in scene.certificates if c.enrolment.village_id == world.village.code)
    other = next(c for c in scene.certificates if c is not own)
    client.force_login(world.operator)
    text, _pages = pdf_text(
        fetch(client, reverse("trainings:certificate_pdf", kwargs={"pk": own.pk}))[1]
    )
    assert own.number in text
    assert (
        client.get(reverse("trainings:certificate_pdf", kwargs={"pk": other.pk})).status_code == 404
    )
    url = reverse("trainings:certificates_pdf", kwargs={"pk": scene.training.pk})
    text, pages = pdf_text(fetch(client, url)[1])
    assert pages == 1
    assert own.number in text
    assert other.number not in text
    assert client.get(url + f"?desa={world.sibling_village.code}").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("partner", 403), ("outsider", 404), ("superuser", 404)]
)
def test_certificates_are_not_for_partner_and_outsider(client, world, role, status):
    scene = build(world, 1)
    client.force_login(getattr(world, role))
    certificate = scene.certificates[0]
    assert (
        client.get(reverse("trainings:certificate_pdf", kwargs={"pk": certificate.pk})).status_code
        == 404
    )
    response = client.get(reverse("trainings:certificates_pdf", kwargs={"pk": scene.training.pk}))
    assert response.status_code == status


def test_certificates_of_one_desa_by_filter(client, world):
    scene = build(world, 1, 1)
    client.force_login(world.admin)
    url = reverse("trainings:certificates_pdf", kwargs={"pk": scene.training.pk})
    text, pages = pdf_text(fetch(client, url + f"?desa={world.sibling_village.code}")[1])
    assert pages == 1
    assert "Desa Kraton" in text
    page = client.get(reverse("trainings:sheets", kwargs={"pk": scene.training.pk}))
    assert f"?desa={world.sibling_village.code}" in page.content.decode()


def test_more_certificates_than_one_file_holds_are_refused_with_a_message(
    client, world, monkeypatch
):
    from sitrantib.trainings import documents

    scene = build(world, 2, 1)
    monkeypatch.setattr(documents, "MAX_CERTIFICATES", 2)
    client.force_login(world.admin)
    url = reverse("trainings:certificates_pdf", kwargs={"pk": scene.training.pk})
    response = client.get(url, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "paling banyak 2 sertifikat" in " ".join(str(m) for m in response.context["messages"])
    _text, pages = pdf_text(fetch(client, url + f"?desa={world.village.code}")[1])
    assert pages == 2
