import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from sitrantib.core.models import AuditEntry
from sitrantib.core.spreadsheets import MESSAGE_NOT_XLSX
from sitrantib.linmas.imports import (
    MESSAGE_BAD_DATE,
    MESSAGE_DUPLICATE_IN_FILE,
    MESSAGE_REQUIRED,
    import_members,
    parse_file,
    template_bytes,
)
from sitrantib.linmas.models import Member, MemberImport
from sitrantib.linmas.nik import MESSAGE_NIK_LENGTH
from sitrantib.linmas.rules import MESSAGE_NIK_TAKEN_ELSEWHERE

from .conftest import make_member, xlsx, xlsx_row

CLEAN = [xlsx_row(serial=1), xlsx_row(dt.date(1985, 2, 3), "P", serial=2), xlsx_row(serial=3)]


def upload(client, world, content, name="anggota.xlsx"):
    return client.post(
        "/linmas/impor/",
        {"village": world.village.code, "file": SimpleUploadedFile(name, content)},
    )


def test_template_has_every_column_and_choices_sheet():
    workbook = load_workbook(io.BytesIO(template_bytes()))
    headers = [c.value for c in workbook["Anggota"][1]]
    assert (headers[:3], workbook.sheetnames) == (
        ["NIK", "Nama", "Jenis Kelamin (L/P)"],
        ["Anggota", "Pilihan"],
    )


def test_import_clean_file_through_pages(client, world, media):
    client.force_login(world.admin)
    response = upload(client, world, xlsx(CLEAN))
    staged = MemberImport.objects.get()
    preview = client.get(response["Location"])
    assert (preview.context["preview"].ok, preview.context["counts"]) == (
        True,
        {"baru": 3, "ubah": 0, "tetap": 0},
    )
    client.post(response["Location"])
    staged.refresh_from_db()
    assert (
        Member.objects.filter(village=world.village).count(),
        staged.status,
        staged.created_count,
    ) == (3, "done", 3)
    assert AuditEntry.objects.filter(action="import", object_type="linmas.member").count() == 3


def test_import_file_with_errors_lists_row_and_column_and_saves_nothing(client, world, media):
    make_member(world.sibling_village, serial=9)
    rows = [
        xlsx_row(serial=1),
        xlsx_row(serial=1),
        xlsx_row(serial=2, nik="12345"),
        xlsx_row(serial=3, tanggal="31-02-1990"),
        xlsx_row(serial=9),
        xlsx_row(serial=4, nama=""),
    ]
    client.force_login(world.admin)
    response = upload(client, world, xlsx(rows))
    preview = client.get(response["Location"]).context["preview"]
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (3, "NIK", MESSAGE_DUPLICATE_IN_FILE % {"row": 2}),
        (4, "NIK", MESSAGE_NIK_LENGTH),
        (5, "Tanggal Lahir (dd-mm-yyyy)", MESSAGE_BAD_DATE),
        (
            6,
            "NIK",
            MESSAGE_NIK_TAKEN_ELSEWHERE % {"village": "Kraton", "district": "Kecamatan 35.08.07"},
        ),
        (7, "Nama", MESSAGE_REQUIRED),
    ]
    client.post(response["Location"])
    assert Member.objects.filter(village=world.village).count() == 0


def test_import_same_file_twice_changes_nothing(world):
    content = xlsx(CLEAN)
    first = import_members(content=content, village=world.village, actor=world.admin)
    audit = AuditEntry.objects.count()
    stamps = list(Member.objects.order_by("nik").values_list("updated_at", flat=True))
    second = import_members(content=content, village=world.village, actor=world.admin)
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert (
        AuditEntry.objects.count(),
        list(Member.objects.order_by("nik").values_list("updated_at", flat=True)),
    ) == (audit, stamps)


def test_import_changed_row_updates_only_that_member(world):
    import_members(content=xlsx(CLEAN), village=world.village, actor=world.admin)
    changed = [CLEAN[0], CLEAN[1], xlsx_row(serial=3, telepon="0899")]
    result = import_members(content=xlsx(changed), village=world.village, actor=world.admin)
    assert (result.updated, result.unchanged, Member.objects.get(nik__endswith="0003").phone) == (
        1,
        2,
        "0899",
    )


