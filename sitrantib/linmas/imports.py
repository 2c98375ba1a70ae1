"""Importing members of one desa from an XLSX file: preview every error, then all or nothing.

The uploaded file is kept in a `MemberImport` (owned by the uploader, with its SHA-256) between
the preview and the confirmation. NIK is the key: a row whose member exists with the same values
is left alone (not saved, not audited), so importing the same file twice changes nothing.
"""

import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.core.formatting import parse_date_id
from sitrantib.core.spreadsheets import RowError, SpreadsheetError, read_rows, write_workbook
from sitrantib.linmas.enums import Education, ImportStatus, MaritalStatus, Position, Sex
from sitrantib.linmas.models import Member, MemberImport
from sitrantib.linmas.nik import MESSAGE_NIK_NUMBER, normalise_nik
from sitrantib.linmas.rules import member_errors
from sitrantib.linmas.services import (
    MESSAGE_NOT_ALLOWED,
    _require_village,
    create_member,
    update_member,
)
from sitrantib.regions.models import Village

MESSAGE_REQUIRED = gettext_noop("Wajib diisi.")
MESSAGE_BAD_DATE = gettext_noop("Tanggal tidak terbaca; tulis seperti 17-08-1990.")
MESSAGE_BAD_CHOICE = gettext_noop("Isian tidak dikenal; pilih salah satu: %(choices)s.")
MESSAGE_DUPLICATE_IN_FILE = gettext_noop("NIK yang sama sudah ada di baris %(row)s.")
MESSAGE_FILE_CHANGED = gettext_noop("Berkas unggahan berubah sejak pratinjau; unggah ulang.")
MESSAGE_HAS_ERRORS = gettext_noop(
    "Berkas masih berisi %(count)s kesalahan; tidak ada yang disimpan."
)
MESSAGE_ALREADY_DONE = gettext_noop("Impor ini sudah dikonfirmasi.")
MESSAGE_TOO_LARGE = gettext_noop("Berkas lebih dari 5 MB.")
MESSAGE_IMPORT_NOTE = gettext_noop("baru %(created)s, diubah %(updated)s, tetap %(unchanged)s")

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
STALE_AFTER_DAYS = 1

# (column key, printed header, model field, required)
COLUMNS: tuple[tuple[str, str, str, bool], ...] = (
    ("nik", "NIK", "nik", True),
    ("nama", "Nama", "name", True),
    ("jenis_kelamin", "Jenis Kelamin (L/P)", "sex", True),
    ("tempat_lahir", "Tempat Lahir", "birth_place", True),
    ("tanggal_lahir", "Tanggal Lahir (dd-mm-yyyy)", "birth_date", True),
    ("alamat", "Alamat", "address", False),
    ("rt", "RT", "rt", False),
    ("rw", "RW", "rw", False),
    ("telepon", "Telepon", "phone", False),
    ("pendidikan", "Pendidikan", "education", False),
    ("status_kawin", "Status Kawin", "marital_status", False),
    ("pekerjaan", "Pekerjaan", "occupation", False),
    ("jabatan", "Jabatan", "position", False),
    ("nomor_sk", "Nomor SK", "decree_number", False),
    ("tanggal_sk", "Tanggal SK (dd-mm-yyyy)", "decree_date", False),
    ("nomor_kta", "Nomor KTA", "card_number", False),
    ("kta_berlaku", "KTA Berlaku Sampai (dd-mm-yyyy)", "card_valid_until", False),
)
HEADER_ALIASES = {header.lower(): key for key, header, _f, _r in COLUMNS} | {
    key: key for key, _h, _f, _r in COLUMNS
}
FIELD_TO_HEADER = {fname: header for _k, header, fname, _r in COLUMNS}
DATE_FIELDS = {"birth_date", "decree_date", "card_valid_until"}
CHOICE_FIELDS: dict[str, Any] = {
    "sex": Sex,
    "education": Education,
    "marital_status": MaritalStatus,
    "position": Position,
}


# Columns typed as text in the template: Excel would turn a NIK into a 15-digit float and drop
# the leading zeros of a phone number or RT/RW.
TEXT_COLUMNS = ("nik", "telepon", "rt", "rw")
TEMPLATE_TEXT_ROWS = 500


