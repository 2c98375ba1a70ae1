"""Issue 15 A1 and A8 for meetings: every document renders with a control character already
stored (old rows, inserted past the forms), and the longest minutes the forms and the API allow
render in bounded time and memory, while a longer text is refused."""

import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from sitrantib.core.text import TextLimit
from sitrantib.meetings import services
from sitrantib.meetings.documents import DOCUMENT_TEMPLATES
from sitrantib.meetings.forms import MinutesForm
from sitrantib.meetings.minutes_text import MINUTES_MAX_LINES, TOO_MANY_LINES, paragraphs
from sitrantib.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Evidence,
    InstitutionPerson,
    Invitation,
    Meeting,
)
from sitrantib.meetings.tests.factories import finish, make_meeting, make_office
from sitrantib.regions.models import Institution

pytestmark = pytest.mark.django_db

CONTROL = "Patroli\u0005 malam\u001b"


def _pages(response) -> int:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return len(PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def dirty_meeting(world):
    """A held meeting whose every text holds a control character, written past the forms."""
    make_office(world.district)
    meeting = make_meeting(world)
    person = InstitutionPerson.objects.create(
        institution=world.polsek, name="AKP Sugeng", position="Kapolsek"
    )
    Invitation.objects.filter(meeting=meeting).update(person=person)
    services.record_attendance(
        meeting=meeting, name="AKP Sugeng", institution=world.polsek, actor=world.admin
    )
    services.record_decision(
        meeting=meeting,
        text="Patroli",
        owner_institution=world.polsek,
        due_date=meeting.starts_at.date(),
        actor=world.admin,
    )
    finish(world, meeting.action_items.get())
    Meeting.objects.filter(pk=meeting.pk).update(
        title=CONTROL,
        venue=CONTROL,
        chair=CONTROL,
        minutes_summary=CONTROL,
        minute_taker=CONTROL,
        letter_number=CONTROL,
    )
    AgendaItem.objects.filter(meeting=meeting).update(title=CONTROL, discussion=CONTROL)
    Attendance.objects.filter(meeting=meeting).update(name=CONTROL, position=CONTROL)
    Decision.objects.filter(meeting=meeting).update(text=CONTROL)
    ActionItem.objects.filter(meeting=meeting).update(description=CONTROL)
    Evidence.objects.filter(item__meeting=meeting).update(note=CONTROL)
    Institution.objects.filter(pk=world.polsek.pk).update(name=CONTROL)
    InstitutionPerson.objects.filter(pk=person.pk).update(name=CONTROL, position=CONTROL)
    return meeting


@pytest.mark.parametrize("document", sorted(DOCUMENT_TEMPLATES))
def test_every_meeting_pdf_renders_with_stored_control_characters(
    client, world, dirty_meeting, document
):
    client.force_login(world.admin)

    response = client.get(reverse("meetings:meeting_pdf", args=[dirty_meeting.pk, document]))

    assert _pages(response) >= 1


@pytest.mark.parametrize(
    "url",
    [
        "meetings:home",
        "meetings:indicator",
        "meetings:meeting_list",
        "meetings:institutions",
        "detail",
        "item",
    ],
)
def test_every_meeting_page_renders_with_stored_control_characters(
    client, world, dirty_meeting, url
):
    client.force_login(world.admin)
    if url == "detail":
        url = dirty_meeting.get_absolute_url()
    elif url == "item":
        url = dirty_meeting.action_items.get().get_absolute_url()
    else:
        url = reverse(url)

    assert client.get(url, {"start": "2026-01-01", "end": "2026-12-31"}).status_code == 200


@pytest.mark.parametrize(
    "path", ["meetings/", "meetings/{pk}/", "meetings/{pk}/minutes/", "action-items/"]
)
def test_api_answers_with_stored_control_characters(world, dirty_meeting, path):
    api = APIClient()
    api.force_authenticate(world.admin)

    response = api.get("/api/v1/" + path.format(pk=dirty_meeting.pk))

    assert response.status_code == 200


# --- A8: the longest allowed minutes -----------------------------------------------------------

N = TextLimit.MINUTES
SHAPES = {
    # one paragraph of words: WeasyPrint re-laid it out per line (~11 s per field before)
    "one_paragraph": ("kata " * N)[:N],
    # a single unbreakable word
    "no_space": "x" * N,
    # the most lines allowed, filling the character limit
    "most_lines": "\n".join(["a" * (N // MINUTES_MAX_LINES - 1)] * MINUTES_MAX_LINES),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_longest_allowed_minutes_render_in_bounded_time_and_memory(client, world, shape):
    make_office(world.district)
    meeting = make_meeting(world)  # two agenda items
    text = SHAPES[shape]
    agenda = {row.pk: text for row in meeting.agenda_items.all()}
    form = MinutesForm(
        {"summary": text, "minute_taker": "Rina"}
        | {f"discussion_{pk}": value for pk, value in agenda.items()},
        agenda_items=list(meeting.agenda_items.all()),
    )
    assert form.is_valid(), form.errors
    services.save_minutes(
        meeting=meeting,
        summary=text,
        minute_taker="Rina",
        discussions=agenda,
        actor=world.admin,
    )
    client.force_login(world.admin)

    started = time.perf_counter()
    response = client.get(reverse("meetings:meeting_pdf", args=[meeting.pk, "notulen"]))
    pages = _pages(response)

    # Figures, not a timed assertion (conventions.md): before, these texts took 15-480 s and up
    # to 770 MB; the bound kept here is the page count, which the layout time follows.
    print(f"{shape}: {time.perf_counter() - started:.1f} s, {pages} pages")
    assert pages <= 40
    assert len(paragraphs(text)) <= MINUTES_MAX_LINES


def test_old_minutes_beyond_the_line_limit_print_bounded(client, world):
    """A row stored before the line limit (10,000 one-letter lines) prints its lines joined."""
    make_office(world.district)
    meeting = make_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_summary=("a\n" * N)[:N])
    client.force_login(world.admin)

    response = client.get(reverse("meetings:meeting_pdf", args=[meeting.pk, "notulen"]))

    assert _pages(response) <= 15


def test_minutes_form_refuses_text_over_the_limits(world):
    meeting = make_meeting(world)
    rows = list(meeting.agenda_items.all())
    too_long = "x" * (N + 1)
    too_many_lines = "\n".join(["a"] * (MINUTES_MAX_LINES + 1))

    form = MinutesForm(
        {"summary": too_long, f"discussion_{rows[0].pk}": too_many_lines},
        agenda_items=rows,
    )

    assert not form.is_valid()
    assert set(form.errors) == {"summary", f"discussion_{rows[0].pk}"}
    assert form.errors.as_data()[f"discussion_{rows[0].pk}"][0].message == TOO_MANY_LINES


@pytest.mark.parametrize("field", ["summary", "discussion"])
@pytest.mark.parametrize("text", ["x" * (N + 1), "\n".join(["a"] * (MINUTES_MAX_LINES + 1))])
def test_api_minutes_refuses_text_over_the_limits(world, field, text):
    meeting = make_meeting(world)
    agenda = meeting.agenda_items.order_by("order").first()
    api = APIClient()
    api.force_authenticate(world.admin)
    body = {"summary": "Ringkas", "agenda": [{"agenda_item": agenda.pk, "discussion": "Aman"}]}
    if field == "summary":
        body["summary"] = text
    else:
        body["agenda"][0]["discussion"] = text

    response = api.put(f"/api/v1/meetings/{meeting.pk}/minutes/", body, format="json")

    assert response.status_code == 400
    meeting.refresh_from_db()
    agenda.refresh_from_db()
    assert (meeting.minutes_summary, agenda.discussion) == ("", "")


def test_api_minutes_put_saves_at_the_limit_with_if_match(world):
    meeting = make_meeting(world)
    agenda = meeting.agenda_items.order_by("order").first()
    api = APIClient()
    api.force_authenticate(world.admin)
    text = SHAPES["most_lines"]

    response = api.put(
        f"/api/v1/meetings/{meeting.pk}/minutes/",
        {"summary": text, "agenda": [{"agenda_item": agenda.pk, "discussion": text}]},
        format="json",
        HTTP_IF_MATCH=f'"{meeting.version}"',
    )

    assert response.status_code == 200, response.json()
    meeting.refresh_from_db()
    agenda.refresh_from_db()
    assert (meeting.minutes_summary, agenda.discussion) == (text, text)
    assert response["ETag"] == f'"{meeting.version}"'
    stale = api.put(
        f"/api/v1/meetings/{meeting.pk}/minutes/",
        {"summary": "lama"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert stale.status_code == 412


@pytest.mark.parametrize("role", ["camat", "partner"])
def test_api_minutes_put_by_reader_forbidden(world, role):
    meeting = make_meeting(world)
    services.record_attendance(
        meeting=meeting, name="AKP", institution=world.polsek, actor=world.admin
    )
    api = APIClient()
    api.force_authenticate(getattr(world, role))

    response = api.put(f"/api/v1/meetings/{meeting.pk}/minutes/", {"summary": "x"}, format="json")

    assert response.status_code == 403
