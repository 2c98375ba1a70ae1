"""The visit report PDF (Laporan Hasil Kunjungan/Monitoring): opened with pypdf, its text read."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import documents
from sitrantib.fieldwork.enums import Situation, VisitKind
from sitrantib.fieldwork.selectors import visit_detail
from sitrantib.fieldwork.services import visits as visit_services
from sitrantib.fieldwork.services.photos import add_photo
from sitrantib.fieldwork.tests.factories import make_post, make_visit, moment
from sitrantib.fieldwork.tests.test_views_visits import upload
from sitrantib.meetings.tests.factories import make_office
from sitrantib.regions.models import Signatory
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def _visit(world, **extra):
    post = make_post(world, name="Pos Kamling Krajan")
    extra.setdefault("kind", VisitKind.MONITORING)
    return make_visit(
        world,
        when=moment(dt.date(2026, 3, 12), 9),
        place="Balai Desa Darungan",
        posts=[post],
        activity_types=["detection", "patrol"],
        findings="Ronda berjalan tiga malam seminggu.",
        situation=Situation.RAWAN,
        situation_reason="Ada perkelahian antarpemuda",
        team=[
            visit_services.TeamMember(
                name="Agus Salim", institution=world.polsek, position="Bhabinkamtibmas"
            ),
        ],
        recommendations=["Tambah lampu di pos"],
        **extra,
    )


def test_the_report_carries_letterhead_visit_and_signatures(client, world):
    office = make_office(world.district)
    Signatory.objects.create(
        office=office,
        role="kasi_trantib",
        title="KEPALA SEKSI KETENTRAMAN DAN KETERTIBAN",
        name="Hadi Purnomo",
        rank="Penata",
        nip="198001012005011002",
    )
    visit = _visit(world)
    add_photo(owner=visit, file=upload(), actor=world.admin, caption="Kondisi pos ronda")
    client.force_login(world.operator)
    response = client.get(reverse("fieldwork:visit_pdf", args=[visit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = pdf_text(response.content)
    release(response)
    for expected in (
        "PEMERINTAH KABUPATEN LUMAJANG",
        "KECAMATAN YOSOWILANGUN",
        "LAPORAN HASIL MONITORING",
        "Kamis, 12 Maret 2026",
        "09.00",
        "Darungan",
        "Balai Desa Darungan",
        "Pos Kamling Krajan",
        "Agus Salim",
        "Bhabinkamtibmas",
        "Polsek Yosowilangun",
        "Deteksi dan cegah dini",
        "Patroli",
        "Ronda berjalan tiga malam seminggu.",
        "Rawan",
        "Ada perkelahian antarpemuda",
        "Penanganan: belum dicatat.",
        "Tambah lampu di pos",
        "Kondisi pos ronda",
        "Lumajang, 12 Maret 2026",
        "Mengetahui,",
        "CAMAT YOSOWILANGUN",
        "Budi Santoso",
        "Yang melaporkan,",
        "Hadi Purnomo",
        "NIP. 19800101 200501 1 002",
    ):
        assert expected in text, expected


def test_the_report_without_an_office_prints_titles_and_dotted_names(world):
    visit = _visit(world, kind=VisitKind.EVALUATION)
    text = pdf_text(documents.visit_report_pdf(visit_detail(visit.pk, scope_of(world.admin))))
    assert "LAPORAN HASIL MONITORING DAN EVALUASI" in text
    assert "Camat" in text
    assert "Kepala Seksi Ketentraman dan Ketertiban" in text
    assert "......" in text


def test_the_report_is_in_indonesian_for_an_english_reader(client, world):
    visit = _visit(world)
    client.force_login(world.admin)
    response = client.get(
        reverse("fieldwork:visit_pdf", args=[visit.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = pdf_text(response.content)
    assert "Kamis, 12 Maret 2026" in text
    assert "Temuan".upper() in text.upper()


@pytest.mark.parametrize("role", ["sibling_operator", "partner", "outsider"])
def test_the_report_is_not_found_out_of_scope(client, world, role):
    visit = _visit(world)
    client.force_login(getattr(world, role))
    assert client.get(reverse("fieldwork:visit_pdf", args=[visit.pk])).status_code == 404
