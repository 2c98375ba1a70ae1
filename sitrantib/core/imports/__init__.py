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

from sitrantib.core.imports.spec import (
    MAX_STORED_ERRORS,
    MESSAGE_BAD_BOOL,
    MESSAGE_BAD_CHOICE,
    MESSAGE_BAD_DATE,
    MESSAGE_BAD_DECIMAL,
    MESSAGE_BAD_INT,
    MESSAGE_DATE_RANGE,
    MESSAGE_DUPLICATE_IN_FILE,
    MESSAGE_EXAMPLE_NOTE,
    MESSAGE_EXPIRED,
    MESSAGE_HAS_ERRORS,
    MESSAGE_IMPORT_NOTE,
    MESSAGE_NO,
    MESSAGE_NOT_OWNER,
    MESSAGE_NOT_PENDING,
    MESSAGE_NUMBER_AS_TEXT,
    MESSAGE_OUT_OF_RANGE,
    MESSAGE_REQUIRED,
    MESSAGE_TOO_LONG,
    MESSAGE_YES,
    PENDING_LIFETIME,
    PREVIEW_ROWS,
    TEMPLATE_TEXT_ROWS,
    Apply,
    Column,
    ColumnType,
    ImportAction,
    ImportRow,
    ImportSpec,
    ParsedTable,
    Validate,
    batch_rows,
    display,
    read_table,
)
from sitrantib.core.imports.staging import (
    ImportPreview,
    ImportResult,
    build_preview,
    confirm_import,
    discard_expired_batches,
    discard_import,
    pending_batches,
    stage_import,
)
from sitrantib.core.imports.template import (
    CHOICES_SHEET,
    INSTRUCTIONS_SHEET,
    template_workbook,
)

__all__ = [
    "CHOICES_SHEET",
    "INSTRUCTIONS_SHEET",
    "MAX_STORED_ERRORS",
    "MESSAGE_BAD_BOOL",
    "MESSAGE_BAD_CHOICE",
    "MESSAGE_BAD_DATE",
    "MESSAGE_BAD_DECIMAL",
    "MESSAGE_BAD_INT",
    "MESSAGE_DATE_RANGE",
    "MESSAGE_DUPLICATE_IN_FILE",
    "MESSAGE_EXAMPLE_NOTE",
    "MESSAGE_EXPIRED",
    "MESSAGE_HAS_ERRORS",
    "MESSAGE_IMPORT_NOTE",
    "MESSAGE_NO",
    "MESSAGE_NOT_OWNER",
    "MESSAGE_NOT_PENDING",
    "MESSAGE_NUMBER_AS_TEXT",
    "MESSAGE_OUT_OF_RANGE",
    "MESSAGE_REQUIRED",
    "MESSAGE_TOO_LONG",
    "MESSAGE_YES",
    "PENDING_LIFETIME",
    "PREVIEW_ROWS",
    "TEMPLATE_TEXT_ROWS",
    "Apply",
    "Column",
    "ColumnType",
    "ImportAction",
    "ImportPreview",
    "ImportResult",
    "ImportRow",
    "ImportSpec",
    "ParsedTable",
    "Validate",
    "batch_rows",
    "build_preview",
    "confirm_import",
    "discard_expired_batches",
    "discard_import",
    "display",
    "pending_batches",
    "read_table",
    "stage_import",
    "template_workbook",
]
