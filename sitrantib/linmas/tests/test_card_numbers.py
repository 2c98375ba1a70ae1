"""KTA numbers (issue 15 B4, docs/adr/0106): issued by SITRANTIB from a gap-free yearly serial of
the kecamatan, unique by database constraint; numbers typed by hand are kept as legacy values,
a new duplicate refused, old duplicates reported as a data-quality finding."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from sitrantib.core.dataquality import run_checks
from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of
from sitrantib.linmas import services
from sitrantib.linmas.imports import MESSAGE_CARD_TWICE_IN_FILE, stage_members
from sitrantib.linmas.models import CardSerial, Member
from sitrantib.linmas.quality import MESSAGE_CARD_DUPLICATE
from sitrantib.linmas.rules import MESSAGE_CARD_ISSUED_FIXED, MESSAGE_CARD_TAKEN
from sitrantib.linmas.services import (
    MESSAGE_CARD_ALREADY_ISSUED,
    MESSAGE_CARD_NEEDS_VALIDITY,
    MESSAGE_CARD_NOT_ACTIVE,
    MESSAGE_CARD_TYPED_AND_ISSUED,
    issue_card_number,
)

from .conftest import make_member, member_data, xlsx, xlsx_row

VALID = dt.date(2030, 12, 31)
ON = dt.date(2026, 3, 2)


def _members(village, count, first_serial=1, **overrides):
    return [
        make_member(village, serial=first_serial + n, name=f"Anggota {first_serial + n}",
                    card_valid_until=VALID, **overrides)
        for n in range(count)
    ]  # fmt: skip


def _messages(exc):
    return exc.value.message_dict


# Issued numbers ----------------------------------------------------------------------------------


def test_issue_card_number_gives_gap_free_serials_per_kecamatan_and_year(world):
    here = _members(world.village, 2) + _members(world.sibling_village, 1, first_serial=10)
    there = _members(world.foreign_village, 1, first_serial=20)
    numbers = [issue_card_number(member=m, actor=world.admin, on=ON).card_number for m in here]
    numbers.append(issue_card_number(member=there[0], actor=world.outsider, on=ON).card_number)
    next_year = _members(world.village, 1, first_serial=30)[0]
    numbers.append(
        issue_card_number(member=next_year, actor=world.admin, on=dt.date(2027, 1, 2)).card_number
    )
    stored = Member.objects.get(pk=here[0].pk)
    assert numbers == [
        "0001/KTA-LINMAS/35.08.07/2026",
        "0002/KTA-LINMAS/35.08.07/2026",
        "0003/KTA-LINMAS/35.08.07/2026",
        "0001/KTA-LINMAS/35.08.06/2026",
        "0001/KTA-LINMAS/35.08.07/2027",
    ]
    assert (
        stored.card_number_issued,
        stored.card_serial,
        stored.card_year,
        stored.card_district_id,
        stored.card_issued_on,
        AuditEntry.objects.filter(object_id=str(stored.pk)).count(),
    ) == (True, 1, 2026, "35.08.07", ON, 1)


def test_a_rolled_back_issue_gives_its_serial_back(world):
    first, second = _members(world.village, 2)

    def issue_then_fail():
        with transaction.atomic():
            issue_card_number(member=first, actor=world.admin, on=ON)
            raise RuntimeError("the surrounding save failed")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    issued = issue_card_number(member=second, actor=world.admin, on=ON)
    assert (issued.card_serial, Member.objects.get(pk=first.pk).card_number) == (1, "")


def test_issue_refuses_a_second_number_no_validity_and_an_inactive_member(world):
    member, no_date, inactive = _members(world.village, 3)
    issued = issue_card_number(member=member, actor=world.admin, on=ON)
    Member.objects.filter(pk=no_date.pk).update(card_valid_until=None)
    no_date.refresh_from_db()
    Member.objects.filter(pk=inactive.pk).update(status="nonaktif")
    refused = {}
    for target in (member, no_date, inactive):
        with pytest.raises(ValidationError) as caught:
            issue_card_number(member=target, actor=world.admin, on=ON)
        refused[target.pk] = _messages(caught)
    assert refused == {
        member.pk: {"card_number": [MESSAGE_CARD_ALREADY_ISSUED % {"number": issued.card_number}]},
        no_date.pk: {"card_valid_until": [MESSAGE_CARD_NEEDS_VALIDITY]},
        inactive.pk: {"card_number": [MESSAGE_CARD_NOT_ACTIVE]},
    }
    assert CardSerial.objects.get().last_serial == 1


def test_issue_is_refused_to_an_operator_of_another_desa(world):
    [member] = _members(world.village, 1)
    with pytest.raises(PermissionDenied):
        issue_card_number(member=member, actor=world.sibling_operator, on=ON)
    assert CardSerial.objects.count() == 0


def test_the_database_refuses_a_repeated_issued_serial(world):
    first, second = _members(world.village, 2)
    issue_card_number(member=first, actor=world.admin, on=ON)
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=second.pk).update(
            card_number="lain", card_serial=1, card_year=2026, card_district_id="35.08.07",
            card_issued_on=ON,
        )  # fmt: skip


def test_pattern_setting_is_used_and_a_pattern_without_the_kecamatan_is_refused(world, settings):
    first, second = _members(world.village, 2)
    settings.SITRANTIB_LINMAS_CARD_PATTERN = "KTA.{district_code}.{year}.{serial}"
    issued = issue_card_number(member=first, actor=world.admin, on=ON)
    settings.SITRANTIB_LINMAS_CARD_PATTERN = "{serial}/{year}"
    with pytest.raises(ImproperlyConfigured):
        issue_card_number(member=second, actor=world.admin, on=ON)
    assert (issued.card_number, CardSerial.objects.get().last_serial) == (
        "KTA.35.08.07.2026.0001",
        1,
    )


def test_create_member_with_issue_card_numbers_it_in_the_same_save(world):
    data = member_data(card_valid_until=VALID)
    member = services.create_member(
        village=world.village, data=data, actor=world.operator, issue_card=True
    )
    assert member.card_number.startswith("0001/KTA-LINMAS/35.08.07/")


def test_create_member_refuses_a_typed_number_with_issue_card_and_saves_nothing(world):
    data = member_data(card_number="KTA/1", card_valid_until=VALID)
    with pytest.raises(ValidationError) as caught:
        services.create_member(
            village=world.village, data=data, actor=world.operator, issue_card=True
        )
    assert (_messages(caught), Member.objects.count(), CardSerial.objects.count()) == (
        {"card_number": [MESSAGE_CARD_TYPED_AND_ISSUED]},
        0,
        0,
    )


def test_an_issued_number_cannot_be_changed_or_cleared(world):
    [member] = _members(world.village, 1)
    issue_card_number(member=member, actor=world.admin, on=ON)
    refused = []
    for typed in ("LAIN/1", ""):
        with pytest.raises(ValidationError) as caught:
            services.update_member(member=member, data={"card_number": typed}, actor=world.admin)
        refused.append(_messages(caught))
    assert refused == [{"card_number": [MESSAGE_CARD_ISSUED_FIXED]}] * 2


# Numbers typed by hand ---------------------------------------------------------------------------


def test_a_new_hand_typed_duplicate_is_refused_regardless_of_case_and_spaces(world):
    make_member(world.sibling_village, serial=5, card_number="474/12/KTA/2019")
    with pytest.raises(ValidationError) as caught:
        services.create_member(
            village=world.village,
            data=member_data(card_number="  474/12/kta/2019 "),
            actor=world.admin,
        )
    assert _messages(caught) == {
        "card_number": [
            MESSAGE_CARD_TAKEN % {"village": "Kraton", "district": "Kecamatan 35.08.07"}
        ]
    }


def test_a_typed_number_equal_to_an_issued_one_is_refused(world):
    [holder] = _members(world.sibling_village, 1, first_serial=5)
    issued = issue_card_number(member=holder, actor=world.admin, on=ON)
    [member] = _members(world.village, 1)
    with pytest.raises(ValidationError) as caught:
        services.update_member(
            member=member, data={"card_number": issued.card_number}, actor=world.admin
        )
    assert list(_messages(caught)) == ["card_number"]


def test_a_typed_number_is_stored_trimmed(world):
    member = services.create_member(
        village=world.village, data=member_data(card_number="  KTA  9 "), actor=world.admin
    )
    assert member.card_number == "KTA 9"


def test_legacy_duplicates_are_reported_not_refused_and_the_members_stay_editable(world):
    first = make_member(world.village, serial=1, name="Ahmad", card_number="KTA/7")
    make_member(world.village, serial=2, name="Bambang", card_number="kta/7")
    make_member(world.village, serial=3, name="Candra", card_number="KTA/8")
    _member, changed = services.update_member(
        member=first, data={"card_number": "KTA/7", "phone": "0899"}, actor=world.admin
    )
    findings = [
        f
        for f in run_checks(scope=scope_of(world.admin))
        if f.rule == "linmas.card_number_duplicate"
    ]
    assert (changed, [f.message for f in findings], findings[0].url) == (
        True,
        [
            MESSAGE_CARD_DUPLICATE
            % {"village": "Darungan", "number": "KTA/7", "name": "Ahmad", "count": 1},
            MESSAGE_CARD_DUPLICATE
            % {"village": "Darungan", "number": "kta/7", "name": "Bambang", "count": 1},
        ],
        f"/linmas/anggota/{first.pk}/",
    )


def test_a_legacy_number_is_cleared_before_a_number_is_issued(world):
    member = make_member(world.village, card_number="KTA/LAMA", card_valid_until=VALID)
    updated, _changed = services.update_member(
        member=member, data={"card_number": ""}, actor=world.admin, issue_card=True
    )
    assert updated.card_number == "0001/KTA-LINMAS/35.08.07/" + str(dt.date.today().year)


# Pages -------------------------------------------------------------------------------------------


def _post(world, **overrides):
    post = {k: ("" if v is None else v) for k, v in member_data().items()}
    post.update(
        {"village": world.village.code, "birth_date": "1990-08-17", "resides_in_village": "on"}
    )
    post.update(overrides)
    return post


def test_member_form_issues_the_number_and_the_page_says_so(client, world):
    client.force_login(world.operator)
    response = client.post(
        "/linmas/anggota/tambah/",
        _post(world, issue_card="on", card_valid_until="2030-12-31"),
        follow=True,
    )
    member = Member.objects.get()
    body = response.content.decode()
    assert (member.card_serial, member.card_number in body, 'id="card-number-source"' in body) == (
        1,
        True,
        True,
    )
    edit = client.get(f"/linmas/anggota/{member.pk}/ubah/")
    form = edit.context["form"]
    assert (form.fields["card_number"].disabled, "issue_card" in form.fields) == (True, False)


def test_member_form_refuses_a_typed_duplicate_beside_the_field(client, world):
    make_member(world.sibling_village, serial=5, card_number="KTA/5")
    client.force_login(world.operator)
    response = client.post("/linmas/anggota/tambah/", _post(world, card_number="kta/5"))
    assert (response.status_code, Member.objects.count(), response.context["form"].errors) == (
        200,
        1,
        {
            "card_number": [
                MESSAGE_CARD_TAKEN % {"village": "Kraton", "district": "Kecamatan 35.08.07"}
            ]
        },
    )


def test_member_form_asks_for_the_validity_before_issuing(client, world):
    client.force_login(world.operator)
    response = client.post("/linmas/anggota/tambah/", _post(world, issue_card="on"))
    assert (Member.objects.count(), response.context["form"].errors) == (
        0,
        {"card_valid_until": [MESSAGE_CARD_NEEDS_VALIDITY]},
    )


# API ---------------------------------------------------------------------------------------------


def _api_payload(**kw):
    data = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in member_data().items()}
    data.update({"village": "35.08.07.2001"}, **kw)
    return data


def test_api_issues_the_number_and_refuses_changing_it(client, world):
    client.force_login(world.admin)
    created = client.post(
        "/api/v1/linmas-members/",
        _api_payload(issue_card=True, card_valid_until="2030-12-31"),
        content_type="application/json",
    )
    body = created.json()
    changed = client.patch(
        f"/api/v1/linmas-members/{body['id']}/",
        {"card_number": "LAIN/1"},
        content_type="application/json",
    )
    assert (
        created.status_code,
        body["card_number_issued"],
        body["card_number"].startswith("0001/KTA-LINMAS/"),
        "issue_card" in body,
        changed.status_code,
        changed.json()["errors"],
    ) == (201, True, True, False, 400, {"card_number": [MESSAGE_CARD_ISSUED_FIXED]})


def test_api_refuses_a_typed_duplicate_with_400(client, world):
    make_member(world.sibling_village, serial=5, card_number="KTA/5")
    client.force_login(world.admin)
    response = client.post(
        "/api/v1/linmas-members/",
        _api_payload(card_number="KTA/5"),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["errors"], Member.objects.count()) == (
        400,
        {
            "card_number": [
                MESSAGE_CARD_TAKEN % {"village": "Kraton", "district": "Kecamatan 35.08.07"}
            ]
        },
        1,
    )


# Import ------------------------------------------------------------------------------------------


def test_import_reports_numbers_twice_in_the_file_or_held_in_the_database_per_row(world):
    make_member(world.sibling_village, serial=9, card_number="KTA/9")
    content = xlsx(
        [
            xlsx_row(serial=1, kta="KTA/1"),
            xlsx_row(serial=2, kta="kta/1"),
            xlsx_row(serial=3, kta="KTA/9"),
            xlsx_row(serial=4, kta="KTA/4"),
        ]
    )
    batch = stage_members(
        village=world.village,
        upload=SimpleUploadedFile("anggota.xlsx", content),
        actor=world.admin,
    )
    errors = [(e["row"], e["column"], e["message"]) for e in batch.errors]
    assert errors == [
        (3, "Nomor KTA", MESSAGE_CARD_TWICE_IN_FILE % {"row": 2}),
        (
            4,
            "Nomor KTA",
            MESSAGE_CARD_TAKEN % {"village": "Kraton", "district": "Kecamatan 35.08.07"},
        ),
    ]
    assert Member.objects.count() == 1


def test_import_refuses_the_whole_file_with_a_duplicate(world):
    from sitrantib.linmas.imports import import_members

    content = xlsx([xlsx_row(serial=1, kta="KTA/1"), xlsx_row(serial=2, kta="KTA/1")])
    with pytest.raises(ValidationError):
        import_members(
            upload=SimpleUploadedFile("anggota.xlsx", content),
            village=world.village,
            actor=world.admin,
        )
    assert Member.objects.count() == 0


def test_import_keeps_a_member_whose_number_is_unchanged(world):
    from sitrantib.linmas.imports import import_members

    content = xlsx([xlsx_row(serial=1, kta="KTA/1"), xlsx_row(serial=2, kta="KTA/2")])
    for _ in range(2):
        import_members(
            upload=SimpleUploadedFile("anggota.xlsx", content),
            village=world.village,
            actor=world.admin,
        )
    assert sorted(Member.objects.values_list("card_number", flat=True)) == ["KTA/1", "KTA/2"]
