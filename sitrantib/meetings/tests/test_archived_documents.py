"""A numbered invitation and the minutes and report of a held meeting are kept in the archive of
issued documents when handed out (core.archive, ADR 0100); drafts are rendered, not archived."""

import pytest
from django.urls import reverse

from sitrantib.core.archive import documents_visible_to
from sitrantib.core.models import IssuedDocument
from sitrantib.meetings import services
from sitrantib.meetings.archive_kinds import INVITATION, MINUTES, REPORT
from sitrantib.meetings.tests import test_documents
from sitrantib.meetings.tests.factories import make_meeting
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db

# The meeting held, numbered, with its minutes and decisions (the documents' own tests).
held_meeting = test_documents.held_meeting


def _pdf(client, meeting, document) -> bytes:
    response = client.get(reverse("meetings:meeting_pdf", args=[meeting.pk, document]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    release(response)
    return content


@pytest.mark.parametrize(("document", "kind"), [("undangan", INVITATION), ("notulen", MINUTES),
                                                ("laporan", REPORT)])  # fmt: skip
def test_final_document_downloaded_twice_is_one_archive_row(
    client,
    world,
    held_meeting,
    document,
    kind,
):
    client.force_login(world.admin)
    first = _pdf(client, held_meeting, document)
    assert _pdf(client, held_meeting, document) == first
    issued = IssuedDocument.objects.get(kind=kind.key)
    assert issued.subject_key == f"meeting:{held_meeting.pk}"
    assert documents_visible_to(user=world.camat).filter(pk=issued.pk).exists()
    assert not documents_visible_to(user=world.partner).filter(pk=issued.pk).exists()


def test_changed_minutes_supersede_and_the_old_stay_downloadable(client, world, held_meeting):
    client.force_login(world.admin)
    old_bytes = _pdf(client, held_meeting, "notulen")
    old = IssuedDocument.objects.get(kind=MINUTES.key)
    services.save_minutes(
        meeting=held_meeting,
        summary="Rapat berjalan lancar; dua keputusan.",
        minute_taker="Rina",
        discussions={},
        actor=world.admin,
    )
    assert _pdf(client, held_meeting, "notulen") != old_bytes
    old.refresh_from_db()
    assert old.superseded_by is not None
    response = client.get(reverse("core:archive_download", args=[old.pk]))
    assert response.content == old_bytes
    release(response)


def test_unnumbered_invitation_and_unwritten_minutes_are_not_archived(client, world):
    meeting = make_meeting(world, invited=[world.polsek])
    client.force_login(world.admin)
    for document in ("undangan", "notulen", "laporan"):
        _pdf(client, meeting, document)
    assert not IssuedDocument.objects.exists()


def test_a_partners_own_view_is_rendered_not_archived(client, world, held_meeting):
    client.force_login(world.partner)
    _pdf(client, held_meeting, "laporan")
    assert not IssuedDocument.objects.exists()
