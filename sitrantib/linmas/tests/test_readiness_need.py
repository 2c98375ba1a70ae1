"""Readiness weighed against the desa's need (issue 9 point 7, ADR 0015)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.models import AuditEntry
from sitrantib.linmas import services
from sitrantib.linmas.models import EquipmentType, ReadinessTarget, VillageReadiness
from sitrantib.linmas.readiness_rule import (
    NEED_DEFAULT,
    NEED_RT,
    NEED_TARGET,
    NEED_UNKNOWN,
    ReadinessRule,
    need_of,
    readiness_level,
    readiness_score,
)
from sitrantib.linmas.selectors import NOT_READY, READY, UNKNOWN_NEED, refresh_readiness
from sitrantib.regions.models import StatisticSource, VillageStatistic

from .conftest import make_member

ONE_PER_RT = ReadinessRule(members_per_rt=Decimal(1))
VALID = dt.date(2099, 12, 31)


def full_members(village, count, first_serial=1):
    """`count` active members with an SK number and a KTA valid far ahead."""
    for serial in range(first_serial, first_serial + count):
        make_member(
            village,
            serial=serial,
            decree_number=f"188/{serial}",
            card_number=f"KTA-{serial}",
            card_valid_until=VALID,
        )


def rt_count(village, count, year=2019):
    source, _created = StatisticSource.objects.get_or_create(title="KAK Yosowilangun")
    return VillageStatistic.objects.create(
        village=village, year=year, source=source, rt_count=count
    )


def full_equipment(village, actor):
    ht = EquipmentType.objects.get(code="ht")
    services.set_equipment(
        village=village, item_type=ht, good=4, damaged=0, required=4, actor=actor
    )


def stored(village):
    refresh_readiness(village_codes=[village.code])
    return VillageReadiness.objects.get(village=village)


# ---------------------------------------------------------------- the rule, pure


def score(**figures):
    values = {"with_decree": figures.get("active", 0), "with_valid_card": figures.get("active", 0)}
    values |= {"equipment_required": 4, "shortage": 0} | figures
    return readiness_score(**values)


def test_two_members_for_49_rt_are_not_ready():
    need, source = need_of(rt_count=49, target=None, rule=ONE_PER_RT)
    value = score(active=2, need=need)
    # (2/49 + 2/49 + 2/49 + 1) / 4
    assert (need, source, value.quantize(Decimal("0.0001"))) == (49, NEED_RT, Decimal("0.2806"))
    assert readiness_level(active=2, need=need, score=value) == NOT_READY


def test_target_wins_over_members_per_rt():
    assert need_of(rt_count=49, target=2, rule=ONE_PER_RT) == (2, NEED_TARGET)
    value = score(active=2, need=2)
    assert (value, readiness_level(active=2, need=2, score=value)) == (Decimal(1), READY)


def test_need_rounds_up_and_default_target_only_without_rt():
    half = ReadinessRule(members_per_rt=Decimal("0.5"), default_target=15)
    assert need_of(rt_count=49, target=None, rule=half) == (25, NEED_RT)
    assert need_of(rt_count=None, target=None, rule=half) == (15, NEED_DEFAULT)
    target_only = ReadinessRule(members_per_rt=Decimal(0), default_target=15)
    assert need_of(rt_count=49, target=None, rule=target_only) == (15, NEED_DEFAULT)


def test_unknown_need_cannot_be_assessed():
    assert need_of(rt_count=None, target=None, rule=ONE_PER_RT) == (None, NEED_UNKNOWN)
    assert score(active=5, need=None) is None
    assert readiness_level(active=5, need=None, score=None) == UNKNOWN_NEED


def test_no_equipment_recorded_counts_as_missing():
    value = score(active=1, need=1, equipment_required=0)
    assert (value, readiness_level(active=1, need=1, score=value)) == (Decimal("0.75"), "cukup")


def test_surplus_members_do_not_make_up_for_missing_decrees():
    value = score(active=10, with_decree=0, with_valid_card=0, need=5)
    assert value == Decimal("0.5")


# ---------------------------------------------------------------- stored and shown


def test_stored_readiness_of_a_desa_with_two_members_for_49_rt(world):
    rt_count(world.village, 49)
    full_members(world.village, 2)
    full_equipment(world.village, world.admin)
    row = stored(world.village)
    assert (row.rt_count, row.need, row.need_source, row.score, row.level) == (
        49,
        49,
        NEED_RT,
        Decimal("0.2806"),
        NOT_READY,
    )


def test_readiness_page_states_the_rule_and_the_unknown_need(client, world):
    rt_count(world.village, 49)
    full_members(world.village, 2)
    make_member(world.sibling_village, serial=9)
    client.force_login(world.admin)
    response = client.get("/linmas/")
    body = response.content.decode()
    rows = {r.village.code: r for r in response.context["rows"]}
    assert "selain itu 1 anggota per RT" in body
    assert (rows[world.village.code].level, rows[world.sibling_village.code].level) == (
        NOT_READY,
        UNKNOWN_NEED,
    )
    assert 'id="unknown-need"' in body
    assert "Tidak dapat dinilai" in body
    assert "Siap 100%" not in body


def test_rt_count_corrected_in_statistics_recounts_the_page(client, world):
    stat = rt_count(world.village, 49)
    full_members(world.village, 2)
    full_equipment(world.village, world.admin)
    assert stored(world.village).level == NOT_READY
    VillageStatistic.objects.filter(pk=stat.pk).update(rt_count=2)
    client.force_login(world.admin)
    row = next(r for r in client.get("/linmas/").context["rows"] if r.village == world.village)
    assert (row.need, row.level) == (2, READY)
    assert VillageReadiness.objects.get(village=world.village).level == READY


# ---------------------------------------------------------------- parameters and targets


def test_set_readiness_rule_is_audited_and_recounts(world):
    rt_count(world.village, 4)
    full_members(world.village, 2)
    full_equipment(world.village, world.admin)
    assert stored(world.village).level == "cukup"  # 2 of 4: (0.5 * 3 + 1) / 4
    settings_row = services.set_readiness_rule(
        district=world.district, members_per_rt=Decimal("0.5"), default_target=None,
        actor=world.admin,
    )  # fmt: skip
    row = VillageReadiness.objects.get(village=world.village)
    assert (row.need, row.level) == (2, READY)
    services.set_readiness_rule(
        district=world.district, members_per_rt=Decimal("0.5"), default_target=10,
        actor=world.admin, expected_version=settings_row.version,
    )  # fmt: skip
    entries = AuditEntry.objects.filter(object_type="linmas.readinesssettings").order_by("pk")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before["default_target"] is None
    assert entries[1].after["default_target"] == 10
    with pytest.raises(StaleVersion):
        services.set_readiness_rule(
            district=world.district, members_per_rt=Decimal(2), default_target=None,
            actor=world.admin, expected_version=settings_row.version - 1,
        )  # fmt: skip


@pytest.mark.parametrize("who", ["operator", "camat", "outsider", "superuser"])
def test_set_readiness_rule_refused_to_others(world, who):
    with pytest.raises(PermissionDenied):
        services.set_readiness_rule(
            district=world.district, members_per_rt=Decimal(2), default_target=None,
            actor=getattr(world, who),
        )  # fmt: skip


def test_set_readiness_rule_refuses_a_negative_ratio(world):
    with pytest.raises(ValidationError) as error:
        services.set_readiness_rule(
            district=world.district, members_per_rt=Decimal(-1), default_target=None,
            actor=world.admin,
        )  # fmt: skip
    assert "members_per_rt" in error.value.message_dict


def test_desa_target_set_and_removed_audited(world):
    rt_count(world.village, 49)
    full_members(world.village, 2)
    full_equipment(world.village, world.admin)
    services.set_readiness_target(
        village=world.village, members=2, note="SK Kades 1/2026", actor=world.admin
    )
    assert (stored(world.village).need_source, stored(world.village).level) == (NEED_TARGET, READY)
    services.set_readiness_target(village=world.village, members=None, actor=world.admin)
    assert not ReadinessTarget.objects.exists()
    assert VillageReadiness.objects.get(village=world.village).level == NOT_READY
    actions = list(
        AuditEntry.objects.filter(object_type="linmas.readinesstarget")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "delete"]


def test_rule_page_saves_parameters_for_the_admin(client, world):
    client.force_login(world.admin)
    response = client.post(
        "/linmas/kesiapan/aturan/?kecamatan=35.08.07",
        {"form": "rule", "rule-members_per_rt": "0.5", "rule-default_target": "12"},
    )
    assert response.status_code == 302
    body = client.get("/linmas/").content.decode()
    assert "selain itu 0,5 anggota per RT, atau 12 anggota bila jumlah RT belum tercatat" in body


def test_rule_page_refused_value_keeps_what_was_typed(client, world):
    client.force_login(world.admin)
    response = client.post(
        "/linmas/kesiapan/aturan/?kecamatan=35.08.07",
        {"form": "rule", "rule-members_per_rt": "-3", "rule-default_target": "12"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="-3"' in body
    assert 'value="12"' in body
    assert "is-invalid" in body


def test_rule_page_target_form_sets_target(client, world):
    client.force_login(world.admin)
    response = client.post(
        "/linmas/kesiapan/aturan/?kecamatan=35.08.07",
        {"form": "target", "target-village": world.village.code, "target-members": "20"},
    )
    assert response.status_code == 302
    assert ReadinessTarget.objects.get(village=world.village).members == 20


@pytest.mark.parametrize(("who", "status"), [("operator", 403), ("camat", 403), ("outsider", 404)])
def test_rule_page_post_refused_to_others(client, world, who, status):
    client.force_login(getattr(world, who))
    response = client.post(
        "/linmas/kesiapan/aturan/?kecamatan=35.08.07",
        {"form": "rule", "rule-members_per_rt": "3"},
    )
    assert response.status_code == status


@pytest.mark.parametrize("who", ["camat", "operator"])
def test_rule_page_readable_without_forms(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get("/linmas/kesiapan/aturan/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="readiness-rule"' in body
    assert 'id="rule-form"' not in body


def test_rule_page_anonymous_goes_to_login(client, world):
    response = client.get("/linmas/kesiapan/aturan/")
    assert response.status_code == 302
    assert "masuk" in response["Location"]


def test_compute_readiness_stores_the_new_rule(world):
    from django.core.management import call_command

    rt_count(world.village, 49)
    full_members(world.village, 2)
    VillageReadiness.objects.all().delete()
    call_command("compute_readiness", district="35.08.07")
    row = VillageReadiness.objects.get(village=world.village)
    assert (row.need, row.level, row.computed_on) == (49, NOT_READY, timezone.localdate())


# ---------------------------------------------------------------- forms keep what was typed


def test_refused_import_keeps_the_chosen_desa_and_shows_the_error_beside_the_file(
    client, world, media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.admin)
    response = client.post(
        "/linmas/impor/",
        {
            "village": world.sibling_village.code,
            "file": SimpleUploadedFile("anggota.xlsx", b"bukan spreadsheet"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{world.sibling_village.code}"' in body
    assert "Kraton" in body
    assert 'id="id_file"' in body
    assert response.context["form"].errors["file"]
    assert 'id="id_file_error"' in body


def test_member_form_refused_by_the_service_keeps_values_beside_fields(client, world):
    make_member(world.sibling_village, serial=1)
    client.force_login(world.admin)
    response = client.post(
        "/linmas/anggota/tambah/",
        {
            "village": world.village.code, "nik": "3508071708900001", "name": "Dobel",
            "sex": "L", "birth_place": "Lumajang", "birth_date": "1990-08-17", "rt": "003",
            "rw": "004", "position": "anggota", "resides_in_village": "on",
        },
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["nik"]
    assert 'id="id_nik_error"' in body
    for typed in ('value="Dobel"', 'value="003"', 'value="004"', 'value="1990-08-17"'):
        assert typed in body


# ---------------------------------------------------------------- member counts on lists


@pytest.mark.parametrize("count", [1, 3])
def test_equipment_list_shows_active_members_per_desa_without_query_per_row(
    client, world, django_assert_num_queries, count
):
    for serial in range(1, count + 1):
        make_member(world.village, serial=serial)
    make_member(world.village, serial=9, status="berhenti")
    client.force_login(world.admin)
    client.get("/linmas/perlengkapan/")
    with django_assert_num_queries(8):
        response = client.get("/linmas/perlengkapan/")
    counts = {v.code: v.active_members for v, _cells in response.context["table"]}
    assert counts == {world.village.code: count, world.sibling_village.code: 0}
    assert f'status=aktif">{count}</a>' in response.content.decode()
