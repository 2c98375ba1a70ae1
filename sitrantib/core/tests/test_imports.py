import datetime as dt
import io
import time
import tracemalloc
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.core.imports import (
    Column,
    ImportAction,
    ImportSpec,
    build_preview,
    confirm_import,
    discard_expired_batches,
    discard_import,
    stage_import,
    template_workbook,
)
from sitrantib.core.models import AuditEntry, ImportBatch, ImportBatchStatus
from sitrantib.core.spreadsheets import RowError
from sitrantib.core.tests.test_spreadsheets import _bomb, _recompress

SPEC = ImportSpec(
    kind="test.people",
    sheet_title="Orang",
    key="nik",
    columns=(
        Column("nik", "NIK", required=True, text_only=True, max_length=16, example="3508"),
        Column("nama", "Nama", required=True, field="name", max_length=20, example="Budi"),
        Column("jk", "Jenis Kelamin", type="choice", choices={"L": "Laki-laki", "P": "Perempuan"}),
        Column("lahir", "Tanggal Lahir", type="date", field="born", example=dt.date(1990, 8, 17)),
        Column("umur", "Umur", type="int", min_value=0, max_value=150),
        Column("tinggi", "Tinggi", type="decimal"),
        Column("aktif", "Aktif", type="bool"),
    ),
)
HEADERS = ["NIK", "Nama", "Jenis Kelamin", "Tanggal Lahir", "Umur", "Tinggi", "Aktif"]


def _upload(rows, *, headers=HEADERS, title="Orang", name="orang.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


EXISTING = {"3508000000000002": SimpleNamespace(pk=7, version=3, name="Siti", jk="P", born=None)}


def _validate(rows):
    errors = []
    for row in rows:
        if row.values["nama"] == "Dilarang":
            errors.append(SPEC.error(row, "nama", "Nama ini tidak boleh."))
        instance = EXISTING.get(row.values["nik"])
        if instance is None:
            row.plan_create()
        else:
            SPEC.plan_against(row, instance)
    return errors


def _stage(world, rows, **kwargs):
    return stage_import(
        spec=SPEC, upload=_upload(rows, **kwargs), actor=world.operator, validate=_validate,
        scope_key=world.village.code, district_code=world.district.code,
    )  # fmt: skip


def test_stage_types_every_cell_and_plans_each_row(world):
    batch = _stage(
        world,
        [
            ["3508000000000001", "Budi", "laki-laki", "17-08-1990", 34, 170.5, "ya"],
            ["3508000000000002", "Siti", "P", dt.datetime(1991, 1, 2), "35", "1,5", "Tidak"],
            [None, None, None, None, None, None, None],
        ],
    )

    assert (batch.status, batch.row_count, batch.error_count) == ("pending", 2, 0)
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (1, 1, 0)
    assert batch.rows[0] == {
        "row": 2,
        "values": {
            "nik": "3508000000000001", "nama": "Budi", "jk": "L", "lahir": "1990-08-17",
            "umur": 34, "tinggi": "170.5", "aktif": True,
        },
    }  # fmt: skip
    assert batch.plan[1] == {
        "row": 3, "action": "update", "target": 7, "version": 3,
        "changes": [["Tanggal Lahir", "", "02-01-1991"]],
    }  # fmt: skip
    assert (batch.original_name, len(batch.sha256)) == ("orang.xlsx", 64)


def test_cell_errors_name_row_and_column_in_bahasa_indonesia(world):
    batch = _stage(
        world,
        [
            [3508000000000001, "Budi", "X", "31-02-1990", "dua", "abc", "mungkin"],
            ["3508000000000001", "Bu\x85di", None, "01-01-1850", 200, None, None],
            ["3508000000000009", "Dilarang", None, None, None, None, None],
            [None, "Tanpa NIK yang sangat panjang sekali", None, None, None, None, None],
        ],
    )

    errors = [(e["row"], e["column"], e["message"]) for e in batch.errors]
    assert errors == [
        (2, "NIK", "Tulis sebagai teks, bukan angka: Excel menghapus nol di depan dan membulatkan "
         "angka panjang. Format kolom ini sebagai Teks lalu ketik ulang."),
        (2, "Jenis Kelamin", "Isian tidak dikenal; pilih salah satu: L, P."),
        (2, "Tanggal Lahir", "Tanggal tidak terbaca; tulis seperti 17-08-1990."),
        (2, "Umur", "Harus bilangan bulat, misalnya 12."),
        (2, "Tinggi", "Harus angka, misalnya 12,5."),
        (2, "Aktif", "Isi Ya atau Tidak."),
        (3, "Nama", "Teks tidak boleh berisi karakter kontrol (kode U+0085)."),
        (3, "Tanggal Lahir", "Tahun harus antara 1900 dan 2100."),
        (3, "Umur", "Harus antara 0 dan 150."),
        (4, "Nama", "Nama ini tidak boleh."),
        (5, "NIK", "Wajib diisi."),
        (5, "Nama", "Paling panjang 20 karakter (sekarang 36 karakter)."),
    ]  # fmt: skip
    assert batch.error_count == 12


def test_the_same_key_twice_in_the_file_is_an_error(world):
    batch = _stage(world, [["1", "A"], ["2", "B"], ["1", "C"]], headers=HEADERS[:2])

    assert batch.errors == [
        {"row": 4, "column": "NIK", "message": "NIK yang sama sudah ada di baris 2."}
    ]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.xlsx", b"%PDF-1.4 bukan xlsx"), "Berkas bukan XLSX"),
        (SimpleUploadedFile("a.xlsx", b""), "Berkas kosong."),
    ],
)
def test_a_file_that_cannot_be_imported_stores_nothing(world, upload, message):
    with pytest.raises(ValidationError) as excinfo:
        stage_import(spec=SPEC, upload=upload, actor=world.operator, validate=_validate)

    assert excinfo.value.messages[0].startswith(message)
    assert ImportBatch.objects.count() == 0


