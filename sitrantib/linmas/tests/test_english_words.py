"""Indonesian words that mean two things in LINMAS read right in English: "Dusun" before one
hamlet's name is "Hamlet", "Jumlah" of items handed to a member is "Quantity" (the totals row
stays "Total"), and the menu's "Anggota"/"Regu" lead to lists of members and squads."""

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from sitrantib.core.audit import save_new
from sitrantib.linmas.models import EquipmentIssue
from sitrantib.linmas.tests.conftest import make_member
from sitrantib.regions.models import Hamlet
from sitrantib.testing.english import visible_text
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db


def english_page(user: Any, url: str) -> tuple[str, str]:
    """(html, visible text) of a page read by `user` who chose English."""
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get(url)
    release(response)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert '<html lang="en"' in page, url
    return page, visible_text(response.content)


def test_member_page_in_english_names_one_hamlet_and_the_quantity_handed_out(world):
    hamlet = save_new(Hamlet(village=world.village, name="Krajan"), actor=world.admin)
    member = make_member(world.village, hamlet=hamlet)

    page, text = english_page(world.operator, member.get_absolute_url())

    assert "· Hamlet Krajan" in text
    assert "Hamlets" not in text
    assert re.search(r'<label[^>]* for="id_quantity"[^>]*>\s*Quantity\s', page)
    assert "Total" not in text


def test_linmas_menu_in_english_leads_to_members_and_squads(world):
    page, _text = english_page(world.admin, "/linmas/anggota/")

    tabs = {
        label.strip(): href
        for href, label in re.findall(r'class="nav-link[^"]*"\s+href="([^"]+)">([^<]+)</a>', page)
    }
    assert tabs["Members"] == "/linmas/anggota/"
    assert tabs["Squads"] == "/linmas/regu/"
    assert "Member" not in tabs
    assert "Squad" not in tabs


def test_linmas_totals_row_stays_total_and_a_member_stays_member_in_english(world):
    _page, text = english_page(world.admin, "/linmas/")

    assert "Total" in text
    with translation.override("en"):
        assert str(EquipmentIssue._meta.get_field("quantity").verbose_name) == "quantity"
        assert translation.gettext("Jumlah") == "Total"
        assert translation.gettext("Anggota") == "Member"
