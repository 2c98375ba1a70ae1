"""The archive pages in English: a user who chose English reads the list and a document's page
with its versions in English, and no sentence of core's catalogue is left in Indonesian (document
titles are data, kept as issued)."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sitrantib.core.archive import archive_document
from sitrantib.core.models import DocumentFormat
from sitrantib.meetings.archive_kinds import INVITATION
from sitrantib.testing.english import catalogue_sentences, visible_text
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/en/LC_MESSAGES/django.po"

# (name, English that must show, Indonesian that must not).
PAGES = [
    (
        "list",
        ["Document archive", "Filter the archive", "Document type", "Issued by", "superseded"],
        ["Arsip dokumen", "Saring arsip", "Jenis dokumen", "Diterbitkan oleh", "digantikan"],
    ),
    (
        "old version",
        ["superseded by a newer version", "Version history", "Download document"],
        ["sudah digantikan oleh versi", "Riwayat versi", "Unduh dokumen"],
    ),
]


def _issue(world: Any, content: bytes) -> Any:
    return archive_document(
        kind=INVITATION.key,
        title="UND-001",
        subject_key="meeting:english",
        district_code=world.district.code,
        fmt=DocumentFormat.PDF,
        content=content,
        filename="und-001.pdf",
        actor=world.admin,
    )


@pytest.fixture
def english_pages(world: Any) -> dict[str, str]:
    first = _issue(world, b"%PDF-1.4 first")
    _issue(world, b"%PDF-1.4 second")
    admin = Client()
    admin.force_login(world.admin)
    admin.cookies["django_language"] = "en"
    pages = {}
    for name, url in (("list", "/sistem/arsip/"), ("old version", f"/sistem/arsip/{first.pk}/")):
        response = admin.get(url)
        release(response)
        assert response.status_code == 200, name
        assert '<html lang="en"' in response.content.decode(), name
        pages[name] = visible_text(response.content)
    return pages


def test_archive_pages_read_in_english(english_pages):
    wrong = {
        name: (
            [label for label in english if label not in english_pages[name]],
            [label for label in indonesian if label in english_pages[name]],
        )
        for name, english, indonesian in PAGES
    }

    assert {name: labels for name, labels in wrong.items() if labels != ([], [])} == {}


def test_no_archive_sentence_is_left_in_indonesian(english_pages):
    sentences = catalogue_sentences(CATALOGUE)

    left = {
        name: [sentence for sentence in sentences if sentence in text]
        for name, text in english_pages.items()
    }

    found = {name: found for name, found in left.items() if found}
    assert found == {}, found
