"""A run of final KTA cards is kept in the archive of issued documents when it is printed
(core.archive, ADR 0100); a run holding a draft card is printed DRAF and not archived."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from sitrantib.core.archive import documents_visible_to
from sitrantib.core.audit import save_changes
from sitrantib.core.models import IssuedDocument
from sitrantib.linmas.archive_kinds import CARDS
from sitrantib.testing.responses import release

from .conftest import make_member

pytestmark = pytest.mark.django_db


def _cards(client, **query) -> bytes:
    response = client.get("/linmas/kta.pdf", query)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    content = response.content
    release(response)
    return content


def _text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_final_cards_printed_twice_are_one_archive_row(client, world):
    make_member(world.village, name="Lengkap", serial=1, card_number="K1",
                card_valid_until=dt.date(2099, 1, 1))  # fmt: skip
    client.force_login(world.admin)
    first = _cards(client, village=world.village.code)
    assert _cards(client, village=world.village.code) == first
    assert "DRAF" not in _text(first)
    issued = IssuedDocument.objects.get(kind=CARDS.key)
    assert issued.params["village"] == world.village.code
    assert issued.district_code == world.district.code
    assert documents_visible_to(user=world.operator).filter(pk=issued.pk).exists()
    assert not documents_visible_to(user=world.sibling_operator).filter(pk=issued.pk).exists()
    assert not documents_visible_to(user=world.camat).filter(pk=issued.pk).exists()


def test_changed_member_reissues_the_run_and_the_old_stays_downloadable(client, world):
    member = make_member(world.village, name="Nama Lama", serial=1, card_number="K1",
                         card_valid_until=dt.date(2099, 1, 1))  # fmt: skip
    client.force_login(world.admin)
    old_bytes = _cards(client, village=world.village.code)
    old = IssuedDocument.objects.get(kind=CARDS.key)
    save_changes(member, {"name": "Nama Baru"}, actor=world.admin)
    new_bytes = _cards(client, village=world.village.code)
    assert "Nama Baru" in _text(new_bytes)
    old.refresh_from_db()
    assert old.superseded_by is not None
    response = client.get(f"/sistem/arsip/{old.pk}/unduh/")
    assert response.content == old_bytes
    assert "Nama Lama" in _text(response.content)
    release(response)


def test_run_with_a_draft_card_is_not_archived(client, world):
    make_member(world.village, name="Lengkap", serial=1, card_number="K1",
                card_valid_until=dt.date(2099, 1, 1))  # fmt: skip
    make_member(world.village, name="Tanpa Nomor", serial=2)
    client.force_login(world.admin)
    assert "DRAF" in _text(_cards(client, village=world.village.code))
    assert not IssuedDocument.objects.exists()
