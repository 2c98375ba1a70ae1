"""Poskamling and Satgas registers: who records them, what is refused, duty rosters and Satgas
members linked to LINMAS members of the same desa only, one audit entry per change."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sitrantib.core.enums import AuditAction
from sitrantib.core.models import AuditEntry
from sitrantib.fieldwork.models import Post, PostDuty, PostDutyPerson, TaskForce, TaskForceMember
from sitrantib.fieldwork.services import registers
from sitrantib.fieldwork.services.common import (
    MESSAGE_COORDINATES_PAIR,
    MESSAGE_MEMBER_OTHER_VILLAGE,
)
from sitrantib.fieldwork.tests.factories import make_post, make_task_force
from sitrantib.linmas.tests.conftest import make_member

pytestmark = pytest.mark.django_db

Person, DutyNight = registers.Person, registers.DutyNight


def entries(instance, action=AuditAction.UPDATE):
    return list(
        AuditEntry.objects.filter(
            object_type=instance._meta.label_lower, object_id=str(instance.pk), action=action
        ).order_by("pk")
    )


# Poskamling ---------------------------------------------------------------------------------------


def test_operator_registers_a_post_of_their_desa(world):
    post = make_post(
        world,
        actor=world.operator,
        equipment=["radio", "kentongan", "kentongan"],
        latitude="-8.2301234",
        longitude="113.2912346",
    )
    stored = Post.objects.get(pk=post.pk)
    assert (stored.village, stored.district_id) == (world.village, world.district.code)
    assert stored.equipment == ["kentongan", "radio"]  # the list's order, no repeats
    assert (str(stored.latitude), str(stored.longitude)) == ("-8.230123", "113.291235")
    assert len(entries(post, AuditAction.CREATE)) == 1


@pytest.mark.parametrize("who", ["sibling_operator", "staff", "camat", "partner", "outsider"])
def test_others_cannot_register_a_post(world, who):
    with pytest.raises(PermissionDenied):
        make_post(world, actor=getattr(world, who))
    assert not Post.objects.exists()


def test_post_refusals(world):
    with pytest.raises(ValidationError) as refused:
        make_post(world, equipment=["kentongan", "meriam"])
    assert "equipment" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_post(world, latitude="-8.23")  # a latitude without longitude
    assert refused.value.message_dict == {"longitude": [MESSAGE_COORDINATES_PAIR]}
    comma = make_post(world, name="Pos Koma", latitude="-8,23", longitude="113,3")
    assert (str(comma.latitude), str(comma.longitude)) == ("-8.230000", "113.300000")
    for bad in ("utara", "NaN", "1e999999"):
        with pytest.raises(ValidationError) as refused:
            make_post(world, name=bad, latitude=bad, longitude="113.3")
        assert refused.value.message_dict["latitude"]
    with pytest.raises(ValidationError) as refused:
        make_post(world, name="Jauh", latitude="-98", longitude="113.3")
    assert "latitude" in refused.value.message_dict
    make_post(world, name="Pos Kamling RW 01")
    with pytest.raises(ValidationError):
        make_post(world, name="Pos Kamling RW 01")
    assert Post.objects.count() == 2


def test_update_post_is_audited_and_versioned(world):
    post = make_post(world)
    assert registers.update_post(post=post, data={"condition": "minor_damage"}, actor=world.admin)
    assert Post.objects.get(pk=post.pk).version == 2
    assert not registers.update_post(
        post=post, data={"condition": "minor_damage"}, actor=world.admin
    )
    assert len(entries(post)) == 1


# Duty roster --------------------------------------------------------------------------------------


def test_roster_links_linmas_members_of_the_same_desa(world):
    post = make_post(world)
    member = make_member(world.village, serial=1, name="Anggota 1")
    registers.set_roster(
        post=post,
        nights=[
            DutyNight(weekday=5, group_name="Regu A", people=[Person(name="", member=member)]),
            DutyNight(weekday=6, people=[Person(name="Pak Karto"), Person(name="  ")]),
        ],
        actor=world.operator,
    )
    duties = list(PostDuty.objects.filter(post=post).order_by("weekday"))
    assert [(d.weekday, d.group_name) for d in duties] == [(5, "Regu A"), (6, "")]
    people = list(PostDutyPerson.objects.order_by("duty__weekday").values_list("member", "name"))
    assert people == [(member.pk, member.name), (None, "Pak Karto")]
    [entry] = entries(post)
    assert entry.before == {"roster": []}
    assert entry.after["roster"][0]["people"] == [[member.pk, member.name]]


def test_roster_refuses_a_linmas_member_of_another_desa(world):
    post = make_post(world)
    stranger = make_member(world.sibling_village, serial=2, name="Anggota 2")
    registers.set_roster(post=post, nights=[DutyNight(weekday=1)], actor=world.admin)
    with pytest.raises(ValidationError) as refused:
        registers.set_roster(
            post=post,
            nights=[DutyNight(weekday=2, people=[Person(name="", member=stranger)])],
            actor=world.admin,
        )
    assert refused.value.message_dict["people"] == [
        MESSAGE_MEMBER_OTHER_VILLAGE % {"name": stranger.name}
    ]
    assert list(PostDuty.objects.values_list("weekday", flat=True)) == [1]  # nothing half-saved


def test_roster_is_for_writers_of_the_desa(world):
    post = make_post(world)
    with pytest.raises(PermissionDenied):
        registers.set_roster(post=post, nights=[DutyNight(weekday=1)], actor=world.sibling_operator)


# Satgas -------------------------------------------------------------------------------------------


def test_one_satgas_per_desa(world):
    make_task_force(world)
    with pytest.raises(ValidationError):
        make_task_force(world)
    assert TaskForce.objects.count() == 1


def test_satgas_leader_and_members_are_linmas_of_the_same_desa(world):
    leader = make_member(world.village, serial=3, name="Anggota 3")
    task_force = make_task_force(world, leader_member=leader, leader_name="")
    assert TaskForce.objects.get(pk=task_force.pk).leader_name == leader.name
    stranger = make_member(world.sibling_village, serial=4, name="Anggota 4")
    with pytest.raises(ValidationError) as refused:
        make_task_force(world, village=world.sibling_village, leader_member=leader)
    assert "leader_member" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        registers.set_task_force_members(
            task_force=task_force, people=[Person(name="", member=stranger)], actor=world.admin
        )
    assert refused.value.message_dict["members"] == [
        MESSAGE_MEMBER_OTHER_VILLAGE % {"name": stranger.name}
    ]


def test_satgas_members_replaced_without_repeats_and_audited(world):
    task_force = make_task_force(world)
    member = make_member(world.village, serial=5, name="Anggota 5")
    registers.set_task_force_members(
        task_force=task_force,
        people=[
            Person(name="", member=member, position="Ketua", rw="01"),
            Person(name="Lagi", member=member),  # the same member twice
            Person(name="Bu Sri", position="Anggota"),
        ],
        actor=world.operator,
    )
    rows = list(TaskForceMember.objects.order_by("pk").values_list("member", "name", "position"))
    assert rows == [(member.pk, member.name, "Ketua"), (None, "Bu Sri", "Anggota")]
    registers.set_task_force_members(
        task_force=task_force, people=[Person(name="Pak Min")], actor=world.operator
    )
    assert list(TaskForceMember.objects.values_list("name", flat=True)) == ["Pak Min"]
    first, second = entries(task_force)
    assert first.before == {"members": []}
    assert second.after == {"members": [[None, "Pak Min", "", ""]]}


def test_satgas_members_are_for_writers_of_the_desa(world):
    task_force = make_task_force(world)
    with pytest.raises(PermissionDenied):
        registers.set_task_force_members(
            task_force=task_force, people=[Person(name="X")], actor=world.camat
        )
