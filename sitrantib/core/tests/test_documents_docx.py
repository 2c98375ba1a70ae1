"""The DOCX of a document template: opened with python-docx and read back."""

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from sitrantib.core.documents import render_document, render_docx
from sitrantib.regions.models import OfficeProfile, Signatory

SAMPLE_TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture
def office(world):
    office = OfficeProfile.objects.create(
        district=world.district,
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
        name="Drs. Contoh Nama",
        rank="Pembina",
        nip="197001011990031001",
    )
    return office


@pytest.fixture
def sample_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], SAMPLE_TEMPLATES]}
    ]


def sample_context(office, **extra):
    context = {
        "office": office,
        "signatory": office.signatories.get(),
        "signed_on": dt.date(2020, 1, 6),
        "year": 2020,
        "page_size": "A4",
        "program": "Program Ketenteraman",
        "note": "Catatan.",
        "rows": [
            {"label": "Pembinaan Linmas", "a": 23400000, "b": 25000000},
            {"label": "Patroli", "a": 1500000, "b": 2000000},
        ],
        "total_a": 24900000,
        "total_b": 27000000,
    }
    context.update(extra)
    return context


def open_docx(content: bytes):
    return Document(io.BytesIO(content))


def numbering_labels(document) -> list[tuple[str, str]]:
    """(label, text) of every paragraph, the label as Word shows it ("1.", "a.", "·"),
    computed from the numbering definitions the way Word counts."""
    numbering = document.part.numbering_part.element
    abstract_of = {
        num.get(qn("w:numId")): num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for num in numbering.findall(qn("w:num"))
    }
    levels = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        for level in abstract.findall(qn("w:lvl")):
            levels[(abstract.get(qn("w:abstractNumId")), level.get(qn("w:ilvl")))] = (
                level.find(qn("w:numFmt")).get(qn("w:val")),
                level.find(qn("w:lvlText")).get(qn("w:val")),
                int(level.find(qn("w:start")).get(qn("w:val"))),
            )
    counters: dict[tuple[str, str], int] = {}
    labels = []
    for paragraph in document.paragraphs:
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if num_pr is None:
            labels.append(("", paragraph.text))
            continue
        num_id, level = str(num_pr.numId.val), str(num_pr.ilvl.val)
        fmt, text, start = levels[(abstract_of[num_id], level)]
        key = (num_id, level)
        counters[key] = counters.get(key, start - 1) + 1
        value = counters[key]
        shown = {
            "decimal": str(value),
            "lowerLetter": chr(ord("a") + value - 1),
            "upperLetter": chr(ord("A") + value - 1),
        }.get(fmt, "")
        labels.append((text.replace(f"%{int(level) + 1}", shown), paragraph.text))
    return labels


def test_docx_has_word_headings_paragraphs_and_formatting(office, sample_templates):
    document = open_docx(render_docx("documents_sample/sample.html", sample_context(office)))

    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Laporan Contoh"),
        ("Heading 2", "A. Latar Belakang"),
        ("Heading 3", "Rincian"),
        ("Heading 2", "B. Capaian"),
    ]
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Paragraf"))
    assert paragraph.text == "Paragraf tebal, miring dan garis bawah. Catatan."
    runs = {run.text: run for run in paragraph.runs}
    assert runs["tebal"].bold
    assert runs["miring"].italic
    assert runs["garis bawah"].underline
    assert document.core_properties.title == "Laporan Contoh 2020"
    # Unknown tags keep their text.
    assert "Tag tak dikenal tetap teks" in [p.text for p in document.paragraphs]
    # The page break before "B. Capaian" is a real page break.
    capaian = next(p for p in document.paragraphs if p.text == "B. Capaian")
    assert capaian.paragraph_format.page_break_before