def test_missing_required_column_is_named_by_its_label(world):
    with pytest.raises(ValidationError) as excinfo:
        stage_import(
            spec=SPEC, upload=_upload([["x"]], headers=["Nama"]), actor=world.operator,
            validate=_validate,
        )  # fmt: skip

    assert excinfo.value.messages == ["Kolom wajib tidak ada pada baris judul: NIK."]


def test_zip_bomb_upload_is_refused_quickly(world):
    upload = SimpleUploadedFile("bom.xlsx", _recompress(_bomb(2_000_000)))

    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ValidationError) as excinfo:
        stage_import(spec=SPEC, upload=upload, actor=world.operator, validate=_validate)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"\nimport of a ZIP bomb: refused in {elapsed:.3f} s, peak {peak / 2**20:.1f} MB")
    assert excinfo.value.messages[0] in (
        "Isi berkas terlalu besar setelah dibuka (lebih dari 50 MB); bagi menjadi beberapa berkas.",
        "Berkas dimampatkan secara tidak wajar dan ditolak demi keamanan. Simpan ulang sebagai "
        ".xlsx dari Excel atau LibreOffice lalu unggah lagi.",
    )
    assert peak < 100 * 2**20


def _apply_recording(calls):
    def apply(rows):
        calls.append([(r.row, r.action, r.target, r.version) for r in rows])
        for row in rows:
            record_change(actor=None, action=AuditAction.IMPORT, object_type="test.person",
                          object_id=row.values["nik"], object_repr=row.values["nama"])  # fmt: skip

    return apply


def test_confirm_applies_the_plan_once_and_audits_it(world):
    batch = _stage(
        world, [["3508000000000001", "Budi"], ["3508000000000002", "Siti"]], headers=HEADERS[:2]
    )
    calls = []

    result = confirm_import(
        batch=batch, spec=SPEC, actor=world.operator, apply=_apply_recording(calls)
    )
    again = confirm_import(
        batch=batch, spec=SPEC, actor=world.operator, apply=_apply_recording(calls)
    )

    assert calls == [[(2, "create", None, None)]]  # the unchanged row is not passed
    assert (result.created, result.updated, result.unchanged, result.repeated) == (1, 0, 1, False)
    assert again.repeated is True
    batch.refresh_from_db()
    assert (batch.status, batch.rows, batch.plan) == (ImportBatchStatus.CONFIRMED, [], [])
    entry = AuditEntry.objects.get(object_type="core.importbatch")
    assert (entry.note, entry.district_code) == ("baru 1, diubah 0, tetap 1", "35.08.07")


def test_confirm_is_all_or_nothing(world):
    batch = _stage(world, [["1", "A"], ["2", "B"]], headers=HEADERS[:2])

    def apply(rows):
        _apply_recording([])(rows[:1])
        raise ValidationError("NIK 2 sudah dipakai anggota lain.")

    with pytest.raises(ValidationError):
        confirm_import(batch=batch, spec=SPEC, actor=world.operator, apply=apply)

    assert AuditEntry.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.PENDING


