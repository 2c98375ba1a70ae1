"""The village-document pages in English: a user who chose English reads English labels, and no
sentence of the village-document catalogue is left in Indonesian (data such as desa and document
names stay)."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sitrantib.testing.english import catalogue_sentences, visible_text
from sitrantib.testing.responses import release
from sitrantib.villagedocs.tests.factories import make_obligation, receive

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/en/LC_MESSAGES/django.po"
TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=20)

# (url, English that must show, Indonesian that must not); {year} and {detail} are filled in.
PAGES = [
    (
        "/dokumen-desa/?tahun={year}",
        ["Timeliness per document type", "Received on time", "Average (indicator value)"],
        ["Ketepatan waktu per jenis dokumen", "Diterima tepat waktu", "Rata-rata"],
    ),
    (
        "/dokumen-desa/terlambat/",
        ["Overdue village documents", "obligation overdue", "Due date", "Print"],
        ["Dokumen desa terlambat", "kewajiban terlambat", "Batas waktu", "Cetak"],
    ),
    (
        "/dokumen-desa/kewajiban/",
        ["Document obligations", "Filter obligations", "All types", "Obligation after an event"],
        ["Kewajiban dokumen", "Saring kewajiban", "Semua jenis", "Kewajiban karena peristiwa"],
    ),
    (
        "{detail}",
        ["Document submissions", "Review the document", "Mark as not required", "Reason:"],
        ["Kiriman dokumen", "Periksa dokumen", "Tandai tidak wajib", "Alasan:"],
    ),
    (
        "/dokumen-desa/jenis/",
        ["Village document types", "Deadline rule", "Default types (cannot be changed)"],
        ["Jenis dokumen desa", "Aturan batas waktu", "Jenis bawaan", "Sekali setahun"],
    ),
    (
        "/dokumen-desa/pengaturan/",
        ["Village document settings", "On-time basis", "The first submission"],
        ["Pengaturan dokumen desa", "Dasar tepat waktu", "Kiriman pertama"],
    ),
]


@pytest.fixture
def english_pages(world: Any) -> dict[str, str]:
    year = PAST.year
    on_time = make_obligation(world.village, code="lppd", due=PAST, period_key=f"{year}-01")
    receive(
        on_time,
        timezone.make_aware(dt.datetime.combine(PAST, dt.time(9))),
        actor=world.staff,
        verdict="accepted",
    )
    make_obligation(world.sibling_village, code="lppd", due=PAST, period_key=f"{year}-01")
    returned = make_obligation(world.village, code="rkpdes", due=PAST, period_key=f"{year}")
    receive(
        returned,
        timezone.make_aware(dt.datetime.combine(PAST, dt.time(8))),
        actor=world.staff,
        verdict="returned",
    )
    receive(returned, timezone.now(), actor=world.staff)
    admin = Client()
    admin.force_login(world.admin)
    admin.cookies["django_language"] = "en"
    pages = {}
    for url, _english, _indonesian in PAGES:
        response = admin.get(url.format(year=year, detail=returned.get_absolute_url()))
        release(response)
        assert response.status_code == 200, url
        assert '<html lang="en"' in response.content.decode(), url
        pages[url] = visible_text(response.content)
    return pages


def test_village_document_pages_read_in_english(english_pages):
    wrong = {
        url: (
            [label for label in english if label not in english_pages[url]],
            [label for label in indonesian if label in english_pages[url]],
        )
        for url, english, indonesian in PAGES
    }

    assert {url: labels for url, labels in wrong.items() if labels != ([], [])} == {}


def test_no_village_document_sentence_is_left_in_indonesian(english_pages):
    sentences = catalogue_sentences(CATALOGUE)

    left = {
        url: [sentence for sentence in sentences if sentence in text]
        for url, text in english_pages.items()
    }

    assert len(sentences) > 150
    assert {url: found for url, found in left.items() if found} == {}
