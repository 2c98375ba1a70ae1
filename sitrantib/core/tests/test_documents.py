import datetime as dt
import io

import pytest
from pypdf import PdfReader

from sitrantib.core.documents import render_pdf, url_fetcher
from sitrantib.regions.models import OfficeProfile, Signatory


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


def test_pdf_carries_letterhead_and_signature_block(office, settings, tmp_path):
    template_dir = tmp_path / "templates"
    template_dir.mkdir()
    (template_dir / "doc.html").write_text(
        '{% extends "documents/base.html" %}{% block content %}<h1>Daftar Hadir</h1>'
        '{% include "documents/signature.html" %}{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir]}]
    signatory = office.signatories.get()

    pdf = render_pdf(
        "doc.html", {"office": office, "signatory": signatory, "signed_on": dt.date(2019, 10, 1)}
    )

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    assert lines[:4] == [
        "PEMERINTAH KABUPATEN LUMAJANG",
        "KECAMATAN YOSOWILANGUN",
        "Jl. Mayjen Soekartijo No. 56 Telp. (0334) 390555",
        "YOSOWILANGUN - 67382",
    ]
    assert "Lumajang, 1 Oktober 2019" in lines
    assert "Drs. Contoh Nama" in lines
    assert "NIP. 19700101 199003 1 001" in lines


def test_url_fetcher_serves_static_files_locally():
    response = url_fetcher().fetch("file:///sitrantib/static/sitrantib/favicon.svg")

    assert response.headers["Content-Type"] == "image/svg+xml"
    assert response.read().startswith(b"<svg")


def test_pdf_embeds_local_images(office, settings, tmp_path):
    template_dir = tmp_path / "templates"
    template_dir.mkdir()
    (template_dir / "img.html").write_text(
        '{% extends "documents/base.html" %}{% load static %}{% block content %}'
        "<img src=\"{% static 'vendor/leaflet/images/marker-icon.png' %}\">"
        '<img src="data:image/png;base64,'
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk"
        'YAAAAAYAAjCB0C8AAAAASUVORK5CYII=">{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir]}]

    pdf = render_pdf("img.html", {"office": office})

    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 2


def test_pdf_with_a_remote_asset_fails_instead_of_waiting(office, settings, tmp_path):
    from weasyprint.urls import FatalURLFetchingError

    template_dir = tmp_path / "templates"
    template_dir.mkdir()
    (template_dir / "remote.html").write_text(
        '{% extends "documents/base.html" %}{% block content %}'
        '<img src="https://cdn.example.org/logo.png">{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir]}]

    with pytest.raises(FatalURLFetchingError):
        render_pdf("remote.html", {"office": office})


@pytest.mark.parametrize("url", ["https://cdn.example.org/x.css", "file:///etc/passwd"])
def test_url_fetcher_refuses_anything_not_local_static_or_media(url):
    with pytest.raises(ValueError, match="not available offline"):
        url_fetcher().fetch(url)


def test_url_fetcher_refuses_media_paths_escaping_the_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "secret.txt").write_text("rahasia")

    from django.core.exceptions import SuspiciousFileOperation

    with pytest.raises(SuspiciousFileOperation):
        url_fetcher().fetch("file:///sitrantib/media/../secret.txt")


def test_pdf_is_in_indonesian_even_for_an_english_reader(office, settings, tmp_path):
    from django.utils import translation

    template_dir = tmp_path / "templates"
    template_dir.mkdir()
    (template_dir / "lang.html").write_text(
        '{% extends "documents/base.html" %}{% block content %}<p>{{ n|angka }}</p>{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir]}]

    with translation.override("en"):
        pdf = render_pdf("lang.html", {"office": office, "n": 40450000})

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "40.450.000" in text
    assert "Halaman 1 dari 1" in text


def _render(settings, tmp_path, name, body, context):
    template_dir = tmp_path / "templates"
    template_dir.mkdir(exist_ok=True)
    (template_dir / name).write_text(
        '{% extends "documents/base.html" %}{% block content %}' + body + "{% endblock %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir]}]
    return PdfReader(io.BytesIO(render_pdf(name, context)))


def test_draft_mark_is_on_every_page_as_watermark_and_header(office, settings, tmp_path):
    body = "{% for n in rows %}<p>Baris {{ n }} dari sebuah dokumen panjang.</p>{% endfor %}"

    reader = _render(
        settings,
        tmp_path,
        "draft.html",
        body,
        {"office": office, "rows": range(120), "draft_mark": "DRAF"},
    )

    assert len(reader.pages) >= 2
    for page in reader.pages:
        # Once in the header, once as the diagonal watermark.
        assert page.extract_text().count("DRAF") >= 2


def test_a_final_document_carries_no_draft_mark(office, settings, tmp_path):
    reader = _render(settings, tmp_path, "final.html", "<p>Isi surat.</p>", {"office": office})

    assert "DRAF" not in reader.pages[0].extract_text()


def test_signature_block_never_splits_from_its_name_and_nip(office, settings, tmp_path):
    """Whatever the length of the text before it, title, name and NIP share one page.

    The filler grows one paragraph at a time so the end of the text crosses the bottom of the
    first page, where a naive layout puts the title on one page and the name on the next.
    """
    body = (
        "{% for n in rows %}<p>Paragraf isi nomor {{ n }}.</p>{% endfor %}"
        '{% include "documents/signature.html" with closing="Demikian untuk perhatian." %}'
    )
    pages_seen = set()
    for filler in range(14, 30):
        context = {
            "office": office,
            "signatory": office.signatories.get(),
            "signed_on": dt.date(2019, 10, 1),
            "rows": range(filler),
        }
        reader = _render(settings, tmp_path, f"sig{filler}.html", body, context)

        pages = [page.extract_text() for page in reader.pages]

        def on(text, pages=pages):
            return [i for i, page in enumerate(pages) if text in page]

        assert (
            on("CAMAT YOSOWILANGUN") == on("Drs. Contoh Nama") == on("NIP. 19700101 199003 1 001")
        )
        assert on("Demikian untuk perhatian.") == on("Drs. Contoh Nama")
        # Never alone: some of the body travels to the signature's page.
        assert "Paragraf isi nomor" in pages[on("Drs. Contoh Nama")[0]]
        pages_seen.add(len(pages))
    assert pages_seen == {1, 2}, "the filler must push the signature across a page boundary"
