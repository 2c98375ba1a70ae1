import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from sitrantib.core.models import AuditEntry
from sitrantib.core.spreadsheets import MESSAGE_NOT_XLSX
from sitrantib.linmas.imports import (
    MESSAGE_ALREADY_DONE,
    MESSAGE_BAD_DATE,
    MESSAGE_DUPLICATE_IN_FILE,
    MESSAGE_HAS_ERRORS,
    MESSAGE_REQUIRED,
    confirm_import,
    import_members,
    parse_file,
    stage_import,
    template_bytes,
)
from sitrantib.linmas.models import Member, MemberImport
from sitrantib.linmas.nik import MESSAGE_NIK_LENGTH, MESSAGE_NIK_NUMBER
from sitrantib.linmas.rules import MESSAGE_NIK_TAKEN_ELSEWHERE, MESSAGE_TOO_LONG

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


def test_import_preview_reports_values_longer_than_the_database_allows(world):
    rows = [xlsx_row(serial=1, telepon="0" * 25), xlsx_row(serial=2, nama="N" * 160)]
    preview = parse_file(io.BytesIO(xlsx(rows)), village=world.village)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (2, "Telepon", MESSAGE_TOO_LONG % {"limit": 20, "length": 25}),
        (3, "Nama", MESSAGE_TOO_LONG % {"limit": 150, "length": 160}),
    ]


def test_import_confirm_of_too_long_values_is_refused_with_count(world):
    rows = [xlsx_row(serial=1, telepon="0" * 25)]
    with pytest.raises(ValidationError) as info:
        import_members(content=xlsx(rows), village=world.village, actor=world.admin)
    assert (info.value.messages, Member.objects.count()) == ([MESSAGE_HAS_ERRORS % {"count": 1}], 0)


def test_import_refuses_nik_typed_as_number_with_advice(world):
    rows = [xlsx_row(serial=1, nik=3508071708900001), xlsx_row(serial=2, nik=3508071708900002.0)]
    preview = parse_file(io.BytesIO(xlsx(rows)), village=world.village)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (2, "NIK", MESSAGE_NIK_NUMBER),
        (3, "NIK", MESSAGE_NIK_NUMBER),
    ]


def test_template_formats_nik_phone_rt_rw_columns_as_text():
    sheet = load_workbook(io.BytesIO(template_bytes()))["Anggota"]
    headers = {cell.value: cell.column_letter for cell in sheet[1]}
    letters = [headers[h] for h in ("NIK", "Telepon", "RT", "RW")]
    assert [
        (sheet.column_dimensions[x].number_format, sheet[f"{x}2"].number_format,
         sheet[f"{x}300"].number_format)
        for x in letters
    ] == [("@", "@", "@")] * 4  # fmt: skip
    assert (sheet["A2"].data_type, sheet["A2"].value) == ("s", "3508071708900001")


def test_import_confirm_twice_imports_once(world, media):
    staged = stage_import(
        village=world.village,
        upload=SimpleUploadedFile("anggota.xlsx", xlsx(CLEAN)),
        actor=world.admin,
    )
    stale = MemberImport.objects.get(pk=staged.pk)
    confirm_import(staged=staged, actor=world.admin)
    with pytest.raises(ValidationError) as info:
        confirm_import(staged=stale, actor=world.admin)
    assert (info.value.messages, Member.objects.count()) == ([MESSAGE_ALREADY_DONE], 3)


def test_import_second_confirm_through_page_gets_message_not_error(client, world, media):
    client.force_login(world.admin)
    url = upload(client, world, xlsx(CLEAN))["Location"]
    client.post(url, follow=True)
    response = client.post(url, follow=True)
    assert (
        response.status_code,
        [str(m) for m in response.context["messages"]],
        Member.objects.count(),
    ) == (200, [MESSAGE_ALREADY_DONE], 3)


def test_import_linmas_command_messages_are_translated(world, tmp_path):
    from django.utils import translation

    missing = tmp_path / "tidak-ada.xlsx"
    with translation.override("en"), pytest.raises(CommandError) as info:
        call_command("import_linmas", str(missing), "--village", world.village.code)
    assert str(info.value) == f"File not found: {missing}"


def test_import_linmas_command_lists_row_errors_in_english(world, tmp_path, capsys):
    from django.utils import translation

    path = tmp_path / "anggota.xlsx"
    path.write_bytes(xlsx([xlsx_row(serial=1, nama="")]))
    with translation.override("en"), pytest.raises(CommandError) as info:
        call_command("import_linmas", str(path), "--village", world.village.code)
    assert (str(info.value), capsys.readouterr().err.strip()) == (
        "1 error(s); nothing was saved.",
        "row 2, column Nama: Required.",
    )
