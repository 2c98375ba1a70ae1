"""Backups of a whole install: the database and the uploaded files in one archive (docs/adr/0070).

    write_backup(path)                  # -> BackupSummary; `manage.py backup --output FILE`
    restore_backup(path)                # -> RestoreSummary; `manage.py restore FILE`
    restore_backup(path, verify_only=True)

The archive is a gzip-compressed tar file with these members:

- `database/<app_label>.<model>.jsonl`: every row of every model, one JSON object a line, written
  by Django's own serialisation (so an archive made on SQLite restores on PostgreSQL and back).
  Content types and permissions are written by natural key (app label and model, codename) and
  matched to those `migrate` already made in the target; rows that point at them carry the
  natural key, not the id. Sessions are not copied: they are live log-in keys that expire within
  hours; after a restore everyone logs in again.
- `media/...` and `private/...`: the files under MEDIA_ROOT and PRIVATE_MEDIA_ROOT (regular
  files only; symbolic links are left out and counted).
- `manifest.json` (last): format, time, Django version, database vendor, the applied migrations
  (app -> latest), rows per model, and the size and SHA-256 of every other member.

The rows are read in one transaction that sees one moment of the database while people keep
working: REPEATABLE READ (read only) on PostgreSQL, a deferred read transaction on SQLite (WAL
gives a reader its snapshot without blocking writers). Files are read after the rows, so every
file a copied row names was already on disk (an upload is stored before its row is committed).

A restore reads the whole archive into a staging folder while checking every member's name (no
absolute path, no `..`, no link or device, only the known folders) and then every checksum
against the manifest; anything wrong refuses the archive before the install is touched. It then
requires the same migrations as the archive and an empty install (no rows besides what `migrate`
makes, no files), loads every row in one transaction, checks the foreign keys, resets
PostgreSQL's sequences, moves the files into place and commits; if anything fails, the
transaction rolls back and the files moved so far are removed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

FORMAT = "sitrantib-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
# Archive folder -> the setting naming the folder on disk.
FILE_ROOTS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}
# Rows of these models are matched by natural key with those `migrate` creates, not inserted.
MATCHED_MODELS: tuple[type[models.Model], ...] = (ContentType, Permission)
# Not copied: live log-in keys, and the task queue with its workers' heartbeats (a queued task
# restored would run a second time, e.g. send its reminders again).
SKIPPED_MODELS = {"sessions.session", "core.taskworker"}
SKIPPED_APPS = {"django_tasks_database"}
# Rows a person's work leaves: an install with any of these is not empty (every change is
# audited, and nobody works without an account).
USE_MODELS = ("core.auditentry", "admin.logentry")
FILE_NAME_PATTERN = re.compile(r"^sitrantib-(\d{8})-(\d{6})\.tar\.gz$")
CHUNK = 1024 * 1024
ROWS_PER_QUERY = 2000

ERR_OUTPUT_EXISTS = gettext_noop(
    "Berkas %(path)s sudah ada. Cadangan tidak pernah menimpa berkas: pilih nama lain atau folder."
)
ERR_NOT_AN_ARCHIVE = gettext_noop(
    "Berkas %(path)s bukan arsip cadangan SiTrantib yang dapat dibaca (%(reason)s). "
    "Tidak ada yang diubah."
)
ERR_UNSAFE_MEMBER = gettext_noop(
    "Arsip ditolak: isi %(name)s tidak aman (%(reason)s). Tidak ada yang diubah."
)
REASON_ABSOLUTE = gettext_noop("jalur absolut")
REASON_PARENT = gettext_noop("jalur naik ke folder di atasnya")
REASON_BACKSLASH = gettext_noop("garis miring terbalik dalam nama")
REASON_NOT_FILE = gettext_noop("bukan berkas biasa: tautan, folder atau perangkat")
REASON_UNKNOWN_FOLDER = gettext_noop("di luar folder database, media dan private")
REASON_DUPLICATE = gettext_noop("nama muncul dua kali")
ERR_NO_MANIFEST = gettext_noop(
    "Arsip ditolak: manifest.json tidak ada atau tidak dapat dibaca. Tidak ada yang diubah."
)
ERR_FORMAT = gettext_noop(
    "Arsip ditolak: formatnya %(found)s, sedangkan versi SiTrantib ini membaca %(expected)s. "
    "Tidak ada yang diubah."
)
ERR_CHECKSUM = gettext_noop(
    "Arsip ditolak: isi %(name)s tidak cocok dengan checksum SHA-256 di manifes (arsip rusak atau "
    "diubah). Tidak ada yang diubah."
)
ERR_MISSING_MEMBER = gettext_noop(
    "Arsip ditolak: %(name)s tercatat di manifes tetapi tidak ada di arsip. Tidak ada yang diubah."
)
ERR_EXTRA_MEMBER = gettext_noop(
    "Arsip ditolak: %(name)s ada di arsip tetapi tidak tercatat di manifes. Tidak ada yang diubah."
)
ERR_MIGRATIONS = gettext_noop(
    "Struktur basis data tujuan berbeda dengan arsip (%(differences)s). Pasang versi SiTrantib "
    "yang membuat cadangan ini dan jalankan `manage.py migrate`, pulihkan, lalu perbarui "
    "SiTrantib dan jalankan `manage.py migrate` lagi. Tidak ada yang diubah."
)
ERR_NOT_EMPTY = gettext_noop(
    "Instalasi tujuan sudah dipakai (%(tables)s). Pemulihan hanya ke instalasi kosong, tanpa "
    "pengguna dan tanpa log audit: buat basis data baru dan jalankan `manage.py migrate` saja, "
    "atau kosongkan dengan `manage.py flush` bila data itu memang boleh dihapus. "
    "Tidak ada yang diubah."
)
ERR_FILES_NOT_EMPTY = gettext_noop(
    "Folder berkas tujuan %(path)s sudah berisi %(count)s berkas. Pemulihan tidak menimpa "
    "berkas: pindahkan atau kosongkan folder itu dulu. Tidak ada yang diubah."
)
ERR_ROW_COUNT = gettext_noop(
    "Pemulihan dibatalkan: %(model)s memuat %(loaded)s baris, manifes mencatat %(expected)s. "
    "Tidak ada yang diubah."
)
ERR_LOAD = gettext_noop("Pemulihan dibatalkan, tidak ada yang diubah: %(reason)s")
ERR_UNKNOWN_MODEL = gettext_noop("tabel %(model)s tidak dikenal versi SiTrantib ini")


class BackupError(CommandError):
    """A refusal the operator reads; `message_id` is the untranslated constant (for tests)."""

    def __init__(self, message_id: str, **params: Any) -> None:
        self.message_id = message_id
        self.params = params
        text = gettext(message_id)
        super().__init__(text % params if params else text)


@dataclass
class BackupSummary:
    path: Path
    size: int
    sha256: str
    rows: int
    files: int
    skipped_links: int
    seconds: float


@dataclass
class RestoreSummary:
    rows: int
    files: int
    seconds: float
    verified_only: bool
    manifest: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# What is copied


def copied_models() -> list[type[models.Model]]:
    """Every model with its own table, lower apps first, incl. the tables of many-to-many fields.

    Matched models (content types, permissions) come first; skipped ones are left out.
    """
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in SKIPPED_MODELS
        and model._meta.app_label not in SKIPPED_APPS
    ]
    return [m for m in MATCHED_MODELS if m in found] + [m for m in found if m not in MATCHED_MODELS]


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """App label -> the latest applied migration (by name; migrations are numbered)."""
    latest: dict[str, str] = {}
    for app_label, name in MigrationRecorder(connections[alias]).applied_migrations():
        if name > latest.get(app_label, ""):
            latest[app_label] = name
    return dict(sorted(latest.items()))


class _Encoder(DjangoJSONEncoder):
    """Django's encoder without its rounding of times to milliseconds: a restore is exact."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """JSON Lines; references to content types and permissions by natural key, other ids as they
    are; many-to-many values left to the tables of those fields (copied as their own members)."""

    def __init__(self, natural: dict[type[models.Model], dict[Any, Any]]) -> None:
        super().__init__()
        self.natural = natural

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        keys = self.natural.get(field.remote_field.model)
        if keys is None:
            super().handle_fk_field(obj, field)
            return
        value = getattr(obj, field.attname)
        self._current[field.name] = None if value is None else list(keys[value])  # type: ignore[attr-defined]

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        return


def _natural_keys(alias: str) -> dict[type[models.Model], dict[Any, Any]]:
    return {
        ContentType: {ct.pk: ct.natural_key() for ct in ContentType.objects.using(alias)},
        Permission: {
            p.pk: p.natural_key()
            for p in Permission.objects.using(alias).select_related("content_type")
        },
    }


@contextmanager
def _snapshot(alias: str) -> Iterator[None]:
    """One read transaction that sees a single moment of the database while others write.

    Inside a caller's transaction (a test), that transaction is the snapshot.
    """
    connection = connections[alias]
    if connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()  # connecting reads transaction_mode from the settings
    if connection.vendor == "sqlite":
        # A deferred transaction takes no write lock: writers go on, WAL keeps our snapshot.
        previous = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=alias):
                connection.transaction_mode = previous  # type: ignore[attr-defined]
                yield
                transaction.set_rollback(True, using=alias)
        finally:
            connection.transaction_mode = previous  # type: ignore[attr-defined]
        return
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
        transaction.set_rollback(True, using=alias)


# ---------------------------------------------------------------------------------------------
# Writing


class _HashingReader:
    """A file read by tarfile, hashed on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(
    archive: tarfile.TarFile,
    name: str,
    handle: IO[bytes],
    size: int,
    members: dict[str, dict[str, Any]],
    *,
    mtime: float | None = None,
) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime if mtime is not None else time.time())
    info.mode = 0o600
    reader = _HashingReader(handle)
    archive.addfile(info, reader)
    members[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}


