"""Issue 10 point 9: readiness counts trained members (shown, not weighed), the member list filters
by training, and the member page shows the sections other modules register.

The trainings module keeps `Member.trained_on` through `services.record_trained`; these tests call
that service directly (linmas never imports the trainings module, its tests neither)."""

import copy
import datetime as dt
import io
import json
from decimal import Decimal

from openpyxl import load_workbook

from sitrantib.core.models import AuditEntry
from sitrantib.core.scoping import scope_of
from sitrantib.linmas import member_sections, services
from sitrantib.linmas.models import VillageReadiness
from sitrantib.linmas.selectors import readiness, refresh_readiness
from sitrantib.regions.models import StatisticSource, VillageStatistic

from .conftest import download, make_member
from .test_scale import assert_stored_is_fresh

TRAINED_ON = dt.date(2026, 3, 12)


def _with_rt(village, rt_count=4):
    source = StatisticSource.objects.create(title="Kecamatan Dalam Angka")
    VillageStatistic.objects.create(village=village, year=2024, source=source, rt_count=rt_count)


def test_completing_a_finished_training_moves_trained_but_not_the_score(world):
    _with_rt(world.village)
    first = make_member(world.village, serial=1, decree_number="188/1")
    second = make_member(world.village, serial=2)
    gone = make_member(world.village, serial=3, status="berhenti")
    refresh_readiness(village_codes=[world.village.code])
    before = VillageReadiness.objects.get(village=world.village)
    services.record_trained({first.pk: TRAINED_ON, second.pk: None, gone.pk: TRAINED_ON})
    after = VillageReadiness.objects.get(village=world.village)
    assert (before.trained, after.trained) == (0, 1)  # the member who left is not counted
    assert (after.score, after.level) == (before.score, before.level)  # display only (ADR 0015)
    assert_stored_is_fresh(world.village)
    # The training reopened: no longer trained, the stored figure follows.
    services.record_trained({first.pk: None})
    assert VillageReadiness.objects.get(village=world.village).trained == 0
    assert_stored_is_fresh(world.village)


def test_readiness_counted_now_has_trained_and_its_share(world):
    make_member(world.village, serial=1, trained_on=TRAINED_ON)
    make_member(world.village, serial=2)
    rows = {r.village.code: r for r in readiness(scope=scope_of(world.admin))}
    own = rows[world.village.code]
    assert (own.trained, own.trained_share, rows[world.sibling_village.code].trained) == (
        1,
        Decimal("0.5"),
        0,
    )


def test_readiness_page_shows_trained_column_linked_to_the_members(client, world):
    make_member(world.village, serial=1, trained_on=TRAINED_ON)
    make_member(world.village, serial=2)
    refresh_readiness(village_codes=[world.village.code])
    client.force_login(world.admin)
    response = client.get("/linmas/")
    body = response.content.decode()
    row = next(r for r in response.context["rows"] if r.village == world.village)
    assert (row.trained, response.context["totals"].trained) == (1, 1)
    assert "belum tersedia" not in body
    assert (
        "/linmas/anggota/?village=35.08.07.2001&amp;status=aktif&amp;trained=sudah" in body
    ) is True


def test_readiness_summary_rows_sum_trained(client, world):
    make_member(world.village, serial=1, trained_on=TRAINED_ON)
    make_member(world.sibling_village, serial=2, trained_on=TRAINED_ON)
    make_member(world.sibling_village, serial=3)
    refresh_readiness(district_code=world.district.code)
    client.force_login(world.regency_admin)
    response = client.get("/linmas/")
    row = next(r for r in response.context["rows"] if r.village.code == world.district.code)
    assert (response.context["level"].summary, row.trained, str(row.trained_share)[:4]) == (
        True,
        2,
        "0.66",
    )
    assert response.context["totals"].trained == 2


def test_member_list_filters_trained_and_not_yet_trained(client, world):
    make_member(world.village, name="Sudah Latih", serial=1, trained_on=TRAINED_ON)
    make_member(world.village, name="Belum Latih", serial=2)
    client.force_login(world.admin)
    trained = client.get("/linmas/anggota/?trained=sudah")
    untrained = client.get("/linmas/anggota/?trained=belum")
    wrong = client.get("/linmas/anggota/?trained=kadang")
    assert [m.name for m in trained.context["members"]] == ["Sudah Latih"]
    assert [m.name for m in untrained.context["members"]] == ["Belum Latih"]
    assert "trained" in wrong.context["filter"].errors
    assert 'id="f-trained"' in trained.content.decode()