def template_bytes() -> bytes:
    """The empty template with one example row (to overwrite) and a sheet of allowed values.

    The NIK, Telepon, RT and RW columns are formatted as text ("@"), for the whole column and
    for the first rows explicitly, so what a user types there stays text.
    """
    example = [
        "3508071708900001", "Contoh Nama", "L", "Lumajang", "17-08-1990", "Dusun Krajan", "001",
        "002", "081234567890", "slta", "kawin", "petani", "anggota", "", "", "", "",
    ]  # fmt: skip
    choices = []
    for fname, enum in CHOICE_FIELDS.items():
        for value, label in enum.choices:
            choices.append([FIELD_TO_HEADER[fname], value, str(label)])
    content = write_workbook(
        [
            ("Anggota", [h for _k, h, _f, _r in COLUMNS], [example]),
            (_("Pilihan"), [_("Kolom"), _("Isian"), _("Arti")], choices),
        ]
    )
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Anggota"]
    keys = [key for key, _h, _f, _r in COLUMNS]
    for key in TEXT_COLUMNS:
        letter = get_column_letter(keys.index(key) + 1)
        sheet.column_dimensions[letter].number_format = "@"
        for row in range(2, TEMPLATE_TEXT_ROWS + 2):
            sheet[f"{letter}{row}"].number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class ParsedRow:
    row: int
    data: dict[str, Any]
    existing: Member | None = None
    outcome: str = ""  # "baru", "ubah", "tetap"


@dataclass
class Preview:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date_id(str(value).strip())


