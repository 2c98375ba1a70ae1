import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from sitrantib.core.imports import (
    MESSAGE_BAD_DATE,
    MESSAGE_DUPLICATE_IN_FILE,
    MESSAGE_NUMBER_AS_TEXT,
    MESSAGE_REQUIRED,
    build_preview,
)
from sitrantib.core.models import AuditEntry, ImportBatch
from sitrantib.core.spreadsheets import MESSAGE_NOT_XLSX, MESSAGE_UNPACKED_TOO_LARGE
from sitrantib.linmas.imports import (
    MEMBERS,
    MESSAGE_ALREADY_DONE,
    MESSAGE_HAS_ERRORS,
    confirm_members,
    import_members,
    stage_members,
    template_bytes,
)
from sitrantib.linmas.models import Member
from sitrantib.linmas.nik import MESSAGE_NIK_LENGTH
from sitrantib.linmas.rules import MESSAGE_NIK_TAKEN_ELSEWHERE, MESSAGE_TOO_LONG

from .conftest import download, make_member, xlsx, xlsx_row

CLEAN = [xlsx_row(serial=1), xlsx_row(dt.date(1985, 2, 3), "P", serial=2), xlsx_row(serial=3)]


def upload(client, world, content, name="anggota.xlsx"):
    return client.post(
        "/linmas/impor/",
        {"village": world.village.code, "file": SimpleUploadedFile(name, content)},
    )


def staged(world, content):
    """The batch staged for `content` (the preview's data), uploaded by the admin."""
    return stage_members(
        village=world.village, upload=SimpleUploadedFile("anggota.xlsx", content), actor=world.admin
    )


def row_errors(batch):
    return [(e["row"], e["column"], e["message"]) for e in batch.errors]


def test_template_has_every_column_instructions_and_choices_sheets():
    workbook = load_workbook(io.BytesIO(template_bytes()))
    headers = [c.value for c in workbook["Anggota"][1]]
    assert (headers[:3], workbook.sheetnames) == (
        ["NIK", "Nama", "Jenis Kelamin (L/P)"],
        ["Anggota", "Petunjuk", "Pilihan"],
    )


def test_template_example_row_is_on_instructions_sheet_and_cannot_be_imported(world):
    content = template_bytes()
    workbook = load_workbook(io.BytesIO(content))
    examples = {row[0].value: row[4].value for row in workbook["Petunjuk"].iter_rows(min_row=2)}
    data_cells = [c.value for row in workbook["Anggota"].iter_rows(min_row=2) for c in row]
    assert (set(data_cells), examples["NIK"]) == ({None}, "3508071708900001")
    with pytest.raises(ValidationError):
        staged(world, content)
    assert Member.objects.count() == 0


def test_import_clean_file_through_pages(client, world, media):
    client.force_login(world.admin)
    response = upload(client, world, xlsx(CLEAN))
    batch = ImportBatch.objects.get()
    preview = client.get(response["Location"])
    shown = preview.context["preview"]
    assert (
        shown.can_confirm,
        (batch.created_count, batch.updated_count, batch.unchanged_count),
        [number for number, _values in shown.to_create],
    ) == (True, (3, 0, 0), [2, 3, 4])
    client.post(response["Location"], {"confirm": ""})
    batch.refresh_from_db()
    assert (
        Member.objects.filter(village=world.village).count(),
        batch.status,
        batch.created_count,
    ) == (3, "confirmed", 3)
    assert AuditEntry.objects.filter(action="import", object_type="linmas.member").count() == 3


def test_import_preview_shows_changed_fields_of_existing_members(client, world, media):
    import_members(
        upload=SimpleUploadedFile("a.xlsx", xlsx(CLEAN)), village=world.village, actor=world.admin
    )
    client.force_login(world.admin)
    changed = [CLEAN[0], CLEAN[1], xlsx_row(serial=3, telepon="0899")]
    response = client.get(upload(client, world, xlsx(changed))["Location"])
    assert response.context["preview"].to_update == [(4, [("Telepon", "0812345678", "0899")])]
    assert "0899" in response.content.decode()


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
        (3, "NIK", MESSAGE_DUPLICATE_IN_FILE % {"column": "NIK", "row": 2}),
        (4, "NIK", MESSAGE_NIK_LENGTH),
        (5, "Tanggal Lahir (dd-mm-yyyy)", MESSAGE_BAD_DATE),
        (
            6,
            "NIK",
            MESSAGE_NIK_TAKEN_ELSEWHERE % {"village": "Kraton", "district": "Kecamatan 35.08.07"},
        ),
        (7, "Nama", MESSAGE_REQUIRED),
    ]
    client.post(response["Location"], {"confirm": ""})
    assert Member.objects.filter(village=world.village).count() == 0