def _file_roots() -> dict[str, Path]:
    return {folder: Path(getattr(settings, setting)) for folder, setting in FILE_ROOTS.items()}


def _walk_files(root: Path, exclude: Iterable[Path] = ()) -> Iterator[tuple[Path, str]]:
    """(path, POSIX path under root) of every regular file; links (None path) are reported."""
    excluded = {p.resolve() for p in exclude}
    if not root.is_dir():
        return
    for directory, subdirs, names in os.walk(root, followlinks=False):
        here = Path(directory)
        subdirs[:] = sorted(d for d in subdirs if (here / d).resolve() not in excluded)
        for name in sorted(names):
            path = here / name
            yield path, path.relative_to(root).as_posix()


def default_file_name(now: dt.datetime | None = None) -> str:
    moment = timezone.localtime(now or timezone.now())
    return f"sitrantib-{moment:%Y%m%d-%H%M%S}.tar.gz"


def write_backup(
    output: Path,
    *,
    alias: str = DEFAULT_DB_ALIAS,
    after_model: Callable[[str], None] | None = None,
) -> BackupSummary:
    """Write one archive of the database and the files to `output` (a file, or a folder to put a
    dated file in). Refuses an existing file; the archive appears only when complete (written
    beside it as `.part` and renamed), with `<archive>.sha256` for `sha256sum -c`.

    `after_model(label)` is called after each model's rows are written (tests use it to write
    while a backup runs).
    """
    started = time.monotonic()
    output = Path(output)
    if output.is_dir():
        output = output / default_file_name()
    if output.exists():
        raise BackupError(ERR_OUTPUT_EXISTS, path=str(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    connection = connections[alias]
    members: dict[str, dict[str, Any]] = {}
    model_rows: list[dict[str, Any]] = []
    skipped_links = 0
    file_counts: dict[str, int] = {}
    try:
        with (
            tarfile.open(partial, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as archive,
            tempfile.TemporaryDirectory(prefix="sitrantib-backup-") as scratch,
        ):
            with _snapshot(alias):
                migrations = applied_migrations(alias)
                natural = _natural_keys(alias)
                for model in copied_models():
                    label = model_label(model)
                    name = f"{DATABASE_DIR}/{label}.jsonl"
                    dump = Path(scratch) / f"{label}.jsonl"
                    rows = _dump_model(model, dump, alias, natural)
                    with dump.open("rb") as handle:
                        _add(archive, name, handle, dump.stat().st_size, members)
                    dump.unlink()
                    model_rows.append({"model": label, "member": name, "rows": rows})
                    if after_model is not None:
                        after_model(label)
            roots = _file_roots()
            for folder, root in roots.items():
                others = [r for f, r in roots.items() if f != folder and r != root]
                count = 0
                for path, relative in _walk_files(root, exclude=others):
                    status = path.lstat()
                    if not stat.S_ISREG(status.st_mode):
                        skipped_links += 1
                        continue
                    with path.open("rb") as handle:
                        _add(
                            archive,
                            f"{folder}/{relative}",
                            handle,
                            status.st_size,
                            members,
                            mtime=status.st_mtime,
                        )
                    count += 1
                file_counts[folder] = count
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": timezone.localtime().isoformat(),
                "django_version": django.get_version(),
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "models": model_rows,
                "files": file_counts,
                "skipped_links": skipped_links,
                "members": members,
            }
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(time.time())
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(body))
        digest = _sha256_of(partial)
        partial.rename(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    output.with_name(output.name + ".sha256").write_text(f"{digest}  {output.name}\n")
    return BackupSummary(
        path=output,
        size=output.stat().st_size,
        sha256=digest,
        rows=sum(m["rows"] for m in model_rows),
        files=sum(file_counts.values()),
        skipped_links=skipped_links,
        seconds=time.monotonic() - started,
    )


def _dump_model(
    model: type[models.Model],
    path: Path,
    alias: str,
    natural: dict[type[models.Model], dict[Any, Any]],
) -> int:
    rows = 0

    def counted(queryset: Iterable[models.Model]) -> Iterator[models.Model]:
        nonlocal rows
        for obj in queryset:
            rows += 1
            yield obj

    matched = model in MATCHED_MODELS
    queryset = model._base_manager.using(alias).order_by("pk")
    with path.open("w", encoding="utf-8") as stream:
        _Serializer(natural).serialize(
            counted(queryset.iterator(chunk_size=ROWS_PER_QUERY)),
            stream=stream,
            use_natural_primary_keys=matched,
            cls=_Encoder,
        )
    return rows


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Reading


def _check_member_name(info: tarfile.TarInfo, seen: set[str]) -> PurePosixPath:
    name = info.name
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_ABSOLUTE))
    if "\\" in name:
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_BACKSLASH))
    path = PurePosixPath(name)
    if any(part in ("..", ".", "") for part in name.split("/")):
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_PARENT))
    if not info.isreg():
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_NOT_FILE))
    allowed = {DATABASE_DIR, *FILE_ROOTS}
    if name != MANIFEST and (len(path.parts) < 2 or path.parts[0] not in allowed):
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_UNKNOWN_FOLDER))
    if name in seen:
        raise BackupError(ERR_UNSAFE_MEMBER, name=name, reason=gettext(REASON_DUPLICATE))
    seen.add(name)
    return path


