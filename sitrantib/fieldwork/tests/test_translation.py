"""The field-work pages in English: a user who chose English reads English labels, and no sentence
of the field-work catalogue is left in Indonesian (data such as desa and category names stay)."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sitrantib.fieldwork.enums import Situation
from sitrantib.fieldwork.tests.factories import make_incident, make_post, make_visit
from sitrantib.fieldwork.tests.test_reports_public import make_office
from sitrantib.testing.english import catalogue_sentences, visible_text
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/en/LC_MESSAGES/django.po"

# (url name, English that must show, Indonesian that must not)
PAGES = [
    (
        "/lapangan/",
        ["Field activities", "Record a visit", "Villages monitored", "Citizen reports"],
        ["Kegiatan lapangan", "Catat kunjungan", "Desa terpantau", "Pengaduan warga"],
    ),
    (
        "/lapangan/pos/",
        ["Poskamling of District", "Lightly damaged", "Inactive", "Hamlet, RW/RT"],
        ["Poskamling Kecamatan", "Rusak ringan", "Tidak aktif", "Saring Poskamling"],
    ),
    (
        "/lapangan/kunjungan/",
        ["Field visit", "All situations", "Critical", "not handled yet"],
        ["Kunjungan lapangan", "Semua situasi", "Rawan", "belum ditangani"],
    ),
    (
        "/lapangan/kejadian/",
        ["Record an incident", "Monthly summary", "When it happened", "All categories"],
        ["Catat kejadian", "Rekap bulanan", "Waktu kejadian", "Semua kategori", "Dilaporkan"],
    ),
    (
        "/lapangan/situasi/",
        ["Village situations", "Visited in the period", "Peaceful and orderly", "This quarter"],
        ["Situasi desa", "Dikunjungi dalam periode", "tentram dan tertib", "Triwulan ini"],
    ),
    (
        "/lapor/",
        ["Choose the district where it happened.", "Find a district", "Reported before?"],
        ["Pilih kecamatan tempat kejadian.", "Cari kecamatan", "Sudah pernah melapor?"],
    ),
    (
        "/lapor/{district}/",
        ["Report a disturbance of public order", "What happened?", "Contact (optional)"],
        ["Lapor gangguan ketenteraman", "Apa yang terjadi?", "boleh dikosongkan"],
    ),
]


@pytest.fixture
def english_pages(world: Any) -> dict[str, str]:
    make_office(world.district)
    make_office(world.other_district, name="LAIN")
    make_post(world)
    make_post(world, name="Pos Kamling Kidul", is_active=False, condition="minor_damage")
    make_visit(world, situation=Situation.RAWAN)
    make_visit(world, village=world.sibling_village, situation=Situation.WASPADA)
    make_incident(world)
    admin = Client()
    admin.force_login(world.admin)
    citizen = Client()
    pages = {}
    for url, _english, _indonesian in PAGES:
        client = citizen if url.startswith("/lapor/") else admin
        client.cookies["django_language"] = "en"
        response = client.get(url.format(district=world.district.code))
        release(response)
        assert response.status_code == 200, url
        assert '<html lang="en"' in response.content.decode(), url
        pages[url] = visible_text(response.content)
    return pages


def test_field_work_pages_read_in_english(english_pages):
    wrong = {
        url: (
            [label for label in english if label not in english_pages[url]],
            [label for label in indonesian if label in english_pages[url]],
        )
        for url, english, indonesian in PAGES
    }

    assert {url: labels for url, labels in wrong.items() if labels != ([], [])} == {}


def test_no_field_work_sentence_is_left_in_indonesian(english_pages):
    sentences = catalogue_sentences(CATALOGUE)

    left = {
        url: [sentence for sentence in sentences if sentence in text]
        for url, text in english_pages.items()
    }

    assert len(sentences) > 300
    assert {url: found for url, found in left.items() if found} == {}