def test_only_the_owner_confirms_or_discards(world):
    batch = _stage(world, [["1", "A"]], headers=HEADERS[:2])

    with pytest.raises(PermissionDenied):
        confirm_import(batch=batch, spec=SPEC, actor=world.admin, apply=_apply_recording([]))
    with pytest.raises(PermissionDenied):
        discard_import(batch=batch, actor=world.admin)
    discard_import(batch=batch, actor=world.operator)

    assert batch.status == ImportBatchStatus.DISCARDED
    with pytest.raises(ValidationError):
        confirm_import(batch=batch, spec=SPEC, actor=world.operator, apply=_apply_recording([]))


def test_a_batch_with_errors_cannot_be_confirmed(world):
    batch = _stage(world, [["1", "Dilarang"]], headers=HEADERS[:2])

    with pytest.raises(ValidationError) as excinfo:
        confirm_import(batch=batch, spec=SPEC, actor=world.operator, apply=_apply_recording([]))

    assert excinfo.value.messages == ["Berkas masih berisi 1 kesalahan; tidak ada yang disimpan."]


def test_old_pending_batches_expire(world):
    old = _stage(world, [["1", "A"]], headers=HEADERS[:2])
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))

    with pytest.raises(ValidationError) as excinfo:
        confirm_import(batch=old, spec=SPEC, actor=world.operator, apply=_apply_recording([]))
    deleted = discard_expired_batches()

    assert excinfo.value.messages == ["Pratinjau impor sudah kedaluwarsa; unggah ulang berkasnya."]
    assert (deleted, ImportBatch.objects.count()) == (1, 0)


def test_preview_shows_rows_to_create_and_changed_fields(world):
    batch = _stage(
        world,
        [
            ["3508000000000001", "Budi", "L", "17-08-1990"],
            ["3508000000000002", "Sita", "P", None],
        ],
        headers=HEADERS[:4],
    )

    preview = build_preview(batch, spec=SPEC)
    html = render_to_string(
        "core/imports/preview.html", {"preview": preview, "upload_url": "/unggah/"}
    )

    assert preview.to_create == [
        (2, ["3508000000000001", "Budi", "L (Laki-laki)", "17-08-1990", "", "", ""])
    ]
    assert preview.to_update == [(3, [("Nama", "Siti", "Sita")])]
    assert 'id="confirm-import"' in html
    assert "Siti" in html
    assert "Sita" in html


def test_preview_of_errors_has_no_confirm_button(world):
    batch = _stage(world, [["1", "Dilarang"]], headers=HEADERS[:2])

    html = render_to_string(
        "core/imports/preview.html",
        {"preview": build_preview(batch, spec=SPEC), "upload_url": "/unggah/"},
    )

    assert "Nama ini tidak boleh." in html
    assert 'id="confirm-import"' not in html


def test_template_has_headers_only_and_the_example_on_petunjuk(world):
    content = template_workbook(SPEC)

    workbook = load_workbook(io.BytesIO(content))
    data = workbook["Orang"]
    assert workbook.sheetnames == ["Orang", "Petunjuk", "Pilihan"]
    assert [c.value for c in data[1]] == HEADERS
    assert all(c.value is None for row in data.iter_rows(min_row=2) for c in row)
    assert data["A2"].number_format == "@"
    petunjuk = list(workbook["Petunjuk"].iter_rows(values_only=True))
    assert petunjuk[1] == ("NIK", "Ya", "Teks", None, "3508")
    assert petunjuk[4][4] == "17-08-1990"


def test_template_filled_in_imports_without_the_example(world):
    workbook = load_workbook(io.BytesIO(template_workbook(SPEC)))
    workbook["Orang"].append(["3508000000000001", "Budi"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    batch = stage_import(
        spec=SPEC, upload=SimpleUploadedFile("t.xlsx", buffer.getvalue()), actor=world.operator,
        validate=_validate,
    )  # fmt: skip

    assert [r["values"]["nik"] for r in batch.rows] == ["3508000000000001"]


def test_rows_come_back_typed_for_apply(world):
    batch = _stage(world, [["1", "A", "L", "17-08-1990", 3, 1.5, True]])
    seen = []

    confirm_import(
        batch=batch, spec=SPEC, actor=world.operator, apply=lambda rows: seen.extend(rows)
    )

    assert seen[0].values["lahir"] == dt.date(1990, 8, 17)
    assert seen[0].values["tinggi"] == Decimal("1.5")
    assert seen[0].action == ImportAction.CREATE
    assert SPEC.model_values(seen[0])["name"] == "A"
    assert isinstance(RowError(1, "a", "b"), RowError)
