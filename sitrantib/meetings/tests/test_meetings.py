"""Planning a meeting: agenda rows keep their minutes, invitations keep their addressees, and every
row written is in the audit log."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from sitrantib.core.models import AuditEntry
from sitrantib.meetings import services
from sitrantib.meetings.models import AgendaItem, Invitation, LetterNumbering
from sitrantib.meetings.tests.factories import koramil, make_meeting

pytestmark = pytest.mark.django_db


def _update(world, meeting, **changes):
    return services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        actor=world.admin,
        **changes,
    )


def _entries(model, action=None):
    entries = AuditEntry.objects.filter(object_type=f"meetings.{model}")
    if action:
        entries = entries.filter(action=action)
    return entries


@pytest.fixture
def held(world):
    """A meeting whose second agenda item has a discussion and a decision."""
    meeting = make_meeting(world, agenda=("Situasi kamtibmas", "Persiapan pelatihan LINMAS"))
    second = meeting.agenda_items.get(order=2)
    services.save_minutes(
        meeting=meeting, summary="", discussions={second.pk: "Pelatihan Maret"}, actor=world.admin
    )
    decision = services.add_decision(
        meeting=meeting, text="Pelatihan 20 Maret", agenda_item=second, actor=world.admin
    )
    return meeting, second, decision


def test_update_meeting_typo_fix_keeps_agenda_row_discussion_and_decision(world, held):
    meeting, second, decision = held

    _update(world, meeting, agenda=["Situasi kamtibmas", "Persiapan pelatihan Linmas"])

    second.refresh_from_db()
    decision.refresh_from_db()
    assert (second.title, second.discussion, decision.agenda_item_id) == (
        "Persiapan pelatihan Linmas",
        "Pelatihan Maret",
        second.pk,
    )


def test_update_meeting_inserted_line_keeps_rows_by_title(world, held):
    meeting, second, _decision = held

    _update(world, meeting, agenda=["Situasi kamtibmas", "Laporan desa", second.title])

    second.refresh_from_db()
    assert list(meeting.agenda_items.values_list("order", "title", "discussion")) == [
        (1, "Situasi kamtibmas", ""),
        (2, "Laporan desa", ""),
        (3, "Persiapan pelatihan LINMAS", "Pelatihan Maret"),
    ]


def test_update_meeting_dropping_row_with_minutes_refused(world, held):
    meeting, second, _decision = held

    with pytest.raises(ValidationError) as caught:
        _update(world, meeting, agenda=["Situasi kamtibmas"])

    expected = gettext(services.ERR_AGENDA_HAS_MINUTES) % {"title": second.title}
    assert caught.value.messages == [expected]
    assert meeting.agenda_items.count() == 2


def test_update_meeting_dropping_empty_row_deletes_and_audits(world, held):
    meeting, _second, _decision = held
    first = meeting.agenda_items.get(order=1)

    _update(world, meeting, agenda=["Persiapan pelatihan LINMAS"])

    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Persiapan pelatihan LINMAS"
    ]
    deleted = _entries("agendaitem", "delete").get()
    assert (deleted.object_id, deleted.before["title"]) == (str(first.pk), "Situasi kamtibmas")


def test_update_meeting_rename_audited_with_before_and_after(world, held):
    meeting, second, _decision = held
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()

    _update(world, meeting, agenda=["Situasi kamtibmas", "Persiapan pelatihan Linmas"])

    entry = _entries("agendaitem", "update").get(pk__gt=last)
    assert (entry.object_id, entry.before["title"], entry.after["title"]) == (
        str(second.pk),
        "Persiapan pelatihan LINMAS",
        "Persiapan pelatihan Linmas",
    )


def test_create_meeting_audits_each_agenda_row_and_invitation(world):
    meeting = make_meeting(world, invited=[world.polsek, koramil(world)])

    assert sorted(int(e.object_id) for e in _entries("agendaitem", "create")) == sorted(
        AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True)
    )
    assert sorted(int(e.object_id) for e in _entries("invitation", "create")) == sorted(
        Invitation.objects.filter(meeting=meeting).values_list("pk", flat=True)
    )


def test_update_meeting_withdrawn_invitation_audited(world):
    other = koramil(world)
    meeting = make_meeting(world, invited=[world.polsek, other])
    withdrawn = meeting.invitations.get(institution=other)

    _update(world, meeting, invited=[world.polsek])

    entry = _entries("invitation", "delete").get()
    assert (entry.object_id, entry.before["institution_id"]) == (str(withdrawn.pk), other.pk)


def test_update_meeting_invited_people_none_keeps_addressees(world):
    kapolsek = services.create_person(
        institution=world.polsek, name="AKP Sugeng", position="Kapolsek", actor=world.admin
    )
    meeting = make_meeting(world)
    _update(world, meeting, invited_people=[kapolsek])

    _update(world, meeting, invited=[world.polsek, koramil(world)])

    assert sorted(meeting.invitations.values_list("institution__name", "person_id")) == [
        ("Koramil Yosowilangun", None),
        ("Polsek Yosowilangun", kapolsek.pk),
    ]


def test_save_minutes_audits_each_changed_discussion(world, held):
    meeting, second, _decision = held
    first = meeting.agenda_items.get(order=1)
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()

    services.save_minutes(
        meeting=meeting,
        summary="Lancar",
        discussions={first.pk: "Aman terkendali", second.pk: "Pelatihan Maret"},
        actor=world.admin,
    )

    entries = _entries("agendaitem", "update").filter(pk__gt=last)
    assert [(e.object_id, e.before["discussion"], e.after["discussion"]) for e in entries] == [
        (str(first.pk), "", "Aman terkendali")
    ]
    assert _entries("agendaitem", "update").filter(object_id=str(second.pk)).count() == 1


def test_issue_invitation_first_numbering_is_created_with_audit(world):
    services.issue_invitation(
        meeting=make_meeting(world), letter_date=dt.date(2026, 2, 3), actor=world.admin
    )

    numbering = LetterNumbering.objects.get(district=world.district)
    entry = _entries("letternumbering", "create").get()
    assert (entry.object_id, entry.actor_id) == (str(numbering.pk), world.admin.pk)
