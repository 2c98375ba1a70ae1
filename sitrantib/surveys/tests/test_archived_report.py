"""The report of a closed survey period is kept in the archive of issued documents when handed
out (core.archive, ADR 0100); the provisional report of an open period is not."""

from typing import Any

import pytest
from django.urls import reverse

from sitrantib.core.archive import documents_visible_to
from sitrantib.core.models import IssuedDocument
from sitrantib.surveys.archive_kinds import REPORT
from sitrantib.surveys.enums import PeriodStatus
from sitrantib.surveys.services import transition_period
from sitrantib.surveys.tests.conftest import make_period
from sitrantib.surveys.tests.test_views import answer, logged_in
from sitrantib.testing.responses import release

pytestmark = pytest.mark.django_db


def _report(client: Any, period: Any) -> bytes:
    response = client.get(reverse("surveys:report_pdf", args=[period.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    content = response.content
    release(response)
    return content


def test_closed_report_downloaded_twice_is_one_archive_row(world: Any) -> None:
    period = make_period(world)
    answer(period, 4)
    period = transition_period(period=period, status=PeriodStatus.CLOSED, actor=world.admin)
    client = logged_in(world.admin)
    first = _report(client, period)
    assert _report(client, period) == first
    issued = IssuedDocument.objects.get(kind=REPORT.key)
    assert issued.subject_key == f"survey_period:{period.pk}"
    assert documents_visible_to(user=world.camat).filter(pk=issued.pk).exists()
    assert not documents_visible_to(user=world.staff).filter(pk=issued.pk).exists()


def test_published_period_keeps_the_report_issued_when_closed(world: Any) -> None:
    # Publishing changes the period's status but nothing the report prints: the copy handed out
    # when the period closed stays the one issue (core.archive.issue_once compares the bytes).
    period = make_period(world)
    answer(period, 4)
    period = transition_period(period=period, status=PeriodStatus.CLOSED, actor=world.admin)
    client = logged_in(world.admin)
    old_bytes = _report(client, period)
    old = IssuedDocument.objects.get(kind=REPORT.key)
    period = transition_period(period=period, status=PeriodStatus.PUBLISHED, actor=world.admin)
    assert _report(client, period) == old_bytes
    assert IssuedDocument.objects.get(kind=REPORT.key).pk == old.pk
    response = client.get(reverse("core:archive_download", args=[old.pk]))
    assert response.content == old_bytes
    release(response)


def test_provisional_report_of_an_open_period_is_not_archived(world: Any) -> None:
    period = make_period(world)
    answer(period, 4)
    _report(logged_in(world.admin), period)
    assert not IssuedDocument.objects.exists()
