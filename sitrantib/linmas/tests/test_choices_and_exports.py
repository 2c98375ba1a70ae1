"""Issue 16 A2 (choices searched as the user types, within the scope) and A4 (a large register
export runs in the background with a progress page)."""

import io

from openpyxl import load_workbook

from sitrantib.core.autocomplete import MESSAGE_INVALID_CHOICE
from sitrantib.core.models import AuditEntry
from sitrantib.linmas.models import Squad

from .conftest import download, make_member


def test_leader_search_answers_only_active_members_the_user_may_write(client, world):
    make_member(world.village, name="Budi Darungan", serial=1)
    make_member(world.sibling_village, name="Budi Kraton", serial=2)
    make_member(world.village, name="Budi Berhenti", serial=3, status="berhenti")
    client.force_login(world.operator)
    found = client.get("/sistem/cari/linmas.leaders/", {"q": "bud"}).json()
    client.force_login(world.camat)
    camat = client.get("/sistem/cari/linmas.leaders/", {"q": "bud"}).json()
    assert ([r["label"] for r in found], camat) == (["Budi Darungan (Darungan)"], [])


def test_village_and_squad_searches_follow_the_scope(client, world):
    Squad.objects.create(village=world.village, name="Regu Satu")
    Squad.objects.create(village=world.foreign_village, name="Regu Lain")
    client.force_login(world.camat)
    villages = client.get("/sistem/cari/linmas.villages/", {"q": "la"}).json()
    squads = client.get("/sistem/cari/linmas.squads/", {"q": "regu"}).json()
    assert (villages, [r["label"] for r in squads]) == ([], ["Regu Satu · Darungan"])


def test_squad_form_saves_a_searched_leader_and_refuses_one_outside_the_scope(client, world):
    mine = make_member(world.village, name="Komandan Satu", serial=1)
    other = make_member(world.sibling_village, name="Komandan Lain", serial=2)
    client.force_login(world.operator)
    refused = client.post(
        "/linmas/regu/", {"village": world.village.code, "name": "Regu A", "leader": other.pk}
    )
    saved = client.post(
        "/linmas/regu/", {"village": world.village.code, "name": "Regu A", "leader": mine.pk}
    )
    assert refused.context["form"].errors["leader"] == [MESSAGE_INVALID_CHOICE]
    assert (saved.status_code, Squad.objects.get().leader) == (302, mine)


def test_squad_form_without_squad_or_desa_asks_for_the_desa(client, world):
    client.force_login(world.admin)
    response = client.post("/linmas/regu/", {"name": "Regu A"})
    assert list(response.context["form"].errors) == ["village"]


def test_register_export_above_the_threshold_runs_in_background(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.SITRANTIB_EXPORT_DIRECT_MAX_ROWS = 2
    for serial in range(1, 4):
        make_member(world.village, name=f"Anggota {serial}", serial=serial)
    client.force_login(world.camat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/linmas/ekspor/register.xlsx?status=aktif")
    progress = client.get(response["Location"])
    download_response = client.get(response["Location"] + "unduh/")
    workbook = load_workbook(io.BytesIO(download(download_response)))
    client.force_login(world.admin)
    other = client.get(response["Location"])
    entry = AuditEntry.objects.get(action="export")
    assert (response.status_code, progress.status_code, other.status_code) == (302, 200, 404)
    assert (
        download_response["Cache-Control"],
        workbook["Darungan"].max_row,
        workbook["Darungan"]["B2"].value,
        entry.actor_id,
    ) == ("no-store", 4, "3508********0001", world.camat.pk)


def test_register_export_up_to_the_threshold_is_sent_at_once(client, world, settings):
    settings.SITRANTIB_EXPORT_DIRECT_MAX_ROWS = 3
    for serial in range(1, 4):
        make_member(world.village, name=f"Anggota {serial}", serial=serial)
    client.force_login(world.admin)
    response = client.get("/linmas/ekspor/register.xlsx")
    workbook = load_workbook(io.BytesIO(download(response)))
    assert (response.status_code, workbook["Darungan"].max_row) == (200, 4)
