"""The document pages in English: a user who chose English reads the catalogue of documents, its
refused form and the analysis pages of the LKjIP in English, and no sentence of the reports
catalogue is left in Indonesian (data such as indicator and kecamatan names stay)."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sitrantib.core.archive import archive_document
from sitrantib.indicators.tests.factories import make_definition
from sitrantib.reports.catalogue import report_kind
from sitrantib.reports.performance.narrative import save_narrative
from sitrantib.reports.services import archive_kind_key, register_archive_kind
from sitrantib.testing.english import catalogue_sentences, visible_text
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/en/LC_MESSAGES/django.po"
YEAR = 2025

# (name, English that must show, Indonesian that must not).
PAGES = [
    (
        "catalogue",
        [
            "Documents & reports",
            "Official documents of",
            "Performance agreement (PK)",
            "Monthly activity report",
            "Recently made documents",
            "Month",
        ],
        ["Dokumen & Laporan", "Buat dokumen", "Dokumen yang baru dibuat", "Months"],
    ),
    (
        "refused",
        ["Write the year with four digits", "Make document"],
        ["Tulis tahun dengan empat angka", "Buat dokumen"],
    ),
    (
        "analysis",
        ["Analysis of performance achievement", "Causes of success/failure", "Remedies"],
        ["Analisis capaian kinerja", "Penyebab keberhasilan", "Upaya perbaikan"],
    ),
    (
        "analysis form",
        ["Analysis of achievement", "Save"],
        ["Analisis capaian", "Simpan", "Kembali"],
    ),
]


@pytest.fixture
def english_pages(world: Any) -> dict[str, str]:
    definition = make_definition(
        world.district, "accompaniment_visits", year=YEAR, target=8, name="Pendampingan"
    )
    save_narrative(
        definition=definition,
        data={"causes": "Banjir", "remedies": "Jadwal digeser"},
        actor=world.admin,
        expected_version=0,
    )
    kind = report_kind("pk")
    assert kind is not None
    register_archive_kind(kind)
    archive_document(
        kind=archive_kind_key(kind.key),
        title=f"PK {YEAR} {world.district.name}",  # a title is data, kept as issued
        subject_key=f"pk:{world.district.code}:{YEAR}",
        district_code=world.district.code,
        fmt="docx",
        content=b"PK",
        filename=f"pk-{YEAR}.docx",
        actor=world.admin,
        params={"year": YEAR, "format": "docx"},
    )
    admin = Client()
    admin.force_login(world.admin)
    admin.cookies["django_language"] = "en"
    analysis = f"/laporan/kinerja/analisis/?kecamatan={world.district.code}&year={YEAR}"
    requests = {
        "catalogue": lambda: admin.get("/laporan/"),
        "refused": lambda: admin.post(
            "/laporan/buat/", {"kind": "pk", "pk-year": "dua ribu", "pk-format": "docx"}
        ),
        "analysis": lambda: admin.get(analysis),
        "analysis form": lambda: admin.get(f"/laporan/kinerja/analisis/{definition.pk}/"),
    }
    pages = {}
    for name, request in requests.items():
        response = request()
        release(response)
        assert response.status_code == 200, name
        assert '<html lang="en"' in response.content.decode(), name
        pages[name] = visible_text(response.content)
    return pages


def test_document_pages_read_in_english(english_pages):
    wrong = {
        name: (
            [label for label in english if label not in english_pages[name]],
            [label for label in indonesian if label in english_pages[name]],
        )
        for name, english, indonesian in PAGES
    }

    assert {name: labels for name, labels in wrong.items() if labels != ([], [])} == {}


def test_no_document_sentence_is_left_in_indonesian(english_pages):
    sentences = catalogue_sentences(CATALOGUE)

    left = {
        name: [sentence for sentence in sentences if sentence in text]
        for name, text in english_pages.items()
    }

    assert len(sentences) > 100
    found = {name: found for name, found in left.items() if found}
    assert found == {}, found