def test_import_non_xlsx_file_gets_clear_message(client, world, media):
    client.force_login(world.operator)
    response = upload(client, world, b"nik,nama\n1,2\n", name="anggota.csv")
    preview = client.get(response["Location"])
    assert preview.context["preview"].file_error == MESSAGE_NOT_XLSX
    assert MESSAGE_NOT_XLSX in preview.content.decode()


def test_import_preview_belongs_to_uploader_only(client, world, media):
    client.force_login(world.admin)
    response = upload(client, world, xlsx(CLEAN))
    client.force_login(world.operator)
    assert client.get(response["Location"]).status_code == 404


def test_import_operator_cannot_upload_for_other_desa(client, world, media):
    client.force_login(world.sibling_operator)
    response = upload(client, world, xlsx(CLEAN))
    assert (response.status_code, MemberImport.objects.count()) == (200, 0)


def test_import_confirm_refuses_tampered_file(client, world, media):
    client.force_login(world.admin)
    response = upload(client, world, xlsx(CLEAN))
    staged = MemberImport.objects.get()
    with open(staged.file.path, "wb") as handle:
        handle.write(xlsx([xlsx_row(serial=7)]))
    client.post(response["Location"])
    assert Member.objects.count() == 0


def test_import_formula_cell_is_text_and_stays_text_in_export(client, world):
    rows = [xlsx_row(serial=1, nama='=HYPERLINK("http://jahat.example","klik")')]
    import_members(content=xlsx(rows), village=world.village, actor=world.admin)
    client.force_login(world.admin)
    workbook = load_workbook(io.BytesIO(client.get("/linmas/ekspor/register.xlsx").content))
    cell = workbook["Darungan"]["C2"]
    assert (cell.data_type, cell.value) == ("s", '\'=HYPERLINK("http://jahat.example","klik")')


def test_parse_file_accepts_labels_for_choices(world):
    rows = [xlsx_row(serial=1, pendidikan="SLTP/sederajat", jabatan="Komandan Regu")]
    preview = parse_file(io.BytesIO(xlsx(rows)), village=world.village)
    assert (
        preview.errors,
        preview.rows[0].data["education"],
        preview.rows[0].data["position"],
    ) == ([], "sltp", "komandan_regu")


def test_import_linmas_command_imports_with_progress(world, tmp_path, capsys):
    path = tmp_path / "anggota.xlsx"
    path.write_bytes(xlsx(CLEAN))
    call_command(
        "import_linmas", str(path), "--village", world.village.code, "--user", world.admin.username
    )
    captured = capsys.readouterr()
    assert (
        Member.objects.count(),
        "baru 3, diubah 0, tetap 0" in captured.out,
        "impor" in captured.err,
    ) == (3, True, True)


def test_import_linmas_command_reports_errors_and_saves_nothing(world, tmp_path):
    path = tmp_path / "anggota.xlsx"
    path.write_bytes(xlsx([xlsx_row(serial=1, nik="123")]))
    with pytest.raises(CommandError):
        call_command(
            "import_linmas",
            str(path),
            "--village",
            world.village.code,
            "--user",
            world.admin.username,
        )
    assert Member.objects.count() == 0


def test_stage_import_discards_uploader_stale_pending_files(client, world, media):
    import datetime as dt

    from django.utils import timezone

    client.force_login(world.admin)
    upload(client, world, xlsx(CLEAN))
    old = MemberImport.objects.get()
    old_path = old.file.path
    MemberImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    upload(client, world, xlsx(CLEAN[:1]))
    assert (
        MemberImport.objects.filter(pk=old.pk).exists(),
        Path(old_path).exists(),
        MemberImport.objects.count(),
    ) == (False, False, 1)


def test_import_confirm_of_unchanged_file_writes_no_audit(client, world, media):
    client.force_login(world.admin)
    client.post(upload(client, world, xlsx(CLEAN))["Location"])
    before = AuditEntry.objects.count()
    client.post(upload(client, world, xlsx(CLEAN))["Location"])
    assert (AuditEntry.objects.count(), Member.objects.count()) == (before, 3)
