"""The indicator pages in English: a user who chose English reads English labels, and no sentence
of the indicators catalogue is left in Indonesian (data such as indicator and desa names stay)."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sitrantib.fieldwork.enums import Situation
from sitrantib.fieldwork.tests.factories import make_incident, make_visit
from sitrantib.indicators import selectors, services
from sitrantib.indicators.tests.factories import make_definition, pdf_upload, value_of
from sitrantib.testing.english import catalogue_sentences, visible_text
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
CATALOGUE = Path(__file__).resolve().parents[1] / "locale/en/LC_MESSAGES/django.po"

# (page, English that must show, Indonesian that must not). Labels whose msgid another app
# translates first (for example "Realisasi", "Bulan") are left out: that app's English shows.
# Indicator names are data (copied from the KAK), so the test names them outside the catalogue.
PAGES = [
    (
        "dashboard",
        ["Indicator dashboard — District", "Achievement grade key", "Monthly trend", "Very poor"],
        ["Dasbor indikator", "Keterangan penilaian capaian", "Perkembangan per bulan"],
    ),
    (
        "camat",
        ["Camat's summary — District", "Indicator achievement", "Print", "Late village documents"],
        ["Ringkasan Camat", "Capaian indikator", "Dokumen desa terlambat", "Cetak"],
    ),
    (
        "definition_list",
        ["Indicator definitions of District", "Load from the KAK", "New indicator", "Public"],
        ["Definisi indikator", "Muat dari KAK", "Indikator baru", "Publik"],
    ),
    (
        "definition_detail",
        ["Edit definition", "Polarity", "How it is computed", "Annual target", "Values per period"],
        ["Ubah definisi", "Polaritas", "Cara menghitung", "Target tahunan", "Nilai per periode"],
    ),
    (
        "value_detail",
        ["Numerator / denominator", "Evidence", "Enter value and evidence", "Achievement"],
        ["Pembilang / penyebut", "Isi nilai dan bukti", "Belum ada bukti", "Capaian"],
    ),
    (
        "settings",
        ["Achievement rules of District", "How to read achievement", "Examples (PermenPANRB"],
        ["Aturan capaian", "Cara membaca capaian", "Contoh (PermenPANRB", "Simpan"],
    ),
    (
        "across",
        ["Indicators across districts", "Colour the map by", "Achievement map", "Whole year"],
        ["Indikator antar kecamatan", "Warna peta menurut", "Peta capaian", "Setahun"],
    ),
    (
        "public",
        [
            "Performance indicators of District",
            "Peace and Order Section (Seksi Trantib)",
            "Very poor",
        ],
        ["Indikator kinerja Kecamatan", "dipublikasikan", "Sangat kurang", "Penilaian"],
    ),
]


def urls(world: Any) -> dict[str, str]:
    """Every page of the app, with data behind it: computed and manual indicators, a manual value
    with evidence waiting for the Camat, a visit and an incident this year."""
    monitored = make_definition(
        world.district,
        "desa_monitored",
        year=YEAR,
        name="Desa dipantau petugas",
        unit="desa",
        target=2,
        published=True,
    )
    make_definition(
        world.district,
        "desa_peaceful_percent",
        year=YEAR,
        name="Desa aman (persen)",
        published=True,
    )
    manual = make_definition(
        world.district, year=YEAR, code="rakor", name="Laporan rapat koordinasi", unit="laporan"
    )
    make_visit(world, when=timezone.now(), situation=Situation.RAWAN)
    make_incident(world, when=timezone.now())
    selectors.values_for(district_code=world.district.code, year=YEAR)
    value = value_of(manual, str(YEAR))
    services.enter_manual_value(value=value, number=3, note="Notulen rapat", actor=world.admin)
    services.add_evidence(value=value, file=pdf_upload(), description="", actor=world.admin)
    district = world.district.code
    return {
        "dashboard": f"/indikator/?kecamatan={district}&year={YEAR}",
        "camat": f"/indikator/camat/?year={YEAR}",
        "definition_list": f"/indikator/definisi/?year={YEAR}",
        "definition_detail": f"/indikator/definisi/{monitored.pk}/",
        "value_detail": f"/indikator/nilai/{value.pk}/",
        "settings": "/indikator/pengaturan/",
        "across": f"/indikator/kabupaten/?year={YEAR}",
        "public": f"/publik/indikator/{district}/?year={YEAR}",
    }


@pytest.fixture
def english_pages(world: Any) -> dict[str, str]:
    addresses = urls(world)
    clients = {"admin": Client(), "camat": Client(), "public": Client()}
    clients["admin"].force_login(world.admin)
    clients["camat"].force_login(world.camat)
    pages = {}
    for name, url in addresses.items():
        client = clients[name if name in ("camat", "public") else "admin"]
        client.cookies["django_language"] = "en"
        response = client.get(url)
        release(response)
        assert response.status_code == 200, url
        assert '<html lang="en"' in response.content.decode(), url
        pages[name] = visible_text(response.content)
    return pages


def test_indicator_pages_read_in_english(english_pages):
    wrong = {
        page: (
            [label for label in english if label not in english_pages[page]],
            [label for label in indonesian if label in english_pages[page]],
        )
        for page, english, indonesian in PAGES
    }

    assert {page: labels for page, labels in wrong.items() if labels != ([], [])} == {}


def test_no_indicator_sentence_is_left_in_indonesian(english_pages):
    sentences = catalogue_sentences(CATALOGUE)

    left = {
        page: [sentence for sentence in sentences if sentence in text]
        for page, text in english_pages.items()
    }

    assert len(sentences) > 150
    assert {page: found for page, found in left.items() if found} == {}
