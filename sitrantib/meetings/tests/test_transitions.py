import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from sitrantib.core.models import AuditEntry
from sitrantib.core.workflow import MESSAGE_NOT_A_MOVER, MESSAGE_NOTE_REQUIRED
from sitrantib.meetings import services
from sitrantib.meetings.models import ActionItemTransition
from sitrantib.meetings.tests.factories import (
    finish,
    koramil,
    koramil_partner,
    make_item,
    make_meeting,
    village_government,
)

pytestmark = pytest.mark.django_db


def test_transition_open_to_in_progress_by_owner_partner(world):
    item = make_item(world, make_meeting(world))

    item = services.transition_action_item(item=item, to_status="in_progress", actor=world.partner)

    assert item.status == "in_progress"
    assert list(ActionItemTransition.objects.values_list("from_status", "to_status")) == [
        ("open", "in_progress")
    ]


def test_transition_done_without_evidence_refused(world):
    item = make_item(world, make_meeting(world))
    services.transition_action_item(item=item, to_status="in_progress", actor=world.partner)

    with pytest.raises(ValidationError) as caught:
        services.transition_action_item(item=item, to_status="done", actor=world.partner)

    assert caught.value.messages == [gettext(services.ERR_DONE_NEEDS_EVIDENCE)]
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_transition_done_with_evidence_sets_completed_at_and_audits(world):
    item = make_item(world, make_meeting(world))

    item = finish(world, item, actor=world.partner)

    assert (item.status, item.completed_at is not None) == ("done", True)
    assert AuditEntry.objects.filter(action="transition", object_id=str(item.pk)).count() == 2


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ((), "done"),  # open -> done skips in progress
        (("in_progress", "done"), "open"),
        (("in_progress", "done"), "cancelled"),
        ((), "open"),
    ],
)
def test_transition_not_in_table_refused(world, path, target):
    item = make_item(world, make_meeting(world))
    services.add_evidence(item=item, note="bukti", actor=world.admin)
    for status in path:
        services.transition_action_item(item=item, to_status=status, actor=world.admin)

    with pytest.raises(ValidationError) as caught:
        services.transition_action_item(item=item, to_status=target, actor=world.admin)

    assert caught.value.messages[0].startswith("Status tidak dapat diubah dari")


def test_transition_cancel_requires_reason(world):
    item = make_item(world, make_meeting(world))

    with pytest.raises(ValidationError) as caught:
        services.transition_action_item(
            item=item, to_status="cancelled", note="  ", actor=world.admin
        )

    assert caught.value.message_dict == {
        "note": [gettext(MESSAGE_NOTE_REQUIRED) % {"to": "Dibatalkan"}]
    }


def test_transition_cancel_with_reason_by_admin(world):
    item = make_item(world, make_meeting(world))

    item = services.transition_action_item(
        item=item, to_status="cancelled", note="Digabung dengan keputusan 2", actor=world.admin
    )

    assert (item.status, item.cancel_reason) == ("cancelled", "Digabung dengan keputusan 2")


def test_transition_cancel_by_owner_partner_refused(world):
    item = make_item(world, make_meeting(world))

    with pytest.raises(PermissionDenied) as caught:
        services.transition_action_item(
            item=item, to_status="cancelled", note="x", actor=world.partner
        )

    assert str(caught.value) == (
        "Perubahan dari Terbuka ke Dibatalkan hanya boleh dilakukan oleh Admin Seksi Trantib."
    )


def test_transition_reopen_done_by_admin_only(world):
    item = finish(world, make_item(world, make_meeting(world)), actor=world.partner)

    with pytest.raises(PermissionDenied):
        services.transition_action_item(item=item, to_status="in_progress", actor=world.partner)
    item = services.transition_action_item(item=item, to_status="in_progress", actor=world.admin)

    assert (item.status, item.completed_at) == ("in_progress", None)


def test_transition_by_partner_of_other_institution_refused(world):
    other = koramil(world)
    item = make_item(world, make_meeting(world, invited=[world.polsek, other]))

    with pytest.raises(PermissionDenied) as caught:
        services.transition_action_item(
            item=item, to_status="in_progress", actor=koramil_partner(world, other)
        )

    assert str(caught.value) == gettext(MESSAGE_NOT_A_MOVER)


@pytest.mark.parametrize("role", ["camat", "staff", "outsider", "sibling_operator", "operator"])
def test_transition_by_reader_refused(world, role):
    item = make_item(world, make_meeting(world))

    with pytest.raises(PermissionDenied):
        services.transition_action_item(
            item=item, to_status="in_progress", actor=getattr(world, role)
        )


