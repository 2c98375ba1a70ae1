"""Issue 16 A1 and A3: wide scopes see summaries, never more than a page of rows, in a number of
queries that does not grow with the desa; the stored readiness always equals a fresh count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sitrantib.linmas import services
from sitrantib.linmas.models import EquipmentType, Member, VillageEquipment, VillageReadiness
from sitrantib.linmas.selectors import FIGURES, fresh_readiness, refresh_readiness
from sitrantib.linmas.views.members import READINESS_PAGE_SIZE
from sitrantib.linmas.views.units import EQUIPMENT_PAGE_SIZE
from sitrantib.regions.models import District, Province, Regency, Village

from .conftest import make_member, member_data, xlsx, xlsx_row


def many_regions(*, regencies: int, districts: int = 1, villages: int = 5) -> list[Village]:
    """`regencies` kabupaten in province 36, each with `districts` kecamatan of `villages` desa,
    every desa with stored readiness and one equipment row (all with bulk_create)."""
    Province.objects.get_or_create(code="36", defaults={"name": "Banten"})
    Regency.objects.bulk_create(
        Regency(code=f"36.{r + 10:02d}", name=f"Kab {r:03d}", province_id="36", kind="kabupaten")
        for r in range(regencies)
    )
    District.objects.bulk_create(
        District(code=f"36.{r + 10:02d}.{d + 1:02d}", name=f"Kec {r:03d}-{d:02d}",
                 regency_id=f"36.{r + 10:02d}")
        for r in range(regencies)
        for d in range(districts)
    )  # fmt: skip
    created = Village.objects.bulk_create(
        Village(code=f"36.{r + 10:02d}.{d + 1:02d}.{2001 + v}", name=f"Desa {r}-{d}-{v}",
                district_id=f"36.{r + 10:02d}.{d + 1:02d}", kind="desa")
        for r in range(regencies)
        for d in range(districts)
        for v in range(villages)
    )  # fmt: skip
    today = timezone.localdate()
    VillageReadiness.objects.bulk_create(
        VillageReadiness(village_id=v.code, district_id=v.district_id, active=3, with_decree=1,
                         level="kurang", computed_on=today)
        for v in created
    )  # fmt: skip
    item = EquipmentType.objects.order_by("pk").first()
    VillageEquipment.objects.bulk_create(
        VillageEquipment(village=v, item_type=item, good=1, required=3) for v in created
    )
    return created


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@pytest.mark.parametrize("url", ["/linmas/", "/linmas/perlengkapan/"])
def test_national_user_first_sees_one_capped_page_of_kabupaten(client, world, url):
    client.force_login(world.national)
    many_regions(regencies=3)
    client.get(url)  # the first request after login also loads the session's user
    small, small_queries = get(client, url)
    _add_regencies(start=3, count=70)  # 73 kabupaten, 365 desa
    large, large_queries = get(client, url)
    rows = large.context["rows"] if "rows" in large.context else large.context["table"]
    assert (small.status_code, large.status_code, large.context["level"].name) == (
        200,
        200,
        "kabupaten",
    )
    assert (len(rows), large.context["page"].has_next, small_queries) == (
        min(READINESS_PAGE_SIZE, EQUIPMENT_PAGE_SIZE),
        True,
        large_queries,
    )


def _add_regencies(*, start: int, count: int) -> None:
    Regency.objects.bulk_create(
        Regency(code=f"36.{r + 10:02d}", name=f"Kab {r:03d}", province_id="36", kind="kabupaten")
        for r in range(start, start + count)
    )
    District.objects.bulk_create(
        District(code=f"36.{r + 10:02d}.01", name=f"Kec {r:03d}", regency_id=f"36.{r + 10:02d}")
        for r in range(start, start + count)
    )
    Village.objects.bulk_create(
        Village(code=f"36.{r + 10:02d}.01.{2001 + v}", name=f"Desa {r}-{v}",
                district_id=f"36.{r + 10:02d}.01", kind="desa")
        for r in range(start, start + count)
        for v in range(5)
    )  # fmt: skip


@pytest.mark.parametrize("url", ["/linmas/", "/linmas/perlengkapan/"])
def test_kabupaten_opens_to_kecamatan_and_kecamatan_to_capped_desa(client, world, url):
    many_regions(regencies=1, districts=2, villages=3)
    client.force_login(world.national)
    client.get(url + "?kecamatan=36.10.01")
    _small, small_queries = get(client, url + "?kecamatan=36.10.01")
    many_regions_big = Village.objects.bulk_create(
        Village(code=f"36.10.01.{3001 + v}", name=f"Desa besar {v}", district_id="36.10.01",
                kind="desa")
        for v in range(300)
    )  # fmt: skip
    large, large_queries = get(client, url + "?kecamatan=36.10.01")
    kabupaten = client.get(url + "?kabupaten=36.10")
    rows = large.context["rows"] if "rows" in large.context else large.context["table"]
    kecamatan_rows = (
        kabupaten.context["rows"] if "rows" in kabupaten.context else kabupaten.context["table"]
    )
    assert (len(many_regions_big), kabupaten.context["level"].name, len(kecamatan_rows)) == (
        300,
        "kecamatan",
        2,
    )
    assert (large.context["level"].name, len(rows), large.context["page"].has_next) == (
        "desa",
        50,
        True,
    )
    # the 300 new desa have no stored figures yet: the page recounts its 50 (6 queries) once
    assert large_queries - small_queries == (6 if url == "/linmas/" else 0)
    assert get(client, url + "?kecamatan=36.10.01")[1] == small_queries


def test_readiness_summary_sums_stored_figures_in_sql(client, world):
    many_regions(regencies=2, districts=2, villages=3)
    client.force_login(world.national)
    response = client.get("/linmas/?kabupaten=36.10")
    first = response.context["rows"][0]
    assert (
        first.village.code,
        first.village_count,
        first.active,
        first.with_decree,
        first.levels["kurang"],
        str(first.decree_share)[:4],
    ) == ("36.10.01", 3, 9, 3, 3, "0.33")


@pytest.mark.parametrize("who", ["admin", "outsider", "operator"])
def test_opening_a_kecamatan_outside_the_scope_is_not_found(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get("/linmas/?kecamatan=35.08.07")
    assert response.status_code == (200 if who == "admin" else 404)


# ---------------------------------------------------------------- A3: stored == fresh


def assert_stored_is_fresh(*villages):
    today = timezone.localdate()
    codes = [v.code for v in villages]
    fresh = fresh_readiness(village_codes=codes, today=today)
    stored = {
        r.village_id: {name: getattr(r, name) for name in fresh[r.village_id]}
        for r in VillageReadiness.objects.filter(village__in=codes)
    }
    assert set(next(iter(fresh.values()))) >= {*FIGURES, "need", "score", "level"}
    assert stored == fresh


def test_stored_readiness_follows_every_kind_of_change(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sitrantib.linmas.imports import import_members

    member = services.create_member(
        village=world.village,
        data=member_data(serial=1, decree_number="188/1", card_number="K1",
                         card_valid_until=dt.date(2031, 1, 1)),
        actor=world.admin,
    )  # fmt: skip
    assert_stored_is_fresh(world.village)
    services.update_member(member=member, data={"decree_number": ""}, actor=world.admin)
    assert_stored_is_fresh(world.village)
    services.transition_member(member=member, status="nonaktif", reason="pindah", actor=world.admin)
    assert_stored_is_fresh(world.village)
    item = EquipmentType.objects.order_by("pk").first()
    services.set_equipment(
        village=world.village, item_type=item, good=2, damaged=1, required=5, actor=world.admin
    )
    assert_stored_is_fresh(world.village)
    services.set_equipment(
        village=world.village, item_type=item, good=6, damaged=0, required=5, actor=world.admin
    )
    assert_stored_is_fresh(world.village)
    import_members(
        upload=SimpleUploadedFile("a.xlsx", xlsx([xlsx_row(serial=5), xlsx_row(serial=6)])),
        village=world.village,
        actor=world.admin,
    )
    assert_stored_is_fresh(world.village)
    assert VillageReadiness.objects.get(village=world.village).active == 2


def test_compute_readiness_command_stores_every_desa(world):
    from django.core.management import call_command

    make_member(world.village, serial=1)
    make_member(world.foreign_village, serial=2, decree_number="188/2")
    call_command("compute_readiness")
    assert_stored_is_fresh(world.village, world.sibling_village, world.foreign_village)
    assert VillageReadiness.objects.count() == 3


def test_readiness_page_recounts_figures_stored_on_an_earlier_day(client, world):
    member = make_member(world.village, serial=1, card_number="K1",
                         card_valid_until=timezone.localdate())  # fmt: skip
    refresh_readiness(village_codes=[world.village.code])
    VillageReadiness.objects.filter(village=world.village).update(
        computed_on=timezone.localdate() - dt.timedelta(days=1), with_valid_card=0
    )
    client.force_login(world.admin)
    row = next(r for r in client.get("/linmas/").context["rows"] if r.village == world.village)
    assert (row.with_valid_card, member.pk > 0) == (1, True)
    assert_stored_is_fresh(world.village)
    assert Member.objects.count() == 1