def test_docx_lists_are_word_numbering_with_nested_letters_and_dots(office, sample_templates):
    document = open_docx(render_docx("documents_sample/sample.html", sample_context(office)))

    listed = [(label, text) for label, text in numbering_labels(document) if label]
    assert listed == [
        ("1.", "Dasar hukum"),
        ("a.", "Undang-Undang pertama"),
        ("b.", "Peraturan kedua"),
        ("2.", "Gambaran umum"),
        ("a)", "huruf dalam kurung"),
        ("\u00b7", "butir satu"),
        ("\u00b7", "butir dua"),
    ]


def test_docx_tables_have_borders_merged_cells_and_right_aligned_numbers(office, sample_templates):
    document = open_docx(render_docx("documents_sample/sample.html", sample_context(office)))

    plain, budget, achievement = document.tables[-3:]
    assert [c.text for c in plain.rows[0].cells] == ["Nama Program", ":", "Program Ketenteraman"]
    assert plain.style.name != "Table Grid"
    assert budget.style.name == "Table Grid"
    # "No." spans two rows, "Anggaran (Rp)" two columns.
    assert budget.cell(0, 0)._tc is budget.cell(1, 0)._tc or budget.cell(1, 0).text == "No."
    assert budget.cell(0, 2).text == budget.cell(0, 3).text == "Anggaran (Rp)"
    assert budget.cell(0, 2)._tc is budget.cell(0, 3)._tc
    assert [budget.cell(1, c).text for c in (2, 3)] == ["2019", "2020"]
    assert [budget.cell(2, c).text for c in range(4)] == [
        "1",
        "Pembinaan Linmas",
        "Rp23.400.000",
        "Rp25.000.000",
    ]
    assert budget.cell(2, 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert budget.cell(4, 0).text == budget.cell(4, 1).text == "Jumlah"
    assert budget.cell(4, 2).text == "Rp24.900.000"
    # The header rows repeat on every page; th is bold.
    header_rows = [row for row in budget.rows if row._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(header_rows) == 2
    assert all(run.bold for run in budget.cell(0, 1).paragraphs[0].runs)
    assert achievement.cell(1, 1).text == "87,50"


def test_docx_letterhead_comes_from_the_office_profile(office, sample_templates):
    document = open_docx(render_docx("documents_sample/sample.html", sample_context(office)))

    first_lines = [p.text for p in document.paragraphs[:5]]
    assert first_lines[:4] == [
        "PEMERINTAH KABUPATEN LUMAJANG",
        "KECAMATAN YOSOWILANGUN",
        "Jl. Mayjen Soekartijo No. 56 Telp. (0334) 390555",
        "YOSOWILANGUN - 67382",
    ]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in document.paragraphs[:4])
    # A double rule under the letterhead.
    rule = document.paragraphs[4]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:val")) == "double"


def test_docx_signature_block_is_right_aligned_and_kept_together(office, sample_templates):
    document = open_docx(render_docx("documents_sample/sample.html", sample_context(office)))

    texts = [p.text for p in document.paragraphs]
    start = texts.index("Demikian untuk menjadi perhatian.")
    block = document.paragraphs[start:]
    assert [p.text for p in block if p.text] == [
        "Demikian untuk menjadi perhatian.",
        "Lumajang, 6 Januari 2020",
        "CAMAT YOSOWILANGUN",
        "Drs. Contoh Nama",
        "Pembina",
        "NIP. 19700101 199003 1 001",
    ]
    # Everything up to the NIP is kept with the next paragraph: the block never splits.
    assert all(
        p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next
        for p in block[:-1]
    )
    name = next(p for p in block if p.text == "Drs. Contoh Nama")
    assert name.runs[0].bold
    assert name.runs[0].underline
    signature = [p for p in block[1:] if p.text]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in signature)
    # Indented so the 7.5 cm block stands at the right margin of the A4 page.
    section = document.sections[0]
    content_width = section.page_width - section.left_margin - section.right_margin
    assert abs(signature[0].paragraph_format.left_indent - (content_width - Cm(7.5))) < Cm(0.05)