def members_from(content, world):
    return import_members(
        upload=SimpleUploadedFile("anggota.xlsx", content), village=world.village, actor=world.admin
    )


def test_import_same_file_twice_changes_nothing(world):
    content = xlsx(CLEAN)
    first = members_from(content, world)
    audit = AuditEntry.objects.count()
    stamps = list(Member.objects.order_by("nik").values_list("updated_at", flat=True))
    second = members_from(content, world)
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert (
        AuditEntry.objects.count(),
        list(Member.objects.order_by("nik").values_list("updated_at", flat=True)),
    ) == (audit + 1, stamps)  # the one entry says the batch was confirmed


def test_import_changed_row_updates_only_that_member(world):
    members_from(xlsx(CLEAN), world)
    changed = [CLEAN[0], CLEAN[1], xlsx_row(serial=3, telepon="0899")]
    result = members_from(xlsx(changed), world)
    assert (result.updated, result.unchanged, Member.objects.get(nik__endswith="0003").phone) == (
        1,
        2,
        "0899",
    )


def test_import_non_xlsx_file_gets_clear_message(client, world, media):
    client.force_login(world.operator)
    response = upload(client, world, b"nik,nama\n1,2\n", name="anggota.csv")
    assert (response.status_code, response.context["form"].errors["file"]) == (
        200,
        [MESSAGE_NOT_XLSX],
    )
    assert (MESSAGE_NOT_XLSX in response.content.decode(), ImportBatch.objects.count()) == (True, 0)