def _convert(row: int, raw: dict[str, Any], errors: list[RowError]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, header, fname, required in COLUMNS:
        value = raw.get(key)
        text = _text(value)
        if required and not text:
            errors.append(RowError(row, header, _(MESSAGE_REQUIRED)))
            continue
        if fname in DATE_FIELDS:
            try:
                data[fname] = _date(value)
            except (ValueError, TypeError):
                data[fname] = None
                errors.append(RowError(row, header, _(MESSAGE_BAD_DATE)))
            else:
                if data[fname] is None and text:
                    errors.append(RowError(row, header, _(MESSAGE_BAD_DATE)))
        elif fname in CHOICE_FIELDS:
            enum = CHOICE_FIELDS[fname]
            lowered = text.lower() if fname != "sex" else text.upper()
            by_label = {str(label).lower(): v for v, label in enum.choices}
            if not text:
                data[fname] = Position.ANGGOTA if fname == "position" else ""
            elif lowered in enum.values:
                data[fname] = lowered
            elif text.lower() in by_label:
                data[fname] = by_label[text.lower()]
            else:
                errors.append(
                    RowError(
                        row, header, _(MESSAGE_BAD_CHOICE) % {"choices": ", ".join(enum.values)}
                    )
                )
        elif fname == "nik":
            if isinstance(value, int | float) and not isinstance(value, bool):
                errors.append(RowError(row, header, _(MESSAGE_NIK_NUMBER)))
                data[fname] = ""
            else:
                data[fname] = normalise_nik(value)
        else:
            data[fname] = text
    return data


def parse_file(
    file: IO[bytes],
    *,
    village: Village,
    today: dt.date | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> Preview:
    """Read and check every row; nothing is written."""
    today = today or timezone.localdate()
    preview = Preview()
    try:
        raw_rows = read_rows(
            file, required=["nik", "nama"], header_aliases=HEADER_ALIASES, max_rows=MAX_ROWS
        )
    except SpreadsheetError as exc:
        preview.file_error = str(exc)
        return preview
    niks = [normalise_nik(raw.get("nik")) for _n, raw in raw_rows]
    existing = {
        m.nik: m for m in Member.objects.filter(nik__in=niks).select_related("village__district")
    }
    seen: dict[str, int] = {}
    for number, raw in progress(raw_rows) if progress else raw_rows:
        errors: list[RowError] = []
        data = _convert(number, raw, errors)
        nik = data.get("nik", "")
        if nik and nik in seen:
            errors.append(
                RowError(number, "NIK", _(MESSAGE_DUPLICATE_IN_FILE) % {"row": seen[nik]})
            )
        elif nik:
            seen[nik] = number
        member = existing.get(nik)
        if nik:
            same_village = member is not None and member.village_id == village.code
            if same_village:
                assert member is not None
                merged = {**data, "nik": member.nik}
                field_errors = member_errors(merged, village=village, instance=member, today=today)
            else:
                field_errors = member_errors(data, village=village, today=today)
            for fname, messages in field_errors.items():
                for message in messages:
                    errors.append(RowError(number, FIELD_TO_HEADER.get(fname, fname), message))
            errors.extend(_model_errors(number, data, errors))
        preview.errors.extend(errors)
        parsed = ParsedRow(row=number, data=data, existing=member)
        if member is None:
            parsed.outcome = "baru"
        else:
            parsed.outcome = "ubah" if _differs(member, data) else "tetap"
        preview.rows.append(parsed)
    return preview


def _model_errors(row: int, data: dict[str, Any], found: list[RowError]) -> list[RowError]:
    """What the model itself would refuse on save, for the columns without an error yet.

    A safety net behind `member_errors`: the preview must never call a row clean that the
    confirmation then refuses.
    """
    flagged = {e.column for e in found}
    checked = [
        fname for fname in data if fname != "nik" and FIELD_TO_HEADER.get(fname) not in flagged
    ]
    exclude = [f.name for f in Member._meta.fields if f.name not in checked]
    candidate = Member(**{k: v for k, v in data.items() if k != "nik"})
    try:
        candidate.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return [
            RowError(row, FIELD_TO_HEADER.get(fname, fname), message)
            for fname, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def _differs(member: Member, data: dict[str, Any]) -> bool:
    return any(getattr(member, k) != v for k, v in data.items() if k != "nik")


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@transaction.atomic
def stage_import(*, village: Village, upload: Any, actor: Any) -> MemberImport:
    """Keep an uploaded file for preview and confirmation."""
    _require_village(actor, village.code)
    _discard_stale(actor)
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValidationError(_(MESSAGE_TOO_LARGE))
    staged = MemberImport(
        owner=actor,
        village=village,
        original_name=(getattr(upload, "name", "") or "impor.xlsx")[:255],
        sha256=_digest(content),
    )
    staged.file.save(f"{village.code}-{staged.sha256[:16]}.xlsx", ContentFile(content), save=False)
    staged.save()
    return staged


def _discard_stale(actor: Any) -> None:
    """Uploads left unconfirmed for a day are removed with their file (they hold NIKs)."""
    cutoff = timezone.now() - dt.timedelta(days=STALE_AFTER_DAYS)
    stale_imports = MemberImport.objects.filter(
        owner=actor, status=ImportStatus.PENDING, created_at__lt=cutoff
    )
    for stale in stale_imports:
        stale.file.delete(save=False)
        stale.delete()


def staged_bytes(staged: MemberImport) -> bytes:
    with staged.file.open("rb") as handle:
        content: bytes = handle.read()
    if _digest(content) != staged.sha256:
        raise ValidationError(_(MESSAGE_FILE_CHANGED))
    return content


def preview_staged(staged: MemberImport) -> Preview:
    try:
        content = staged_bytes(staged)
    except ValidationError as exc:
        return Preview(file_error=exc.messages[0])
    return parse_file(io.BytesIO(content), village=staged.village)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def import_members(
    *,
    content: bytes,
    village: Village,
    actor: Any,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> ImportResult:
    """Validate the whole file, then save every row in one transaction (or nothing)."""
    _require_village(actor, village.code)
    with transaction.atomic():
        preview = parse_file(io.BytesIO(content), village=village)
        if preview.file_error:
            raise ValidationError(preview.file_error)
        if preview.errors:
            raise ValidationError(_(MESSAGE_HAS_ERRORS) % {"count": len(preview.errors)})
        created = updated = unchanged = 0
        for parsed in progress(preview.rows) if progress else preview.rows:
            if parsed.existing is None:
                create_member(
                    village=village, data=parsed.data, actor=actor, action=AuditAction.IMPORT
                )
                created += 1
                continue
            data = {k: v for k, v in parsed.data.items() if k != "nik"}
            _member, changed = update_member(
                member=parsed.existing, data=data, actor=actor, action=AuditAction.IMPORT
            )
            if changed:
                updated += 1
            else:
                unchanged += 1
        return ImportResult(created=created, updated=updated, unchanged=unchanged)


def confirm_import(*, staged: MemberImport, actor: Any) -> ImportResult:
    """Import a staged file once: the row is locked and its status checked inside the transaction,
    so a second "Simpan semua" (double click, second tab) gets MESSAGE_ALREADY_DONE."""
    if staged.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(_(MESSAGE_NOT_ALLOWED))
    with transaction.atomic():
        locked = (
            MemberImport.objects.select_for_update()
            .select_related("village")
            .filter(pk=staged.pk)
            .first()
        )
        if locked is None or locked.status != ImportStatus.PENDING:
            raise ValidationError(_(MESSAGE_ALREADY_DONE))
        content = staged_bytes(locked)
        result = import_members(content=content, village=locked.village, actor=actor)
        locked.status = ImportStatus.DONE
        locked.created_count, locked.updated_count = result.created, result.updated
        locked.unchanged_count = result.unchanged
        locked.save()
        if result.created or result.updated:
            record_change(
                actor=actor,
                action=AuditAction.IMPORT,
                instance=locked,
                note=_(MESSAGE_IMPORT_NOTE)
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
        transaction.on_commit(lambda: locked.file.delete(save=True))
    staged.status = locked.status
    return result