def test_transition_by_operator_of_owning_desa_allowed(world):
    desa = village_government(world)
    item = make_item(world, make_meeting(world, invited=[desa]), owner=desa)
    services.add_evidence(item=item, note="Sosialisasi di balai desa", actor=world.operator)
    services.transition_action_item(item=item, to_status="in_progress", actor=world.operator)

    item = services.transition_action_item(item=item, to_status="done", actor=world.operator)

    assert item.status == "done"


def test_transition_by_operator_of_other_desa_refused(world):
    desa = village_government(world)
    item = make_item(world, make_meeting(world, invited=[desa]), owner=desa)

    with pytest.raises(PermissionDenied):
        services.transition_action_item(
            item=item, to_status="in_progress", actor=world.sibling_operator
        )


def test_add_evidence_by_partner_of_other_institution_refused(world):
    other = koramil(world)
    item = make_item(world, make_meeting(world, invited=[world.polsek, other]))

    with pytest.raises(PermissionDenied):
        services.add_evidence(item=item, note="x", actor=koramil_partner(world, other))


def test_add_evidence_empty_refused(world):
    item = make_item(world, make_meeting(world))

    with pytest.raises(ValidationError) as caught:
        services.add_evidence(item=item, note=" ", actor=world.partner)

    assert caught.value.messages == [gettext(services.ERR_EVIDENCE_EMPTY)]


def test_create_action_item_owner_of_other_district_refused(world):
    from sitrantib.testing.factories import make_institution

    foreign = make_institution(district=world.other_district, kind="polsek", name="Polsek Lain")

    with pytest.raises(ValidationError) as caught:
        make_item(world, make_meeting(world), owner=foreign)

    assert caught.value.messages == ["Instansi Polsek Lain bukan dari kecamatan rapat ini."]


def test_create_meeting_by_camat_refused(world):
    with pytest.raises(PermissionDenied):
        make_meeting(world, actor=world.camat)


def test_create_meeting_by_admin_of_other_district_refused(world):
    with pytest.raises(PermissionDenied):
        make_meeting(world, actor=world.outsider)


def test_create_meeting_invited_person_invites_institution_as_addressee(world):
    army = koramil(world)
    danramil = services.create_person(
        institution=army, name="Kapten Arif", position="Danramil", actor=world.admin
    )

    meeting = make_meeting(world, invited=[world.polsek])
    services.update_meeting(
        meeting=meeting,
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        invited=[world.polsek],
        invited_people=[danramil],
        actor=world.admin,
    )

    rows = meeting.invitations.order_by("institution__name")
    assert [(i.institution.name, i.person_id) for i in rows] == [
        ("Koramil Yosowilangun", danramil.pk),
        ("Polsek Yosowilangun", None),
    ]


def test_record_decision_owner_person_of_other_institution_refused(world):
    army = koramil(world)
    danramil = services.create_person(
        institution=army, name="Kapten Arif", position="Danramil", actor=world.admin
    )

    with pytest.raises(ValidationError) as caught:
        services.record_decision(
            meeting=make_meeting(world),
            text="Patroli",
            owner_institution=world.polsek,
            owner_person=danramil,
            due_date=make_meeting(world).starts_at.date(),
            actor=world.admin,
        )

    assert caught.value.messages == ["Personel Kapten Arif bukan dari instansi yang dipilih."]


# Finding 10: a reopened item needs new evidence before it is done again ------------------------


def test_transition_reopened_item_done_with_old_evidence_refused(world):
    item = finish(world, make_item(world, make_meeting(world)))
    services.transition_action_item(
        item=item, to_status="in_progress", note="Foto kurang jelas", actor=world.admin
    )

    with pytest.raises(ValidationError) as caught:
        services.transition_action_item(item=item, to_status="done", actor=world.partner)

    assert caught.value.messages == [gettext(services.ERR_DONE_NEEDS_NEW_EVIDENCE)]


def test_transition_reopened_item_done_after_new_evidence(world):
    item = finish(world, make_item(world, make_meeting(world)))
    services.transition_action_item(item=item, to_status="in_progress", actor=world.admin)
    services.add_evidence(item=item, note="Foto ulang patroli", actor=world.partner)

    item = services.transition_action_item(item=item, to_status="done", actor=world.partner)

    assert item.status == "done"
