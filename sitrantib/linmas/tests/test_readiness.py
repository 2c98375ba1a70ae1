import datetime as dt
from decimal import Decimal

from django.core.management import call_command

from sitrantib.core.dataquality import run_checks
from sitrantib.core.scoping import scope_of
from sitrantib.linmas.models import EquipmentType
from sitrantib.linmas.quality import (
    MESSAGE_CARD_EXPIRED,
    MESSAGE_NIK_REGION_UNKNOWN,
    MESSAGE_NO_DECREE,
)
from sitrantib.linmas.selectors import NO_DATA, NOT_READY, READY, readiness
from sitrantib.linmas.services import set_equipment
from sitrantib.regions.models import StatisticSource, VillageStatistic

from .conftest import make_member

TODAY = dt.date(2026, 11, 28)


def test_readiness_counts_shares_per_rt_and_shortage(world):
    source = StatisticSource.objects.create(title="Kecamatan Dalam Angka")
    VillageStatistic.objects.create(village=world.village, year=2023, source=source, rt_count=10)
    VillageStatistic.objects.create(village=world.village, year=2024, source=source, rt_count=4)
    valid = dt.date(2027, 1, 1)
    make_member(
        world.village, serial=1, decree_number="1", card_number="K1", card_valid_until=valid
    )
    make_member(
        world.village,
        serial=2,
        decree_number="2",
        card_number="K2",
        card_valid_until=dt.date(2026, 1, 1),
    )
    make_member(world.village, serial=3, status="berhenti", decree_number="3")
    ht = EquipmentType.objects.get(code="ht")
    set_equipment(
        village=world.village, item_type=ht, good=1, damaged=2, required=4, actor=world.admin
    )
    rows = {r.village.code: r for r in readiness(scope=scope_of(world.admin), today=TODAY)}
    own = rows["35.08.07.2001"]
    assert (own.active, own.with_decree, own.with_valid_card, own.rt_count, own.shortage) == (
        2,
        2,
        1,
        4,
        3,
    )
    assert (own.members_per_rt, own.decree_share, own.card_share, own.equipment_share) == (
        Decimal("0.5"),
        Decimal(1),
        Decimal("0.5"),
        Decimal("0.25"),
    )
    # Need = 1 member per RT x 4 RT: (2/4 + 2/4 + 1/4 + 1/4) / 4 = 37.5 % (ADR 0015).
    assert (own.need, own.score, own.level) == (4, Decimal("0.375"), NOT_READY)
    assert (rows["35.08.07.2002"].level, own.shortages) == (NO_DATA, {"HT (handy talky)": 3})


def test_readiness_levels_ready_and_not_ready(world):
    source = StatisticSource.objects.create(title="KAK")
    for village in (world.village, world.sibling_village):
        VillageStatistic.objects.create(village=village, year=2019, source=source, rt_count=1)
    ht = EquipmentType.objects.get(code="ht")
    set_equipment(
        village=world.village, item_type=ht, good=2, damaged=0, required=2, actor=world.admin
    )
    make_member(
        world.village,
        serial=1,
        decree_number="1",
        card_number="K",
        card_valid_until=dt.date(2030, 1, 1),
    )
    make_member(world.sibling_village, serial=2)
    rows = readiness(scope=scope_of(world.admin), today=TODAY)
    assert [r.level for r in rows] == [READY, NOT_READY]


def test_readiness_operator_sees_own_desa_only(world):
    assert [r.village.code for r in readiness(scope=scope_of(world.operator))] == ["35.08.07.2001"]


def test_readiness_page_links_numbers_to_filtered_list(client, world):
    make_member(world.village, serial=1)
    client.force_login(world.camat)
    body = client.get("/linmas/").content.decode()
    assert "/linmas/anggota/?village=35.08.07.2001&amp;status=aktif&amp;decree=ada" in body


def test_readiness_page_no_longer_says_trained_is_not_available(client, world):
    client.force_login(world.admin)
    body = client.get("/linmas/").content.decode()
    assert ("belum tersedia" in body, "Terlatih" in body) == (False, True)


def test_member_list_filters_behind_readiness_numbers(client, world):
    make_member(world.village, name="Ber SK", serial=1, decree_number="1")
    make_member(world.village, name="Tanpa SK", serial=2)
    client.force_login(world.admin)
    response = client.get("/linmas/anggota/?village=35.08.07.2001&status=aktif&decree=ada")
    assert [m.name for m in response.context["members"]] == ["Ber SK"]


def test_quality_rules_report_expired_card_and_missing_decree(world):
    member = make_member(world.village, card_number="K", card_valid_until=dt.date(2020, 1, 1))
    findings = [f for f in run_checks(scope=scope_of(world.admin)) if f.rule.startswith("linmas.")]
    named = {"village": "Darungan", "name": member.name}
    assert [(f.rule, f.object, f.message) for f in findings] == [
        (
            "linmas.card_expired",
            f"linmas_member:{member.pk}",
            MESSAGE_CARD_EXPIRED % {**named, "date": "1 Januari 2020"},
        ),
        ("linmas.no_decree", f"linmas_member:{member.pk}", MESSAGE_NO_DECREE % named),
    ]


def test_quality_rule_reports_nik_with_kecamatan_code_not_in_current_list(world):
    make_member(world.village, serial=1, decree_number="SK-1")
    odd = make_member(world.village, serial=2, nik="3508991708900002", decree_number="SK-2")
    findings = [
        (f.rule, f.object, f.message)
        for f in run_checks(scope=scope_of(world.admin))
        if f.rule == "linmas.nik_region_unknown"
    ]
    assert findings == [
        (
            "linmas.nik_region_unknown",
            f"linmas_member:{odd.pk}",
            MESSAGE_NIK_REGION_UNKNOWN % {"village": "Darungan", "name": odd.name},
        )
    ]


def test_equipment_page_shows_shortage_and_saves_stock(client, world):
    client.force_login(world.operator)
    ht = EquipmentType.objects.get(code="ht")
    response = client.post(
        "/linmas/perlengkapan/",
        {
            "village": world.village.code,
            "item_type": ht.pk,
            "good": 1,
            "damaged": 0,
            "required": 5,
            "note": "",
        },
        follow=True,
    )
    assert "\u22124" in response.content.decode()


def test_squad_page_creates_squad_with_leader(client, world):
    leader = make_member(world.village, serial=1)
    client.force_login(world.operator)
    data = {
        "village": world.village.code,
        "name": "Regu Pengamanan",
        "order": 1,
        "leader": leader.pk,
    }
    client.post("/linmas/regu/", data)
    squad = world.village.linmas_squads.get()
    assert (squad.name, squad.leader_id) == ("Regu Pengamanan", leader.pk)


def test_bench_linmas_command_reports_timings_and_rolls_back(world, capsys):
    call_command("bench_linmas", "--members", "60")
    out = capsys.readouterr().out
    assert ("60 anggota" in out, "/linmas/anggota/?cursor=" in out, "rollback" in out) == (
        True,
        True,
        True,
    )
    assert world.village.linmas_members.count() == 0
