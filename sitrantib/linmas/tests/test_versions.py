"""No lost update on the register: two users on the same member, squad, stock and issue."""

import datetime as dt

from django.test import Client

from sitrantib.core.concurrency import MESSAGE_STALE_FIELD_HIDDEN
from sitrantib.linmas.models import EquipmentIssue, EquipmentType, Member, Squad, VillageEquipment

from .conftest import make_member
from .test_members import _form_post


def _clients(world):
    first, second = Client(), Client()
    first.force_login(world.operator)
    second.force_login(world.admin)
    return first, second


def test_member_form_second_stale_save_is_refused_keeping_typed_values(world):
    member = make_member(world.village)
    first, second = _clients(world)
    url = f"/linmas/anggota/{member.pk}/ubah/"
    opened = first.get(url).context["form"]["version"].value()
    second.get(url)
    assert second.post(url, _form_post(member, phone="0811", version=opened)).status_code == 302
    response = first.post(url, _form_post(member, phone="0822", version=opened))
    member.refresh_from_db()
    form = response.context["form"]
    assert (
        response.status_code,
        member.phone,
        form["phone"].value(),
        # The phone is personal data: the message names it changed, never its new value.
        MESSAGE_STALE_FIELD_HIDDEN % {"label": "telepon"} in form.non_field_errors()[0],
        "0811" in form.non_field_errors()[0],
    ) == (200, "0811", "0822", True, False)


def test_member_form_without_version_goes_through(client, world):
    member = make_member(world.village)
    client.force_login(world.operator)
    response = client.post(f"/linmas/anggota/{member.pk}/ubah/", _form_post(member, phone="0833"))
    member.refresh_from_db()
    assert (response.status_code, member.phone, member.version) == (302, "0833", 2)


def test_member_transition_with_stale_version_changes_nothing(client, world):
    member = make_member(world.village)
    client.force_login(world.operator)
    Member.objects.filter(pk=member.pk).update(version=2)
    response = client.post(
        f"/linmas/anggota/{member.pk}/status/",
        {"status": "nonaktif", "reason": "Sakit", "version": "1"},
    )
    member.refresh_from_db()
    form = response.context["transition_form"]
    # The stale move is refused on the form, the typed reason kept, the version moved on.
    assert (member.status, len(form.non_field_errors()), form["reason"].value()) == (
        "aktif",
        1,
        "Sakit",
    )


def test_api_member_get_carries_etag(client, world):
    member = make_member(world.village)
    client.force_login(world.operator)
    response = client.get(f"/api/v1/linmas-members/{member.pk}/")
    assert (response.status_code, response["ETag"]) == (200, '"1"')


def test_api_member_second_stale_patch_is_412_and_changes_nothing(world):
    member = make_member(world.village)
    first, second = _clients(world)
    url = f"/api/v1/linmas-members/{member.pk}/"
    etag = first.get(url)["ETag"]
    done = second.patch(url, {"phone": "0811"}, content_type="application/json", HTTP_IF_MATCH=etag)
    stale = first.patch(url, {"phone": "0822"}, content_type="application/json", HTTP_IF_MATCH=etag)
    member.refresh_from_db()
    assert (done.status_code, done["ETag"], stale.status_code, stale["ETag"], member.phone) == (
        200,
        '"2"',
        412,
        '"2"',
        "0811",
    )
    assert set(stale.json()) == {"detail", "errors"}


def test_api_member_put_without_if_match_goes_through(client, world):
    member = make_member(world.village)
    client.force_login(world.admin)
    body = client.get(f"/api/v1/linmas-members/{member.pk}/").json()
    body.update(phone="0844", nik=member.nik)
    response = client.put(
        f"/api/v1/linmas-members/{member.pk}/", body, content_type="application/json"
    )
    member.refresh_from_db()
    assert (response.status_code, member.phone, response["ETag"]) == (200, "0844", '"2"')


def test_api_transition_with_stale_if_match_is_412(client, world):
    member = make_member(world.village)
    client.force_login(world.operator)
    Member.objects.filter(pk=member.pk).update(version=3)
    response = client.post(
        f"/api/v1/linmas-members/{member.pk}/transition/",
        {"status": "nonaktif", "note": "Sakit"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    member.refresh_from_db()
    assert (response.status_code, member.status) == (412, "aktif")


def test_api_squad_and_stock_stale_patch_is_412(client, world):
    squad = Squad.objects.create(village=world.village, name="Regu 1")
    item = EquipmentType.objects.get(code="ht")
    stock = VillageEquipment.objects.create(village=world.village, item_type=item, required=2)
    Squad.objects.filter(pk=squad.pk).update(version=2)
    VillageEquipment.objects.filter(pk=stock.pk).update(version=2)
    client.force_login(world.operator)
    answers = [
        client.patch(url, body, content_type="application/json", HTTP_IF_MATCH='"1"').status_code
        for url, body in (
            (f"/api/v1/squads/{squad.pk}/", {"name": "Regu Baru"}),
            (f"/api/v1/equipment-stocks/{stock.pk}/", {"good": 5}),
        )
    ]
    squad.refresh_from_db()
    stock.refresh_from_db()
    assert (answers, squad.name, stock.good) == ([412, 412], "Regu 1", 0)


def test_api_equipment_return_with_stale_if_match_is_412(client, world):
    member = make_member(world.village)
    issue = EquipmentIssue.objects.create(
        member=member,
        item_type=EquipmentType.objects.get(code="ht"),
        issued_on=dt.date(2026, 1, 2),
        version=2,
    )
    client.force_login(world.operator)
    response = client.post(
        f"/api/v1/equipment-issues/{issue.pk}/return/",
        {"returned_on": "2026-02-01"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    issue.refresh_from_db()
    assert (response.status_code, issue.returned_on) == (412, None)
