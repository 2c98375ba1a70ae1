"""Staging, preview, confirmation and discard of an import batch (see the package docstring)."""

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sitrantib.core.audit import record_change
from sitrantib.core.enums import AuditAction
from sitrantib.core.models import ImportBatch, ImportBatchStatus
from sitrantib.core.spreadsheets import (
    RowError,
    SpreadsheetError,
)
from sitrantib.core.uploads import UploadKind, check_upload, client_file_name

if TYPE_CHECKING:
    from sitrantib.accounts.models import User
from sitrantib.core.imports.spec import (
    MAX_STORED_ERRORS,
    MESSAGE_EXPIRED,
    MESSAGE_HAS_ERRORS,
    MESSAGE_IMPORT_NOTE,
    MESSAGE_NOT_OWNER,
    MESSAGE_NOT_PENDING,
    PENDING_LIFETIME,
    PREVIEW_ROWS,
    Apply,
    ImportAction,
    ImportSpec,
    Validate,
    _encode,
    batch_rows,
    display,
    read_table,
)


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
