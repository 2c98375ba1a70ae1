"""The visit report is kept in the archive of issued documents when it is handed out (ADR 0100)."""

import datetime as dt

import pytest
from django.urls import reverse

from sitrantib.core.archive import documents_visible_to
from sitrantib.core.models import IssuedDocument
from sitrantib.fieldwork.archive_kinds import VISIT_REPORT
from sitrantib.fieldwork.enums import Situation
from sitrantib.fieldwork.services import visits as visit_services
from sitrantib.fieldwork.tests.factories import make_visit, moment
from sitrantib.fieldwork.tests.test_documents_visit import pdf_text
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content
    release(response)
    return content


def test_report_downloaded_twice_is_one_archived_issue_with_the_same_bytes(client, world):
    visit = make_visit(world, when=moment(dt.date(2026, 3, 12), 9), findings="Pos ronda sepi.")
    client.force_login(world.operator)
    url = reverse("fieldwork:visit_pdf", args=[visit.pk])
    first = _get(client, url)
    second = _get(client, url)
    assert first == second
    issued = IssuedDocument.objects.get(kind=VISIT_REPORT.key)
    assert issued.subject_key == f"visit:{visit.pk}"
    assert issued.params["village"] == world.village.code
    assert "Pos ronda sepi." in pdf_text(first)


def test_a_change_issues_a_new_report_and_the_old_stays_downloadable(client, world):
    visit = make_visit(world, when=moment(dt.date(2026, 3, 12), 9), situation=Situation.RAWAN,
                       situation_reason="Ada perkelahian")  # fmt: skip
    client.force_login(world.admin)
    url = reverse("fieldwork:visit_pdf", args=[visit.pk])
    old_bytes = _get(client, url)
    old = IssuedDocument.objects.get(kind=VISIT_REPORT.key)
    visit_services.resolve_visit(
        visit=visit, on_date=dt.date(2026, 3, 20), note="Lampu dipasang", actor=world.admin
    )
    new_bytes = _get(client, url)
    assert new_bytes != old_bytes
    old.refresh_from_db()
    new = IssuedDocument.objects.get(kind=VISIT_REPORT.key, superseded_by__isnull=True)
    assert old.superseded_by == new
    archived = _get(client, reverse("core:archive_download", args=[old.pk]))
    assert archived == old_bytes


def test_archived_report_is_read_as_the_visit_is(client, world):
    visit = make_visit(world, when=moment(dt.date(2026, 3, 12), 9))
    client.force_login(world.operator)
    _get(client, reverse("fieldwork:visit_pdf", args=[visit.pk]))
    issued = IssuedDocument.objects.get(kind=VISIT_REPORT.key)
    readers = (("operator", True), ("camat", True), ("staff", True))
    others = (("sibling_operator", False), ("partner", False), ("outsider", False))
    for who, sees in (*readers, *others):
        user = getattr(world, who)
        assert documents_visible_to(user=user).filter(pk=issued.pk).exists() is sees, who
