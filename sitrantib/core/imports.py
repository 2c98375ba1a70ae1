"""One spreadsheet import pipeline: a column spec, a staged preview, one confirmation.

The file is checked and parsed ONCE, when it is uploaded (`stage_import`): the typed rows, what
confirming would do with each (create / update with the changed fields / unchanged) and every
error by row and column are kept in an `ImportBatch`. The preview page renders the batch; the
confirmation (`confirm_import`) applies the plan through the app's callback in one transaction —
all rows or none — and a second confirmation does nothing. The template puts the example row on
the "Petunjuk" sheet, so it can never be imported as data.

Example (an app's `imports.py`)::

    MEMBERS = ImportSpec(
        kind="linmas.members",
        sheet_title="Anggota",
        key="nik",
        columns=(
            Column("nik", "NIK", required=True, text_only=True, max_length=16,
                   help="16 angka, ketik sebagai teks.", example="3508071708900001"),
            Column("nama", "Nama", required=True, field="name", max_length=150, example="Budi"),
            Column("jenis_kelamin", "Jenis Kelamin", required=True, field="sex",
                   type="choice", choices=dict(Sex.choices), example="L"),
            Column("tanggal_lahir", "Tanggal Lahir", required=True, field="birth_date",
                   type="date", example="17-08-1990"),
        ),
    )

    def validate_members(rows: list[ImportRow], *, village: Village) -> list[RowError]:
        niks = [r.values["nik"] for r in rows]
        existing = {m.nik: m for m in Member.objects.filter(nik__in=niks)}
        errors = []
        for row in rows:
            member = existing.get(row.values["nik"])
            ...  # app rules -> errors.append(MEMBERS.error(row, "tanggal_lahir", message))
            if member is None:
                row.plan_create()
            else:
                MEMBERS.plan_against(row, member)   # update (changed fields) or unchanged
        return errors

    def apply_members(rows: list[ImportRow], *, village: Village, actor: User) -> None:
        for row in rows:            # only the rows to create or update, in file order
            data = MEMBERS.model_values(row)
            if row.action == ImportAction.CREATE:
                create_member(village=village, data=data, actor=actor, action=AuditAction.IMPORT)
            else:
                member = Member.objects.get(pk=row.target)
                save_changes(member, data, actor=actor, expected_version=row.version,
                             action=AuditAction.IMPORT)

    batch = stage_import(spec=MEMBERS, upload=file, actor=user, scope_key=village.code,
                         district_code=village.district_id,
                         validate=partial(validate_members, village=village))
    preview = build_preview(batch, spec=MEMBERS)      # -> {% include "core/imports/preview.html" %}
    result = confirm_import(batch=batch, spec=MEMBERS, actor=user,
                            apply=partial(apply_members, village=village, actor=user))
"""

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.core.formatting import (
    format_date_table,
    parse_count,
    parse_date_id,
    parse_decimal_id,
)
from sitrantib.core.models import ImportBatch, ImportBatchStatus
from sitrantib.core.spreadsheets import (
    MESSAGE_EMPTY,
    MESSAGE_MISSING_COLUMNS,
    MESSAGE_TOO_MANY_ROWS,
    ReadLimits,
    RowError,
    SpreadsheetError,
    is_blank,
    iter_sheet_rows,
    write_workbook,
)
from sitrantib.core.text import reject_control_characters, strip_control_characters
from sitrantib.core.uploads import UploadKind, check_upload, client_file_name

if TYPE_CHECKING:
    from sitrantib.accounts.models import User

