"""The template workbook of an import: headers only on the data sheet, the example elsewhere."""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.spreadsheets import (
    write_workbook,
)
from sitrantib.core.text import strip_control_characters

if TYPE_CHECKING:
    pass
from sitrantib.core.imports.spec import (
    MESSAGE_EXAMPLE_NOTE,
    MESSAGE_NO,
    MESSAGE_YES,
    TEMPLATE_TEXT_ROWS,
    Column,
    ImportSpec,
    display,
)

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
