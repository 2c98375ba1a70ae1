import datetime as dt

import pytest

from sitrantib.core.scoping import scope_of
from sitrantib.meetings.models import ActionItem
from sitrantib.meetings.quality import done_without_evidence, due_before_meeting
from sitrantib.meetings.tests.factories import finish, make_item, make_meeting

pytestmark = pytest.mark.django_db


def test_done_without_evidence_reported(world):
    meeting = make_meeting(world)
    bare = make_item(world, meeting, due=dt.date(2026, 3, 1))
    finish(world, make_item(world, meeting, due=dt.date(2026, 3, 1)))
    ActionItem.objects.filter(pk=bare.pk).update(status="done")

    findings = list(done_without_evidence(scope_of(world.admin)))

    assert [(f.object, f.severity) for f in findings] == [(f"action_item:{bare.pk}", "error")]


def test_due_before_meeting_reported_and_scoped(world):
    meeting = make_meeting(world)  # held 10 February 2026
    early = make_item(world, meeting, due=dt.date(2026, 2, 10))
    # A record from before the service refused such dates (or changed outside the services).
    ActionItem.objects.filter(pk=early.pk).update(due_date=dt.date(2026, 2, 9))
    early.refresh_from_db()
    make_item(world, meeting, due=dt.date(2026, 2, 10))

    mine = [f.message for f in due_before_meeting(scope_of(world.admin))]
    theirs = list(due_before_meeting(scope_of(world.outsider)))

    assert mine == [
        f'Rapat "{meeting.title}": batas waktu tindak lanjut "{early}" milik Polsek '
        "Yosowilangun tercatat 9 Februari 2026, padahal rapatnya baru diadakan 10 Februari 2026."
    ]
    assert theirs == []
