"""Certificates and numbered assignment letters are kept in the archive of issued documents when
they are handed out (core.archive, ADR 0100); drafts are rendered and not archived."""

import datetime as dt

import pytest
from django.urls import reverse

from sitrantib.core.archive import documents_visible_to
from sitrantib.core.models import IssuedDocument
from sitrantib.trainings import services
from sitrantib.trainings.archive_kinds import ASSIGNMENT, CERTIFICATE
from sitrantib.trainings.tests.test_documents import build, fetch, make_signatories, pdf_text

pytestmark = pytest.mark.django_db


def test_certificate_downloaded_twice_is_one_archived_issue(client, world, settings):
    settings.SITRANTIB_PUBLIC_URL = "http://192.168.1.10:8000"
    make_signatories(world)
    scene = build(world, 1)
    certificate = scene.certificates[0]
    url = reverse("trainings:certificate_pdf", kwargs={"pk": certificate.pk})
    client.force_login(world.admin)
    first = fetch(client, url)[1]
    second = fetch(client, url)[1]
    assert first == second
    issued = IssuedDocument.objects.get(kind=CERTIFICATE.key)
    assert issued.subject_key == f"certificate:{certificate.pk}"
    assert certificate.number in pdf_text(first)[0]
    # Read as the certificate is: its desa's operator yes, the other desa's operator no.
    assert documents_visible_to(user=world.operator).filter(pk=issued.pk).exists()
    assert not documents_visible_to(user=world.sibling_operator).filter(pk=issued.pk).exists()
    assert not documents_visible_to(user=world.partner).filter(pk=issued.pk).exists()


def test_certificate_draft_with_a_laptop_address_is_not_archived(client, world, settings):
    settings.SITRANTIB_PUBLIC_URL = "http://127.0.0.1:8000"
    scene = build(world, 1)
    client.force_login(world.admin)
    url = reverse("trainings:certificate_pdf", kwargs={"pk": scene.certificates[0].pk})
    assert pdf_text(fetch(client, url)[1])[0].startswith("DRAF")
    assert not IssuedDocument.objects.exists()


def test_assignment_letter_is_archived_once_numbered_and_reissued_after_a_change(client, world):
    make_signatories(world)
    scene = build(world, 1, finish=False)
    session = scene.sessions[0]
    url = reverse("trainings:assignment_pdf", kwargs={"pk": session.pk})
    client.force_login(world.admin)
    assert pdf_text(fetch(client, url)[1])[0].startswith("DRAF")
    assert not IssuedDocument.objects.exists()  # a draft is not archived
    session = services.issue_assignment(
        session=session, actor=world.admin, letter_date=dt.date(2026, 3, 2)
    )
    first = fetch(client, url)[1]
    assert fetch(client, url)[1] == first
    old = IssuedDocument.objects.get(kind=ASSIGNMENT.key)
    assert old.title == f"Surat tugas {session.assignment_number}"
    # A change elsewhere in the kecamatan that the letter does not print: the same issue.
    services.set_scores(
        training=scene.training, scores={scene.enrolments[0].pk: (60, 90)}, actor=world.admin
    )
    assert fetch(client, url)[1] == first
    assert IssuedDocument.objects.filter(kind=ASSIGNMENT.key).count() == 1
    # The instructor's name, which it prints: the next hand-out is a new issue superseding the old.
    services.update_instructor(
        instructor=session.instructor, changes={"name": "AIPTU Sugeng Riyadi"}, actor=world.admin
    )
    assert "AIPTU Sugeng Riyadi" in pdf_text(fetch(client, url)[1])[0]
    old.refresh_from_db()
    assert old.superseded_by is not None
    archived = fetch(client, reverse("core:archive_download", args=[old.pk]))[1]
    assert archived == first
    assert IssuedDocument.objects.filter(kind=ASSIGNMENT.key).count() == 2