def test_docx_footer_shows_page_x_of_y_as_fields(office, sample_templates):
    document = open_docx(render_docx("documents_sample/sample.html", sample_context(office)))

    footer = document.sections[0].footer.paragraphs[0]
    xml = footer._p.xml
    assert footer.text.startswith("Halaman ")
    assert " dari " in footer.text
    instructions = [node.text.strip() for node in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert xml.count('w:fldCharType="begin"') == 2
    assert footer.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_docx_page_is_a4_with_the_template_margins(office, sample_templates):
    document = open_docx(render_docx("documents_sample/sample.html", sample_context(office)))

    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    margins = [section.top_margin, section.right_margin, section.bottom_margin, section.left_margin]
    assert [round(m.cm, 1) for m in margins] == [2.0, 2.0, 2.0, 2.5]


def test_docx_is_landscape_when_the_template_says_so(office, sample_templates):
    context = sample_context(office, page_size="A4 landscape")
    document = open_docx(render_document("documents_sample/sample.html", context, "docx"))

    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert round(section.page_width.cm, 1) == 29.7
    assert round(section.page_height.cm, 1) == 21.0


def test_docx_keeps_markup_and_drops_control_characters_from_the_context(office, sample_templates):
    context = sample_context(
        office, note="<script>alert(1)</script> & <b>bukan tebal</b>\x00\x07\x1b akhir"
    )

    document = open_docx(render_docx("documents_sample/sample.html", context))

    paragraph = next(p for p in document.paragraphs if p.text.startswith("Paragraf"))
    assert paragraph.text.endswith("<script>alert(1)</script> & <b>bukan tebal</b> akhir")
    assert not any(run.bold for run in paragraph.runs if "bukan" in run.text)


def test_docx_in_indonesian_for_an_english_reader(office, sample_templates):
    from django.utils import translation

    with translation.override("en"):
        document = open_docx(render_docx("documents_sample/sample.html", sample_context(office)))

    assert "Lumajang, 6 Januari 2020" in [p.text for p in document.paragraphs]


def test_render_document_refuses_an_unknown_format(office, sample_templates):
    with pytest.raises(ValueError, match="Unknown document format"):
        render_document("documents_sample/sample.html", sample_context(office), "odt")


def test_docx_draft_mark_is_in_the_page_header(office, sample_templates):
    context = sample_context(office, draft_mark="DRAF")

    document = open_docx(render_docx("documents_sample/sample.html", context))

    assert document.sections[0].header.paragraphs[0].text == "DRAF"
    assert "DRAF" not in [p.text for p in document.paragraphs]


PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk"
    "YAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def test_docx_letterhead_with_an_emblem_puts_it_left_of_the_lines():
    from sitrantib.core.documents import load_image
    from sitrantib.core.docx_render import html_to_docx

    html = (
        f'<html><body><div class="kop"><img src="{PIXEL}" alt=""><div class="lines">'
        '<div class="gov">PEMERINTAH KABUPATEN LUMAJANG</div>'
        '<div class="office">KECAMATAN YOSOWILANGUN</div></div></div>'
        "<h1>Judul</h1><p>Isi <custom-x>tak dikenal</custom-x> <img src='https://x.test/a.png' "
        "alt='logo luar'></p></body></html>"
    )

    document = open_docx(html_to_docx(html, load_image))

    kop = document.tables[0]
    assert len(kop.cell(0, 0)._tc.xpath(".//pic:pic")) == 1
    assert [p.text for p in kop.cell(0, 1).paragraphs if p.text] == [
        "PEMERINTAH KABUPATEN LUMAJANG",
        "KECAMATAN YOSOWILANGUN",
    ]
    texts = [p.text for p in document.paragraphs if p.text]
    # A remote image is never fetched: its alternative text stands in.
    assert texts == ["Judul", "Isi tak dikenal [logo luar]"]