def _bomb(rows: int) -> bytes:
    """A real XLSX of `rows` identical rows: a few hundred KB that unpack to far over the limit."""
    template = io.BytesIO(xlsx([]))
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAA</t></is></c></row>' * 1000
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with target.open(item.filename, "w", force_zip64=True) as handle:
                    handle.write(
                        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats'
                        b'.org/spreadsheetml/2006/main"><sheetData>'
                    )
                    for _ in range(rows // 1000):
                        handle.write(row)
                    handle.write(b"</sheetData></worksheet>")
            else:
                target.writestr(item.filename, source.read(item.filename))
    return out.getvalue()


def test_import_upload_refuses_crafted_huge_file_cleanly(client, world, media):
    bomb = _bomb(1_000_000)  # ~70 MB of sheet XML in a file of a few hundred KB
    client.force_login(world.operator)
    response = upload(client, world, bomb)
    assert (
        len(bomb) < 1_000_000,
        response.status_code,
        response.context["form"].errors["file"],
        ImportBatch.objects.count(),
        Member.objects.count(),
    ) == (True, 200, [MESSAGE_UNPACKED_TOO_LARGE % {"limit": "50"}], 0, 0)


def test_import_preview_belongs_to_uploader_only(client, world, media):
    client.force_login(world.admin)
    response = upload(client, world, xlsx(CLEAN))
    client.force_login(world.operator)
    assert client.get(response["Location"]).status_code == 404


def test_import_operator_cannot_upload_for_other_desa(client, world, media):
    client.force_login(world.sibling_operator)
    response = upload(client, world, xlsx(CLEAN))
    assert (response.status_code, ImportBatch.objects.count()) == (200, 0)


def test_import_keeps_no_file_and_confirms_what_was_previewed(client, world, media):
    client.force_login(world.admin)
    url = upload(client, world, xlsx(CLEAN))["Location"]
    batch = ImportBatch.objects.get()
    client.post(url, {"confirm": ""})
    assert (
        sorted(Member.objects.values_list("name", flat=True)),
        list(media.rglob("*.xlsx")) if media.exists() else [],
        [f.name for f in ImportBatch._meta.get_fields() if f.get_internal_type() == "FileField"],
        batch.sha256 != "",
    ) == (["Anggota 1", "Anggota 2", "Anggota 3"], [], [], True)


def test_import_discard_saves_nothing(client, world, media):
    client.force_login(world.admin)
    url = upload(client, world, xlsx(CLEAN))["Location"]
    client.post(url, {"discard": ""})
    assert (ImportBatch.objects.get().status, Member.objects.count()) == ("discarded", 0)


def test_import_formula_cell_is_text_and_stays_text_in_export(client, world):
    rows = [xlsx_row(serial=1, nama='=HYPERLINK("http://jahat.example","klik")')]
    members_from(xlsx(rows), world)
    client.force_login(world.admin)
    workbook = load_workbook(io.BytesIO(download(client.get("/linmas/ekspor/register.xlsx"))))
    cell = workbook["Darungan"]["C2"]
    assert (cell.data_type, cell.value) == ("s", '\'=HYPERLINK("http://jahat.example","klik")')


def test_import_accepts_labels_for_choices(world):
    rows = [xlsx_row(serial=1, pendidikan="SLTP/sederajat", jabatan="Komandan Regu")]
    batch = staged(world, xlsx(rows))
    values = batch.rows[0]["values"]
    assert (row_errors(batch), values["pendidikan"], values["jabatan"]) == (
        [],
        "sltp",
        "komandan_regu",
    )


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


def test_stage_import_discards_stale_pending_batches(client, world, media):
    from django.utils import timezone

    client.force_login(world.admin)
    upload(client, world, xlsx(CLEAN))
    old = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    upload(client, world, xlsx(CLEAN[:1]))
    assert (ImportBatch.objects.filter(pk=old.pk).exists(), ImportBatch.objects.count()) == (
        False,
        1,
    )


def test_import_confirm_of_unchanged_file_changes_no_member(client, world, media):
    client.force_login(world.admin)
    client.post(upload(client, world, xlsx(CLEAN))["Location"], {"confirm": ""})
    before = AuditEntry.objects.filter(object_type="linmas.member").count()
    client.post(upload(client, world, xlsx(CLEAN))["Location"], {"confirm": ""})
    assert (
        AuditEntry.objects.filter(object_type="linmas.member").count(),
        Member.objects.count(),
    ) == (before, 3)


def test_import_preview_reports_values_longer_than_the_database_allows(world):
    rows = [xlsx_row(serial=1, telepon="0" * 25), xlsx_row(serial=2, nama="N" * 160)]
    assert row_errors(staged(world, xlsx(rows))) == [
        (2, "Telepon", MESSAGE_TOO_LONG % {"limit": 20, "length": 25}),
        (3, "Nama", MESSAGE_TOO_LONG % {"limit": 150, "length": 160}),
    ]


def test_import_confirm_of_too_long_values_is_refused_with_count(world):
    rows = [xlsx_row(serial=1, telepon="0" * 25)]
    with pytest.raises(ValidationError) as info:
        members_from(xlsx(rows), world)
    assert (info.value.messages, Member.objects.count()) == ([MESSAGE_HAS_ERRORS % {"count": 1}], 0)


def test_import_refuses_nik_typed_as_number_with_advice(world):
    rows = [xlsx_row(serial=1, nik=3508071708900001), xlsx_row(serial=2, nik=3508071708900002.0)]
    assert row_errors(staged(world, xlsx(rows))) == [
        (2, "NIK", MESSAGE_NUMBER_AS_TEXT),
        (3, "NIK", MESSAGE_NUMBER_AS_TEXT),
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


def test_import_confirm_twice_imports_once(world, media):
    batch = staged(world, xlsx(CLEAN))
    stale = ImportBatch.objects.get(pk=batch.pk)
    first = confirm_members(batch=batch, actor=world.admin)
    second = confirm_members(batch=stale, actor=world.admin)
    assert (first.repeated, second.repeated, Member.objects.count()) == (False, True, 3)


def test_import_confirm_refuses_member_changed_since_preview(world, media):
    from sitrantib.core.concurrency import StaleVersion
    from sitrantib.linmas.services import update_member

    members_from(xlsx(CLEAN), world)
    batch = staged(world, xlsx([xlsx_row(serial=1, telepon="0899")]))
    member = Member.objects.get(nik__endswith="0001")
    update_member(member=member, data={"phone": "0877"}, actor=world.operator)
    with pytest.raises(StaleVersion):
        confirm_members(batch=batch, actor=world.admin)
    member.refresh_from_db()
    assert (member.phone, ImportBatch.objects.get(pk=batch.pk).status) == ("0877", "pending")


def test_build_preview_lists_rows_to_create_with_all_columns(world):
    preview = build_preview(staged(world, xlsx(CLEAN[:1])), spec=MEMBERS)
    assert preview.to_create[0][1][:3] == ["3508071708900001", "Anggota 1", "L (Laki-laki)"]


def test_import_second_confirm_through_page_gets_message_not_error(client, world, media):
    client.force_login(world.admin)
    url = upload(client, world, xlsx(CLEAN))["Location"]
    client.post(url, {"confirm": ""}, follow=True)
    response = client.post(url, {"confirm": ""}, follow=True)
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