MESSAGE_REQUIRED = gettext_noop("Wajib diisi.")
MESSAGE_BAD_INT = gettext_noop("Harus bilangan bulat, misalnya 12.")
MESSAGE_BAD_DECIMAL = gettext_noop("Harus angka, misalnya 12,5.")
MESSAGE_BAD_DATE = gettext_noop("Tanggal tidak terbaca; tulis seperti 17-08-1990.")
MESSAGE_DATE_RANGE = gettext_noop("Tahun harus antara 1900 dan 2100.")
MESSAGE_BAD_BOOL = gettext_noop("Isi Ya atau Tidak.")
MESSAGE_BAD_CHOICE = gettext_noop("Isian tidak dikenal; pilih salah satu: %(choices)s.")
MESSAGE_TOO_LONG = gettext_noop("Paling panjang %(limit)s karakter (sekarang %(length)s karakter).")
MESSAGE_NUMBER_AS_TEXT = gettext_noop(
    "Tulis sebagai teks, bukan angka: Excel menghapus nol di depan dan membulatkan angka "
    "panjang. Format kolom ini sebagai Teks lalu ketik ulang."
)
MESSAGE_OUT_OF_RANGE = gettext_noop("Harus antara %(min)s dan %(max)s.")
MESSAGE_DUPLICATE_IN_FILE = gettext_noop("%(column)s yang sama sudah ada di baris %(row)s.")
MESSAGE_HAS_ERRORS = gettext_noop(
    "Berkas masih berisi %(count)s kesalahan; tidak ada yang disimpan."
)
MESSAGE_NOT_OWNER = gettext_noop("Hanya pengunggah berkas ini yang dapat mengonfirmasi impornya.")
MESSAGE_NOT_PENDING = gettext_noop("Impor ini sudah dibatalkan atau kedaluwarsa; unggah ulang.")
MESSAGE_EXPIRED = gettext_noop("Pratinjau impor sudah kedaluwarsa; unggah ulang berkasnya.")
MESSAGE_IMPORT_NOTE = gettext_noop("baru %(created)s, diubah %(updated)s, tetap %(unchanged)s")
MESSAGE_EXAMPLE_NOTE = gettext_noop(
    "Isi data mulai baris 2 lembar %(sheet)s. Contoh di lembar ini tidak ikut diimpor."
)
MESSAGE_YES = gettext_noop("Ya")
MESSAGE_NO = gettext_noop("Tidak")

# Pending batches hold personal data; they are deleted after this long.
PENDING_LIFETIME = dt.timedelta(days=1)
# At most this many errors are kept (and shown); the count keeps the total.
MAX_STORED_ERRORS = 1000
# Rows per table on the preview page; the counts cover the rest.
PREVIEW_ROWS = 200
# Rows of the template's data sheet formatted as text in the text-only columns.
TEMPLATE_TEXT_ROWS = 500

ColumnType = Literal["str", "int", "date", "decimal", "bool", "choice"]
_TRUE = {"ya", "y", "yes", "true", "benar", "1", "v", "x"}
_FALSE = {"tidak", "t", "no", "n", "false", "salah", "0", "-"}


class ImportAction:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Column:
    """One column of an import: its key, printed label and how a cell is read.

    `choices` maps a stored code to its label; a cell matches either, case-insensitively.
    `field` is the model attribute the column fills (defaults to `key`). `text_only` refuses a
    number typed into the cell (a NIK or phone number Excel has already mangled) and formats the
    template column as text. `help` and `example` go to the "Petunjuk" sheet.
    """

    key: str
    label: str
    required: bool = False
    type: ColumnType = "str"
    choices: Mapping[str, Any] | None = None
    max_length: int | None = None
    min_value: int | Decimal | None = None
    max_value: int | Decimal | None = None
    field: str = ""
    text_only: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: Any = None

    @property
    def attribute(self) -> str:
        return self.field or self.key


@dataclass
class ImportRow:
    """One data row: its number in the spreadsheet, typed values by column key, and the plan."""

    row: int
    values: dict[str, Any]
    action: str = ImportAction.CREATE
    target: Any = None
    version: int | None = None
    # (column label, old value as shown, new value as shown)
    changes: list[tuple[str, str, str]] = field(default_factory=list)

    def plan_create(self) -> None:
        self.action, self.target, self.version, self.changes = ImportAction.CREATE, None, None, []

    def plan_update(
        self, *, target: Any, changes: list[tuple[str, str, str]], version: int | None = None
    ) -> None:
        self.action = ImportAction.UPDATE if changes else ImportAction.UNCHANGED
        self.target, self.version, self.changes = target, version, list(changes)

    def plan_unchanged(self, *, target: Any) -> None:
        self.action, self.target, self.changes = ImportAction.UNCHANGED, target, []


