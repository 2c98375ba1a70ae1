"""Importing members of one desa from an XLSX file, on the shared pipeline (core/imports/).

The file is read once when uploaded: every row is typed by `MEMBERS`, checked by the register's
rules (`validate_members`: NIK, duplicates in other desa, dates, RT/RW, lengths) and planned as a
new member, a change (with the changed fields) or unchanged, in one `core.ImportBatch`. The
confirmation applies the plan all or nothing (`apply_members`); NIK is the key, so importing the
same file twice changes nothing.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import snapshot
from sitrantib.core.concurrency import StaleVersion
from sitrantib.core.dataquality import forget_counts
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
from sitrantib.core.models import AuditEntry, ImportBatch
from sitrantib.core.spreadsheets import RowError
from sitrantib.linmas.enums import Education, MaritalStatus, Position, Sex
from sitrantib.linmas.models import Member
from sitrantib.linmas.nik import RegionLookup, district_code_of, normalise_nik
from sitrantib.linmas.rules import (
    MESSAGE_NIK_TAKEN_ELSEWHERE,
    card_holders,
    card_key,
    member_errors,
)
from sitrantib.linmas.services import (
    member_values,
    members_changed,
    new_verification_code,
    require_village,
)
from sitrantib.regions.models import District, Village

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
MESSAGE_MEMBER_GONE = gettext_noop(
    "Anggota pada baris %(row)s sudah dihapus sejak pratinjau; unggah ulang berkasnya."
)
MESSAGE_CARD_TWICE_IN_FILE = gettext_noop(
    "Nomor KTA ini sudah dipakai pada baris %(row)s berkas ini; satu nomor untuk satu anggota."
)
MESSAGE_IMPORT_NOTE = gettext_noop("baru %(created)s, diubah %(updated)s, tetap %(unchanged)s")

MAX_ROWS = 20_000
# NIKs or ids per `__in` query, and rows per bulk INSERT/UPDATE.
IN_CHUNK = 2000
WRITE_CHUNK = 500
# Rows per bulk UPDATE: its CASE WHEN grows with the batch, so the cost is batch x rows.
UPDATE_CHUNK = 100
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


def _chunks[T](items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def members_by_nik(niks: Sequence[str]) -> dict[str, Member]:
    """The members registered under these NIKs (any desa), with their desa and kecamatan.

    One query per IN_CHUNK NIKs, so SQLite never gets a parameter list of tens of thousands.
    """
    found: dict[str, Member] = {}
    for chunk in _chunks(sorted(set(niks))):
        for member in Member.objects.filter(nik__in=chunk).select_related("village__district"):
            found[member.nik] = member
    return found


def region_lookup_for(niks: Iterable[str]) -> RegionLookup:
    """`nik.check_nik`'s region lookup over the kecamatan codes of these NIKs, fetched at once.

    Answers like `selectors.nik_region_lookup` (True: the kecamatan exists; False: its province
    is loaded but it is not; None: the province is not loaded) with two queries in all.
    """
    codes = {district_code_of(n) for n in niks if len(n) == 16 and n.isdigit()}
    known = set(District.objects.filter(code__in=sorted(codes)).values_list("code", flat=True))
    provinces = sorted({code[:3] for code in codes})
    loaded: set[str] = set()
    if provinces:
        query = Q()
        for prefix in provinces:
            query |= Q(code__startswith=prefix)
        loaded = {
            code[:3] for code in District.objects.filter(query).values_list("code", flat=True)
        }

    def lookup(district_code: str) -> bool | None:
        if district_code in known:
            return True
        return False if district_code[:3] in loaded else None

    return lookup


def validate_members(
    rows: list[ImportRow], *, village: Village, today: dt.date | None = None
) -> list[RowError]:
    """The register's rules on every typed row, and each row's plan (the pipeline's callback).

    A blank Jabatan becomes Anggota. A NIK of a member of this desa plans a change of that
    member (or nothing); a NIK registered in another desa is an error naming that desa. What the
    rules compare against (members by NIK, kecamatan codes) is fetched once for all rows, so the
    number of queries does not grow with the rows (issue 16 A5).
    """
    today = today or timezone.localdate()
    for row in rows:
        row.values["nik"] = normalise_nik(row.values.get("nik"))
        if not row.values.get("jabatan"):
            row.values["jabatan"] = Position.ANGGOTA
    niks = [row.values["nik"] for row in rows if row.values["nik"]]
    existing = members_by_nik(niks)
    region_lookup = region_lookup_for(niks)
    # KTA numbers (ADR 0106): a number typed on two rows of the file is an error on the later
    # rows; one held by another member is an error on its row (holders fetched once).
    first_row: dict[str, int] = {}
    for row in rows:
        key = card_key(row.values.get("nomor_kta"))
        if key:
            first_row.setdefault(key, row.row)
    holders = card_holders(first_row)
    errors: list[RowError] = []
    for row in rows:
        data = MEMBERS.model_values(row)
        member = existing.get(data["nik"])
        same_village = member is not None and member.village_id == village.code
        key = card_key(data.get("card_number"))
        if key and first_row[key] != row.row:
            errors.append(
                MEMBERS.error(
                    row,
                    "nomor_kta",
                    gettext(MESSAGE_CARD_TWICE_IN_FILE) % {"row": first_row[key]},
                )
            )
        if data["nik"]:  # an empty or mangled NIK is already reported by the spec
            found = member_errors(
                data,
                village=village,
                instance=member if same_village else None,
                today=today,
                region_lookup=region_lookup,
                holder=member,
                card_numbers=holders,
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


def _audit_entry(
    member: Member, *, actor: User, before: dict[str, Any] | None, after: dict[str, Any]
) -> AuditEntry:
    """What `core.audit.record_change` writes for one imported member (written in bulk)."""
    return AuditEntry(
        actor=actor,
        actor_name=actor.get_username(),
        action=AuditAction.IMPORT,
        object_type=Member._meta.label_lower,
        object_id=str(member.pk),
        object_repr=str(member)[:255],
        district_code=member.audit_district_code,
        before=before,
        after=after,
    )


def _create_all(rows: list[ImportRow], *, village: Village, actor: User) -> list[AuditEntry]:
    """Insert the new members in bulk; a NIK registered meanwhile refuses the whole import."""
    if not rows:
        return []
    members = [
        Member(
            village=village,
            verification_code=new_verification_code(),
            created_by=actor,
            updated_by=actor,
            **member_values(MEMBERS.model_values(row)),
        )
        for row in rows
    ]
    taken = members_by_nik([m.nik for m in members])
    if taken:
        other = next(iter(taken.values()))
        raise ValidationError(
            gettext(MESSAGE_NIK_TAKEN_ELSEWHERE)
            % {"village": other.village.name, "district": other.village.district.name}
        )
    Member.objects.bulk_create(members, batch_size=WRITE_CHUNK)
    return [_audit_entry(m, actor=actor, before=None, after=snapshot(m)) for m in members]


def _attname(name: str) -> str:
    return str(getattr(Member._meta.get_field(name), "attname", name))


def _update_all(rows: list[ImportRow], *, actor: User) -> list[AuditEntry]:
    """Change the planned members in bulk: each locked, its version checked (StaleVersion: the
    whole import is refused), moved on by one, stamped with the actor; unchanged ones skipped."""
    if not rows:
        return []
    current: dict[int, Member] = {}
    for chunk in _chunks([row.target for row in rows]):
        for locked in Member.objects.select_for_update().filter(pk__in=chunk):
            current[locked.pk] = locked
    now = timezone.now()
    changed: list[Member] = []
    fields: set[str] = set()
    entries: list[AuditEntry] = []
    for row in rows:
        data = MEMBERS.model_values(row)
        data.pop("nik", None)
        values = member_values(data)
        member = current.get(row.target)
        if member is None:
            raise ValidationError(gettext(MESSAGE_MEMBER_GONE) % {"row": row.row})
        if row.version is not None and member.version != row.version:
            raise StaleVersion.for_instance(member, expected_version=row.version, yours=values)
        before = snapshot(member)
        for name, value in values.items():
            setattr(member, name, value)
        after = snapshot(member)
        moved = [
            name
            for name in values
            if _attname(name) in after and after[_attname(name)] != before.get(_attname(name))
        ]
        if not moved:
            continue
        member.version += 1
        member.updated_by = actor
        member.updated_at = now
        fields.update(moved)
        changed.append(member)
        entries.append(_audit_entry(member, actor=actor, before=before, after=snapshot(member)))
    if changed:
        Member.objects.bulk_update(
            changed,
            sorted(fields | {"version", "updated_by", "updated_at"}),
            batch_size=UPDATE_CHUNK,
        )
    return entries


def apply_members(
    rows: list[ImportRow],
    *,
    village: Village,
    actor: User,
    progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None,
) -> None:
    """Write the planned rows in bulk (inside the pipeline's transaction), audited as IMPORT.

    New members go in with `bulk_create`, changed ones with `bulk_update` (version + 1,
    `updated_by` the actor), and every member gets its own audit entry, written with one
    `bulk_create`: the audit log shows each member's creation or change as if saved one by one.
    The rules ran when the file was staged and are not run again; a member changed by someone
    else since then (StaleVersion) or a NIK registered meanwhile refuses the whole import.
    """
    creates: list[ImportRow] = []
    updates: list[ImportRow] = []
    for row in progress(rows) if progress else rows:
        (creates if row.action == ImportAction.CREATE else updates).append(row)
    entries = _update_all(updates, actor=actor)
    entries += _create_all(creates, village=village, actor=actor)
    AuditEntry.objects.bulk_create(entries, batch_size=WRITE_CHUNK)
    transaction.on_commit(forget_counts)  # the home's data-quality count is recounted
    members_changed(village_codes=[village.code])


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
