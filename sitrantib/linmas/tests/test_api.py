import datetime as dt

from django.conf import settings

from sitrantib.linmas.models import Member, Squad, VillageEquipment
from sitrantib.linmas.rules import MESSAGE_NIK_TAKEN_ELSEWHERE

from .conftest import make_member, nik_for


def payload(**kw):
    data = {
        "nik": nik_for(dt.date(1991, 3, 4), "P", 5),
        "name": "Siti Aminah",
        "sex": "P",
        "birth_place": "Lumajang",
        "birth_date": "1991-03-04",
        "village": "35.08.07.2001",
        "rt": "003",
        "rw": "001",
        "phone": "0812",
        "education": "slta",
        "position": "komandan_regu",
    }
    data.update(kw)
    return data


def test_api_create_member_returns_codes(client, world):
    client.force_login(world.operator)
    response = client.post("/api/v1/linmas-members/", payload(), content_type="application/json")
    body = response.json()
    assert (
        response.status_code,
        body["village"],
        body["sex"],
        body["position"],
        body["status"],
    ) == (201, "35.08.07.2001", "P", "komandan_regu", "aktif")


def test_api_create_refuses_duplicate_nik_of_other_desa(client, world):
    make_member(
        world.sibling_village,
        nik=nik_for(dt.date(1991, 3, 4), "P", 5),
        sex="P",
        birth_date=dt.date(1991, 3, 4),
    )
    client.force_login(world.admin)
    response = client.post("/api/v1/linmas-members/", payload(), content_type="application/json")
    assert (response.status_code, response.json()["errors"]["nik"]) == (
        400,
        [MESSAGE_NIK_TAKEN_ELSEWHERE % {"village": "Kraton", "district": "Kecamatan 35.08.07"}],
    )


def test_api_create_in_other_desa_is_refused_for_operator(client, world):
    client.force_login(world.operator)
    response = client.post(
        "/api/v1/linmas-members/", payload(village="35.08.07.2002"), content_type="application/json"
    )
    assert (response.status_code, Member.objects.count()) == (403, 0)


def test_api_update_member(client, world):
    member = make_member(world.village)
    client.force_login(world.admin)
    response = client.patch(
        f"/api/v1/linmas-members/{member.pk}/", {"phone": "0899"}, content_type="application/json"
    )
    assert (response.status_code, Member.objects.get().phone) == (200, "0899")


def test_api_transition_member(client, world):
    member = make_member(world.village)
    client.force_login(world.operator)
    response = client.post(
        f"/api/v1/linmas-members/{member.pk}/transition/",
        {"status": "meninggal", "reason": "Wafat"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["status"], response.json()["status_reason"]) == (
        200,
        "meninggal",
        "Wafat",
    )


def test_api_transition_without_reason_is_400(client, world):
    member = make_member(world.village)
    client.force_login(world.operator)
    response = client.post(
        f"/api/v1/linmas-members/{member.pk}/transition/",
        {"status": "nonaktif"},
        content_type="application/json",
    )
    assert (response.status_code, list(response.json()["errors"])) == (400, ["reason"])


def test_api_transition_accepts_note_and_date(client, world):
    member = make_member(world.village)
    client.force_login(world.operator)
    response = client.post(
        f"/api/v1/linmas-members/{member.pk}/transition/",
        {"status": "berhenti", "note": "Pindah", "on_date": "2026-01-05"},
        content_type="application/json",
    )
    body = response.json()
    assert (response.status_code, body["status_reason"], body["status_date"]) == (
        200,
        "Pindah",
        "2026-01-05",
    )


def test_api_transition_refused_move_is_400_with_reason(client, world):
    member = make_member(world.village, status="meninggal")
    client.force_login(world.operator)
    response = client.post(
        f"/api/v1/linmas-members/{member.pk}/transition/",
        {"status": "aktif", "note": "salah"},
        content_type="application/json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "Status tidak dapat diubah dari Meninggal ke Aktif.",
            "errors": {"status": ["Status tidak dapat diubah dari Meninggal ke Aktif."]},
        },
    )


def test_api_filters_by_desa_status_position_squad(client, world):
    squad = Squad.objects.create(village=world.village, name="Regu 1")
    make_member(world.village, name="A", serial=1, squad=squad, position="komandan_regu")
    make_member(world.village, name="B", serial=2, status="nonaktif")
    make_member(world.sibling_village, name="C", serial=3)
    client.force_login(world.admin)

    def names(query):
        return [m["name"] for m in client.get(f"/api/v1/linmas-members/?{query}").json()["results"]]

    assert (names("desa=35.08.07.2002"), names("status=nonaktif"), names("position=komandan_regu"),
            names(f"squad={squad.pk}")) == (["C"], ["B"], ["A"], ["A"])  # fmt: skip


def test_api_squads_and_equipment(client, world):
    client.force_login(world.operator)
    squad = client.post(
        "/api/v1/squads/",
        {"village": "35.08.07.2001", "name": "Regu Pengamanan"},
        content_type="application/json",
    )
    stock = client.post(
        "/api/v1/equipment-stocks/",
        {"village": "35.08.07.2001", "item_type": "ht", "good": 1, "damaged": 0, "required": 4},
        content_type="application/json",
    )
    types = client.get("/api/v1/equipment-types/").json()
    assert (squad.status_code, stock.status_code, stock.json()["shortage"]) == (201, 201, 3)
    assert (
        "ht" in [t["code"] for t in types["results"]],
        Squad.objects.count(),
        VillageEquipment.objects.count(),
    ) == (True, 1, 1)