@dataclass(frozen=True)
class ImportSpec:
    """The columns of one import and the limits of reading its file."""

    kind: str
    columns: tuple[Column, ...]
    sheet_title: str = "Data"
    # A column whose value must be unique within the file (NIK, serial number), or "".
    key: str = ""
    max_rows: int = 20_000
    max_cells: int = 1_000_000
    max_string_length: int = 5_000
    max_uncompressed_bytes: int = 50 * 1024 * 1024

    @property
    def limits(self) -> ReadLimits:
        return ReadLimits(
            max_rows=self.max_rows,
            max_cells=self.max_cells,
            max_string_length=self.max_string_length,
            max_uncompressed_bytes=self.max_uncompressed_bytes,
        )

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    def error(self, row: ImportRow | int, key: str, message: str) -> RowError:
        """A RowError for the column `key` (shown by its printed label)."""
        number = row.row if isinstance(row, ImportRow) else row
        return RowError(number, self.column(key).label, message)

    def model_values(self, row: ImportRow) -> dict[str, Any]:
        """The row's values keyed by model attribute (`Column.field`)."""
        return {c.attribute: row.values.get(c.key) for c in self.columns if c.key in row.values}

    def changes_against(self, row: ImportRow, instance: Any) -> list[tuple[str, str, str]]:
        """(label, old, new) of each column whose value differs from the instance's attribute."""
        changes = []
        for column in self.columns:
            if column.key not in row.values or not hasattr(instance, column.attribute):
                continue
            old, new = getattr(instance, column.attribute), row.values[column.key]
            if _comparable(old) != _comparable(new):
                changes.append((column.label, display(column, old), display(column, new)))
        return changes

    def plan_against(self, row: ImportRow, instance: Any) -> None:
        """Plan an update of `instance` (or nothing, when no column differs)."""
        row.plan_update(
            target=instance.pk,
            changes=self.changes_against(row, instance),
            version=getattr(instance, "version", None),
        )


def _comparable(value: Any) -> Any:
    return "" if value is None else value