def _read_archive(path: Path, staging: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Copy every member into `staging` (names checked) and return (manifest, size and hash)."""
    found: dict[str, dict[str, Any]] = {}
    manifest_body: bytes | None = None
    seen: set[str] = set()
    try:
        with tarfile.open(path, "r:*") as archive:
            for info in archive:
                relative = _check_member_name(info, seen)
                source = archive.extractfile(info)
                if source is None:  # a regular file always has a body
                    raise BackupError(ERR_NOT_AN_ARCHIVE, path=str(path), reason=info.name)
                if info.name == MANIFEST:
                    manifest_body = source.read()
                    continue
                target = staging.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with target.open("xb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[info.name] = {"size": size, "sha256": digest.hexdigest()}
            # Read the compressed stream to its end: gzip checks its CRC there, so damage that
            # looked like the end of the tar is still found.
            stream = archive.fileobj
            while stream is not None and stream.read(CHUNK):
                pass
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise BackupError(ERR_NOT_AN_ARCHIVE, path=str(path), reason=str(exc)) from exc
    if manifest_body is None:
        raise BackupError(ERR_NO_MANIFEST)
    try:
        manifest = json.loads(manifest_body)
        if not isinstance(manifest, dict):
            raise ValueError(manifest)
    except ValueError as exc:
        raise BackupError(ERR_NO_MANIFEST) from exc
    return manifest, found


def _verify(manifest: dict[str, Any], found: dict[str, dict[str, Any]]) -> None:
    kind = (manifest.get("format"), manifest.get("format_version"))
    if kind != (FORMAT, FORMAT_VERSION):
        raise BackupError(
            ERR_FORMAT, found=f"{kind[0]} {kind[1]}", expected=f"{FORMAT} {FORMAT_VERSION}"
        )
    listed = manifest.get("members")
    if not isinstance(listed, dict):
        raise BackupError(ERR_NO_MANIFEST)
    for name in sorted(set(listed) - set(found)):
        raise BackupError(ERR_MISSING_MEMBER, name=name)
    for name in sorted(set(found) - set(listed)):
        raise BackupError(ERR_EXTRA_MEMBER, name=name)
    for name, actual in sorted(found.items()):
        expected = listed[name]
        if not isinstance(expected, dict) or (
            expected.get("sha256"),
            expected.get("size"),
        ) != (actual["sha256"], actual["size"]):
            raise BackupError(ERR_CHECKSUM, name=name)


def _check_target(manifest: dict[str, Any], alias: str) -> None:
    here = applied_migrations(alias)
    there = manifest.get("migrations") or {}
    differences = [
        f"{app}: {there.get(app, '-')} / {here.get(app, '-')}"
        for app in sorted(set(here) | set(there))
        if here.get(app) != there.get(app)
    ]
    if differences:
        raise BackupError(ERR_MIGRATIONS, differences="; ".join(differences))
    used = [
        f"{model_label(model)}: {model._base_manager.using(alias).count()}"
        for model in copied_models()
        if model_label(model) in (settings.AUTH_USER_MODEL.lower(), *USE_MODELS)
        and model._base_manager.using(alias).exists()
    ]
    if used:
        raise BackupError(ERR_NOT_EMPTY, tables=", ".join(used))
    for root in _file_roots().values():
        count = sum(1 for _ in _walk_files(root))
        if count:
            raise BackupError(ERR_FILES_NOT_EMPTY, path=str(root), count=count)


def _empty_unused_tables(alias: str) -> None:
    """Empty the tables that migrations or reference commands filled in a still unused install
    (e.g. the seeded training kinds, regions): the archive brings its own rows for them."""
    connection = connections[alias]
    emptied = [model for model in copied_models() if model not in MATCHED_MODELS]
    if any(model._base_manager.using(alias).exists() for model in emptied):
        # All of them at once: PostgreSQL truncates a table only with those that refer to it.
        tables = [model._meta.db_table for model in emptied]
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
                cursor.execute(sql)


def restore_backup(
    path: Path, *, alias: str = DEFAULT_DB_ALIAS, verify_only: bool = False
) -> RestoreSummary:
    """Bring an archive back into an empty install, all or nothing (see the module docstring).

    `verify_only`: read and check every member against the manifest, change nothing.
    """
    started = time.monotonic()
    roots = _file_roots()
    staging_parent = roots["private"].parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sitrantib-restore-", dir=staging_parent))
    try:
        manifest, found = _read_archive(Path(path), staging)
        _verify(manifest, found)
        rows = sum(int(m.get("rows", 0)) for m in manifest.get("models", []))
        files = sum(1 for name in found if not name.startswith(DATABASE_DIR + "/"))
        if verify_only:
            return RestoreSummary(rows, files, time.monotonic() - started, True, manifest)
        _check_target(manifest, alias)
        moved: list[Path] = []
        try:
            with transaction.atomic(using=alias):
                _empty_unused_tables(alias)
                _load_database(manifest, staging, alias)
                _move_files(staging, roots, moved)
        except BaseException:
            for target in reversed(moved):
                target.unlink(missing_ok=True)
            raise
        return RestoreSummary(rows, files, time.monotonic() - started, False, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        ContentType.objects.clear_cache()


def _load_database(manifest: dict[str, Any], staging: Path, alias: str) -> None:
    connection = connections[alias]
    ContentType.objects.clear_cache()
    loaded: list[type[models.Model]] = []
    for entry in manifest.get("models", []):
        label = str(entry.get("model", ""))
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as exc:
            reason = gettext(ERR_UNKNOWN_MODEL) % {"model": label}
            raise BackupError(ERR_LOAD, reason=reason) from exc
        member = staging / DATABASE_DIR / f"{label}.jsonl"
        try:
            count = _load_model(model, member, alias)
        except BackupError:
            raise
        except Exception as exc:
            raise BackupError(ERR_LOAD, reason=f"{label}: {exc}") from exc
        if model not in MATCHED_MODELS and count != entry.get("rows"):
            raise BackupError(ERR_ROW_COUNT, model=label, loaded=count, expected=entry.get("rows"))
        loaded.append(model)
    try:
        connection.check_constraints()
    except Exception as exc:
        raise BackupError(ERR_LOAD, reason=str(exc)) from exc
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _load_model(model: type[models.Model], member: Path, alias: str) -> int:
    """Insert the rows of one member as they were (raw: no auto_now, no signals), in batches."""
    connection = connections[alias]
    count = 0
    with member.open(encoding="utf-8") as stream:
        objects = serializers.deserialize("jsonl", stream, using=alias)
        if model in MATCHED_MODELS:
            for item in objects:
                item.save(using=alias)  # matched by natural key with what migrate made
                count += 1
            return count
        fields = [f for f in model._meta.local_concrete_fields if not f.generated]
        batch: list[models.Model] = []
        size = max(1, min(500, connection.ops.bulk_batch_size(fields, [None] * 500)))
        manager = model._base_manager.using(alias)
        for item in objects:
            if type(item.object) is not model:
                raise BackupError(ERR_LOAD, reason=f"{model_label(model)}: {item.object!r}")
            batch.append(item.object)
            if len(batch) >= size:
                manager._insert(batch, fields=fields, raw=True, using=alias)  # type: ignore[attr-defined]
                count += len(batch)
                batch = []
        if batch:
            manager._insert(batch, fields=fields, raw=True, using=alias)  # type: ignore[attr-defined]
            count += len(batch)
    return count


def _move_files(staging: Path, roots: dict[str, Path], moved: list[Path]) -> None:
    for folder, root in roots.items():
        source_root = staging / folder
        if not source_root.is_dir():
            continue
        for source, relative in _walk_files(source_root):
            target = root.joinpath(*PurePosixPath(relative).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                raise BackupError(ERR_FILES_NOT_EMPTY, path=str(root), count=1)
            shutil.move(source, target)
            moved.append(target)


# ---------------------------------------------------------------------------------------------
# Retention


def backups_to_prune(
    names: Iterable[str], *, daily: int = 7, weekly: int = 4, monthly: int = 12
) -> list[str]:
    """The archive names (sitrantib-YYYYMMDD-HHMMSS.tar.gz) that a retention of the newest per
    day for `daily` days, per ISO week for `weekly` weeks and per month for `monthly` months
    does not keep. Other names are never returned."""
    dated = []
    for name in names:
        match = FILE_NAME_PATTERN.match(name)
        if match:
            try:
                moment = dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
            except ValueError:
                continue
            dated.append((moment, name))
    dated.sort(reverse=True)
    keep: set[str] = set()
    for count, period in (
        (daily, lambda m: m.date()),
        (weekly, lambda m: m.isocalendar()[:2]),
        (monthly, lambda m: (m.year, m.month)),
    ):
        periods: set[Any] = set()
        for moment, name in dated:
            key = period(moment)
            if key in periods:
                continue
            if len(periods) >= count:
                break
            periods.add(key)
            keep.add(name)
    return sorted(name for _, name in dated if name not in keep)


def prune_backups(folder: Path, *, daily: int, weekly: int, monthly: int) -> list[Path]:
    """Delete the archives (and their .sha256 files) in `folder` the retention does not keep."""
    removed = []
    names = [p.name for p in Path(folder).iterdir() if p.is_file()]
    for name in backups_to_prune(names, daily=daily, weekly=weekly, monthly=monthly):
        path = Path(folder) / name
        path.unlink()
        path.with_name(name + ".sha256").unlink(missing_ok=True)
        removed.append(path)
    return removed
