"""Indonesian words that mean two things in the village-document section read right in English:
the "Jenis dokumen" tab leads to the list of document types ("Document types") while a column of
one type per row stays "Document type", and the "penerima" of a document reminder is one person."""

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from sitrantib.testing.responses import release
from sitrantib.villagedocs.models import SentDocumentReminder

pytestmark = pytest.mark.django_db


def test_village_document_tabs_in_english_lead_to_the_document_types(world: Any) -> None:
    client = Client()
    client.force_login(world.admin)
    client.cookies["django_language"] = "en"

    response = client.get("/dokumen-desa/jenis/")
    release(response)
    html = response.content.decode()

    assert '<html lang="en"' in html
    tabs = {
        label.strip(): href
        for href, label in re.findall(r'class="nav-link[^"]*"[^>]*href="([^"]+)">([^<]+)</a>', html)
    }
    assert tabs["Document types"] == "/dokumen-desa/jenis/"
    assert "Document type" not in tabs


def test_a_document_reminder_has_one_recipient() -> None:
    with translation.override("en"):
        assert str(SentDocumentReminder._meta.get_field("user").verbose_name) == "recipient"
        assert translation.gettext("Jenis dokumen") == "Document type"
