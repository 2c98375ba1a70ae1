"""Script, HTML and formulas typed into the main text fields come out as the text that was typed.

`SCRIPT` (`<script>alert("x")</script><img src=x onerror=alert(1)>`) and the formulas
(`=HYPERLINK("http://evil","klik")`, `=1+1`, `@SUM(A1)`) are stored in member, meeting, decision,
action item, survey suggestion, training and institution text; then every page that shows them is
escaped (no raw payload), every XLSX export writes them as text cells (never a formula), and every
PDF shows the literal text and renders.
"""

import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from sitrantib.linmas.models import Member
from sitrantib.meetings.models import ActionItem, Meeting
from sitrantib.meetings.services import add_decision
from sitrantib.regions.models import Institution
from sitrantib.surveys.models import SurveyPeriod
from sitrantib.surveys.tests.conftest import payload as survey_payload
from sitrantib.testing.bad_input import FORMULAS, SCRIPT
from sitrantib.trainings.models import Training

from .seed import populate

RAW = ('<script>alert("x")</script>', "<img src=x onerror=alert(1)>")
ESCAPED = "&lt;script&gt;alert("


def _body(response: Any) -> bytes:
    if response.streaming:
        content = b"".join(response.streaming_content)
        if getattr(response, "file_to_stream", None) is not None:
            response.file_to_stream.close()
        return content
    return response.content


@pytest.fixture
def stored(world: Any, client: Any, settings: Any) -> dict[str, Any]:
    """The payloads in the main text fields. Members, meetings, items, trainings and the
    institution take them as old rows would hold them; the suggestion and the decision come
    through their services (the public questionnaire and the minutes)."""
    settings.SITRANTIB_SURVEY_RATE_LIMIT_PER_MINUTE = 1_000
    seed = populate(world)
    Member.objects.filter(pk=seed["member"].pk).update(
        name=f"Budi {SCRIPT}",
        address=FORMULAS[0],
        birth_place=FORMULAS[1],
        occupation=FORMULAS[2],
    )
    Meeting.objects.filter(pk=seed["meeting"].pk).update(
        title=f"Rapat {SCRIPT}", venue=FORMULAS[0], minutes_summary=f"Ringkasan {SCRIPT}"
    )
    add_decision(meeting=seed["meeting"], text=f"Keputusan {SCRIPT}", actor=world.admin)
    ActionItem.objects.filter(pk=seed["item"].pk).update(description=f"Patroli {SCRIPT}")
    Training.objects.filter(pk=seed["training"].pk).update(
        title=f"Pelatihan {SCRIPT}", venue=FORMULAS[0]
    )
    Institution.objects.filter(pk=world.polsek.pk).update(name=f"Polsek {SCRIPT}")
    SurveyPeriod.objects.filter(pk=seed["survey"].pk).update(title=f"SKM {SCRIPT}")
    answer = client.post(
        f"/api/v1/surveys/{seed['survey'].pk}/responses/",
        data=json.dumps(survey_payload(suggestion=f"{SCRIPT} {FORMULAS[0]}")),
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    client.force_login(world.admin)
    return seed


PAGES = {
    "register": lambda s: "/linmas/anggota/",
    "member": lambda s: f"/linmas/anggota/{s['member'].pk}/",
    "member edit": lambda s: f"/linmas/anggota/{s['member'].pk}/ubah/",
    "meetings": lambda s: "/rapat/daftar/",
    "meeting": lambda s: f"/rapat/{s['meeting'].pk}/",
    "minutes edit": lambda s: f"/rapat/{s['meeting'].pk}/notulen/",
    "action item": lambda s: f"/rapat/tindak-lanjut/{s['item'].pk}/",
    "institutions": lambda s: "/rapat/instansi/",
    "trainings": lambda s: "/pelatihan/",
    "training": lambda s: f"/pelatihan/{s['training'].pk}/",
    "training participants": lambda s: f"/pelatihan/{s['training'].pk}/peserta/",
    "survey": lambda s: f"/survei/{s['survey'].pk}/",
    "survey results": lambda s: f"/survei/{s['survey'].pk}/hasil/",
    "home": lambda s: "/",
    "audit log": lambda s: "/sistem/log-audit/",
}


@pytest.mark.django_db
def test_every_page_showing_the_payload_escapes_it(client: Any, stored: dict[str, Any]) -> None:
    shown = []
    for name, url_of in PAGES.items():
        response = client.get(url_of(stored))
        html = response.content.decode()
        assert response.status_code == 200, name
        assert not [raw for raw in RAW if raw in html], name
        if ESCAPED in html:
            shown.append(name)
    # The payload is on the pages that show those records (escaped), not silently dropped.
    expected = {
        "register",
        "member",
        "meeting",
        "action item",
        "training",
        "institutions",
        "survey",
    }
    assert expected <= set(shown), shown


XLSX_EXPORTS = {
    "register": lambda s: "/linmas/ekspor/register.xlsx",
    "training report": lambda s: f"/pelatihan/{s['training'].pk}/laporan.xlsx",
    "survey raw data": lambda s: f"/survei/{s['survey'].pk}/data.xlsx",
}


@pytest.mark.django_db
@pytest.mark.parametrize("export", XLSX_EXPORTS)
def test_xlsx_export_writes_script_and_formulas_as_text(
    client: Any, stored: dict[str, Any], export: str
) -> None:
    response = client.get(XLSX_EXPORTS[export](stored))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(_body(response)))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    payload_cells = [
        cell
        for cell in cells
        if isinstance(cell.value, str)
        and any(mark in cell.value for mark in ("alert(", "HYPERLINK", "1+1", "SUM(A1)"))
    ]
    assert payload_cells, "the export shows none of the stored text"
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert {c.data_type for c in payload_cells} == {"s"}
    # What starts as a formula is kept as visible text (core/spreadsheets.safe_cell).
    assert all(c.value.startswith("'") for c in payload_cells if c.value.lstrip("'")[:1] in "=+-@")


PDFS = {
    "register list": (lambda s: "/linmas/ekspor/daftar.pdf", "Budi <script>"),
    "minutes": (lambda s: f"/rapat/{s['meeting'].pk}/notulen.pdf", "Keputusan <script>"),
    "meeting report": (lambda s: f"/rapat/{s['meeting'].pk}/laporan.pdf", "Rapat <script>"),
    "invitation": (lambda s: f"/rapat/{s['meeting'].pk}/undangan.pdf", "Polsek <script>"),
    "training report": (lambda s: f"/pelatihan/{s['training'].pk}/laporan.pdf", "<script>"),
    "survey report": (lambda s: f"/survei/{s['survey'].pk}/laporan.pdf", "SKM <script>"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("document", PDFS)
def test_pdf_shows_the_payload_as_literal_text(
    client: Any, stored: dict[str, Any], document: str
) -> None:
    url_of, expected = PDFS[document]
    response = client.get(url_of(stored))
    assert response.status_code == 200, document
    reader = PdfReader(io.BytesIO(_body(response)))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text += " " + str((reader.metadata or {}).get("/Title", ""))  # the document's title
    assert len(reader.pages) >= 1
    assert expected in " ".join(text.split()), text[:500]
    assert "&lt;" not in text  # escaped once, not twice
