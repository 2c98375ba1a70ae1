"""Issue 15 A5: a partner or village operator reads the decisions it answers for, and the full
minutes only of meetings its institution attended (ADR 0020) — on the meeting page, the minutes,
attendance and report PDFs, and the API. Every role of the `world` fixture."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from sitrantib.meetings import services
from sitrantib.meetings.tests.factories import (
    koramil,
    koramil_partner,
    make_meeting,
    make_office,
    village_government,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "camat",
    "staff",
    "partner",
    "operator",
    "sibling_operator",
    "koramil",
    "outsider",
    "national",
    "anonymous",
]
SUMMARY = "Ringkasan rahasia rapat"
DISCUSSION = "Pembahasan internal situasi"
ATTENDEE = "AKP Sugeng"
POLSEK_DECISION = "Patroli gabungan malam Minggu"
DESA_DECISION = "Ronda desa Darungan diaktifkan"
KORAMIL_DECISION = "Pendataan pos kamling Koramil"
LOOSE_DECISION = "Sosialisasi perda ketertiban"
ALL_DECISIONS = {POLSEK_DECISION, DESA_DECISION, KORAMIL_DECISION, LOOSE_DECISION}

# Polsek attended; the desa government was invited but did not come; Koramil was not invited
# but answers for one decision (so it sees the meeting, ADR 0020 finding 7).
FULL = {"admin", "camat", "staff", "national", "partner"}
DECISIONS_SEEN = {
    **dict.fromkeys(["admin", "camat", "staff", "national", "partner"], ALL_DECISIONS),
    "operator": {DESA_DECISION},
    "koramil": {KORAMIL_DECISION},
}


@pytest.fixture
def setup(world):
    make_office(world.district)
    desa = village_government(world)
    other = koramil(world)
    meeting = make_meeting(world, invited=[world.polsek, desa])
    first_agenda = meeting.agenda_items.order_by("order").first()
    services.record_attendance(
        meeting=meeting, name=ATTENDEE, institution=world.polsek, actor=world.admin
    )
    services.save_minutes(
        meeting=meeting,
        summary=SUMMARY,
        minute_taker="Rina",
        discussions={first_agenda.pk: DISCUSSION},
        actor=world.admin,
    )
    due = meeting.starts_at.date()
    for text, owner in [
        (POLSEK_DECISION, world.polsek),
        (DESA_DECISION, desa),
        (KORAMIL_DECISION, other),
        (LOOSE_DECISION, None),
    ]:
        services.record_decision(
            meeting=meeting,
            text=text,
            owner_institution=owner,
            due_date=due if owner else None,
            actor=world.admin,
        )
    meeting.refresh_from_db()
    users = {
        "admin": world.admin,
        "camat": world.camat,
        "staff": world.staff,
        "partner": world.partner,
        "operator": world.operator,
        "sibling_operator": world.sibling_operator,
        "koramil": koramil_partner(world, other),
        "outsider": world.outsider,
        "national": world.national,
        "anonymous": None,
    }
    return {"meeting": meeting, "users": users}


def _get(client, setup, role, url):
    user = setup["users"][role]
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("role", ROLES)
def test_meeting_page_minutes_and_decisions_by_role(client, setup, role):
    response = _get(client, setup, role, setup["meeting"].get_absolute_url())

    if role == "anonymous":
        assert response.status_code == 302
        return
    if role not in DECISIONS_SEEN:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    page = response.content.decode()
    shown = {d.text for d, _items in response.context["decision_rows"]}
    assert shown == DECISIONS_SEEN[role]
    for text in ALL_DECISIONS - DECISIONS_SEEN[role]:
        assert text not in page
    for secret in (SUMMARY, DISCUSSION, ATTENDEE):
        assert (secret in page) == (role in FULL)
    assert response.context["reads_minutes"] == (role in FULL)


MINUTES_PDF = {**dict.fromkeys(FULL, 200), "operator": 403, "koramil": 403}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("document", ["notulen", "daftar-hadir"])
def test_minutes_and_attendance_pdf_only_for_attendees(client, setup, role, document):
    url = reverse("meetings:meeting_pdf", args=[setup["meeting"].pk, document])

    response = _get(client, setup, role, url)

    expected = 302 if role == "anonymous" else MINUTES_PDF.get(role, 404)
    assert response.status_code == expected
    if expected == 200:
        text = _pdf_text(response)
        if document == "notulen":
            assert SUMMARY in text
            assert DISCUSSION in text
        else:
            assert ATTENDEE in text


@pytest.mark.parametrize("role", ROLES)
def test_report_pdf_shows_only_decisions_answered_for(client, setup, role):
    url = reverse("meetings:meeting_pdf", args=[setup["meeting"].pk, "laporan"])

    response = _get(client, setup, role, url)

    if role == "anonymous":
        assert response.status_code == 302
        return
    if role not in DECISIONS_SEEN:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    text = _pdf_text(response)
    for decision in ALL_DECISIONS:
        assert (decision in text) == (decision in DECISIONS_SEEN[role])
    assert (ATTENDEE in text) == (role in FULL)


@pytest.mark.parametrize("role", ROLES)
def test_invitation_pdf_for_everyone_who_sees_the_meeting(client, setup, role):
    url = reverse("meetings:meeting_pdf", args=[setup["meeting"].pk, "undangan"])

    response = _get(client, setup, role, url)

    expected = 302 if role == "anonymous" else (200 if role in DECISIONS_SEEN else 404)
    assert response.status_code == expected
    if expected == 200:
        text = _pdf_text(response)
        assert SUMMARY not in text
        assert not any(decision in text for decision in ALL_DECISIONS)


def _api(setup, role):
    api = APIClient()
    user = setup["users"][role]
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.mark.parametrize("role", ROLES)
def test_api_minutes_only_for_attendees(setup, role):
    response = _api(setup, role).get(f"/api/v1/meetings/{setup['meeting'].pk}/minutes/")

    expected = 401 if role == "anonymous" else MINUTES_PDF.get(role, 404)
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert body["summary"] == SUMMARY
        assert DISCUSSION in [row["discussion"] for row in body["agenda"]]
        assert [row["name"] for row in body["attendances"]] == [ATTENDEE]
        assert {row["text"] for row in body["decisions"]} == ALL_DECISIONS
    else:
        assert SUMMARY not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_api_decisions_only_those_answered_for(setup, role):
    response = _api(setup, role).get(f"/api/v1/meetings/{setup['meeting'].pk}/decisions/")

    if role == "anonymous":
        assert response.status_code == 401
        return
    if role not in DECISIONS_SEEN:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert {row["text"] for row in response.json()} == DECISIONS_SEEN[role]


def test_invited_institution_reads_minutes_once_its_attendance_is_recorded(client, world, setup):
    meeting = setup["meeting"]
    desa = meeting.invitations.get(institution__kind="village_government").institution
    url = reverse("meetings:meeting_pdf", args=[meeting.pk, "notulen"])
    client.force_login(world.operator)
    assert client.get(url).status_code == 403

    services.record_attendance(
        meeting=meeting, name="Kades Darungan", institution=desa, actor=world.admin
    )

    assert client.get(url).status_code == 200


def test_partner_without_institution_reads_no_minutes(world, setup):
    from sitrantib.meetings.selectors import decisions_visible_to, reads_minutes

    world.partner.institution = None
    world.partner.save()

    assert not reads_minutes(user=world.partner, meeting=setup["meeting"])
    assert not decisions_visible_to(user=world.partner).exists()


@pytest.mark.parametrize("role", ["admin", "partner", "operator", "koramil"])
def test_meeting_list_counts_only_decisions_the_viewer_reads(client, setup, role):
    response = _get(client, setup, role, reverse("meetings:meeting_list"))

    (row,) = response.context["meetings"]
    assert row.n_decisions == len(DECISIONS_SEEN[role])