def test_member_api_filters_trained_and_gives_the_date(client, world):
    make_member(world.village, name="Sudah Latih", serial=1, trained_on=TRAINED_ON)
    make_member(world.village, name="Belum Latih", serial=2)
    client.force_login(world.admin)
    body = client.get("/api/v1/linmas-members/?trained=sudah").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [(r["name"], r["trained_on"]) for r in rows] == [("Sudah Latih", "2026-03-12")]


def test_register_export_filters_trained_and_audits_the_filter(client, world):
    make_member(world.village, name="Sudah Latih", serial=1, trained_on=TRAINED_ON)
    make_member(world.village, name="Belum Latih", serial=2)
    client.force_login(world.admin)
    response = client.get("/linmas/ekspor/register.xlsx?trained=sudah")
    workbook = load_workbook(io.BytesIO(download(response)))
    names = [row[2].value for row in workbook["Darungan"].iter_rows(min_row=2)]
    entry = AuditEntry.objects.get(action="export")
    assert names == ["Sudah Latih"]
    assert json.loads(entry.note).get("trained") == "sudah"


def test_member_page_says_when_the_member_was_trained(client, world):
    trained = make_member(world.village, serial=1, trained_on=TRAINED_ON)
    untrained = make_member(world.village, serial=2)
    client.force_login(world.admin)
    yes = client.get(f"/linmas/anggota/{trained.pk}/").content.decode()
    no = client.get(f"/linmas/anggota/{untrained.pk}/").content.decode()
    assert ("Terlatih (12 Maret 2026)" in yes, "belum terlatih" in no) == (True, True)


# ---------------------------------------------------------------- sections of other modules


def _template_dir(settings, tmp_path):
    (tmp_path / "test_member_section.html").write_text(
        '<section id="test-section">{{ greeting }} {{ member.name }}</section>'
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates


def test_a_registered_section_renders_on_the_member_page(client, world, settings, tmp_path):
    _template_dir(settings, tmp_path)
    member = make_member(world.village, name="Budi Santoso", serial=1)
    seen = []

    def provider(shown, request):
        seen.append((shown.pk, request.user.pk))
        if request.user.pk == world.camat.pk:
            return None  # a provider may show nothing to some viewers
        return "test_member_section.html", {"greeting": "Halo"}

    member_sections.register_member_section("test.section", provider, order=1)
    try:
        client.force_login(world.admin)
        admin_page = client.get(f"/linmas/anggota/{member.pk}/").content.decode()
        client.force_login(world.camat)
        camat_page = client.get(f"/linmas/anggota/{member.pk}/").content.decode()
    finally:
        member_sections.unregister_member_section("test.section")
    assert '<section id="test-section">Halo Budi Santoso</section>' in admin_page
    assert "test-section" not in camat_page
    assert seen == [(member.pk, world.admin.pk), (member.pk, world.camat.pk)]
    assert "test.section" not in member_sections.registered_sections()


def test_no_registered_section_renders_nothing(client, world, monkeypatch):
    # The installed modules' sections set aside: the register alone adds nothing to the page.
    monkeypatch.setattr(member_sections, "_SECTIONS", {})
    member = make_member(world.village, serial=1)
    client.force_login(world.admin)
    response = client.get(f"/linmas/anggota/{member.pk}/")
    assert (response.status_code, response.context["sections"]) == (200, [])
    assert "Riwayat pelatihan" not in response.content.decode()


def test_a_section_key_registered_twice_with_another_provider_is_refused(world):
    def first(member, request):
        return None

    def second(member, request):
        return None

    member_sections.register_member_section("test.twice", first)
    try:
        member_sections.register_member_section("test.twice", first)  # the same again: no-op
        try:
            member_sections.register_member_section("test.twice", second)
        except ValueError as error:
            refused = str(error)
        else:
            refused = ""
    finally:
        member_sections.unregister_member_section("test.twice")
    assert "registered twice" in refused