def test_api_equipment_issue_to_member(client, world):
    member = make_member(world.village)
    client.force_login(world.operator)
    response = client.post(
        "/api/v1/equipment-issues/",
        {"member": member.pk, "item_type": "rompi", "quantity": 1, "issued_on": "2026-01-02"},
        content_type="application/json",
    )
    assert (response.status_code, member.equipment.get().item_type_id is not None) == (201, True)


def test_api_schema_renders_without_warnings(client, world):
    client.force_login(world.admin)
    response = client.get("/api/schema/")
    body = response.content.decode()
    assert (response.status_code, "/api/v1/linmas-members/{id}/transition/" in body) == (200, True)


def test_api_equipment_return_and_refused_for_camat(client, world):
    from sitrantib.linmas.models import EquipmentIssue, EquipmentType

    member = make_member(world.village)
    issue = EquipmentIssue.objects.create(
        member=member, item_type=EquipmentType.objects.get(code="ht"), issued_on=dt.date(2026, 1, 1)
    )
    url = f"/api/v1/equipment-issues/{issue.pk}/return/"
    client.force_login(world.camat)
    refused = client.post(url, {"returned_on": "2026-02-01"}, content_type="application/json")
    client.force_login(world.operator)
    done = client.post(url, {"returned_on": "2026-02-01"}, content_type="application/json")
    assert (refused.status_code, done.status_code, done.json()["returned_on"]) == (
        403,
        200,
        "2026-02-01",
    )


def test_api_equipment_issue_list_returns_issues_in_scope(client, world):
    from sitrantib.linmas.models import EquipmentIssue, EquipmentType

    ht = EquipmentType.objects.get(code="ht")
    own = EquipmentIssue.objects.create(
        member=make_member(world.village, serial=1), item_type=ht, issued_on=dt.date(2026, 1, 1)
    )
    EquipmentIssue.objects.create(
        member=make_member(world.sibling_village, serial=2),
        item_type=ht,
        issued_on=dt.date(2026, 1, 1),
    )
    client.force_login(world.operator)
    response = client.get("/api/v1/equipment-issues/")
    assert (response.status_code, [i["id"] for i in response.json()["results"]]) == (200, [own.pk])


def _answer_without_ids(response, *ids):
    text = response.content.decode()
    for value in ids:
        text = text.replace(str(value), "ID")
    return response.status_code, text


def test_api_member_squad_of_other_desa_answers_like_unknown_id(client, world):
    other = Squad.objects.create(village=world.sibling_village, name="Regu Kraton")
    unknown = other.pk + 1000
    client.force_login(world.operator)
    answers = [
        _answer_without_ids(
            client.post(
                "/api/v1/linmas-members/", payload(squad=pk), content_type="application/json"
            ),
            pk,
        )
        for pk in (other.pk, unknown)
    ]
    assert (answers[0], answers[0][0]) == (answers[1], 400)


def test_api_member_hamlet_of_other_desa_answers_like_unknown_id(client, world):
    from sitrantib.regions.models import Hamlet

    other = Hamlet.objects.create(village=world.sibling_village, name="Krajan Kraton")
    unknown = other.pk + 1000
    client.force_login(world.operator)
    answers = [
        _answer_without_ids(
            client.post(
                "/api/v1/linmas-members/", payload(hamlet=pk), content_type="application/json"
            ),
            pk,
        )
        for pk in (other.pk, unknown)
    ]
    assert (answers[0], answers[0][0]) == (answers[1], 400)


def test_api_squad_leader_of_other_desa_answers_like_unknown_id(client, world):
    other = make_member(world.sibling_village, serial=7)
    unknown = other.pk + 1000
    client.force_login(world.operator)
    answers = [
        _answer_without_ids(
            client.post(
                "/api/v1/squads/",
                {"village": world.village.code, "name": f"Regu {pk}", "leader": pk},
                content_type="application/json",
            ),
            pk,
        )
        for pk in (other.pk, unknown)
    ]
    assert (answers[0], answers[0][0]) == (answers[1], 400)


def test_api_equipment_issue_to_member_of_other_desa_answers_like_unknown_id(client, world):
    other = make_member(world.sibling_village, serial=7)
    unknown = other.pk + 1000
    client.force_login(world.operator)
    answers = [
        _answer_without_ids(
            client.post(
                "/api/v1/equipment-issues/",
                {"member": pk, "item_type": "ht", "quantity": 1, "issued_on": "2026-01-02"},
                content_type="application/json",
            ),
            pk,
        )
        for pk in (other.pk, unknown)
    ]
    assert (answers[0], answers[0][0]) == (answers[1], 400)


def test_api_member_keeps_own_squad_and_hamlet(client, world):
    from sitrantib.regions.models import Hamlet

    squad = Squad.objects.create(village=world.village, name="Regu 1")
    hamlet = Hamlet.objects.create(village=world.village, name="Krajan")
    client.force_login(world.operator)
    response = client.post(
        "/api/v1/linmas-members/",
        payload(squad=squad.pk, hamlet=hamlet.pk),
        content_type="application/json",
    )
    body = response.json()
    assert (response.status_code, body["squad"], body["hamlet"]) == (201, squad.pk, hamlet.pk)


def test_api_village_change_message_is_translated(client, world):
    member = make_member(world.village)
    client.force_login(world.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.patch(
        f"/api/v1/linmas-members/{member.pk}/",
        {"village": world.sibling_village.code},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["errors"]["village"]) == (
        400,
        ["A member cannot be moved to another village by editing the data."],
    )


def test_api_member_filter_help_texts_are_translated():
    from django.utils import translation

    from sitrantib.linmas.filters import MemberFilter

    with translation.override("en"):
        texts = [str(MemberFilter.base_filters[n].extra["help_text"]) for n in ("village", "desa")]
    assert texts == ["Village code", "Village code (same as village)"]
