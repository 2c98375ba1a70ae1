"""Every existing document template also renders as DOCX.

The documents of meetings, trainings and field work were written for the PDF only; their real
contexts (built by the apps' own document functions) go through render_docx here, so the
converter meets real templates: tables inside tables, signature pairs, images as data: URIs,
inline styles, draft marks. Whatever it does not know must come out as text, never an error.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document

from sitrantib.core.documents import render_docx
from sitrantib.core.scoping import scope_of
from sitrantib.fieldwork import documents as fieldwork_documents
from sitrantib.fieldwork.selectors import visit_detail
from sitrantib.fieldwork.services.photos import add_photo
from sitrantib.fieldwork.tests.test_documents_visit import _visit
from sitrantib.fieldwork.tests.test_views_visits import upload
from sitrantib.meetings.documents import DOCUMENT_TEMPLATES, document_context
from sitrantib.meetings.tests.test_documents import held_meeting
from sitrantib.regions.models import Signatory
from sitrantib.trainings import documents as training_documents
from sitrantib.trainings import services as training_services
from sitrantib.trainings.models import Certificate, Enrolment
from sitrantib.trainings.tests.factories import (
    make_instructor,
    make_members,
    make_sessions,
    make_training,
    run_training,
)

__all__ = ["held_meeting"]  # the meetings fixture, used here

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> str:
    """Every paragraph of the body and of its tables (nested too), whitespace collapsed."""
    document = Document(io.BytesIO(content))
    texts = [node.text or "" for node in document.element.body.iter() if node.tag.endswith("}t")]
    return " ".join(" ".join(texts).split())


@pytest.mark.parametrize("name", sorted(DOCUMENT_TEMPLATES))
def test_every_meeting_document_renders_as_docx(world, held_meeting, name):
    context = document_context(meeting=held_meeting, user=world.admin, document=name)

    text = docx_text(render_docx(DOCUMENT_TEMPLATES[name], context))

    assert "KECAMATAN YOSOWILANGUN" in text
    assert held_meeting.title in text
    if name == "notulen":
        assert "Patroli gabungan tiap malam Minggu" in text
        assert "Rina" in text


def test_every_training_document_renders_as_docx(world, monkeypatch):
    """The trainings' own document functions, their renderer swapped for render_docx."""
    from sitrantib.meetings.tests.factories import make_office

    make_office(world.district)
    training = make_training(world, capacity=4, transport_per_day=Decimal(50000))
    instructor = make_instructor(world)
    sessions = make_sessions(
        world, training, count=2, instructor=instructor, honorarium=Decimal(500000)
    )
    make_members(world.village, 3)
    training_services.enrol_village(training=training, village=world.village, actor=world.admin)
    training = run_training(world, training)
    enrolments = list(Enrolment.objects.filter(training=training))
    for session in sessions:
        training_services.mark_attendance(
            session=session, marks={e.pk: "hadir" for e in enrolments}, actor=world.admin
        )
    training_services.set_scores(
        training=training, scores={e.pk: (50, 80) for e in enrolments}, actor=world.admin
    )
    training = training_services.transition_training(
        training=training, to_status="finished", actor=world.admin
    )
    training_services.issue_certificates(
        training=training, actor=world.admin, on=dt.date(2026, 3, 13)
    )
    monkeypatch.setattr(training_documents, "render_pdf", render_docx)

    rendered = {
        "attendance": training_documents.attendance_sheet_pdf(sessions[0]),
        "assignment": training_documents.assignment_pdf(sessions[0]),
        "transport": training_documents.transport_pdf(training),
        "honorarium": training_documents.honorarium_pdf(training),
        "certificates": training_documents.certificates_pdf(
            training_documents.certificates_for_print(
                Certificate.objects.filter(enrolment__training=training)
            ),
            verify_url=lambda code: f"https://sitrantib.example.go.id/cek/{code}",
        ),
        "report": training_documents.report_pdf(training),
    }

    for name, content in rendered.items():
        text = docx_text(content)
        assert "KECAMATAN YOSOWILANGUN" in text or name == "certificates", name
        if name in ("attendance", "transport", "certificates"):
            assert enrolments[0].member.name in text, name
    assert "AIPTU Sugeng" in docx_text(rendered["honorarium"])
    assert "Rp1.000.000" in docx_text(rendered["honorarium"])


def test_the_visit_report_with_a_photo_renders_as_docx(world):
    from sitrantib.meetings.tests.factories import make_office

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
    context = fieldwork_documents.visit_report_context(
        visit_detail(visit.pk, scope_of(world.admin))
    )

    content = render_docx("fieldwork/documents/visit_report.html", context)

    text = docx_text(content)
    # The title is a Word heading 1, shown in capitals as in the PDF.
    assert "laporan hasil monitoring" in text.lower()
    for expected in ("Kondisi pos ronda", "Hadi Purnomo", "Pos Kamling Krajan"):
        assert expected in text
    assert "NIP. 19800101 200501 1 002" in text
    # The photo travels as an image in the Word file.
    assert len(Document(io.BytesIO(content)).inline_shapes) >= 1
