"""The column spec of an import and the typed reading of its sheet (see the package docstring)."""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.api import MAX_YEAR, MIN_YEAR
from sitrantib.core.formatting import (
    format_date_table,
    parse_count,
    parse_date_id,
    parse_decimal_id,
)
from sitrantib.core.models import ImportBatch
from sitrantib.core.spreadsheets import (
    MESSAGE_EMPTY,
    MESSAGE_MISSING_COLUMNS,
    MESSAGE_TOO_MANY_ROWS,
    ReadLimits,
    RowError,
    SpreadsheetError,
    is_blank,
    iter_sheet_rows,
)
from sitrantib.core.text import reject_control_characters

if TYPE_CHECKING:
    pass


MESSAGE_REQUIRED = gettext_noop("Wajib diisi.")
MESSAGE_BAD_INT = gettext_noop("Harus bilangan bulat, misalnya 12.")
MESSAGE_BAD_DECIMAL = gettext_noop("Harus angka, misalnya 12,5.")
MESSAGE_BAD_DATE = gettext_noop("Tanggal tidak terbaca; tulis seperti 17-08-1990.")
MESSAGE_DATE_RANGE = gettext_noop("Tahun harus antara %(min)s dan %(max)s.")
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
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise _CellError(_(MESSAGE_DATE_RANGE) % {"min": MIN_YEAR, "max": MAX_YEAR})
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
