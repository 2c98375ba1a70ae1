"""Importing members of one desa from an XLSX file, on the shared pipeline (core/imports.py).

The file is read once when uploaded: every row is typed by `MEMBERS`, checked by the register's
rules (`validate_members`: NIK, duplicates in other desa, dates, RT/RW, lengths) and planned as a
new member, a change (with the changed fields) or unchanged, in one `core.ImportBatch`. The
confirmation applies the plan all or nothing (`apply_members`); NIK is the key, so importing the
same file twice changes nothing.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.enums import AuditAction
from sitrantib.core.imports import (
    MESSAGE_HAS_ERRORS,
    Column,
    ImportAction,
    ImportResult,
    ImportRow,
    ImportSpec,
    confirm_import,
    discard_import,
    stage_import,
    template_workbook,
)
from sitrantib.core.models import ImportBatch
from sitrantib.core.spreadsheets import RowError
from sitrantib.linmas.enums import Education, MaritalStatus, Position, Sex
from sitrantib.linmas.models import Member
from sitrantib.linmas.nik import normalise_nik
from sitrantib.linmas.rules import member_errors
from sitrantib.linmas.services import create_member, require_village, update_member
from sitrantib.regions.models import Village

__all__ = [
    "MEMBERS",
    "MESSAGE_ALREADY_DONE",
    "MESSAGE_HAS_ERRORS",
    "apply_members",
    "confirm_members",
    "import_members",
    "stage_members",
    "template_bytes",
    "validate_members",
]

MESSAGE_ALREADY_DONE = gettext_noop("Impor ini sudah dikonfirmasi.")
MESSAGE_IMPORT_NOTE = gettext_noop("baru %(created)s, diubah %(updated)s, tetap %(unchanged)s")

MAX_ROWS = 2000
# The longest NIK as typed (16 digits with spaces, dots or dashes between the groups).
NIK_TYPED_MAX_LENGTH = 24

MEMBERS = ImportSpec(
    kind="linmas.members",
    sheet_title="Anggota",
    key="nik",
    max_rows=MAX_ROWS,
    columns=(
        Column(
            "nik", "NIK", required=True, text_only=True, max_length=NIK_TYPED_MAX_LENGTH,
            help=gettext_noop("16 angka, diketik sebagai teks."), example="3508071708900001",
        ),
        Column("nama", "Nama", required=True, field="name", example="Contoh Nama"),
        Column(
            "jenis_kelamin", "Jenis Kelamin (L/P)", required=True, field="sex", type="choice",
            choices=dict(Sex.choices), example="L",
        ),
        Column("tempat_lahir", "Tempat Lahir", required=True, field="birth_place",
               example="Lumajang"),
        Column(
            "tanggal_lahir", "Tanggal Lahir (dd-mm-yyyy)", required=True, field="birth_date",
            type="date", example=dt.date(1990, 8, 17),
        ),
        Column("alamat", "Alamat", field="address", example="Dusun Krajan"),
        Column("rt", "RT", field="rt", text_only=True, example="001"),
        Column("rw", "RW", field="rw", text_only=True, example="002"),
        Column("telepon", "Telepon", field="phone", text_only=True, example="081234567890"),
        Column(
            "pendidikan", "Pendidikan", field="education", type="choice",
            choices=dict(Education.choices), example="slta",
        ),
        Column(
            "status_kawin", "Status Kawin", field="marital_status", type="choice",
            choices=dict(MaritalStatus.choices), example="kawin",
        ),
        Column("pekerjaan", "Pekerjaan", field="occupation", example="Petani"),
        Column(
            "jabatan", "Jabatan", field="position", type="choice",
            choices=dict(Position.choices), example="anggota",
            help=gettext_noop("Kosong berarti Anggota."),
        ),
        Column("nomor_sk", "Nomor SK", field="decree_number"),
        Column("tanggal_sk", "Tanggal SK (dd-mm-yyyy)", field="decree_date", type="date"),
        Column("nomor_kta", "Nomor KTA", field="card_number"),
        Column(
            "kta_berlaku", "KTA Berlaku Sampai (dd-mm-yyyy)", field="card_valid_until",
            type="date",
        ),
    ),
)  # fmt: skip

_KEY_OF_FIELD = {column.attribute: column.key for column in MEMBERS.columns}


def template_bytes() -> bytes:
    """The template: headers on "Anggota", one example per column on "Petunjuk" (never
    imported), the allowed codes on "Pilihan"; NIK, RT, RW and Telepon formatted as text."""
    return template_workbook(MEMBERS)


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _model_errors(row: ImportRow, data: dict[str, Any]) -> list[RowError]:
    """What the model itself would refuse on save, for filled cells the rules did not check.

    A safety net behind `member_errors`: the preview must never call a row clean that the
    confirmation then refuses. Blank cells are left to the spec (required columns).
    """
    checked = [name for name, value in data.items() if name != "nik" and not _blank(value)]
    exclude = [f.name for f in Member._meta.fields if f.name not in checked]
    candidate = Member(**{k: v for k, v in data.items() if k != "nik"})
    try:
        candidate.clean_fields(exclude=exclude)
    except ValidationError as exc:
        return [
            MEMBERS.error(row, _KEY_OF_FIELD.get(name, "nik"), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


def validate_members(
    rows: list[ImportRow], *, village: Village, today: dt.date | None = None
) -> list[RowError]:
    """The register's rules on every typed row, and each row's plan (the pipeline's callback).

    A blank Jabatan becomes Anggota. A NIK of a member of this desa plans a change of that
    member (or nothing); a NIK registered in another desa is an error naming that desa.
    """
    today = today or timezone.localdate()
    for row in rows:
        row.values["nik"] = normalise_nik(row.values.get("nik"))
        if not row.values.get("jabatan"):
            row.values["jabatan"] = Position.ANGGOTA
    niks = [row.values["nik"] for row in rows if row.values["nik"]]
    existing = {
        m.nik: m for m in Member.objects.filter(nik__in=niks).select_related("village__district")
    }
    errors: list[RowError] = []
    for row in rows:
        data = MEMBERS.model_values(row)
        member = existing.get(data["nik"])
        same_village = member is not None and member.village_id == village.code
        if data["nik"]:  # an empty or mangled NIK is already reported by the spec
            found = member_errors(
                data,
                village=village,
                instance=member if same_village else None,
                today=today,
            )
            flagged = {MEMBERS.column(_KEY_OF_FIELD.get(name, "nik")).label for name in found}
            errors.extend(
                MEMBERS.error(row, _KEY_OF_FIELD.get(name, "nik"), message)
                for name, messages in found.items()
                for message in messages
            )
            errors.extend(e for e in _model_errors(row, data) if e.column not in flagged)
        if member is not None and same_village:
            MEMBERS.plan_against(row, member)
        else:
            row.plan_create()
    return errors


def apply_members(
    rows: list[ImportRow],
    *,
    village: Village,
    actor: User,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> None:
    """Write the planned rows (inside the pipeline's transaction), audited as IMPORT.

    A member changed by someone else since the upload refuses the whole import (StaleVersion).
    """
    for row in progress(rows) if progress else rows:
        data = MEMBERS.model_values(row)
        if row.action == ImportAction.CREATE:
            create_member(village=village, data=data, actor=actor, action=AuditAction.IMPORT)
        else:
            data.pop("nik", None)
            update_member(
                member=Member.objects.get(pk=row.target),
                data=data,
                actor=actor,
                action=AuditAction.IMPORT,
                expected_version=row.version,
            )


def stage_members(*, village: Village, upload: IO[bytes], actor: User) -> ImportBatch:
    """Check, read and plan an uploaded file for `village` (nothing else is written).

    Refuses an actor who may not write in the desa (PermissionDenied) and a file that cannot be
    imported at all (ValidationError: not XLSX, too large once unpacked, a column missing).
    """
    require_village(actor, village.code)
    return stage_import(
        spec=MEMBERS,
        upload=upload,
        actor=actor,
        validate=partial(validate_members, village=village),
        scope_key=village.code,
        district_code=village.district_id,
    )


def confirm_members(
    *,
    batch: ImportBatch,
    actor: User,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> ImportResult:
    """Apply a staged batch once, all rows or none (see `core.imports.confirm_import`)."""
    village = Village.objects.get(code=batch.scope_key)
    require_village(actor, village.code)
    return confirm_import(
        batch=batch,
        spec=MEMBERS,
        actor=actor,
        apply=partial(apply_members, village=village, actor=actor, progress=progress),
    )


def import_members(
    *,
    upload: IO[bytes],
    village: Village,
    actor: User,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> ImportResult:
    """Stage and confirm in one go (command line, tests): all rows or none.

    A file with errors is discarded and refused with MESSAGE_HAS_ERRORS (ValidationError).
    """
    batch = stage_members(village=village, upload=upload, actor=actor)
    if batch.error_count:
        discard_import(batch=batch, actor=actor)
        raise ValidationError(gettext(MESSAGE_HAS_ERRORS) % {"count": batch.error_count})
    with transaction.atomic():
        return confirm_members(batch=batch, actor=actor, progress=progress)
