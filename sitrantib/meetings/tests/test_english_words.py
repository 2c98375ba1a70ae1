"""Indonesian words that mean two things in the meetings section read right in English: "Rapat"
is the section ("Meetings") in the menu and list heading but one meeting ("Meeting") beside a
follow-up, in the ledger's filter and among its origins; "Selesai" of a meeting's time is when it
ends ("Ends", not the status "Done"); "Hadir" is the state "Present" on a badge and the action
"Mark present" on a button."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sitrantib.meetings import services
from sitrantib.meetings.enums import ActionStatus
from sitrantib.meetings.models import ActionItem, Invitation, SentReminder
from sitrantib.meetings.tests.factories import koramil, make_item, make_meeting
from sitrantib.testing.english import visible_text
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db


def english_page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get(url)
    release(response)
    assert response.status_code == 200, url
    page = response.content.decode()
    assert '<html lang="en"' in page, url
    return page


def test_follow_up_page_in_english_names_its_one_meeting(world: Any) -> None:
    item = make_item(world, make_meeting(world))

    page = english_page(world.admin, reverse("meetings:action_item_detail", args=[item.pk]))

    assert re.search(r"<dt[^>]*>Meeting</dt>", page)
    assert not re.search(r"<dt[^>]*>Meetings</dt>", page)


def test_ledger_in_english_filters_by_one_meeting_and_lists_meetings_in_the_menu(
    world: Any,
) -> None:
    make_item(world, make_meeting(world))

    page = english_page(world.admin, reverse("meetings:home"))

    assert re.search(r'<label[^>]* for="id_meeting"[^>]*>Meeting</label>', page)
    assert re.search(r'<option value="rapat"[^>]*>Meeting</option>', page)
    assert re.search(r'href="/rapat/daftar/">Meetings</a>', page)


def test_meeting_form_in_english_asks_when_the_meeting_ends(world: Any) -> None:
    page = english_page(world.admin, reverse("meetings:meeting_create"))

    assert re.search(r'<label[^>]* for="id_ends_at"[^>]*>\s*Ends\s', page)
    assert not re.search(r'<label[^>]* for="id_ends_at"[^>]*>\s*Done\s', page)


def test_meeting_page_in_english_marks_present_with_a_button_and_shows_present(
    world: Any,
) -> None:
    meeting = make_meeting(world, invited=[world.polsek, koramil(world)])
    services.mark_present(
        meeting=meeting,
        invitation=meeting.invitations.get(institution=world.polsek),
        actor=world.admin,
    )

    page = english_page(world.admin, meeting.get_absolute_url())

    buttons = [visible_text(b.encode()) for b in re.findall(r"<button.*?</button>", page, re.S)]
    assert "Mark present : Koramil Yosowilangun" in buttons
    assert re.search(r'<span class="badge text-bg-success">Present</span>', page)


def test_model_words_in_english_name_one_meeting_and_keep_the_status_done() -> None:
    with translation.override("en"):
        assert str(ActionItem._meta.get_field("meeting").verbose_name) == "meeting"
        assert str(Invitation._meta.get_field("meeting").verbose_name) == "meeting"
        assert str(SentReminder._meta.get_field("recipients").verbose_name) == "recipients"
        assert str(ActionStatus.DONE.label) == "Done"
        assert translation.gettext("Rapat") == "Meetings"