def display(column: Column, value: Any) -> str:
    """A value as the preview shows it: dates dd-mm-yyyy, choices by label, Ya/Tidak."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return format_date_table(value)
    if column.type == "choice" and column.choices and value in column.choices:
        return f"{value} ({column.choices[value]})"
    if isinstance(value, bool):
        return _(MESSAGE_YES) if value else _(MESSAGE_NO)
    return str(value)


# ---------------------------------------------------------------- reading cells


class _CellError(ValueError):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date_table(value)
    return str(value).strip()


def _convert(column: Column, value: Any) -> Any:
    """The typed value of one non-blank cell, or _CellError with the message."""
    if column.type == "str":
        if column.text_only and isinstance(value, int | float) and not isinstance(value, bool):
            raise _CellError(_(MESSAGE_NUMBER_AS_TEXT))
        text = _text(value)
        try:
            reject_control_characters(text)
        except ValidationError as exc:
            raise _CellError(exc.messages[0]) from None
        if column.max_length is not None and len(text) > column.max_length:
            raise _CellError(
                _(MESSAGE_TOO_LONG) % {"limit": column.max_length, "length": len(text)}
            )
        return text
    if column.type == "int":
        return _bounded(column, _int(value))
    if column.type == "decimal":
        return _bounded(column, _decimal(value))
    if column.type == "date":
        return _date(value)
    if column.type == "bool":
        return _bool(value)
    if column.type == "choice":
        return _choice(column, value)
    raise ValueError(f"Unknown column type {column.type!r}")


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise _CellError(_(MESSAGE_BAD_INT))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _CellError(_(MESSAGE_BAD_INT))
    text = str(value).strip()
    if re.fullmatch(r"-?[0-9]{1,18}", text):
        return int(text)
    try:
        return parse_count(text)
    except (ValueError, TypeError):
        raise _CellError(_(MESSAGE_BAD_INT)) from None


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _CellError(_(MESSAGE_BAD_DECIMAL))
    if isinstance(value, int | float):
        result = Decimal(str(value))
    else:
        try:
            result = parse_decimal_id(str(value).strip())
        except (ValueError, InvalidOperation):
            raise _CellError(_(MESSAGE_BAD_DECIMAL)) from None
    if not result.is_finite() or abs(result) >= Decimal(10) ** 15:
        raise _CellError(_(MESSAGE_BAD_DECIMAL))
    return result


def _bounded[N: (int, Decimal)](column: Column, number: N) -> N:
    low, high = column.min_value, column.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        raise _CellError(_(MESSAGE_OUT_OF_RANGE) % {"min": low, "max": high})
    return number


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        raise _CellError(_(MESSAGE_BAD_DATE))
    else:
        try:
            result = parse_date_id(str(value).strip())
        except (ValueError, TypeError, OverflowError):
            raise _CellError(_(MESSAGE_BAD_DATE)) from None
    if not 1900 <= result.year <= 2100:
        raise _CellError(_(MESSAGE_DATE_RANGE))
    return result


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE or text == _(MESSAGE_YES).lower():
        return True
    if text in _FALSE or text == _(MESSAGE_NO).lower():
        return False
    raise _CellError(_(MESSAGE_BAD_BOOL))


def _choice(column: Column, value: Any) -> str:
    text = _text(value).lower()
    for code, label in (column.choices or {}).items():
        if text in (str(code).lower(), str(label).lower()):
            return str(code)
    codes = ", ".join(str(code) for code in column.choices or {})
    raise _CellError(_(MESSAGE_BAD_CHOICE) % {"choices": codes})


@dataclass
class ParsedTable:
    rows: list[ImportRow]
    errors: list[RowError]


def read_table(file: IO[bytes], *, spec: ImportSpec) -> ParsedTable:
    """Stream the data sheet and type every cell by its column; blank rows are skipped.

    Raises SpreadsheetError for a file that cannot be imported at all (not XLSX, over a limit,
    a required column missing); cell problems come back as RowErrors, every one of them.
    """
    lookup: dict[str, Column] = {}
    for column in spec.columns:
        for name in (column.key, column.label, *column.aliases):
            lookup[" ".join(name.split()).lower()] = column
    rows = iter_sheet_rows(file, limits=spec.limits, sheet=spec.sheet_title)
    try:
        first = next(rows, None)
        if first is None:
            raise SpreadsheetError(_(MESSAGE_EMPTY))
        positions: list[tuple[int, Column]] = []
        found: set[str] = set()
        for index, cell in enumerate(first[1]):
            text = " ".join(str(cell).split()).lower() if cell is not None else ""
            match = lookup.get(text)
            if match is not None and match.key not in found:
                positions.append((index, match))
                found.add(match.key)
        missing = [c.label for c in spec.columns if c.required and c.key not in found]
        if missing:
            raise SpreadsheetError(_(MESSAGE_MISSING_COLUMNS) % {"columns": ", ".join(missing)})
        table = ParsedTable(rows=[], errors=[])
        seen: dict[Any, int] = {}
        for number, values in rows:
            if is_blank(values):
                continue
            if len(table.rows) >= spec.max_rows:
                raise SpreadsheetError(_(MESSAGE_TOO_MANY_ROWS) % {"limit": spec.max_rows})
            typed: dict[str, Any] = {}
            for index, column in positions:
                raw = values[index] if index < len(values) else None
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    if column.required:
                        table.errors.append(RowError(number, column.label, _(MESSAGE_REQUIRED)))
                    typed[column.key] = False if column.type == "bool" else _empty(column)
                    continue
                try:
                    typed[column.key] = _convert(column, raw)
                except _CellError as exc:
                    table.errors.append(RowError(number, column.label, str(exc)))
                    typed[column.key] = _empty(column)
            if spec.key and typed.get(spec.key) not in (None, ""):
                key_value = typed[spec.key]
                if key_value in seen:
                    label = spec.column(spec.key).label
                    table.errors.append(
                        RowError(
                            number,
                            label,
                            _(MESSAGE_DUPLICATE_IN_FILE)
                            % {"column": label, "row": seen[key_value]},
                        )
                    )
                else:
                    seen[key_value] = number
            table.rows.append(ImportRow(row=number, values=typed))
        if not table.rows:
            raise SpreadsheetError(_(MESSAGE_EMPTY))
        return table
    finally:
        rows.close()  # type: ignore[attr-defined]


def _empty(column: Column) -> Any:
    return "" if column.type in ("str", "choice") else None


# ---------------------------------------------------------------- storing rows as JSON


def _encode(spec: ImportSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    encoded: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        encoded[key] = value
    return encoded


def _decode(spec: ImportSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    types = {c.key: c.type for c in spec.columns}
    decoded: dict[str, Any] = {}
    for key, value in values.items():
        if value is not None and types.get(key) == "date":
            value = dt.date.fromisoformat(value)
        elif value is not None and types.get(key) == "decimal":
            value = Decimal(value)
        decoded[key] = value
    return decoded


def batch_rows(batch: ImportBatch, *, spec: ImportSpec) -> list[ImportRow]:
    """The typed rows of a batch with their plan, as `validate` left them."""
    plans = {p["row"]: p for p in batch.plan}
    rows = []
    for stored in batch.rows:
        plan = plans.get(stored["row"], {})
        rows.append(
            ImportRow(
                row=stored["row"],
                values=_decode(spec, stored["values"]),
                action=plan.get("action", ImportAction.CREATE),
                target=plan.get("target"),
                version=plan.get("version"),
                changes=[(str(a), str(b), str(c)) for a, b, c in plan.get("changes", [])],
            )
        )
    return rows


# ---------------------------------------------------------------- the pipeline

Validate = Callable[[list[ImportRow]], Iterable[RowError]]
Apply = Callable[[list[ImportRow]], object]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    # True when the batch had been confirmed before: nothing was done this time.
    repeated: bool = False


def discard_expired_batches(*, now: dt.datetime | None = None) -> int:
    """Delete every pending batch older than PENDING_LIFETIME (one query); the number deleted."""
    cutoff = (now or timezone.now()) - PENDING_LIFETIME
    deleted, _counts = ImportBatch.objects.filter(
        status=ImportBatchStatus.PENDING, created_at__lt=cutoff
    ).delete()
    return deleted


@transaction.atomic
def stage_import(
    *,
    spec: ImportSpec,
    upload: IO[bytes],
    actor: "User",
    validate: Validate,
    scope_key: str = "",
    district_code: str = "",
) -> ImportBatch:
    """Check and parse the uploaded file once, let the app validate and plan every row, and keep
    the result as a pending ImportBatch owned by `actor`. Nothing else is written.

    `validate(rows)` returns the app's RowErrors (constant number of queries, please) and sets
    each row's plan with `row.plan_create()`, `spec.plan_against(row, instance)` or
    `row.plan_update(...)`. Raises ValidationError (Bahasa Indonesia) when the file cannot be
    imported at all; errors in cells are kept in the batch for the preview. The caller checks
    that `actor` may write into `scope_key` before calling.
    """
    discard_expired_batches()
    checked = check_upload(upload, kind=UploadKind.SPREADSHEET, limits=spec.limits)
    upload.seek(0)
    digest = hashlib.sha256()
    while chunk := upload.read(1024 * 1024):
        digest.update(chunk)
    upload.seek(0)
    try:
        table = read_table(upload, spec=spec)
    except SpreadsheetError as exc:
        raise ValidationError(str(exc)) from exc
    app_errors = list(validate(table.rows))
    errors = sorted(
        [*table.errors, *app_errors], key=lambda e: (e.row, _column_order(spec, e.column))
    )
    batch = ImportBatch(
        owner=actor,
        kind=spec.kind,
        scope_key=scope_key,
        district_code=district_code,
        original_name=client_file_name(getattr(upload, "name", "") or "", fallback="impor")[:255],
        sha256=digest.hexdigest(),
        rows=[{"row": r.row, "values": _encode(spec, r.values)} for r in table.rows],
        plan=[
            {
                "row": r.row,
                "action": r.action,
                "target": r.target,
                "version": r.version,
                "changes": [list(c) for c in r.changes],
            }
            for r in table.rows
        ],
        errors=[
            {"row": e.row, "column": e.column, "message": e.message}
            for e in errors[:MAX_STORED_ERRORS]
        ],
        row_count=len(table.rows),
        error_count=len(errors),
        created_count=sum(r.action == ImportAction.CREATE for r in table.rows),
        updated_count=sum(r.action == ImportAction.UPDATE for r in table.rows),
        unchanged_count=sum(r.action == ImportAction.UNCHANGED for r in table.rows),
    )
    del checked
    batch.save()
    return batch


def _column_order(spec: ImportSpec, label: str) -> int:
    for index, column in enumerate(spec.columns):
        if column.label == label:
            return index
    return len(spec.columns)


def pending_batches(*, owner: "User", kind: str) -> Any:
    """The owner's unexpired pending batches of one kind (for the preview view's lookup)."""
    return ImportBatch.objects.filter(
        owner=owner,
        kind=kind,
        status=ImportBatchStatus.PENDING,
        created_at__gte=timezone.now() - PENDING_LIFETIME,
    )


def confirm_import(
    *, batch: ImportBatch, spec: ImportSpec, actor: "User", apply: Apply
) -> ImportResult:
    """Apply a staged batch once, all rows or none, and record one audit entry for it.

    `apply(rows)` receives the rows to create or update (file order) and writes them; any
    exception it raises (a ValidationError, a StaleVersion) rolls back every row and leaves the
    batch pending. Only the uploader may confirm (PermissionDenied). A batch already confirmed
    returns its stored counts with `repeated=True` and changes nothing (a double click, a second
    tab). A batch with errors, expired or discarded raises ValidationError.
    """
    if batch.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(_(MESSAGE_NOT_OWNER))
    if batch.kind != spec.kind:
        raise ValueError(f"Batch {batch.pk} is a {batch.kind!r} import, not {spec.kind!r}")
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
        if locked is None:
            raise ValidationError(_(MESSAGE_NOT_PENDING))
        if locked.status == ImportBatchStatus.CONFIRMED:
            return _result(locked, repeated=True)
        if locked.status != ImportBatchStatus.PENDING:
            raise ValidationError(_(MESSAGE_NOT_PENDING))
        if locked.created_at < timezone.now() - PENDING_LIFETIME:
            raise ValidationError(_(MESSAGE_EXPIRED))
        if locked.error_count:
            raise ValidationError(_(MESSAGE_HAS_ERRORS) % {"count": locked.error_count})
        rows = [
            r
            for r in batch_rows(locked, spec=spec)
            if r.action in (ImportAction.CREATE, ImportAction.UPDATE)
        ]
        returned = apply(rows)
        if isinstance(returned, ImportResult):
            locked.created_count, locked.updated_count = returned.created, returned.updated
            locked.unchanged_count = returned.unchanged
        locked.status = ImportBatchStatus.CONFIRMED
        locked.confirmed_at = timezone.now()
        # The records now hold the data; the batch keeps only its counts.
        locked.rows, locked.plan = [], []
        locked.save()
        result = _result(locked)
        record_change(
            actor=actor,
            action=AuditAction.IMPORT,
            instance=locked,
            note=_(MESSAGE_IMPORT_NOTE)
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
    batch.status, batch.confirmed_at = locked.status, locked.confirmed_at
    batch.created_count, batch.updated_count = locked.created_count, locked.updated_count
    batch.unchanged_count, batch.rows, batch.plan = locked.unchanged_count, [], []
    return result


def _result(batch: ImportBatch, *, repeated: bool = False) -> ImportResult:
    return ImportResult(
        created=batch.created_count,
        updated=batch.updated_count,
        unchanged=batch.unchanged_count,
        repeated=repeated,
    )


@transaction.atomic
def discard_import(*, batch: ImportBatch, actor: "User") -> None:
    """The uploader cancels a pending batch; its rows are dropped at once."""
    if batch.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied(_(MESSAGE_NOT_OWNER))
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatchStatus.PENDING).update(
        status=ImportBatchStatus.DISCARDED, rows=[], plan=[], errors=[]
    )
    batch.refresh_from_db()


# ---------------------------------------------------------------- preview


@dataclass
class ImportPreview:
    """What the shared template `core/imports/preview.html` renders."""

    batch: ImportBatch
    errors: list[RowError]
    columns: list[str]
    to_create: list[tuple[int, list[str]]]
    to_update: list[tuple[int, list[tuple[str, str, str]]]]
    limit: int

    @property
    def can_confirm(self) -> bool:
        return self.batch.status == ImportBatchStatus.PENDING and not self.batch.error_count

    @property
    def errors_hidden(self) -> int:
        return self.batch.error_count - len(self.errors)

    @property
    def create_hidden(self) -> int:
        return self.batch.created_count - len(self.to_create)

    @property
    def update_hidden(self) -> int:
        return self.batch.updated_count - len(self.to_update)


def build_preview(
    batch: ImportBatch, *, spec: ImportSpec, limit: int = PREVIEW_ROWS
) -> ImportPreview:
    """The first `limit` rows to create (all columns) and to change (changed fields only)."""
    to_create: list[tuple[int, list[str]]] = []
    to_update: list[tuple[int, list[tuple[str, str, str]]]] = []
    rows = batch_rows(batch, spec=spec)
    for row in rows:
        if row.action == ImportAction.CREATE and len(to_create) < limit:
            to_create.append((row.row, [display(c, row.values.get(c.key)) for c in spec.columns]))
        elif row.action == ImportAction.UPDATE and len(to_update) < limit:
            to_update.append((row.row, row.changes))
    return ImportPreview(
        batch=batch,
        errors=[RowError(e["row"], e["column"], e["message"]) for e in batch.errors],
        columns=[c.label for c in spec.columns],
        to_create=to_create,
        to_update=to_update,
        limit=limit,
    )


# ---------------------------------------------------------------- template


INSTRUCTIONS_SHEET = "Petunjuk"
CHOICES_SHEET = "Pilihan"


def _type_label(column: Column) -> str:
    labels = {
        "str": gettext_noop("Teks"),
        "int": gettext_noop("Bilangan bulat"),
        "decimal": gettext_noop("Angka"),
        "date": gettext_noop("Tanggal (dd-mm-yyyy)"),
        "bool": gettext_noop("Ya/Tidak"),
        "choice": gettext_noop("Pilihan (kode atau arti)"),
    }
    return _(labels[column.type])


def template_workbook(
    spec: ImportSpec,
    *,
    extra_sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = (),
) -> bytes:
    """The XLSX template: the data sheet holds the header row only; the "Petunjuk" sheet
    explains each column with an example value; a "Pilihan" sheet lists the allowed codes.

    The example can never be imported: the reader reads only the data sheet.
    """
    headers = [c.label for c in spec.columns]
    text_positions = [i for i, c in enumerate(spec.columns) if c.text_only]
    data_rows: list[Sequence[Any]] = []
    instructions = [
        [
            c.label,
            _(MESSAGE_YES) if c.required else _(MESSAGE_NO),
            _type_label(c),
            strip_control_characters(str(c.help)),
            _example(c),
        ]
        for c in spec.columns
    ]
    instructions.append(["", "", "", "", ""])
    instructions.append([_(MESSAGE_EXAMPLE_NOTE) % {"sheet": spec.sheet_title}, "", "", "", ""])
    sheets: list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]] = [
        (spec.sheet_title, headers, data_rows),
        (
            INSTRUCTIONS_SHEET,
            [_("Kolom"), _("Wajib"), _("Jenis isian"), _("Keterangan"), _("Contoh")],
            instructions,
        ),
    ]
    choices = [
        [c.label, str(code), str(label)]
        for c in spec.columns
        if c.type == "choice"
        for code, label in (c.choices or {}).items()
    ]
    if choices:
        sheets.append((CHOICES_SHEET, [_("Kolom"), _("Kode"), _("Arti")], choices))
    sheets.extend(extra_sheets)
    content = write_workbook(sheets)
    if text_positions:
        content = _format_text_columns(content, spec=spec, positions=text_positions)
    return content


def _example(column: Column) -> str:
    if column.example is None:
        return ""
    if column.type == "choice":
        return str(column.example)
    return display(column, column.example)


def _format_text_columns(content: bytes, *, spec: ImportSpec, positions: list[int]) -> bytes:
    """Format the text-only columns as text ("@") so Excel keeps a typed NIK or phone as typed.

    The template is small (headers only), so it is re-opened in normal mode for this.
    """
    import io

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[spec.sheet_title]
    for position in positions:
        letter = get_column_letter(position + 1)
        sheet.column_dimensions[letter].number_format = "@"
        for row in range(2, TEMPLATE_TEXT_ROWS + 2):
            sheet[f"{letter}{row}"].number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
